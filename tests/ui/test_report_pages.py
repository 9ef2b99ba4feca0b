"""Report pages: the cut date picker (as the CLI's --as-of), the receivables figures the CLI
prints shown above the open items, and what an empty warehouse tells the clerk to do."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableView

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics import receivables as receivables_service
from o2c_desktop.ui import workers
from o2c_desktop.ui.pages.analytics_pages import ContractsPage, ReceivablesPage
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.pages.report_page import ReportPage
from o2c_desktop.ui.warehouse_reader import ensure_warehouse


def o2c_json(context: AppContext, *args: str) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(context.paths.data_dir), *args,
         "--format", "json"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def plain(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value.isoformat() if isinstance(value, date) else value


def shown_page(qtbot, context: AppContext, page_class: type[ReportPage]) -> ReportPage:
    page = page_class(PageDeps.for_context(context))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    page.page_shown()
    qtbot.waitUntil(lambda: page.report is not None, timeout=30_000)
    return page


def choose_cut(qtbot, page: ReportPage, day: date) -> None:
    with qtbot.waitSignal(page.table.model.arranged, timeout=30_000):
        page.cut_edit.setDate(QDate(day.year, day.month, day.day))
    # The signal may be the first read's arrangement finishing late; the new cut's read can
    # take as long as the first one on a busy machine.
    qtbot.waitUntil(
        lambda: page.report is not None and page.report.cut.as_of_date == day, timeout=30_000
    )


def open_items_at(context: AppContext, day: date | None) -> tuple[int, int]:
    """How many open items the service gives at that cut and their total days overdue."""
    with context.open_warehouse(read_only=True) as warehouse:
        report = receivables_service.open_items(
            warehouse.connection, make_cut(day), context.settings.analytics
        )
        rows = records(report.relation, ["dias_vencido"])
    return len(rows), sum(r["dias_vencido"] or 0 for r in rows)


def open_items_shown(page: ReportPage) -> tuple[int, int]:
    table = page.table.model.table
    assert table is not None
    overdue = table.arrow(page.table.current_query()).column("dias_vencido").to_pylist()
    return page.table.model.total_rows, sum(days or 0 for days in overdue)


@pytest.fixture(autouse=True)
def _workers_done(qtbot):
    yield
    qtbot.waitUntil(lambda: not workers.running(), timeout=20_000)


def test_cut_defaults_to_today_and_a_past_cut_recomputes_and_is_named_in_the_export(
    qtbot, world_context: AppContext
) -> None:
    page = shown_page(qtbot, world_context, ReceivablesPage)
    today = make_cut(None, world_context.settings.general.timezone).as_of_date
    assert page.cut_edit.displayFormat() == "dd/MM/yyyy"
    assert page.cut_edit.date().toPython() == today
    everything = open_items_at(world_context, None)
    qtbot.waitUntil(lambda: open_items_shown(page) == everything, timeout=10_000)

    past = today - timedelta(days=45)
    choose_cut(qtbot, page, past)
    expected = open_items_at(world_context, past)
    assert open_items_shown(page) == expected != everything
    assert page.cut_label.text() == f"con lo cargado hasta el final del {past:%d/%m/%Y}"

    with qtbot.waitSignal(page.export_bar.exported, timeout=30_000) as done:
        qtbot.mouseClick(page.export_bar.excel_button, Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(done.args[0].path)
    parameters = {row[0]: row[1] for row in book["Parámetros"].iter_rows(values_only=True)}
    assert parameters["fecha de corte"].date() == past
    assert f"fecha de corte: {past:%d/%m/%Y}" in book["Detalle"].oddFooter.left.text


def test_the_last_date_picked_wins_over_reads_still_running(
    qtbot, world_context: AppContext
) -> None:
    page = shown_page(qtbot, world_context, ReceivablesPage)
    today = make_cut(None).as_of_date
    days = [today - timedelta(days=n) for n in (300, 200, 45)]
    for day in days:  # as typing a date digit by digit does
        page.cut_edit.setDate(QDate(day.year, day.month, day.day))
    qtbot.waitUntil(lambda: not workers.running(), timeout=30_000)
    assert page.report is not None and page.report.cut.as_of_date == days[-1]
    expected = open_items_at(world_context, days[-1])
    qtbot.waitUntil(lambda: open_items_shown(page) == expected, timeout=10_000)
    assert page.cut_edit.date().toPython() == days[-1]


def test_every_report_page_has_the_cut_picker(qtbot, world_context: AppContext) -> None:
    page = shown_page(qtbot, world_context, ContractsPage)
    past = make_cut(None).as_of_date - timedelta(days=400)
    choose_cut(qtbot, page, past)
    assert page.report is not None and page.report.cut.historical


def test_receivables_figures_are_the_clis_for_the_same_cut(qtbot, world_context: AppContext):
    page = shown_page(qtbot, world_context, ReceivablesPage)
    assert isinstance(page, ReceivablesPage)
    cut = make_cut(None).as_of_date - timedelta(days=20)
    choose_cut(qtbot, page, cut)
    summary = page.summary
    qtbot.waitUntil(lambda: summary.dso_model.rowCount() > 0)
    as_of = f"{cut:%d/%m/%Y}"

    def shown(model) -> list[dict]:
        """The rows as the CLI's JSON writes them (amounts as exact decimal text)."""
        return [
            {c: plain(model.record(r)[c]) for c in model.columns} for r in range(model.rowCount())
        ]

    dso = o2c_json(world_context, "receivables", "--view", "dso", "--as-of", as_of)
    assert dso and shown(summary.dso_model) == dso
    weeks = o2c_json(world_context, "receivables", "--view", "collections", "--as-of", as_of)
    assert weeks and shown(summary.collections_model) == weeks
    per_invoice = o2c_json(world_context, "receivables", "--view", "states", "--as-of", as_of)
    by_state: dict[str, list[dict]] = defaultdict(list)
    for row in per_invoice:
        by_state[row["estado_cr"]].append(row)
    states = {r["estado_cr"]: r for r in shown(summary.states_model)}
    assert set(states) == set(by_state)
    for state, rows in by_state.items():
        assert states[state]["facturas"] == len(rows)
        assert states[state]["estancadas"] == sum(1 for r in rows if r["estancada"])
        in_process = [r["dias_en_proceso"] for r in rows if r["dias_en_proceso"] is not None]
        if in_process:
            average = round(sum(in_process) / len(in_process), 1)
            assert float(states[state]["dias_en_proceso_prom"]) == pytest.approx(average)


