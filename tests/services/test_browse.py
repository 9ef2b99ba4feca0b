"""The page-at-a-time copy of a report: filters, sort with native values, stable pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import pytest

from o2c_desktop.services.browse import BrowseTable, TableQuery


@pytest.fixture
def table() -> BrowseTable:
    con = duckdb.connect()
    relation = con.sql(
        "SELECT * FROM (VALUES"
        " ('IMSS', '00000001', CAST(10.50 AS DECIMAL(18,2)), DATE '2025-01-03', 'Pagado'),"
        " ('IMSS', '00000002', CAST(9.25 AS DECIMAL(18,2)), DATE '2025-01-01', NULL),"
        " ('IMSS-Bienestar', 'IMB-1', CAST(100.00 AS DECIMAL(18,2)), NULL, 'Por facturar'),"
        " ('IMSS', '00000004', CAST(10.50 AS DECIMAL(18,2)), DATE '2025-01-02', 'Pagado')"
        ") AS v(institucion, no_orden, importe, fecha, estado)"
    )
    browse = BrowseTable.from_relation(relation, ["institucion", "no_orden", "importe", "fecha",
                                                  "estado"])  # fmt: skip
    con.close()
    yield browse
    browse.close()


def orders(table: BrowseTable, query: TableQuery) -> list[str]:
    arrangement = table.arrange(query)
    return [row[2] for row in table.page(arrangement, 0, 100)]


def test_unsorted_keeps_the_report_order(table: BrowseTable) -> None:
    arrangement = table.arrange(TableQuery())
    assert arrangement.rows == 4 == table.total_rows
    assert orders(table, TableQuery()) == ["00000001", "00000002", "IMB-1", "00000004"]


def test_sort_uses_native_values_and_row_order_breaks_ties(table: BrowseTable) -> None:
    assert orders(table, TableQuery(sort_column="importe")) == [
        "00000002", "00000001", "00000004", "IMB-1"]  # fmt: skip
    assert orders(table, TableQuery(sort_column="importe", descending=True)) == [
        "IMB-1", "00000001", "00000004", "00000002"]  # fmt: skip
    # Empty dates go last in both directions.
    assert orders(table, TableQuery(sort_column="fecha"))[-1] == "IMB-1"
    assert orders(table, TableQuery(sort_column="fecha", descending=True))[-1] == "IMB-1"


def test_text_and_column_filters_combine(table: BrowseTable) -> None:
    assert orders(table, TableQuery(text="bienestar")) == ["IMB-1"]
    assert orders(table, TableQuery(contains={"estado": "PAGADO"})) == ["00000001", "00000004"]
    query = TableQuery(text="imss", contains={"importe": "10.5"}, sort_column="fecha")
    assert orders(table, query) == ["00000004", "00000001"]
    assert table.arrange(TableQuery(text="no existe")).rows == 0


def test_pages_are_positional_and_values_native(table: BrowseTable) -> None:
    arrangement = table.arrange(TableQuery(sort_column="no_orden"))
    first, second = table.page(arrangement, 0, 2), table.page(arrangement, 2, 2)
    assert [r[2] for r in first + second] == ["00000001", "00000002", "00000004", "IMB-1"]
    row_id, _, _, amount, day, _ = first[0]
    assert amount == Decimal("10.50") and day == date(2025, 1, 3)
    assert table.row(row_id)["no_orden"] == "00000001"


def test_a_released_arrangement_gives_no_rows(table: BrowseTable) -> None:
    arrangement = table.arrange(TableQuery())
    table.release(arrangement)
    assert table.page(arrangement, 0, 10) == []


def test_export_rows_follow_the_query(table: BrowseTable) -> None:
    rows = table.arrow(TableQuery(contains={"institucion": "imss"}, sort_column="importe",
                                  descending=True))  # fmt: skip
    assert rows.column("no_orden").to_pylist() == ["IMB-1", "00000001", "00000004", "00000002"]
    assert table.distinct_values("estado") == ["Pagado", "Por facturar"]


def test_the_first_page_is_read_before_the_copy(table: BrowseTable) -> None:
    assert not table.copied and table.total_rows == 4
    assert [row[:3] for row in table.first_page] == [
        (1, "IMSS", "00000001"), (2, "IMSS", "00000002"), (3, "IMSS-Bienestar", "IMB-1"),
        (4, "IMSS", "00000004")]  # fmt: skip
    assert table.row(3)["no_orden"] == "IMB-1" and not table.copied
    arrangement = table.arrange(TableQuery())
    assert table.copied
    assert table.page(arrangement, 0, 10) == table.first_page


def test_row_ids_follow_the_report_order_across_many_row_groups() -> None:
    rows = 300_000  # more than two of DuckDB's row groups, copied in parallel
    con = duckdb.connect()
    relation = con.sql(f"SELECT i, 'folio ' || i AS folio FROM range({rows}) AS r(i)")
    table = BrowseTable.from_relation(relation, ["i", "folio"])
    con.close()
    table.copy_rows()
    in_order = table.arrange(TableQuery())
    assert table.page(in_order, 250_000, 2) == [(250_001, 250_000, "folio 250000"),
                                                (250_002, 250_001, "folio 250001")]  # fmt: skip
    newest_first = table.arrange(TableQuery(sort_column="i", descending=True))
    assert table.page(newest_first, 0, 1) == [(rows, rows - 1, f"folio {rows - 1}")]
    assert table.row(123_457)["folio"] == "folio 123456"
    table.close()


def test_unknown_columns_are_refused(table: BrowseTable) -> None:
    with pytest.raises(KeyError):
        table.arrange(TableQuery(sort_column="nada"))
    with pytest.raises(KeyError):
        table.arrange(TableQuery(contains={"nada": "x"}))


def test_the_filter_box_finds_an_exception_by_the_words_the_table_shows() -> None:
    con = duckdb.connect()
    relation = con.sql(
        "SELECT * FROM (VALUES ('1', 'INVOICE_NOT_IN_PREI', 'INVOICE_NOT_IN_PREI,PAID_SHORT'),"
        " ('2', 'ALTA_NOT_INVOICED', 'ALTA_NOT_INVOICED'), ('3', '', '')"
        ") AS v(no_orden, excepcion, excepciones)"
    )
    browse = BrowseTable.from_relation(relation, ["no_orden", "excepcion", "excepciones"])
    con.close()
    try:
        arranged = browse.arrange(TableQuery(text="sin registro en prei"))
        assert [row[1] for row in browse.page(arranged, 0, 10)] == ["1"]
        arranged = browse.arrange(TableQuery(text="receipt not invoiced"))
        assert [row[1] for row in browse.page(arranged, 0, 10)] == ["2"]
        arranged = browse.arrange(TableQuery(text="pagado menos"))  # in the list of all reasons
        assert [row[1] for row in browse.page(arranged, 0, 10)] == ["1"]
        arranged = browse.arrange(TableQuery(text="alta_not_invoiced"))  # the code still finds it
        assert [row[1] for row in browse.page(arranged, 0, 10)] == ["2"]
        # the rows keep the codes
        arranged = browse.arrange(TableQuery())
        assert [row[2] for row in browse.page(arranged, 0, 10)][:2] == [
            "INVOICE_NOT_IN_PREI", "ALTA_NOT_INVOICED"]  # fmt: skip
    finally:
        browse.close()
