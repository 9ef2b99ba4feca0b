"""The real IMSS invoice register: the engine agrees with plain Python on the P series."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.services.gaps.report import GapQuery, flags, ranges, records
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

REGISTER = "invoice_register_imss_2025-08-25.xlsx"
ALL_TIME = Period("range", date(2000, 1, 1), date(2100, 1, 1))
AS_OF = datetime(2025, 9, 1)


def _rows(real_samples: Path) -> list[list[object]]:
    sheet = CalamineWorkbook.from_path(str(real_samples / REGISTER)).get_sheet_by_name("Sheet1")
    rows = sheet.to_python()
    header = rows[0]
    return [dict(zip(header, r, strict=True)) for r in rows[1:]]  # type: ignore[misc]


def _plain_python_gaps(folios: list[str]) -> tuple[list[int], list[tuple[int, int]]]:
    numbers = sorted({int(f[2:]) for f in folios if re.fullmatch(r"P-\d+", f)})
    gaps = [(a + 1, b - 1) for a, b in itertools.pairwise(numbers) if b - a > 1]
    return numbers, gaps


def _load(warehouse: Warehouse, rows: list[dict[str, object]]) -> None:
    frame = pd.DataFrame(
        {
            "issuer_rfc": "PROVEEDOR",
            "store_id": "",
            "serie": "",
            "folio": [str(r["Folio"]) for r in rows],
            "uuid": [str(r["UUID"]) for r in rows],
            "fecha": [datetime.fromisoformat(str(r["Fecha"])) for r in rows],
            "estado": "Vigente",
        }
    )
    con = warehouse.connection
    con.register("_register", frame)
    con.execute(
        "INSERT INTO sequence_invoice SELECT 'register', issuer_rfc, store_id, serie, folio, NULL, "
        "uuid, fecha, NULL, estado, TIMESTAMP '2025-08-25', NULL, 'h', 1, 'test', NULL, NULL, "
        "NULL FROM _register"
    )


def test_p_series_of_the_real_register(warehouse: Warehouse, real_samples: Path) -> None:
    rows = _rows(real_samples)
    numbers, gaps = _plain_python_gaps([str(r["Folio"]) for r in rows])
    assert (numbers[0], numbers[-1], len(gaps)) == (3700, 6584, 262)  # facts of the file
    _load(warehouse, rows)

    refresh(warehouse, GapsSettings(jump_threshold=10**9, jump_volume_factor=0), as_of=AS_OF)
    found = records(ranges(warehouse.connection, GapQuery(ALL_TIME, AS_OF)))
    assert {r["serie"] for r in found} == {"P"}
    assert [(r["gap_inicio"], r["gap_fin"]) for r in found] == gaps
    assert sum(r["faltantes"] for r in found) == sum(e - s + 1 for s, e in gaps) == 1572
    state = warehouse.connection.execute(
        "SELECT serie, first_folio, last_folio, non_numeric, duplicates FROM gap_domain_state "
        "ORDER BY serie"
    ).fetchall()
    # P-6537-B has no number: listed apart, under the stored (empty) serie. P-6538 has two
    # concept rows of one UUID: not a duplicate.
    assert state == [("", None, None, 1, 0), ("P", 3700, 6584, 0, 0)]


def test_default_settings_flag_the_one_gap_far_above_daily_volume(
    warehouse: Warehouse, real_samples: Path
) -> None:
    rows = _rows(real_samples)
    _, gaps = _plain_python_gaps([str(r["Folio"]) for r in rows])
    _load(warehouse, rows)
    refresh(warehouse, GapsSettings(), as_of=AS_OF)
    longest = max(gaps, key=lambda g: g[1] - g[0])
    jumps = [(f["folio_desde"] + 1, f["folio_hasta"] - 1) for f in flags(warehouse.connection)
             if f["tipo"] == "suspect_jump"]  # fmt: skip
    assert jumps == [longest]
    found = records(ranges(warehouse.connection, GapQuery(ALL_TIME, AS_OF)))
    assert len(found) == len(gaps) - 1
