"""The lazy table model: pages fetched on demand, sort and filter done in SQL off the GUI
thread, native values in the sort role, and Qt's model checks passing throughout."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pytest
from PySide6.QtCore import Qt

from o2c_desktop.services.browse import BrowseTable, TableQuery
from o2c_desktop.ui import workers
from o2c_desktop.ui.browse_model import PAGE_ROWS, ROW_ID_ROLE, BrowseModel
from o2c_desktop.ui.cell_format import SORT_ROLE

ROWS = 1000


@pytest.fixture
def table() -> BrowseTable:
    con = duckdb.connect()
    relation = con.sql(
        f"SELECT 'orden ' || lpad(i::VARCHAR, 4, '0') AS orden,"
        f" CAST((i * 37) % 1000 AS DECIMAL(18, 2)) / 4 AS importe,"
        f" DATE '2025-01-01' + (i % 90)::INTEGER AS fecha,"
        f" CASE WHEN i % 10 = 0 THEN 'Pagado' ELSE 'En proceso' END AS estado"
        f" FROM range({ROWS}) r(i)"
    )
    browse = BrowseTable.from_relation(relation, ["orden", "importe", "fecha", "estado"])
    con.close()
    return browse


@pytest.fixture
def model(qtbot, table: BrowseTable) -> BrowseModel:
    model = BrowseModel(["Orden", "Importe", "Fecha", "Estado"])
    with qtbot.waitSignal(model.arranged, timeout=5000):
        model.set_table(table)
    return model


def test_first_page_then_more_on_demand(qtbot, model: BrowseModel) -> None:
    assert model.rowCount() == PAGE_ROWS and model.total_rows == ROWS
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()  # one fetch at a time
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_ROWS, timeout=5000)
    assert model.index(PAGE_ROWS, 0).data() == f"orden {PAGE_ROWS:04d}"


def test_display_and_sort_roles(model: BrowseModel) -> None:
    amount = model.index(1, 1)
    assert amount.data(SORT_ROLE) == Decimal("9.25")
    assert amount.data() == "$9.25"  # importe is declared money: the currency sign
    assert amount.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.index(1, 2).data(SORT_ROLE) == date(2025, 1, 2)
    assert model.index(1, 2).data() == "02/01/2025"
    assert model.index(1, 0).data(ROW_ID_ROLE) == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Importe"


def test_sort_runs_in_sql_and_resets_to_the_first_page(qtbot, model: BrowseModel) -> None:
    with qtbot.waitSignal(model.arranged, timeout=5000):
        model.sort(1, Qt.SortOrder.DescendingOrder)
    amounts = [model.index(r, 1).data(SORT_ROLE) for r in range(model.rowCount())]
    assert amounts[0] == Decimal("249.75") and amounts == sorted(amounts, reverse=True)
    assert model.rowCount() == PAGE_ROWS and model.total_rows == ROWS


def test_filter_counts_only_matching_rows(qtbot, model: BrowseModel) -> None:
    with qtbot.waitSignal(model.arranged, timeout=5000) as arranged:
        model.set_query(TableQuery(contains={"estado": "pagado"}))
    assert arranged.args == [ROWS // 10]
    assert {model.index(r, 3).data() for r in range(model.rowCount())} == {"Pagado"}
    assert not model.canFetchMore()


def test_a_superseded_query_never_shows(qtbot, model: BrowseModel) -> None:
    model.set_query(TableQuery(text="orden 0001"))
    with qtbot.waitSignal(model.arranged, timeout=5000) as arranged:
        model.set_query(TableQuery(text="orden 099"))
    qtbot.wait(100)
    assert arranged.args == [10] and model.total_rows == 10


def test_qt_model_checks_while_rows_arrive_and_sort_changes(
    qtbot, qtmodeltester, model: BrowseModel
) -> None:
    qtmodeltester.check(model, force_py=True)  # keeps watching every change below
    model.fetchMore()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_ROWS, timeout=5000)
    with qtbot.waitSignal(model.arranged, timeout=5000):
        model.sort(2, Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(model.arranged, timeout=5000):
        model.set_query(TableQuery(text="orden 00"))
    assert model.total_rows == 100


def test_qt_cpp_model_checks(qtmodeltester, model: BrowseModel) -> None:
    qtmodeltester.check(model)


def test_first_rows_show_at_once_and_a_sort_asked_during_the_copy_waits_for_it(
    qtbot, table: BrowseTable
) -> None:
    model = BrowseModel(["Orden", "Importe", "Fecha", "Estado"])
    answers: list[int] = []
    model.arranged.connect(answers.append)
    model.set_table(table)
    # Shown before any worker has answered: the copy is still under way for the model.
    assert model.rowCount() == PAGE_ROWS and model.busy
    assert model.index(0, 0).data() == "orden 0000"
    assert model.index(1, 1).data(SORT_ROLE) == Decimal("9.25")

    # The worker may finish the copy before the sort; the model hears of it only through the
    # event loop, so waiting here (without running it) makes the case the same every time.
    assert table.wait_copied(5)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)
    amounts = [model.index(r, 1).data(SORT_ROLE) for r in range(model.rowCount())]
    assert amounts[0] == Decimal("249.75") and amounts == sorted(amounts, reverse=True)
    qtbot.waitUntil(lambda: not workers.running(), timeout=5000)
    assert answers == [ROWS]  # the report order asked first never replaced the sorted rows


def test_rows_asked_for_during_the_copy_arrive_after_it_without_a_reset(
    qtbot, qtmodeltester, table: BrowseTable
) -> None:
    model = BrowseModel(["Orden", "Importe", "Fecha", "Estado"])
    model.set_table(table)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    assert model.canFetchMore()
    model.fetchMore()
    qtmodeltester.check(model, force_py=True)  # keeps watching every change below
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_ROWS, timeout=5000)
    assert not resets and not model.busy and model.total_rows == ROWS
    assert model.index(PAGE_ROWS, 0).data() == f"orden {PAGE_ROWS:04d}"


def test_a_filtered_query_shows_no_unfiltered_rows_while_the_copy_runs(
    qtbot, table: BrowseTable
) -> None:
    model = BrowseModel(["Orden", "Importe", "Fecha", "Estado"])
    model.set_query(TableQuery(contains={"estado": "pagado"}))
    with qtbot.waitSignal(model.arranged, timeout=5000) as arranged:
        model.set_table(table)
        assert model.rowCount() == 0 and model.busy
    assert arranged.args == [ROWS // 10]
    assert {model.index(r, 3).data() for r in range(model.rowCount())} == {"Pagado"}
