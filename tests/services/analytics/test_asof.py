"""Every view can be computed as of a past date from the history the warehouse keeps."""

from __future__ import annotations

from datetime import date
from typing import Any

from o2c_desktop.services.analytics import make_cut, records, relation
from o2c_desktop.services.analytics.reconcile import chain
from o2c_desktop.services.analytics.views import VIEWS
from o2c_desktop.settings import AnalyticsSettings

SETTINGS = AnalyticsSettings()


def test_prei_state_as_of_each_weekly_snapshot(world: Any) -> None:
    con = world.warehouse.connection
    for day, counts in world.generation.truth.prei_snapshots.items():
        cut = make_cut(date.fromisoformat(day))
        rel = relation(con, "recon_prei", cut, SETTINGS)
        got = dict(rel.aggregate("estado_cr, count(*)", "estado_cr").fetchall())
        # Weekly runs query the current year only; earlier invoices keep their last known state.
        for state, n in counts.items():
            assert got.get(state, 0) >= n, (day, state)
    final = make_cut(world.as_of)
    rel = relation(con, "recon_prei", final, SETTINGS)
    got = dict(rel.aggregate("estado_cr, count(*)", "estado_cr").fetchall())
    expected = world.generation.truth.prei_snapshots[world.as_of.isoformat()]
    assert got == {k: v for k, v in expected.items() if v}


def test_first_seen_dates_come_from_history(world: Any) -> None:
    con = world.warehouse.connection
    rel = relation(con, "recon_prei", make_cut(world.as_of), SETTINGS)
    rows = {r["uuid"]: r for r in records(rel, ["uuid", "f_en_proceso", "f_aprobado", "f_pagado"])}
    columns = {"En proceso": "f_en_proceso", "Aprobado": "f_aprobado", "Pagado": "f_pagado"}
    checked = 0
    for uuid, states in world.generation.truth.prei_history.items():
        for state, day in states.items():
            if state in columns:
                assert rows[uuid][columns[state]].date().isoformat() == day
                checked += 1
    assert checked > 0


def test_before_anything_was_loaded_every_view_is_empty(world: Any) -> None:
    con = world.warehouse.connection
    cut = make_cut(date(2023, 1, 1))
    for view in VIEWS:
        if view == "collection_lag":
            continue  # one row per percentile always; with no history, no days (below)
        assert relation(con, view, cut, SETTINGS).aggregate("count(*)").fetchall() == [(0,)], view
    lags = relation(con, "collection_lag", cut, SETTINGS).order("percentil").fetchall()
    assert [(percentile, set(days)) for percentile, *days in lags] == [(50, {None}), (90, {None})]


def test_a_past_cut_sees_the_state_of_that_day(world: Any) -> None:
    con = world.warehouse.connection
    history = world.generation.truth.prei_history
    uuid, states = next((u, s) for u, s in history.items() if "Pagado" in s and len(s) > 1)
    paid_on = date.fromisoformat(states["Pagado"])
    before = min(date.fromisoformat(d) for d in states.values())
    later = chain(con, make_cut(world.as_of), SETTINGS, {"uuid": uuid})
    assert {r["estado_cr"] for r in records(later.relation, ["estado_cr"])} == {"Pagado"}
    rel = relation(con, "recon_prei", make_cut(before), SETTINGS).filter(f"uuid = '{uuid}'")
    assert rel.fetchall()
    assert records(rel, ["estado_cr"])[0]["estado_cr"] != "Pagado"
    assert before < paid_on
