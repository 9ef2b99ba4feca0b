"""A week's cash projection summed by hand on a hand-built warehouse (tests/support/cash_world.py).
The factoring rows are inserted straight into factoring_operation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import cash_world

from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.cashflow import project
from o2c_desktop.settings import AnalyticsSettings


def test_weekly_figures_summed_by_hand(handbuilt: Any) -> None:
    hb = handbuilt
    cash_world.fill(hb.con)

    got = project(hb.con, make_cut(cash_world.AS_OF), AnalyticsSettings(), weeks=3)

    # A: max(fpp 20/08, 25/08 + (15 − 5)) = 04/09 (week 2), P90 25/08 + 14 = 08/09 (week 3),
    # 1000 − 100 of penalty. B is factored: advance 27/08 (week 1), reserve and fee at B's
    # expected payment, its fpp 10/09 (week 3).
    rows = [(w.institution_p50, w.institution_p90, w.advances, w.reserves, w.fees, w.net,
             w.running_total) for w in got.weeks]  # fmt: skip
    d = Decimal
    assert rows == [
        (d(0), d(0), d(1800), d(0), d(0), d(1800), d(1800)),
        (d(900), d(0), d(0), d(0), d(0), d(900), d(2700)),
        (d(0), d(900), d(0), d(200), d(-30), d(170), d(2870)),
    ]
    assert [e.invoice for e in got.events_for(2, "institution_p50")] == ["P-201"]
    assert {e.concept for e in got.events_for(3, "net")} == {"reserva", "comision"}
