"""For any set of folios, the missing folios are the full range minus the present ones."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.services.gaps.report import GapQuery, missing_folios
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

NO_JUMPS = GapsSettings(jump_threshold=10**9, jump_volume_factor=0)
ALL_TIME = Period("range", date(2000, 1, 1), date(2100, 1, 1))
_TABLES = ("sequence_invoice", "gap_ledger", "gap_refresh", "gap_domain_state", "gap_flag")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    folios=st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=200),
    duplicated=st.lists(st.integers(min_value=0, max_value=199), max_size=5),
)
def test_missing_is_full_range_minus_present(
    tmp_path: Path, folios: list[int], duplicated: list[int]
) -> None:
    rows = [str(f) for f in folios] + [str(folios[i % len(folios)]) for i in duplicated]
    frame = pd.DataFrame(
        {
            "issuer_rfc": "AAA010101AAA",
            "store_id": "T1",
            "serie": "A",
            "folio": rows,
            "uuid": [f"U{i}" for i in range(len(rows))],
            "fecha": datetime(2024, 1, 10),
            "uploaded_at": datetime(2024, 1, 10),
            "estado": "Vigente",
        }
    )
    with Warehouse(tmp_path / "property.duckdb") as warehouse:
        con = warehouse.connection
        for table in _TABLES:
            con.execute(f"DELETE FROM {table}")
        con.register("_incoming", frame)
        con.execute(
            "INSERT INTO sequence_invoice SELECT 'store-feed', issuer_rfc, store_id, serie, folio, "
            "NULL, uuid, fecha, uploaded_at, estado, TIMESTAMP '2020-01-01', NULL, 'h', 1, "
            "'test', NULL, NULL, NULL FROM _incoming"
        )
        refresh(warehouse, NO_JUMPS, as_of=datetime(2024, 2, 1))
        found = missing_folios(con, GapQuery(ALL_TIME, datetime(2024, 2, 1)))
        got = [row[0] for row in found.select("folio_faltante").fetchall()]
    present = set(folios)
    assert got == sorted(set(range(min(present), max(present) + 1)) - present)
