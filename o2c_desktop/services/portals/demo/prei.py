"""The imitation of PREI / PISP "Facturas vs CR" (IMSS): JSF/PrimeFaces look and behaviour."""

from __future__ import annotations

from datetime import date

from o2c_desktop.services.portals.demo.context import (
    DemoContext,
    esc,
    file_response,
    parse_dmy,
)
from o2c_desktop.services.portals.demo.server import (
    Handler,
    PortalState,
    Request,
    Response,
    as_json,
    page,
    redirect,
)

PREFIX = "/piref/"
XLS = "application/vnd.ms-excel"
FACTURAS = "/piref/pagos/facturasVsCR.jsf"
NOTICE = (
    '<div class="ui-widget-overlay"></div>'
    '<div id="avisoDialog" class="ui-dialog" role="dialog">'
    '<div class="ui-dialog-titlebar"><span class="ui-dialog-title">Aviso importante</span>'
    '<a href="#" class="ui-dialog-titlebar-close" aria-label="Cerrar">✕</a></div>'
    '<div class="ui-dialog-content">A partir del próximo mes, las facturas deberán cargarse '
    "con el complemento vigente. Consulte la guía en el menú Facturas.</div></div>"
)
EXCEL_ICON = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='24' height='24'%3E"
    "%3Crect width='24' height='24' fill='%231d6f42'/%3E%3C/svg%3E"
)


def _facturas_form(drift: bool) -> str:
    start, end = ("fechaIni", "fechaFin") if drift else ("fechaInicial", "fechaFinal")
    headers = "".join(
        f"<th>{h}</th>"
        for h in (
            "Documento",
            "Folio Fiscal",
            "Fecha Factura",
            "Importe",
            "Fecha Carga",
            "Unidad Negocio",
            "Contra Recibo",
            "Estado C.R.",
        )
    )
    return (
        '<h2>Facturas vs Contra Recibo</h2><form id="frmFacturas" onsubmit="return false">'
        '<div id="frmFacturas:msgs" class="ui-messages" role="alert"></div>'
        f'<label>Fecha inicial</label> <input id="frmFacturas:{start}_input" '
        'class="hasDatepicker" autocomplete="off"> '
        f'<label>Fecha final</label> <input id="frmFacturas:{end}_input" '
        'class="hasDatepicker" autocomplete="off"> '
        '<button id="frmFacturas:btnBuscar" type="button">Buscar</button> '
        f'<a id="frmFacturas:lnkExcel" href="#" style="visibility:hidden"><img src="{EXCEL_ICON}"'
        ' alt="Exportar a Excel" title="Exportar a Excel"></a>'
        f'<table id="frmFacturas:tblFacturas"><thead><tr>{headers}</tr></thead>'
        '<tbody id="frmFacturas:tblFacturas_data"></tbody></table></form>'
    )


def routes(ctx: DemoContext, state: PortalState) -> dict[tuple[str, str], Handler]:
    def login_page(error: str = "", notice: bool = True) -> Response:
        show = notice and state.faults.notice_modal
        return page("prei_login.html", notice=NOTICE if show else "", error=esc(error))

    def entry(request: Request) -> Response:
        if request.session.user:
            return redirect("/piref/inicio.jsf")
        return login_page()

    def login(request: Request) -> Response:
        if not ctx.sign_in(state, request, "frmLogin:usuario", "frmLogin:password"):
            return login_page("Usuario o contraseña incorrectos.", notice=False)
        return redirect("/piref/inicio.jsf")

    def app(request: Request) -> Response:
        if not request.session.user:
            return login_page()
        facturas = request.path == FACTURAS
        return page(
            "prei_app.html",
            title="Facturas vs CR" if facturas else "Inicio",
            user=esc(request.session.user),
            content=_facturas_form(state.faults.layout_drift)
            if facturas
            else "<h2>Bienvenido al Portal de Servicios a Proveedores</h2>",
            export_delay_ms=str(int(ctx.export_delay_s * 1000)),
            never_finish="true" if state.faults.export_never_finishes else "false",
        )

    def _range(request: Request) -> tuple[date, date] | None:
        start = parse_dmy(request.query.get("inicio", ""))
        end = parse_dmy(request.query.get("fin", ""))
        return (start, end) if start and end and start <= end else None

    def search(request: Request) -> Response:
        if not request.session.user:
            return as_json({"status": "logged-out"}, 401)
        parsed = _range(request)
        if parsed is None:
            return as_json({"status": "invalid", "message": "Capture un rango de fechas válido."})
        rows = ctx.data.prei_rows(*parsed)
        if len(rows) > ctx.prei_limit:
            message = f"Se encontraron más de {ctx.prei_limit} coincidencias"
            return as_json({"status": "refused", "message": message})
        shown = [
            [
                str(r.documento),
                str(r.uuid),
                str(r.invoice_ts),
                f"{r.importe:.2f}",
                str(r.carga_ts),
                str(r.unidad_negocio),
                str(r.contra_recibo),
                str(r.estado),
            ]
            for r in rows.itertuples()
        ]
        return as_json({"status": "ok", "rows": shown})

    def export(request: Request) -> Response:
        if not request.session.user:
            return redirect("/piref/")
        parsed = _range(request)
        if parsed is None:
            return as_json({"error": "rango inválido"}, 400)
        start, end = parsed
        user = request.session.user
        name = f"[FacturaVsCR][{user}][{start:%d-%m-%Y}][{end:%d-%m-%Y}].xls"
        path = ctx.files_dir / f"prei-{ctx.next_number()}.xls"
        ctx.data.prei_export(start, end, path)
        faults = state.faults
        return file_response(
            path, name, XLS, cut=faults.truncated_download, corrupt=faults.corrupt_download
        )

    return {
        ("GET", "/piref/"): entry,
        ("GET", "/piref/login.jsf"): entry,
        ("POST", "/piref/login.jsf"): login,
        ("GET", "/piref/inicio.jsf"): app,
        ("GET", FACTURAS): app,
        ("GET", "/piref/api/facturasVsCR"): search,
        ("GET", "/piref/api/facturasVsCR.xls"): export,
    }


def portal_state() -> PortalState:
    return PortalState(name="prei", prefix=PREFIX, routes={}, report_pages=frozenset({FACTURAS}))
