"""The imitation of SAI (IMSS abasto): captcha iframe, login, menus, calendar inputs, exports."""

from __future__ import annotations

import secrets
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

PREFIX = "/abasto-web/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VIEWS = {
    "/abasto-web/inicio": ("inicio", "Inicio"),
    "/abasto-web/reporteAltas": ("altas", "Reporte de Altas"),
    "/abasto-web/consultaOrdenes": ("ordenes", "Consulta de Órdenes"),
}
COMPONENTS = {"altas": "app-altas", "ordenes": "app-consulta-ordenes"}
SOLVED_SCRIPT = "parent.postMessage('captcha-ok', '*');"


def _login_page(request: Request, error: str = "") -> Response:
    solved = request.session.captcha_ok
    return page(
        "sai_login.html",
        captcha_hidden="hidden" if solved else "",
        captcha_src="" if solved else "/abasto-web/captcha",
        form_hidden="" if solved else "hidden",
        error=esc(error),
    )


def _form(kind: str, drift: bool) -> str:
    # Layout drift: the real site renamed form controls once; the recipe must notice.
    start, end = ("fechaInicio", "fechaFin") if drift else ("inicial", "final")
    component = COMPONENTS[kind]
    return (
        f"<{component}><h2>{'Reporte de Altas' if kind == 'altas' else 'Consulta de Órdenes'}"
        "</h2><form onsubmit='return false'>"
        f"<span class='campo'><label>Fecha inicial</label><input formcontrolname='{start}' "
        "placeholder='dd/mm/aaaa' autocomplete='off'></span>"
        f"<span class='campo'><label>Fecha final</label><input formcontrolname='{end}' "
        "placeholder='dd/mm/aaaa' autocomplete='off'></span>"
        "<button id='consultar' type='button'>Consultar</button> "
        "<button id='exportar' type='button' disabled>Exportar</button></form>"
        f"<div id='resultado'></div></{component}>"
    )


def routes(ctx: DemoContext, state: PortalState) -> dict[tuple[str, str], Handler]:
    def view(request: Request) -> Response:
        if not request.session.user:
            return _login_page(request)
        kind, title = VIEWS[request.path]
        faults = state.faults
        content = (
            "<app-inicio><h2>Bienvenido</h2><p>Use el menú para consultar.</p></app-inicio>"
            if kind == "inicio"
            else _form(kind, faults.layout_drift)
        )
        return page(
            "sai_app.html",
            title=esc(title),
            user=esc(request.session.user),
            links_hidden="" if kind != "inicio" else "hidden",
            content=content,
            tipo=kind,
            export_delay_ms=str(int(ctx.export_delay_s * 1000)),
            never_finish="true" if faults.export_never_finishes else "false",
        )

    def captcha(request: Request) -> Response:
        session = request.session
        error = ""
        if request.method == "POST":
            answer = request.form.get("respuesta", "").strip()
            if answer and answer == session.captcha_answer and not state.faults.captcha_rejects:
                session.captcha_ok = True
                state.count_captcha_solved()
                return page(
                    "sai_captcha.html", number="—", error="Verificado", solved_script=SOLVED_SCRIPT
                )
            error = "Respuesta incorrecta, intente de nuevo."
        session.captcha_answer = f"{secrets.randbelow(9000) + 1000}"
        return page(
            "sai_captcha.html", number=session.captcha_answer, error=error, solved_script=""
        )

    def login(request: Request) -> Response:
        session = request.session
        if not session.captcha_ok:
            return _login_page(request, "Resuelva la verificación antes de ingresar.")
        if not ctx.sign_in(state, request, "usuario", "password"):
            return _login_page(request, "Usuario o contraseña incorrectos.")
        return redirect("/abasto-web/inicio")

    def _range(request: Request) -> tuple[str, date, date] | None:
        kind = request.query.get("tipo", "")
        start = parse_dmy(request.query.get("inicial", ""))
        end = parse_dmy(request.query.get("final", ""))
        if kind not in COMPONENTS or start is None or end is None:
            return None
        return kind, start, end

    def consulta(request: Request) -> Response:
        if not request.session.user:
            return as_json({"error": "sesión expirada"}, 401)
        parsed = _range(request)
        if parsed is None:
            return as_json({"error": "parámetros inválidos"}, 400)
        kind, start, end = parsed
        total = len(ctx.data.sai_rows(kind, start, end).rows)
        return as_json({"total": total})

    def exportar(request: Request) -> Response:
        if not request.session.user:
            return redirect("/abasto-web/reporteAltas")
        parsed = _range(request)
        if parsed is None:
            return as_json({"error": "parámetros inválidos"}, 400)
        kind, start, end = parsed
        name = f"{kind}_export_{ctx.next_number()}.xlsx"
        path = ctx.files_dir / name
        ctx.data.sai_export(kind, start, end, path)
        faults = state.faults
        return file_response(
            path, name, XLSX, cut=faults.truncated_download, corrupt=faults.corrupt_download
        )

    table: dict[tuple[str, str], Handler] = {("GET", path): view for path in VIEWS}
    table[("GET", "/abasto-web/captcha")] = captcha
    table[("POST", "/abasto-web/captcha")] = captcha
    table[("POST", "/abasto-web/login")] = login
    table[("GET", "/abasto-web/api/consulta")] = consulta
    table[("GET", "/abasto-web/api/exportar")] = exportar
    return table


def portal_state() -> PortalState:
    return PortalState(
        name="sai",
        prefix=PREFIX,
        routes={},
        report_pages=frozenset({"/abasto-web/reporteAltas", "/abasto-web/consultaOrdenes"}),
    )
