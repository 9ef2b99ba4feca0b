"""``gap_folio`` follows ``sequence_invoice`` load by load, and only what changed is recomputed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

SETTINGS = GapsSettings()


def open_gaps(warehouse: Warehouse) -> list[tuple[Any, ...]]:
    return warehouse.connection.execute(
        "SELECT store_id, gap_start, gap_end FROM gap_ledger WHERE closed_at IS NULL "
        "ORDER BY store_id, gap_start"
    ).fetchall()


def test_a_withdrawn_version_reopens_its_gap_and_only_its_load_is_parsed_again(
    warehouse: Warehouse, invoices: Any
) -> None:
    invoices.many([1, 2, 3], "2024-01-10", store="A")
    invoices.many([1, 3], "2024-01-10", store="B")
    con = warehouse.connection
    con.execute("UPDATE sequence_invoice SET load_id = 7 WHERE store_id = 'B'")
    first = refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 11))
    assert (first.loads_parsed, first.folio_rows_changed) == (2, 5)
    assert open_gaps(warehouse) == [("B", 2, 2)]

    # A later snapshot closes the version of A's folio 2 (what ingest does when a row changes).
    con.execute(
        "UPDATE sequence_invoice SET valid_to = TIMESTAMP '2024-01-12' "
        "WHERE store_id = 'A' AND folio = '2'"
    )
    second = refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 13))
    assert (second.loads_parsed, second.folio_rows_changed) == (1, 1)
    assert (second.domains_recomputed, second.gaps_opened) == (1, 1)
    assert open_gaps(warehouse) == [("A", 2, 2), ("B", 2, 2)]

    untouched = refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 14))
    assert (untouched.loads_parsed, untouched.domains_recomputed) == (0, 0)


def test_incremental_refreshes_end_where_a_full_recompute_does(
    warehouse: Warehouse, invoices: Any
) -> None:
    invoices.many([1, 4, 9], "2024-01-10", store="A")
    invoices.many([10, 12], "2024-01-10", store="B", serie="F")
    refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 11))
    invoices.add("F-11", "2024-01-10", store="B", uploaded="2024-01-11 12:00")
    invoices.add("7", "2024-01-09", store="A", uploaded="2024-01-20")  # known only later
    refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 12))
    assert open_gaps(warehouse) == [("A", 2, 3), ("A", 5, 8)]
    incremental = refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 21))
    assert incremental.domains_recomputed == 1
    after_incremental = open_gaps(warehouse)
    full = refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 22), full=True)
    assert (full.gaps_opened, full.gaps_closed) == (0, 0)
    assert open_gaps(warehouse) == after_incremental == [("A", 2, 3), ("A", 5, 6), ("A", 8, 8)]
