"""The cash projection as a report: its weeks as a relation the report machinery reads, caches
and exports like any other report, with the projection beside it so each figure can still be
traced to its invoices (:meth:`CashflowProjection.events_for`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from o2c_desktop.services.analytics.asof import Cut
from o2c_desktop.services.analytics.cashflow import (
    DEFAULT_WEEKS,
    EVENT_COLUMNS,
    FIGURES,
    WEEK_COLUMNS,
    CashEvent,
    CashflowProjection,
    project,
)
from o2c_desktop.services.analytics.report import Report
from o2c_desktop.settings import AnalyticsSettings

WEEKS_FILTER = "semanas"  # how the number of weeks is named among a report's parameters
_MONEY = pa.decimal128(18, 2)
WEEK_SCHEMA = pa.schema(
    [("week", pa.int32()), ("start", pa.date32()), ("end", pa.date32())]
    + [(name, _MONEY) for name in (*FIGURES, "net", "running_total")]
)
EVENT_SCHEMA = pa.schema([
    ("concept", pa.string()), ("institution", pa.string()), ("uuid", pa.string()),
    ("invoice", pa.string()), ("stage", pa.string()), ("factor", pa.string()),
    ("factoring_state", pa.string()), ("recourse", pa.bool_()), ("invoice_amount", _MONEY),
    ("expected_penalty", _MONEY), ("date_p50", pa.date32()), ("date_p90", pa.date32()),
    ("amount", _MONEY),
])  # fmt: skip
assert tuple(WEEK_SCHEMA.names) == WEEK_COLUMNS and tuple(EVENT_SCHEMA.names) == EVENT_COLUMNS


@dataclass(frozen=True)
class CashflowReport(Report):
    projection: CashflowProjection | None = None


def weeks_report(
    con: duckdb.DuckDBPyConnection,
    cut: Cut,
    settings: AnalyticsSettings,
    weeks: int = DEFAULT_WEEKS,
) -> CashflowReport:
    """The projection's weeks as a report over ``con``; the number of weeks is among its
    filters, so a cached table of 13 weeks is never served for 26."""
    projection = project(con, cut, settings, weeks)
    rows = pa.Table.from_pylist(projection.week_records, schema=WEEK_SCHEMA)
    return CashflowReport(
        title="Flujo de efectivo",
        relation=con.from_arrow(rows),
        cut=cut,
        columns=WEEK_COLUMNS,
        filters={WEEKS_FILTER: str(weeks)},
        projection=projection,
    )


def events_table(events: Sequence[CashEvent], columns: Sequence[str] = EVENT_COLUMNS) -> pa.Table:
    """Events as an Arrow table (exact amounts), e.g. to export the invoices behind a figure."""
    records: list[dict[str, Any]] = [e.as_record() for e in events]
    return pa.Table.from_pylist(records, schema=EVENT_SCHEMA).select(list(columns))
