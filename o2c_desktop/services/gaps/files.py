"""Report files: a period's gaps as CSV (with its manifest) or Excel, and the monthly set.

Exports stream from DuckDB in batches, so a month of a large mall (hundreds of thousands of
missing folios) never sits in memory as Python objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.exports import (
    SheetSpec,
    sheet_columns,
    write_csv,
    write_manifest,
    write_xlsx,
)
from o2c_desktop.services.gaps.periods import Period, month_period, months_between
from o2c_desktop.services.gaps.report import (
    FOLIO_COLUMNS,
    RANGE_COLUMNS,
    TOP_COLUMNS,
    GapQuery,
    missing_folios,
    ranges,
    top_stores,
)

REPORTS_FOLDER = "folios_faltantes"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest: Path
    rows: int


def export_report(
    con: duckdb.DuckDBPyConnection,
    query: GapQuery,
    target: Path,
    *,
    per_folio: bool = False,
    top: int = 5,
) -> ExportResult:
    """Write the period's gaps to ``target`` (.csv or .xlsx) with a manifest beside it."""
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UserError(msg("gaps.export_suffix", name=target.name))
    names = FOLIO_COLUMNS if per_folio else RANGE_COLUMNS
    relation = missing_folios(con, query) if per_folio else ranges(con, query)
    parameters = {**query.parameters(), "detalle": "por folio" if per_folio else "por rango"}
    if suffix == ".csv":
        rows = write_csv(target, relation, names)
    else:
        summary = SheetSpec("Resumen", sheet_columns(TOP_COLUMNS), top_stores(con, query, top))
        detail = SheetSpec("Detalle", sheet_columns(names), relation)
        rows = write_xlsx(target, [summary, detail], parameters)["Detalle"]
    return ExportResult(target, write_manifest(target, parameters, rows), rows)


def period_file(exports_dir: Path, period: Period) -> Path:
    return exports_dir / REPORTS_FOLDER / f"folios_faltantes_{period.label}.csv"


def write_period_reports(
    con: duckdb.DuckDBPyConnection, exports_dir: Path, periods: list[Period], template: GapQuery
) -> list[ExportResult]:
    """One auditor CSV (a row per missing folio) and its manifest per period."""
    results = []
    for period in periods:
        query = template.for_period(period)
        results.append(export_report(con, query, period_file(exports_dir, period), per_folio=True))
    return results


def monthly_periods(since: str, as_of: datetime) -> list[Period]:
    start = month_period(since, "--since")
    if start.start > as_of.date():
        raise UserError(msg("gaps.first_month_after_now", since=since))
    return months_between(start, as_of.date())
