"""The cash projection as finance reads it, shared by the CLI and the window so both show and
export the same figures: its weeks as a report (read, cached and exported like any other, with
the projection beside it so each figure traces to its invoices), the per-invoice detail and the
Excel / CSV export.

The workbook holds the weeks and, on a second sheet, every event behind them with the week its
P50 and P90 dates fall in: a treasurer checks a week's figure by filtering the detail on that
week and concept, and each row names its invoice (UUID and folio). A CSV holds one table, so it is
the weeks, or the events when the detail is asked for; each gets the usual manifest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services import columns
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
from o2c_desktop.services.analytics.report import Report, source_files
from o2c_desktop.services.exports import Column, SheetSpec, write_csv, write_manifest, write_xlsx
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


DETAIL_COLUMNS: tuple[str, ...] = ("week_p50", "week_p90", *EVENT_COLUMNS)

WEEKS_SHEET = "Semanas"
EVENTS_SHEET = "Eventos"


def column_title(name: str, lang: str = "es") -> str:
    return columns.title(name, lang)


def titled(
    records: Sequence[Mapping[str, Any]], columns: Sequence[str], lang: str = "es"
) -> list[dict[str, Any]]:
    """Records keyed by the human titles of ``columns`` (for a printed table)."""
    return [{column_title(c, lang): r.get(c) for c in columns} for r in records]


def detail_records(projection: CashflowProjection) -> list[dict[str, Any]]:
    """Every event placed in the projected weeks (by its P50 or its P90 date), with those weeks:
    summing ``amount`` over the rows of one concept and week gives that week's figure."""
    rows = []
    for event in projection.events:
        week_p50 = projection.week_of(event.date_p50)
        week_p90 = projection.week_of(event.date_p90)
        if week_p50 is None and week_p90 is None:
            continue
        rows.append({"week_p50": week_p50, "week_p90": week_p90, **event.as_record()})
    return rows


@dataclass(frozen=True)
class CashflowExport:
    path: Path
    weeks: int
    events: int


def _sheet_columns(names: Sequence[str], lang: str) -> list[Column]:
    return [Column(n, column_title(n, lang), columns.kind_of(n)) for n in names]


def export_projection(
    con: duckdb.DuckDBPyConnection,
    projection: CashflowProjection,
    path: Path,
    *,
    detail: bool = False,
    lang: str = "es",
) -> CashflowExport:
    """``.xlsx``: weeks, events and parameters; ``.csv``: the weeks (or the events with
    ``detail``) and a manifest."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError(msg("report.export_suffix", name=path.name))
    weeks = projection.week_records
    events = detail_records(projection)
    params = _parameters(con, projection)
    if suffix == ".csv":
        rows, columns = (events, DETAIL_COLUMNS) if detail else (weeks, WEEK_COLUMNS)
        count = write_csv(path, rows, list(columns))
        write_manifest(path, params, count)
        return CashflowExport(path, 0 if detail else count, count if detail else 0)
    counts = write_xlsx(
        path,
        [
            SheetSpec(WEEKS_SHEET, _sheet_columns(WEEK_COLUMNS, lang), weeks),
            SheetSpec(EVENTS_SHEET, _sheet_columns(DETAIL_COLUMNS, lang), events),
        ],
        params,
        lang=lang,
    )
    return CashflowExport(path, counts[WEEKS_SHEET], counts[EVENTS_SHEET])


def _parameters(con: duckdb.DuckDBPyConnection, projection: CashflowProjection) -> dict[str, Any]:
    cut = projection.cut
    params: dict[str, Any] = {
        "reporte": "Flujo de efectivo proyectado",
        "fecha de corte": cut.as_of_date,
        "datos conocidos hasta": cut.known_before if cut.historical else "todo lo cargado",
        "semanas": len(projection.weeks),
        "generado": datetime.now(UTC).replace(tzinfo=None, microsecond=0),
    }
    for name, sha in source_files(con, cut):
        params[f"archivo fuente: {name} [{sha[:12]}]"] = sha
    return params