def test_receivables_figures_show_every_column_title_whole_on_a_laptop_screen(
    qtbot, world_context: AppContext
) -> None:
    page = shown_page(qtbot, world_context, ReceivablesPage)
    assert isinstance(page, ReceivablesPage)
    page.resize(1134, 700)  # the page's room in the window on a 1366×768 screen
    tabs = page.summary.tabs
    qtbot.waitUntil(lambda: page.summary.states_model.rowCount() > 0)
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "DSO por institución", "Días por estado de contrarecibo", "Cobranza esperada por semana",
    ]  # fmt: skip
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        view = tabs.currentWidget()
        assert isinstance(view, QTableView)
        qtbot.waitUntil(lambda v=view: v.horizontalHeader().length() > 0)
        assert view.horizontalHeader().length() <= view.viewport().width(), tabs.tabText(index)


def test_an_empty_warehouse_says_to_sync_or_import(qtbot, tmp_path: Path) -> None:
    context = open_context(tmp_path / "empty")
    ensure_warehouse(context)
    page = shown_page(qtbot, context, ReceivablesPage)
    assert page.table.model.total_rows == 0
    assert page.empty_hint.isVisible()
    assert "Sincronizar portales" in page.empty_hint.text()
    assert "o2c import" in page.empty_hint.text()
