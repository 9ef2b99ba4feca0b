"""The big-table widget as a clerk meets it: the first rows are on screen while the report is
still being copied, the count says it is busy meanwhile, and sorting works once it is done."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from o2c_desktop.context import AppContext
from o2c_desktop.services.browse import BrowseTable
from o2c_desktop.ui import workers
from o2c_desktop.ui.browse_model import PAGE_ROWS
from o2c_desktop.ui.cell_format import SORT_ROLE
from o2c_desktop.ui.column_titles import titles_for
from o2c_desktop.ui.report_table import MAX_FITTED_WIDTH, ReportTable

ROWS = 1000


@pytest.fixture
def table() -> BrowseTable:
    con = duckdb.connect()
    relation = con.sql(
        f"SELECT 'orden ' || lpad(i::VARCHAR, 4, '0') AS orden,"
        f" CASE WHEN i % 10 = 0 THEN 'Pagado' ELSE 'En proceso' END AS estado"
        f" FROM range({ROWS}) r(i)"
    )
    browse = BrowseTable.from_relation(relation, ["orden", "estado"])
    con.close()
    return browse


@pytest.fixture
def widget(qtbot, context: AppContext) -> Iterator[ReportTable]:
    # Inside a window of its own size, so its changing size hints stay inside it.
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(600, 400)
    widget = ReportTable(context, "testTable", ["Orden", "Estado"], window)
    widget.resize(600, 400)
    window.show()
    yield widget
    window.close()


def shown(widget: ReportTable, column: int) -> list[str]:
    model = widget.view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_first_rows_are_shown_during_the_copy_then_a_header_click_sorts(
    qtbot, widget: ReportTable, table: BrowseTable
) -> None:
    widget.set_table(table)
    # Before any worker has answered: rows on screen, the count says the table is busy.
    assert shown(widget, 0)[:2] == ["orden 0000", "orden 0001"]
    assert shown(widget, 1)[:2] == ["Pagado", "En proceso"]
    assert widget.view.model().rowCount() == PAGE_ROWS
    assert widget.count_label.text() == "Consultando…"
    assert widget.value_combo.count() == 0

    header = widget.view.horizontalHeader()
    estado = QPoint(header.sectionViewportPosition(1) + header.sectionSize(1) // 2,
                    header.height() // 2)  # fmt: skip
    with qtbot.waitSignal(widget.model.arranged, timeout=5000):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=estado)
    assert header.sortIndicatorSection() == 1
    assert set(shown(widget, 1)) == {"En proceso"}  # sorted: the 900 rows before «Pagado»
    assert shown(widget, 0)[:2] == ["orden 0001", "orden 0002"]  # ties keep the report order
    assert widget.count_label.text() == f"{ROWS:,} renglones"

    qtbot.waitUntil(lambda: widget.value_combo.count() > 0, timeout=5000)
    assert widget.value_combo.itemText(0) == "orden 0000"
    qtbot.waitUntil(lambda: not workers.running(), timeout=5000)


FORMATTED_COLUMNS = [
    "anio", "gap_inicio", "cantidad_entregada", "importe_alta", "otif_pct",
    "factura_cancelada", "excepcion", "estatus_orden", "unidad", "fecha_entrega",
]  # fmt: skip
LONG_UNIT = "UNIDAD MEDICA DE ALTA ESPECIALIDAD HOSPITAL DE ESPECIALIDADES CENTRO MEDICO NACIONAL"


@pytest.fixture
def windows() -> Iterator[list[QWidget]]:
    kept: list[QWidget] = []  # alive until the test's end
    yield kept
    kept.clear()


def formatted_widget(qtbot, windows: list[QWidget], context: AppContext, lang: str) -> ReportTable:
    window = QWidget()
    qtbot.addWidget(window)
    windows.append(window)
    window.resize(1400, 400)
    widget = ReportTable(context, f"formats_{lang}", titles_for(FORMATTED_COLUMNS, lang), window,
                         lang)  # fmt: skip
    widget.resize(1400, 400)
    window.show()
    con = duckdb.connect()
    relation = con.sql(
        "SELECT 2023 AS anio, 1481 AS gap_inicio,"
        " CAST(1350 AS DECIMAL(18, 2)) AS cantidad_entregada,"
        " CAST(1745905 AS DECIMAL(18, 2)) AS importe_alta, 70.9 AS otif_pct,"
        " true AS factura_cancelada, 'INVOICE_NOT_IN_PREI' AS excepcion,"
        " 'Confirmada' AS estatus_orden, ? AS unidad, DATE '2025-07-01' AS fecha_entrega",
        params=[LONG_UNIT],
    )
    table = BrowseTable.from_relation(relation, FORMATTED_COLUMNS)
    con.close()
    with qtbot.waitSignal(widget.model.arranged, timeout=5000):
        widget.set_table(table)
    return widget


def test_cells_read_by_the_kind_of_their_column(
    qtbot, windows: list[QWidget], context: AppContext
) -> None:
    widget = formatted_widget(qtbot, windows, context, "es")
    assert shown(widget, 0) == ["2023"]  # a year, not "2,023"
    assert shown(widget, 1) == ["1481"]  # a folio, not "1,481"
    assert shown(widget, 2) == ["1,350"]  # pieces, never as money
    assert shown(widget, 3) == ["$1,745,905.00"]
    assert shown(widget, 4) == ["70.9 %"]
    assert shown(widget, 5) == ["Sí"]
    assert shown(widget, 6) == ["Factura sin registro en PREI (súbala al Buzón)"]
    assert shown(widget, 9) == ["01/07/2025"]
    model = widget.view.model()
    assert model.index(0, 0).data(SORT_ROLE) == 2023  # sorting keeps the native value
    assert model.index(0, 6).data(SORT_ROLE) == "INVOICE_NOT_IN_PREI"
    english = formatted_widget(qtbot, windows, context, "en")
    assert shown(english, 5) == ["Yes"]
    assert shown(english, 6) == ["Invoice unknown to PREI (upload it to the Buzón)"]
    assert english.model.headerData(6, Qt.Orientation.Horizontal) == "Exception"
    qtbot.waitUntil(lambda: not workers.running(), timeout=5000)


def test_columns_fit_their_titles_and_long_text_is_elided_in_the_middle(
    qtbot, windows: list[QWidget], context: AppContext
) -> None:
    widget = formatted_widget(qtbot, windows, context, "es")
    header = widget.view.horizontalHeader()
    metrics = header.fontMetrics()
    for column, title in enumerate(titles_for(FORMATTED_COLUMNS)):
        # The whole title is readable (today "Estatus de la orde…").
        assert header.sectionSize(column) > metrics.horizontalAdvance(title), title
    assert header.sectionSize(2) >= widget.view.sizeHintForColumn(2)  # and the whole value

    unit = FORMATTED_COLUMNS.index("unidad")
    cell = widget.view.model().index(0, unit)
    assert header.sectionSize(unit) <= MAX_FITTED_WIDTH
    assert widget.view.fontMetrics().horizontalAdvance(LONG_UNIT) > header.sectionSize(unit)
    assert widget.view.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == LONG_UNIT  # the full value on hover
    assert widget.view.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    qtbot.waitUntil(lambda: not workers.running(), timeout=5000)
