"""The Conciliación page over a generated world: the rows the service computes, filter and sort
from the page's own widgets, the detail of a row with its source files, and exports."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from o2c_desktop.context import AppContext
from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics import reconcile as reconcile_service
from o2c_desktop.services.columns import reason_words
from o2c_desktop.ui import workers
from o2c_desktop.ui.cell_format import SORT_ROLE
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.pages.reconciliation_page import ReconciliationPage


@pytest.fixture
def expected(world_context: AppContext) -> list[dict]:
    with world_context.open_warehouse(read_only=True) as warehouse:
        report = reconcile_service.chain(
            warehouse.connection, make_cut(None), world_context.settings.analytics
        )
        return records(report.relation, list(reconcile_service.COLUMNS))


@pytest.fixture
def page(qtbot, world_context: AppContext) -> Iterator[ReconciliationPage]:
    page = ReconciliationPage(PageDeps.for_context(world_context))
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    with qtbot.waitSignal(page.table.model.arranged, timeout=20_000):
        page.page_shown()
    yield page
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def shown_column(page: ReconciliationPage, name: str) -> list:
    model = page.table.model
    column = list(reconcile_service.COLUMNS).index(name)
    return [model.index(r, column).data(SORT_ROLE) for r in range(model.rowCount())]


def test_rows_are_the_services_chain(page: ReconciliationPage, expected: list[dict]) -> None:
    model = page.table.model
    assert model.total_rows == len(expected) > 100
    assert page.table.count_label.text() == f"{len(expected):,} renglones"
    first = [model.index(0, c).data(SORT_ROLE) for c in range(model.columnCount())]
    assert first == [expected[0][c] for c in reconcile_service.COLUMNS]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Institución"


def test_exception_reasons_read_as_words_in_the_language_of_the_window(
    qtbot, world_context: AppContext, page: ReconciliationPage
) -> None:
    model = page.table.model
    column = list(reconcile_service.COLUMNS).index("excepcion")
    codes = shown_column(page, "excepcion")
    row = codes.index("ALTA_NOT_INVOICED")
    assert model.index(row, column).data() == "Alta sin factura (por facturar)"
    assert model.index(row, column).data(SORT_ROLE) == "ALTA_NOT_INVOICED"

    english = ReconciliationPage(PageDeps.for_context(world_context, "en"))
    qtbot.addWidget(english)
    with qtbot.waitSignal(english.table.model.arranged, timeout=20_000):
        english.page_shown()
    assert english.table.model.index(row, column).data() == "Receipt not invoiced yet"
    assert english.table.model.headerData(column, Qt.Orientation.Horizontal) == "Exception"


def test_typing_in_the_filter_box_filters(
    qtbot, page: ReconciliationPage, expected: list[dict]
) -> None:
    wanted = [r for r in expected if r["excepcion"] == "ALTA_NOT_INVOICED"]
    assert wanted
    with qtbot.waitSignal(page.table.model.arranged, timeout=5000):
        qtbot.keyClicks(page.table.filter_edit, "alta_not_invoiced")
    assert page.table.model.total_rows == len(wanted)
    assert set(shown_column(page, "excepcion")) == {"ALTA_NOT_INVOICED"}
    assert page.table.count_label.text() == f"{len(wanted):,} de {len(expected):,} renglones"


def test_column_filter_and_header_sort(qtbot, page: ReconciliationPage, expected) -> None:
    table = page.table
    table.column_combo.setCurrentIndex(list(reconcile_service.COLUMNS).index("institucion"))
    table.value_combo.setEditText("IMSS-B")
    with qtbot.waitSignal(table.model.arranged, timeout=5000):
        qtbot.mouseClick(table.add_filter_button, Qt.MouseButton.LeftButton)
    imssb = [r for r in expected if r["institucion"] == "IMSS-B"]
    assert table.model.total_rows == len(imssb) > 0
    assert "Institución ⊇ «IMSS-B»" in table.active_filters.text()

    column = list(reconcile_service.COLUMNS).index("importe_orden")
    header = table.view.horizontalHeader()
    with qtbot.waitSignal(table.model.arranged, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=_section_center(header, column))  # fmt: skip
    amounts = [a for a in shown_column(page, "importe_orden") if a is not None]
    assert amounts == sorted(amounts)
    assert amounts[0] == min(r["importe_orden"] for r in imssb if r["importe_orden"] is not None)

    with qtbot.waitSignal(table.model.arranged, timeout=5000):
        qtbot.mouseClick(table.clear_filters_button, Qt.MouseButton.LeftButton)
    assert table.model.total_rows == len(expected)


def test_row_detail_shows_the_chain_and_its_files(qtbot, page: ReconciliationPage) -> None:
    orders = shown_column(page, "no_alta")
    row = next(i for i, alta in enumerate(orders) if alta)
    index = page.table.model.index(row, 0)
    page.table.view.selectRow(row)
    qtbot.mouseClick(page.detail_button, Qt.MouseButton.LeftButton)
    assert len(page.details) == 1
    dialog = page.details[0]
    assert dialog.isVisible() and not dialog.isModal()
    assert dialog.values["no_alta"].text() == str(orders[row])
    assert dialog.values["no_orden"].text() == index.siblingAtColumn(2).data()
    # Fields read as in the table: money with its sign, the exception in words.
    record = page.table.model.loaded_record(page.table.model.row_id(row))
    assert record is not None
    if record["importe_alta"] is not None:
        assert dialog.values["importe_alta"].text() == f"${record['importe_alta']:,.2f}"
    if record["excepcion"]:
        assert dialog.values["excepcion"].text() == reason_words(record["excepcion"])
    qtbot.waitUntil(lambda: dialog.sources.rowCount() > 0, timeout=5000)
    stages = {r[0] for r in dialog.source_rows()}
    assert "Alta (SAI)" in stages
    assert dialog.sources_caption.text().startswith("Archivos de origen (")
    dialog.close()


def test_export_follows_filter_and_sort(qtbot, page: ReconciliationPage, expected) -> None:
    with qtbot.waitSignal(page.table.model.arranged, timeout=5000):
        page.table.filter_edit.setText("IMSS-B")
        page.table.apply_filters()
    shown = page.table.model.total_rows
    bar = page.export_bar
    with qtbot.waitSignal(bar.exported, timeout=20_000) as done:
        qtbot.mouseClick(bar.csv_button, Qt.MouseButton.LeftButton)
    outcome = done.args[0]
    assert outcome.path.parent == page.context.paths.exports_dir and outcome.rows == shown
    with outcome.path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == shown and all("IMSS-B" in ",".join(r.values()) for r in rows)
    assert outcome.manifest is not None and outcome.manifest.exists()
    assert bar.open_folder_button.isVisible()
    assert bar.folder_url().toLocalFile() == str(outcome.path.parent)

    with qtbot.waitSignal(bar.exported, timeout=20_000) as done:
        qtbot.mouseClick(bar.excel_button, Qt.MouseButton.LeftButton)
    book = load_workbook(done.args[0].path, read_only=True)
    assert book["Detalle"].max_row == shown + 1
    sheet = list(book["Detalle"].iter_rows(values_only=True))
    header = list(sheet[0])
    assert header[:3] == ["Institución", "Registro", "Orden"]  # as on screen
    words, codes = header.index("Excepción"), header.index("Excepción (código)")
    reasons = {(r[words], r[codes]) for r in sheet[1:] if r[codes]}
    assert reasons and all(w == reason_words(code) != code for w, code in reasons)
    assert f"{shown:,} renglones en conciliacion_" in bar.result.text()


def _section_center(header, column: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    return QPoint(x, header.height() // 2)


def test_reopening_shows_the_kept_rows_without_recomputing(
    qtbot, page: ReconciliationPage, world_context: AppContext, expected: list[dict], caplog
) -> None:
    kept = world_context.paths.cache_dir / "reports"
    qtbot.waitUntil(lambda: any(kept.glob("reconciliation-*.arrow")), timeout=20_000)
    caplog.set_level(logging.DEBUG, logger="o2c_desktop.services.analytics.report_cache")
    again = ReconciliationPage(PageDeps.for_context(world_context))
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.table.model.arranged, timeout=20_000):
        again.page_shown()
    assert "report reconciliation from cache" in caplog.text
    model = again.table.model
    assert model.total_rows == len(expected)
    first = [model.index(0, c).data(SORT_ROLE) for c in range(model.columnCount())]
    assert first == [expected[0][c] for c in reconcile_service.COLUMNS]
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def test_after_a_sync_the_hidden_page_is_computed_ahead(
    qtbot, world_context: AppContext, expected: list[dict], caplog
) -> None:
    kept = world_context.paths.cache_dir / "reports"
    for old in kept.glob("reconciliation-*.arrow"):
        old.unlink()
    page = ReconciliationPage(PageDeps.for_context(world_context))
    qtbot.addWidget(page)
    page.invalidate()  # what the window does when a sync ends
    qtbot.waitUntil(lambda: any(kept.glob("reconciliation-*.arrow")), timeout=20_000)
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    caplog.set_level(logging.DEBUG, logger="o2c_desktop.services.analytics.report_cache")
    page.show()
    with qtbot.waitSignal(page.table.model.arranged, timeout=20_000):
        page.page_shown()
    assert "report reconciliation from cache" in caplog.text
    assert page.table.model.total_rows == len(expected)
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
