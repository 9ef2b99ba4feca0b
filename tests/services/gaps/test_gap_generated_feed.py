"""The generator's store feed: every planted gap found exactly once, flags right, and a ledger
replayed month by month whose as-of reports equal what was known at each month's end."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pytest

from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period, end_of_day, month_period, months_between
from o2c_desktop.services.gaps.report import GapQuery, flags, ranges
from o2c_desktop.services.generator.stores_world import StoreFeed, build_store_feed
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

AS_OF = date(2025, 8, 25)
EVERYTHING_UPLOADED = datetime(2025, 10, 1)  # the feed's late uploads reach 30 days past AS_OF
ALL_TIME = Period("range", date(2000, 1, 1), date(2100, 1, 1))


@pytest.fixture(scope="module")
def feed() -> StoreFeed:
    return build_store_feed(11, 3000, AS_OF)


def _load(invoices: Any, feed: StoreFeed) -> pd.DataFrame:
    table = feed.table
    frame = pd.DataFrame(
        {
            "issuer_rfc": table["emisor_rfc"],
            "store_id": table["tienda"],
            "serie": table["serie"],
            "folio": table["folio"],
            "uuid": table["uuid"],
            "fecha": pd.to_datetime(table["emitted"].to_numpy(), unit="s"),
            "uploaded_at": pd.to_datetime(table["uploaded"].to_numpy(), unit="s"),
            "estado": table["estado"],
        }
    )
    invoices.frame(frame)
    return frame


def _open(warehouse: Warehouse, as_of: datetime) -> dict[str, list[list[int]]]:
    found: dict[str, list[list[int]]] = defaultdict(list)
    relation = ranges(warehouse.connection, GapQuery(ALL_TIME, as_of, only_open=True))
    for rfc, store, serie, start, end in relation.select(
        "emisor_rfc", "tienda", "serie", "gap_inicio", "gap_fin"
    ).fetchall():
        found[f"{rfc}|{store}|{serie}"].append([start, end])
    return dict(found)


def _expected_from_known(frame: pd.DataFrame, before: datetime) -> dict[str, list[list[int]]]:
    known = frame[(frame["uploaded_at"] < before) & frame["folio"].str.fullmatch(r"\d+")]
    expected: dict[str, list[list[int]]] = {}
    for (rfc, store, serie), group in known.groupby(["issuer_rfc", "store_id", "serie"]):
        folios = np.unique(group["folio"].astype(np.int64).to_numpy())
        steps = np.flatnonzero(np.diff(folios) > 1)
        if len(steps):
            expected[f"{rfc}|{store}|{serie}"] = [
                [int(folios[i]) + 1, int(folios[i + 1]) - 1] for i in steps
            ]
    return expected


def test_every_planted_gap_is_found_once_and_flags_match(
    warehouse: Warehouse, invoices: Any, feed: StoreFeed
) -> None:
    _load(invoices, feed)
    refresh(warehouse, GapsSettings(), as_of=EVERYTHING_UPLOADED)
    facts = feed.facts
    assert _open(warehouse, EVERYTHING_UPLOADED) == facts["missing"]

    found = flags(warehouse.connection)
    key = lambda f: f"{f['emisor_rfc']}|{f['tienda']}|{f['serie']}"  # noqa: E731
    restarts = [f for f in found if f["tipo"] == "restart"]
    planted_restart = facts["restarts"][0]
    assert [(key(f), f["folio_relacionado"]) for f in restarts] == [
        (planted_restart["domain"], planted_restart["last_folio_before"])
    ]
    jumps = [f for f in found if f["tipo"] == "suspect_jump"]
    planted_jump = facts["absurd_jumps"][0]
    assert [(key(f), f["folio_desde"], f["folio_hasta"]) for f in jumps] == [
        (planted_jump["domain"], planted_jump["from_folio"], planted_jump["to_folio"])
    ]
    duplicates = {
        (key(f), f["folio_desde"]): sorted(f["detalle"].split(","))
        for f in found
        if f["tipo"] == "duplicate"
    }
    assert duplicates == {
        (d["domain"], d["folio"]): sorted(d["uuids"]) for d in facts["duplicates"]
    }
    counted = warehouse.connection.execute(
        "SELECT sum(cancelled), sum(non_numeric) FROM gap_domain_state"
    ).fetchall()[0]
    assert counted == (len(facts["cancelled_present"]), len(facts["non_numeric"]))


def test_monthly_replay_reproduces_what_was_known_at_each_month_end(
    warehouse: Warehouse, invoices: Any, feed: StoreFeed
) -> None:
    frame = _load(invoices, feed)
    months = months_between(month_period("2024-01"), AS_OF)
    for month in months:
        refresh(warehouse, GapsSettings(), as_of=end_of_day(month.end), trigger="replay")
    plain = {k for k in feed.facts["missing"] if k.split("|")[1] not in ("T00001", "T00002")}
    closed_late = warehouse.connection.execute(
        "SELECT count(*) FROM gap_ledger WHERE close_reason IN ('filled', 'split')"
    ).fetchall()[0][0]
    assert closed_late > 0  # late uploads did close gaps found earlier
    for month in months[::3]:
        instant = end_of_day(month.end)
        got = {k: v for k, v in _open(warehouse, instant).items() if k in plain}
        want = {k: v for k, v in _expected_from_known(frame, instant).items() if k in plain}
        assert got == want, month.label
