"""Inicio: today's picture read from the services — exceptions, pending by stage, last sync per
portal and the next scheduled run."""

from __future__ import annotations

from o2c_desktop.context import AppContext
from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics import reconcile as reconcile_service
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.settings import ScheduleSpec
from o2c_desktop.ui import workers
from o2c_desktop.ui.home_page import HomePage
from o2c_desktop.ui.warehouse_reader import WarehouseAccess


def test_today_matches_the_services(qtbot, world_context: AppContext) -> None:
    context = world_context
    with context.open_warehouse() as warehouse:
        history = RunHistory(warehouse)
        run = history.start_run(trigger="manual", portals=["sai"])
        step = history.start_step(run, portal="sai", report="sai.altas")
        history.finish_step(run, step, status="needs-human", reason="Captcha sin resolver")
        history.finish_run(run, status="needs-human")
        exceptions = (
            reconcile_service.exceptions(
                warehouse.connection, make_cut(None), context.settings.analytics
            )
            .relation.aggregate("count(*)")
            .fetchall()[0][0]
        )
    context.settings.schedules.append(ScheduleSpec(id="diaria", at="06:30"))
    page = HomePage(context, WarehouseAccess(context))
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.page_shown()
    qtbot.waitUntil(lambda: page.picture is not None, timeout=20_000)
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)

    assert exceptions > 0
    assert page.exceptions_label.text() == (
        f"Excepciones abiertas en la conciliación: {exceptions:,}"
    )
    assert "needs-human · Captcha sin resolver" in page.last_sync["sai"].text()
    assert page.last_sync["prei"].text() == "Sin sincronizar"
    assert page.pending_label.text().startswith("Por cobrar por etapa: ")
    assert page.picture.pending and page.picture.pending[0]["etapa"] in page.pending_label.text()
    assert "06:30 (diaria)" in page.next_run_label.text()
    assert page.gaps_label.text().startswith("Tiendas con más folios faltantes ayer:")
