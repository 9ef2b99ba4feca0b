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
from o2c_desktop.ui.report_table import ReportTable

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
