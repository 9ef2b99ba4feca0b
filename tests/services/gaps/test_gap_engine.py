"""What a clerk sees from the engine: ranges, duplicates, cancellations, restarts and jumps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.services.gaps.report import GapQuery, flags, missing_folios, ranges, records
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings, GapStartFolio, GapVoidedFolios

AS_OF = datetime(2024, 3, 1)
ALL_TIME = Period("range", date(2000, 1, 1), date(2100, 1, 1))


def open_ranges(warehouse: Warehouse, store: str | None = None) -> list[tuple[Any, ...]]:
    query = GapQuery(ALL_TIME, datetime(2100, 1, 1), store=store)
    return [
        (r["tienda"], r["serie"], r["gap_inicio"], r["gap_fin"], r["faltantes"])
        for r in records(ranges(warehouse.connection, query))
        if r["estado"] == "abierto"
    ]


def test_ranges_per_domain_with_prefix_split_off_the_folio(
    warehouse: Warehouse, invoices: Any
) -> None:
    for folio in ["P-1", "P-2", "P-5", "P-0009", "p-10"]:
        invoices.add(folio, "2024-01-10")
    invoices.many([100, 101, 103], "2024-01-11", store="T2", serie="A")
    invoices.add("A-104", "2024-01-11", store="T2")  # serie only in the folio: same domain
    invoices.add("106", "2024-01-11", store="T2", serie="A")
    refresh(warehouse, GapsSettings(), as_of=AS_OF)
    assert open_ranges(warehouse) == [
        ("T1", "P", 3, 4, 2),
        ("T1", "P", 6, 8, 3),
        ("T2", "A", 102, 102, 1),
        ("T2", "A", 105, 105, 1),
    ]
    per_folio = records(missing_folios(warehouse.connection, GapQuery(ALL_TIME, AS_OF, store="T1")))
    assert [r["folio_faltante"] for r in per_folio] == [3, 4, 6, 7, 8]
    first = per_folio[0]
    assert (first["folio_anterior"], first["folio_siguiente"]) == (2, 5)
    assert first["fecha_siguiente"] == datetime(2024, 1, 10)


def test_cancelled_is_present_duplicates_and_non_numeric_are_listed_apart(
    warehouse: Warehouse, invoices: Any
) -> None:
    invoices.many([1, 2], "2024-01-10", serie="F")
    invoices.add("3", "2024-01-10", serie="F", estado="Cancelado")
    invoices.add("4", "2024-01-10", serie="F", uuid="AAAA-1")
    invoices.add("4", "2024-01-11", serie="F", uuid="bbbb-2")
    invoices.add("4", "2024-01-12", serie="F", uuid="aaaa-1")  # same CFDI seen twice: not a dup
    invoices.add("7", "2024-01-12", serie="F")
    invoices.add("S/N", "2024-01-12", serie="F")
    invoices.add("12-B", "2024-01-12", serie="F")
    refresh(warehouse, GapsSettings(), as_of=AS_OF)
    assert open_ranges(warehouse) == [("T1", "F", 5, 6, 2)]
    dups = [f for f in flags(warehouse.connection) if f["tipo"] == "duplicate"]
    assert [(d["folio_desde"], d["detalle"]) for d in dups] == [(4, "AAAA-1,BBBB-2")]
    state = warehouse.connection.execute(
        "SELECT invoices, cancelled, non_numeric, duplicates, first_folio, last_folio "
        "FROM gap_domain_state WHERE serie = 'F'"
    ).fetchall()
    assert state == [(9, 1, 2, 1, 1, 7)]


def test_a_folio_with_two_uuids_is_a_duplicate_whatever_sorts_between_them(
    warehouse: Warehouse, invoices: Any
) -> None:
    issued = [datetime(2024, 1, 10), datetime(2024, 1, 11), datetime(2024, 1, 11, 12),
              datetime(2024, 1, 12), datetime(2024, 1, 13)]  # fmt: skip
    invoices.frame(
        pd.DataFrame(
            {
                "issuer_rfc": "AAA010101AAA",
                "store_id": "T1",
                "serie": "D",
                "folio": ["1", "2", "2", "2", "3"],
                # A row without UUID (a register line) issued between the two CFDI of folio 2.
                "uuid": ["U-1", "U-2A", None, "U-2B", "U-3"],
                "fecha": issued,
                "uploaded_at": issued,
                "estado": "Vigente",
            }
        )
    )
    refresh(warehouse, GapsSettings(), as_of=AS_OF)
    dups = [f for f in flags(warehouse.connection) if f["tipo"] == "duplicate"]
    assert [(d["folio_desde"], d["detalle"]) for d in dups] == [(2, "U-2A,U-2B")]
    assert open_ranges(warehouse) == []


def test_restart_and_absurd_jump_are_flagged_not_exploded(
    warehouse: Warehouse, invoices: Any
) -> None:
    # Store R: 5000-5003 in 2024-01, then the series restarts at 1 in February.
    for i, folio in enumerate([5000, 5001, 5003]):
        invoices.add(str(folio), f"2024-01-1{i}", store="R")
    for i, folio in enumerate([1, 2, 4]):
        invoices.add(str(folio), f"2024-02-1{i}", store="R")
    # Store J: a typo 60000 for 6000 after 5998.
    invoices.many([5996, 5998], "2024-01-10", store="J")
    invoices.add("60000", "2024-01-11", store="J")
    refresh(warehouse, GapsSettings(), as_of=AS_OF)
    assert open_ranges(warehouse) == [
        ("J", "", 5997, 5997, 1),
        ("R", "", 3, 3, 1),
        ("R", "", 5002, 5002, 1),
    ]
    found = {(f["tienda"], f["tipo"]): f for f in flags(warehouse.connection)}
    restart = found[("R", "restart")]
    assert (restart["folio_desde"], restart["folio_hasta"], restart["folio_relacionado"]) == (
        4,
        5000,
        5003,
    )
    assert restart["fecha"] == datetime(2024, 2, 10)
    jump = found[("J", "suspect_jump")]
    assert (jump["folio_desde"], jump["folio_hasta"], jump["omitidos"]) == (5998, 60000, 54001)


def test_volume_rule_flags_a_jump_far_above_the_daily_volume(
    warehouse: Warehouse, invoices: Any
) -> None:
    invoices.many([1, 2, 3], "2024-01-10", store="V")
    invoices.add("300", "2024-01-11", store="V")  # 296 missing, > 100 and > 10 × 3 a day
    settings = GapsSettings()
    refresh(warehouse, settings, as_of=AS_OF)
    assert open_ranges(warehouse) == []
    assert [f["tipo"] for f in flags(warehouse.connection)] == ["suspect_jump"]


def test_voided_folios_and_start_folio_from_settings(warehouse: Warehouse, invoices: Any) -> None:
    invoices.many([10, 15, 20], "2024-01-10", serie="P")
    invoices.add("2", "2023-01-10", serie="P")  # below the configured start: ignored
    settings = GapsSettings(
        voided_folios=[GapVoidedFolios(issuer_rfc="aaa010101aaa", store_id="T1", serie="P",
                                       folio_from=12, folio_to=13, reason="folios de prueba")],
        start_folios=[GapStartFolio(issuer_rfc="AAA010101AAA", store_id="T1", serie="P",
                                    start_folio=7)],
    )  # fmt: skip
    refresh(warehouse, settings, as_of=AS_OF)
    assert open_ranges(warehouse) == [
        ("T1", "P", 7, 9, 3),
        ("T1", "P", 11, 11, 1),
        ("T1", "P", 14, 14, 1),
        ("T1", "P", 16, 19, 4),
    ]
