"""Folios faltantes: yesterday by default, the stores with most missing folios of a day, every
range, and the auditor CSV written with its manifest beside it."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from o2c_desktop.context import AppContext
from o2c_desktop.services.gaps.periods import local_now
from o2c_desktop.services.gaps.report import top_stores
from o2c_desktop.ui import workers
from o2c_desktop.ui.pages.gaps_page import GapsPage, gap_query
from o2c_desktop.ui.warehouse_reader import WarehouseAccess


@pytest.fixture
def page(qtbot, world_context: AppContext):
    page = GapsPage(world_context, WarehouseAccess(world_context))
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


def test_auditor_csv_has_one_row_per_missing_folio_and_a_manifest(qtbot, page: GapsPage) -> None:
    day = busiest_day(page.context)
    page.day_edit.setDate(QDate(day.year, day.month, day.day))
    with qtbot.waitSignal(page.table.model.arranged, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    missing = sum(r["faltantes"] for r in
                  (page.top_model.record(i) for i in range(page.top_model.rowCount())))  # fmt: skip
    assert not page.export_bar.excel_button.isVisible()
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
