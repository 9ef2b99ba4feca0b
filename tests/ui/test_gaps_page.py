"""Folios faltantes: yesterday by default, a day, a month or a range of days as ``o2c gaps``
selects them, the top 5 stores, every range, and the auditor CSV or Excel written with its
manifest beside it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date, timedelta

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt

from o2c_desktop.context import AppContext
from o2c_desktop.services.gaps.periods import local_now
from o2c_desktop.services.gaps.report import top_stores
from o2c_desktop.ui import workers
from o2c_desktop.ui.pages.gaps_page import GapsPage, gap_query
from o2c_desktop.ui.pages.page_base import PageDeps


@pytest.fixture
def page(qtbot, world_context: AppContext):
    page = GapsPage(PageDeps.for_context(world_context))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    yield page
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def busiest_day(context: AppContext) -> date:
    with context.open_warehouse(read_only=True) as warehouse:
        row = warehouse.connection.execute(
            "SELECT CAST(coalesce(next_issued_at, prev_issued_at) AS DATE) AS d, sum(missing)"
            " FROM gap_ledger GROUP BY d ORDER BY 2 DESC, d LIMIT 1"
        ).fetchall()
    assert row, "the generated world has no gaps"
    return row[0][0]


def test_yesterday_is_the_default_day(page: GapsPage) -> None:
    yesterday = local_now(page.context.settings.general.timezone).date() - timedelta(days=1)
    assert page.day_edit.date() == QDate(yesterday.year, yesterday.month, yesterday.day)


def test_a_day_with_gaps_shows_its_top_stores_and_ranges(qtbot, page: GapsPage) -> None:
    day = busiest_day(page.context)
    page.day_edit.setDate(QDate(day.year, day.month, day.day))
    with qtbot.waitSignal(page.table.model.arranged, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    query = gap_query(day, page.context.settings.gaps, page.context.settings.general.timezone)
    with page.context.open_warehouse(read_only=True) as warehouse:
        expected = top_stores(warehouse.connection, query, 5)
    shown = [page.top_model.record(r) for r in range(page.top_model.rowCount())]
    assert [(s["tienda"], s["faltantes"]) for s in shown] == [
        (e["tienda"], e["faltantes"]) for e in expected
    ]
    assert 0 < len(shown) <= 5
    assert f"{day:%d/%m/%Y}" in page.top_caption.text()
    assert page.table.model.total_rows > 0
    assert page.chart.isVisible()


def test_a_day_without_gaps_says_so_without_an_empty_chart(qtbot, page: GapsPage) -> None:
    quiet = date(2019, 1, 1)  # long before the generated world begins
    page.day_edit.setDate(QDate(quiet.year, quiet.month, quiet.day))
    with qtbot.waitSignal(page.table.model.arranged, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.top_caption.text() == "Sin folios faltantes el 01/01/2019."
    assert page.table.model.total_rows == 0
    assert not page.chart.isVisible()


def test_auditor_csv_has_one_row_per_missing_folio_and_a_manifest(qtbot, page: GapsPage) -> None:
    day = busiest_day(page.context)
    page.day_edit.setDate(QDate(day.year, day.month, day.day))
    with qtbot.waitSignal(page.table.model.arranged, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    missing = sum(r["faltantes"] for r in
                  (page.top_model.record(i) for i in range(page.top_model.rowCount())))  # fmt: skip
    with qtbot.waitSignal(page.export_bar.exported, timeout=20_000) as done:
        qtbot.mouseClick(page.export_bar.csv_button, Qt.MouseButton.LeftButton)
    outcome = done.args[0]
    with outcome.path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == outcome.rows >= missing > 0
    assert "folio_faltante" in rows[0]
    assert outcome.manifest is not None and outcome.manifest.parent == outcome.path.parent
    manifest = json.loads(outcome.manifest.read_text(encoding="utf-8"))
    assert str(day) in json.dumps(manifest)
    assert "con manifiesto" in page.export_bar.result.text()


def busiest_month(context: AppContext) -> date:
    with context.open_warehouse(read_only=True) as warehouse:
        row = warehouse.connection.execute(
            "SELECT CAST(date_trunc('month', coalesce(next_issued_at, prev_issued_at)) AS DATE)"
            " AS m FROM gap_ledger GROUP BY m ORDER BY sum(missing) DESC, m LIMIT 1"
        ).fetchall()
    return row[0][0]


def o2c_gaps(context: AppContext, *args: str) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(context.paths.data_dir), "gaps",
         *args, "--format", "json"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def choose(page: GapsPage, kind: str) -> None:
    page.period_kind.setCurrentIndex(page.period_kind.findData(kind))


def test_a_month_shows_the_clis_top_5_stores_and_ranges(qtbot, page: GapsPage) -> None:
    month = busiest_month(page.context)
    choose(page, "month")
    assert page.month_edit.isVisible() and not page.day_edit.isVisible()
    assert page.month_edit.displayFormat() == "MM/yyyy"
    page.month_edit.setDate(QDate(month.year, month.month, 1))
    with qtbot.waitSignal(page.table.model.arranged, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    ranges = o2c_gaps(page.context, "--month", f"{month:%Y-%m}")
    top = o2c_gaps(page.context, "--month", f"{month:%Y-%m}", "--top", "5")
    shown = [page.top_model.record(r) for r in range(page.top_model.rowCount())]
    assert [(s["tienda"], s["faltantes"]) for s in shown] == [
        (t["tienda"], t["faltantes"]) for t in top
    ]
    assert 0 < len(shown) <= page.context.settings.gaps.top == 5
    assert page.table.model.total_rows == len(ranges) > 0
    assert f"de {month:%m/%Y}" in page.top_caption.text()


def test_a_range_of_days_is_the_clis_from_to(qtbot, page: GapsPage) -> None:
    month = busiest_month(page.context)
    start, end = month + timedelta(days=3), month + timedelta(days=12)
    choose(page, "range")
    assert page.from_edit.isVisible() and page.to_edit.isVisible()
    page.from_edit.setDate(QDate(start.year, start.month, start.day))
    page.to_edit.setDate(QDate(end.year, end.month, end.day))
    with qtbot.waitSignal(page.table.model.arranged, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    expected = o2c_gaps(page.context, "--from", start.isoformat(), "--to", end.isoformat())
    assert page.table.model.total_rows == len(expected) > 0
    assert f"del {start:%d/%m/%Y} al {end:%d/%m/%Y}" in page.top_caption.text()


def test_a_range_ending_before_it_starts_is_refused_in_spanish(qtbot, page: GapsPage) -> None:
    choose(page, "range")
    page.from_edit.setDate(QDate(2025, 8, 20))
    page.to_edit.setDate(QDate(2025, 8, 10))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.problem.isVisible()
    assert "posterior" in page.problem.text() and "2025-08-20" in page.problem.text()
    assert page.show_button.isEnabled()


def test_auditor_excel_has_the_top_stores_every_missing_folio_and_the_period(
    qtbot, page: GapsPage
) -> None:
    month = busiest_month(page.context)
    choose(page, "month")
    page.month_edit.setDate(QDate(month.year, month.month, 1))
    with qtbot.waitSignal(page.table.model.arranged, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    assert page.export_bar.excel_button.isVisible()
    with qtbot.waitSignal(page.export_bar.exported, timeout=30_000) as done:
        qtbot.mouseClick(page.export_bar.excel_button, Qt.MouseButton.LeftButton)
    outcome = done.args[0]
    assert outcome.path.suffix == ".xlsx" and outcome.manifest.exists()
    book = openpyxl.load_workbook(outcome.path, read_only=True)
    summary = list(book["Resumen"].iter_rows(values_only=True))
    shown = [page.top_model.record(r) for r in range(page.top_model.rowCount())]
    assert [(r[2], r[3]) for r in summary[1:]] == [(s["tienda"], s["faltantes"]) for s in shown]
    detail = list(book["Detalle"].iter_rows(values_only=True))
    table = page.table.model.table
    assert table is not None
    missing = sum(table.arrow(page.table.current_query()).column("faltantes").to_pylist())
    assert len(detail) - 1 == outcome.rows == missing > 0
    parameters = {r[0]: r[1] for r in book["Parámetros"].iter_rows(values_only=True)}
    assert parameters["periodo"] == f"{month:%Y-%m}"
    assert parameters["detalle"] == "por folio"
