"""Inicio is a dashboard: "calculando…" until the figures arrive from a worker, then each card
shows the figures a direct query of the warehouse gives, times in Mexico City; a card opens the
page it summarises, filtered."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from o2c_desktop.context import AppContext
from o2c_desktop.messages import text
from o2c_desktop.services.analytics.asof import make_cut, parameters
from o2c_desktop.services.analytics.views import compose
from o2c_desktop.services.columns import reason_words
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.settings import ScheduleSpec
from o2c_desktop.ui import workers
from o2c_desktop.ui.app import create_main_window
from o2c_desktop.ui.pages.home_page import HomePage
from o2c_desktop.ui.pages.page_base import PageDeps

MEXICO = ZoneInfo("America/Mexico_City")


def direct(context: AppContext, sql: str) -> list[tuple[Any, ...]]:
    params = parameters(make_cut(None), context.settings.analytics)
    with context.open_warehouse() as warehouse:
        return warehouse.connection.execute(sql, params).fetchall()


def money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def synced_three_hours_ago(context: AppContext) -> datetime:
    ended = datetime.now(UTC).replace(microsecond=0, tzinfo=None) - timedelta(hours=3, minutes=1)
    with context.open_warehouse() as warehouse:
        history = RunHistory(warehouse)
        run = history.start_run(trigger="manual", portals=["sai"])
        step = history.start_step(run, portal="sai", report="sai.altas")
        history.finish_step(run, step, status="needs-human", reason=text("Captcha sin resolver"))
        history.finish_run(run, status="needs-human")
        warehouse.connection.execute("UPDATE sync_step SET started_at = ?, finished_at = ?",
                                     [ended - timedelta(minutes=2), ended])  # fmt: skip
    return ended.replace(tzinfo=UTC).astimezone(MEXICO)


def test_cards_show_the_warehouse_figures(qtbot, world_context: AppContext) -> None:
    context = world_context
    ended = synced_three_hours_ago(context)
    context.settings.schedules.append(ScheduleSpec(id="diaria", at="06:30"))
    page = HomePage(PageDeps.for_context(context))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.page_shown()
    assert {card.value.text() for card in page.cards.values()} == {"calculando…"}
    qtbot.waitUntil(lambda: page.dashboard is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    cards = page.cards

    reasons = direct(context, f"SELECT excepcion, count(*) FROM ({compose('recon_exception')}) "
                     "GROUP BY 1 ORDER BY 2 DESC, 1")  # fmt: skip
    assert cards["exceptions"].value.text() == f"{sum(n for _c, n in reasons):,}"
    detail = cards["exceptions"].detail.text()
    for code, count in reasons:
        assert f">{reason_words(code)}</a>: {count:,}" in detail
    words_only = re.sub(r'href="[^"]*"', "", detail)  # the codes are in the links, not shown
    assert not [code for code, _n in reasons if code in words_only]

    stages = direct(context, f"SELECT etapa, sum(importe) FROM ({compose('receivable_item')}) "
                    "GROUP BY 1 ORDER BY 2 DESC")  # fmt: skip
    assert cards["receivables"].value.text() == money(sum(a for _e, a in stages))
    for stage, amount in stages:
        assert f">{stage}</a>: {money(amount)} (" in cards["receivables"].detail.text()

    monday = make_cut(None).as_of_date - timedelta(days=make_cut(None).as_of_date.weekday())
    weeks = dict(direct(context, "SELECT CAST(date_trunc('week', fecha_cobro_esperada) AS DATE), "
                        f"sum(importe) FROM ({compose('receivable_item')}) WHERE uuid IS NOT NULL "
                        "GROUP BY 1"))  # fmt: skip
    this_week, next_week = (weeks.get(monday + timedelta(days=d), Decimal(0)) for d in (0, 7))
    assert cards["cash"].value.text() == money(this_week)
    assert f"La próxima semana: {money(next_week)}" in cards["cash"].detail.text()
    assert f"desde el {monday:%d/%m/%Y}" in cards["cash"].detail.text()

    nearest = direct(context, f"SELECT contrato, uso_maximo FROM ({compose('contract_balance')}) "
                     "WHERE uso_maximo IS NOT NULL ORDER BY uso_maximo DESC, contrato, clave, "
                     "unidad LIMIT 3")  # fmt: skip
    assert cards["contracts"].value.text() == f"{nearest[0][1] * 100:,.1f} %"
    assert cards["contracts"].detail.text().count("</a>") == 3
    for contract, used in nearest:
        assert f">{contract}</a>" in cards["contracts"].detail.text()
        assert f"{used * 100:,.1f} %" in cards["contracts"].detail.text()

    sync = cards["sync"].detail.text()
    assert cards["sync"].value.text() == "hace 3 h"
    assert f"SAI (IMSS): {ended:%d/%m/%Y %H:%M} · espera a una persona · hace 3 h" in sync
    assert "Captcha sin resolver" in sync and "PREI / PISP (IMSS): sin sincronizar" in sync
    assert "Horas de Ciudad de México" in sync  # the zone by its city, not its IANA id
    assert cards["schedule"].value.text().endswith(" 06:30")
    assert cards["schedule"].detail.text() == "Horario «diaria»"


def test_a_card_opens_its_page_filtered(qtbot, world_context: AppContext, bridge) -> None:
    window = create_main_window(world_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    home = window.home_page
    qtbot.waitUntil(lambda: home.dashboard is not None, timeout=30_000)
    assert home.dashboard is not None
    reason, count = home.dashboard.exceptions_by_reason[0]

    card = home.cards["exceptions"]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton, pos=card.rect().center())

    page = window.reconciliation_page
    assert window.current_page() is page and window.navigation.currentRow() == 2
    assert page.table.current_query().contains == {"excepciones": reason}
    qtbot.waitUntil(lambda: " de " in page.table.count_label.text(), timeout=60_000)
    assert page.table.count_label.text().startswith(f"{count:,} de ")
    assert page.table.active_filters.text() == f"Filtros: Todas las excepciones ⊇ «{reason}»"

    contract = home.dashboard.contracts_near_max[0]["contrato"]
    home.cards["contracts"].detail.linkActivated.emit(f"contrato={contract}")
    assert window.current_page() is window.contracts_page
    assert window.contracts_page.table.current_query().contains == {"contrato": str(contract)}

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    cash = home.cards["cash"]
    qtbot.mouseClick(cash, Qt.MouseButton.LeftButton, pos=cash.rect().center())
    assert window.current_page() is window.cashflow_page

    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    runs = home.cards["sync"]
    qtbot.mouseClick(runs, Qt.MouseButton.LeftButton, pos=runs.rect().center())
    assert window.current_page() is window.runs_page
    qtbot.waitUntil(lambda: not workers.running(), timeout=60_000)


def test_f5_and_a_sync_read_the_cards_again(qtbot, context: AppContext, main_window) -> None:
    home = main_window.home_page
    qtbot.waitUntil(lambda: home.dashboard is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    assert home.cards["sync"].value.text() == "Nunca"
    assert home.cards["exceptions"].value.text() == "0"
    with context.open_warehouse() as warehouse:
        history = RunHistory(warehouse)
        run = history.start_run(trigger="manual", portals=["prei"])
        step = history.start_step(run, portal="prei", report="prei.facturas_vs_cr")
        history.finish_step(run, step, status="ok")
        history.finish_run(run, status="ok")

    main_window.activateWindow()
    qtbot.waitActive(main_window)
    qtbot.keyClick(main_window, Qt.Key.Key_F5)
    assert home.cards["sync"].value.text() == "calculando…"
    qtbot.waitUntil(
        lambda: home.cards["sync"].value.text() == "hace menos de 1 min", timeout=30_000
    )
    assert "PREI / PISP (IMSS): " in home.cards["sync"].detail.text()

    home.dashboard = None
    sync_page = main_window.sync_page  # built hidden behind Inicio, as after Ctrl+2 and back
    main_window.show_page(0)
    sync_page.sync_finished.emit()  # what the end of a sync says
    assert home.cards["sync"].value.text() == "calculando…"
    qtbot.waitUntil(lambda: home.dashboard is not None, timeout=30_000)
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
