"""Ledger transitions, late uploads, as-of reports, incremental refresh, periods and top N."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from o2c_desktop.errors import UserError
from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period, end_of_day, month_period
from o2c_desktop.services.gaps.report import GapQuery, ranges, records, top_stores
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

ALL_TIME = Period("range", date(2000, 1, 1), date(2100, 1, 1))
SETTINGS = GapsSettings()


def ledger(warehouse: Warehouse) -> list[tuple[Any, ...]]:
    return warehouse.connection.execute(
        "SELECT gap_start, gap_end, first_detected_at, opened_at, closed_at, close_reason, "
        "closed_by_uuid, parent_gap_id IS NOT NULL FROM gap_ledger ORDER BY gap_id"
    ).fetchall()


def report(
    warehouse: Warehouse, as_of: datetime, period: Period = ALL_TIME
) -> list[tuple[Any, ...]]:
    rows = records(ranges(warehouse.connection, GapQuery(period, as_of)))
    return [(r["gap_inicio"], r["gap_fin"], r["estado"], r["cerrado_por_uuid"]) for r in rows]


def test_late_uploads_split_then_close_a_gap_and_as_of_shows_the_past(
    warehouse: Warehouse, invoices: Any
) -> None:
    day1, day2, day3 = (
        end_of_day(date(2024, 1, 10)),
        end_of_day(date(2024, 1, 20)),
        end_of_day(date(2024, 2, 5)),
    )
    invoices.many([1, 2, 8], "2024-01-10")
    refresh(warehouse, SETTINGS, as_of=day1)
    late_5 = invoices.add("5", "2024-01-09", uploaded="2024-01-15 10:00")
    refresh(warehouse, SETTINGS, as_of=day2)
    late_3 = invoices.add("3", "2024-01-09", uploaded="2024-02-01")
    invoices.add("4", "2024-01-09", uploaded="2024-02-03")
    refresh(warehouse, SETTINGS, as_of=day3)

    assert ledger(warehouse) == [
        (3, 7, day1, day1, day2, "split", late_5, False),
        (3, 4, day1, day2, day3, "filled", late_3, True),
        (6, 7, day1, day2, None, None, None, True),
    ]
    assert report(warehouse, day1) == [(3, 7, "abierto", None)]
    assert report(warehouse, day2) == [(3, 4, "abierto", None), (6, 7, "abierto", None)]
    assert report(warehouse, day3) == [(3, 4, "cerrado", late_3), (6, 7, "abierto", None)]
    assert report(warehouse, datetime(2024, 1, 10, 12)) == []  # before the first refresh


def test_refresh_recomputes_only_changed_domains_and_refuses_the_past(
    warehouse: Warehouse, invoices: Any
) -> None:
    for store in ["A", "B", "C"]:
        invoices.many([1, 3], "2024-01-10", store=store)
    first = refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 11))
    assert (first.domains_total, first.domains_recomputed, first.gaps_opened) == (3, 3, 3)
    invoices.add("2", "2024-01-10", store="B", uploaded="2024-01-12")
    second = refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 13))
    assert (second.domains_recomputed, second.gaps_opened, second.gaps_closed) == (1, 0, 1)
    assert refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 14)).domains_recomputed == 0
    changed = GapsSettings(jump_threshold=500)
    assert refresh(warehouse, changed, as_of=datetime(2024, 1, 15)).domains_recomputed == 3
    with pytest.raises(UserError, match="anterior"):
        refresh(warehouse, SETTINGS, as_of=datetime(2024, 1, 12))


def test_gap_across_a_month_boundary_is_found_once_by_the_stated_rule(
    warehouse: Warehouse, invoices: Any
) -> None:
    invoices.add("10", "2024-01-31 18:00")
    invoices.add("14", "2024-02-01 09:00")
    invoices.add("16", "2024-02-02 09:00")
    as_of = end_of_day(date(2024, 2, 29))
    refresh(warehouse, SETTINGS, as_of=as_of)
    january, february = month_period("2024-01"), month_period("2024-02")
    assert report(warehouse, as_of, january) == []
    assert report(warehouse, as_of, february) == [
        (11, 13, "abierto", None),
        (15, 15, "abierto", None),
    ]
    by_previous = GapQuery(january, as_of, rule="previous")
    assert [r["gap_inicio"] for r in records(ranges(warehouse.connection, by_previous))] == [11]


def test_upload_basis_moves_a_gap_to_the_day_the_next_folio_arrived(
    warehouse: Warehouse, invoices: Any
) -> None:
    invoices.add("1", "2024-03-01 10:00")
    invoices.add("3", "2024-03-01 11:00", uploaded="2024-03-04 08:00")
    as_of = end_of_day(date(2024, 3, 5))
    refresh(warehouse, SETTINGS, as_of=as_of)
    march_1, march_4 = (
        Period("day", date(2024, 3, 1), date(2024, 3, 1)),
        Period("day", date(2024, 3, 4), date(2024, 3, 4)),
    )
    issue = records(ranges(warehouse.connection, GapQuery(march_1, as_of)))
    upload = records(ranges(warehouse.connection, GapQuery(march_4, as_of, basis="upload")))
    assert [r["gap_inicio"] for r in issue] == [2]
    assert [r["gap_inicio"] for r in upload] == [2]


def test_top_stores_by_missing_then_ranges_then_store(warehouse: Warehouse, invoices: Any) -> None:
    invoices.many([1, 5], "2024-01-10", store="T3")  # 3 missing, 1 range
    invoices.many([1, 3, 5, 7], "2024-01-10", store="T2")  # 3 missing, 3 ranges
    invoices.many([1, 3, 5, 7], "2024-01-10", store="T1")  # 3 missing, 3 ranges
    invoices.many([1, 10], "2024-01-10", store="T4")  # 8 missing
    as_of = datetime(2024, 2, 1)
    refresh(warehouse, SETTINGS, as_of=as_of)
    top = top_stores(warehouse.connection, GapQuery(ALL_TIME, as_of), 3)
    assert [(t["lugar"], t["tienda"], t["faltantes"], t["rangos"]) for t in top] == [
        (1, "T4", 8, 1),
        (2, "T1", 3, 3),
        (3, "T2", 3, 3),
    ]
