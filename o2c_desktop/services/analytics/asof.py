"""The cut of an analytics query: the business date it is computed for and what was known then.

"As of 30 June" means: compute ages and deadlines on 30 June, with only the data versions that
were already loaded by the end of that day (valid_from before 1 July, 00:00). Without a date the
query uses today (America/Mexico_City by default) and everything loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from o2c_desktop.services.analytics.views import PARAMETERS, compose
from o2c_desktop.settings import AnalyticsSettings

# Warehouse timestamps are naive local wall time, so the cut is naive too.
EVERYTHING_KNOWN = datetime(9999, 12, 31)  # noqa: DTZ001


@dataclass(frozen=True)
class Cut:
    as_of_date: date
    known_before: datetime
    historical: bool


def make_cut(as_of: date | None, timezone: str = "America/Mexico_City") -> Cut:
    if as_of is None:
        return Cut(datetime.now(ZoneInfo(timezone)).date(), EVERYTHING_KNOWN, historical=False)
    return Cut(as_of, datetime.combine(as_of + timedelta(days=1), time()), historical=True)


def parameters(cut: Cut, settings: AnalyticsSettings) -> dict[str, Any]:
    """The ``$name`` values of :func:`compose` queries, from the cut and the settings."""
    b1, b2, b3 = settings.aging_buckets
    values: dict[str, Any] = {
        "as_of_date": cut.as_of_date,
        "known_before": cut.known_before,
        "amount_tolerance": settings.amount_tolerance,
        "payment_term_days": settings.payment_term_days,
        "bucket_1": b1,
        "bucket_2": b2,
        "bucket_3": b3,
        "penalty_rate_per_day": settings.penalty_rate_per_day,
        "penalty_max_days": settings.penalty_max_days,
        "provider_switch_date": settings.provider_switch_date,
        "provider_before": settings.provider_before,
        "provider_after": settings.provider_after,
        "stale_status_days": settings.stale_status_days,
        "burn_window_days": settings.burn_window_days,
    }
    assert set(values) == set(PARAMETERS)
    return values


def relation(
    con: duckdb.DuckDBPyConnection,
    view: str,
    cut: Cut,
    settings: AnalyticsSettings,
    *,
    where: str = "",
    order_by: str = "",
    select: str = "*",
) -> duckdb.DuckDBPyRelation:
    """A view as of the cut, optionally filtered and ordered (clauses are program text, never
    user input: user filters are bound as parameters by the callers)."""
    sql = f"SELECT {select} FROM ({compose(view)}) AS v"  # noqa: S608 - program text; filters bound
    if where:
        sql += f" WHERE {where}"
    if order_by:
        sql += f" ORDER BY {order_by}"
    return con.sql(sql, params=parameters(cut, settings))
