"""The imitation of SAGI (IMSS-Bienestar): Quasar look, cards, and a paginated invoice table."""

from __future__ import annotations

import math

from o2c_desktop.services.portals.demo.context import DemoContext, esc
from o2c_desktop.services.portals.demo.server import (
    Handler,
    PortalState,
    Request,
    Response,
    as_json,
    page,
    redirect,
)

PREFIX = "/contratos/"
TABLE_PAGE = "/contratos/facturas/2024"
API = "/contratos/api/facturas/2024"
PAGE_DELAY_MS = 150

CARDS = (
    '<div id="Facturas" class="q-card">Facturas</div>'
    '<div id="datasets" hidden>'
    '<div id="facturas2023" class="q-card" data-href="/contratos/facturas/2023">2023-2024</div>'
    f'<div id="facturas2024" class="q-card" data-href="{TABLE_PAGE}">2024</div></div>'
)


def _table(header: list[str], drift: bool) -> str:
    heads = "".join(f"<th>{esc(h if not h.startswith('Unnamed') else '')}</th>" for h in header)
    css = "q-tbl" if drift else "q-table"
    return (
        '<div class="q-table__container"><div class="q-table__top">'
        '<input aria-label="N° de Suministro/ N° de Remisión / N° de Factura" '
        'placeholder="Buscar"></div>'
        f'<div class="q-table-container"><table class="{css}"><thead><tr>{heads}</tr></thead>'
        "<tbody></tbody></table></div>"
        '<div id="loading" class="q-inner-loading">Por favor espere</div>'
        '<div class="q-table__bottom">Registros por página: '
        '<span class="q-select">10<span id="rowsMenu" class="q-menu" hidden>'
        '<div class="q-item" data-value="5">5</div><div class="q-item" data-value="10">10</div>'
        '<div class="q-item" data-value="50">50</div></span></span> '
        '<span id="pageLabel"></span> '
        '<button class="q-btn" type="button" aria-label="Primera">«</button>'
        '<button class="q-btn" type="button" aria-label="Anterior">‹</button>'
        '<button class="q-btn" type="button" aria-label="Siguiente">›</button>'
        '<button class="q-btn" type="button" aria-label="Última">»</button></div></div>'
    )


def routes(ctx: DemoContext, state: PortalState) -> dict[tuple[str, str], Handler]:
    table = ctx.data.sagi

    def login_page(error: str = "") -> Response:
        return page("sagi_login.html", error=esc(error))

    def login(request: Request) -> Response:
        if request.method == "GET":
            return redirect("/contratos/inicio") if request.session.user else login_page()
        if not ctx.sign_in(state, request, "usuario", "password"):
            return login_page("Usuario o contraseña incorrectos")
        return redirect("/contratos/inicio")

    def app(request: Request) -> Response:
        if not request.session.user:
            return redirect("/contratos/login")
        on_table = request.path == TABLE_PAGE
        return page(
            "sagi_app.html",
            title="Facturas 2024" if on_table else "Inicio",
            user=esc(request.session.user),
            content=_table(table.header, state.faults.layout_drift) if on_table else CARDS,
            api=API,
            page_delay_ms=str(PAGE_DELAY_MS),
        )

    def rows(request: Request) -> Response:
        if not request.session.user:
            return as_json({"error": "sesión expirada"}, 401)
        per_page = max(1, min(int(request.query.get("rows", "10")), 100))
        data = table.rows
        cap = state.faults.sagi_max_pages
        if cap is not None:
            data = data[: cap * per_page]
        pages = max(1, math.ceil(len(data) / per_page))
        number = max(1, min(int(request.query.get("page", "1")), pages))
        first = (number - 1) * per_page
        chunk = data[first : first + per_page]
        return as_json(
            {
                "rows": [["" if c is None else str(c) for c in row] for row in chunk],
                "pages": pages,
                "total": len(data),
                "first": first + 1 if chunk else 0,
                "last": first + len(chunk),
            }
        )

    return {
        ("GET", "/contratos/login"): login,
        ("POST", "/contratos/login"): login,
        ("GET", "/contratos/inicio"): app,
        ("GET", TABLE_PAGE): app,
        ("GET", API): rows,
    }


def portal_state() -> PortalState:
    return PortalState(name="sagi", prefix=PREFIX, routes={}, report_pages=frozenset({TABLE_PAGE}))
