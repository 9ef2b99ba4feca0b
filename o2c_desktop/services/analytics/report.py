"""What every analytics report shares: filters, record conversion and the Excel/CSV export.

A report is a DuckDB relation over one view at one cut. Filters are equality tests on the view's
columns built as expressions, never spliced into SQL text. Exports stream the relation in Arrow
batches; the Excel workbook gets a summary sheet computed from the same relation (so its totals
equal the detail) and a parameters sheet naming the cut, the filters and every source file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.analytics.asof import Cut
from o2c_desktop.services.exports import (
    SheetSpec,
    sheet_columns,
    write_csv,
    write_manifest,
    write_xlsx,
)
from o2c_desktop.services.sqlquote import quote_identifier


@dataclass(frozen=True)
class Report:
    """A view at a cut with its filters, the columns to show and how to summarise it."""

    title: str
    relation: duckdb.DuckDBPyRelation
    cut: Cut
    columns: Sequence[str]
    filters: Mapping[str, str] = field(default_factory=dict)
    summary_by: Sequence[str] = ()
    summary_sums: Sequence[str] = ()


def parse_filters(items: Sequence[str]) -> dict[str, str]:
    """``--filter campo=valor`` options into a dict; a bad one is the user's to fix."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UserError(msg("report.bad_filter", item=item))
        out[key.strip()] = value.strip()
    return out


def apply_filters(
    relation: duckdb.DuckDBPyRelation, filters: Mapping[str, str]
) -> duckdb.DuckDBPyRelation:
    for key, value in filters.items():
        if key not in relation.columns:
            fields = ", ".join(relation.columns)
            raise UserError(msg("report.unknown_filter_field", key=key, fields=fields))
        column = duckdb.ColumnExpression(key).cast(duckdb.sqltype("VARCHAR"))
        relation = relation.filter(column == duckdb.ConstantExpression(value))
    return relation


def filter_records(rows: list[dict[str, Any]], filters: Mapping[str, str]) -> list[dict[str, Any]]:
    """``--filter campo=valor`` on rows already read, compared as text as :func:`apply_filters`
    compares them."""
    if rows:
        for key in filters:
            if key not in rows[0]:
                fields = ", ".join(rows[0])
                raise UserError(msg("report.unknown_filter_field", key=key, fields=fields))
    return [r for r in rows if all(str(r[k]) == v for k, v in filters.items())]


def records(relation: duckdb.DuckDBPyRelation, columns: Sequence[str]) -> list[dict[str, Any]]:
    selected = relation.select(*[duckdb.ColumnExpression(c) for c in columns])
    rows = selected.fetchall()
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _sum_of(column: str) -> str:
    return f", sum({quote_identifier(column)}) AS {quote_identifier(column)}"


def summary(report: Report) -> list[dict[str, Any]]:
    """Row counts and sums per group, plus a total row; computed by the database."""
    if not report.summary_by:
        return []
    keys = ", ".join(quote_identifier(c) for c in report.summary_by)
    sums = "".join(_sum_of(c) for c in report.summary_sums)
    grouped = report.relation.aggregate(f"{keys}, count(*) AS renglones{sums}", keys)
    rows = records(grouped, [*report.summary_by, "renglones", *report.summary_sums])
    rows.sort(key=lambda r: tuple("" if r[c] is None else str(r[c]) for c in report.summary_by))
    total_sums = "".join(_sum_of(c) for c in report.summary_sums)
    total = records(
        report.relation.aggregate(f"count(*) AS renglones{total_sums}"),
        ["renglones", *report.summary_sums],
    )[0]
    rows.append({report.summary_by[0]: "TOTAL", **total})
    return rows


def source_files(con: duckdb.DuckDBPyConnection, cut: Cut) -> list[tuple[str, str]]:
    """(file name, sha256) of every file loaded before the cut."""
    rows = con.execute(
        "SELECT original_name, archive_sha256 FROM load_ledger "
        "WHERE status = 'loaded' AND coalesce(snapshot_at, started_at) < ? "
        "ORDER BY original_name, archive_sha256",
        [cut.known_before],
    ).fetchall()
    return [(str(name), str(sha)) for name, sha in rows]


def export_parameters(
    con: duckdb.DuckDBPyConnection, report: Report, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "reporte": report.title,
        "fecha de corte": report.cut.as_of_date,
        "datos conocidos hasta": "todo lo cargado"
        if not report.cut.historical
        else (report.cut.known_before),
        "filtros": ", ".join(f"{k}={v}" for k, v in report.filters.items()) or "ninguno",
        "generado": datetime.now(UTC).replace(tzinfo=None, microsecond=0),
        **(extra or {}),
    }
    for name, sha in source_files(con, report.cut):
        params[f"archivo fuente: {name} [{sha[:12]}]"] = sha
    return params


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    manifest: Path | None


def export(
    con: duckdb.DuckDBPyConnection,
    report: Report,
    path: Path,
    *,
    extra_parameters: Mapping[str, Any] | None = None,
    max_rows_per_sheet: int | None = None,
    lang: str = "es",
) -> ExportResult:
    """Write the report to ``.xlsx`` (detail, summary, parameters) or ``.csv`` (+ manifest).

    The workbook is for people: titles and words in ``lang``, values formatted by kind. The CSV is
    for machines: column names and values as the warehouse holds them (reason codes, ISO dates)."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UserError(msg("report.export_suffix", name=path.name))
    params = export_parameters(con, report, extra_parameters)
    detail = report.relation.select(*[duckdb.ColumnExpression(c) for c in report.columns])
    if suffix == ".csv":
        rows = write_csv(path, detail, list(report.columns))
        return ExportResult(path, rows, write_manifest(path, params, rows))
    sheets = []
    summary_rows = summary(report)
    if summary_rows:
        summary_columns = [*report.summary_by, "renglones", *report.summary_sums]
        sheets.append(SheetSpec("Resumen", sheet_columns(summary_columns, lang), summary_rows))
    sheets.insert(0, SheetSpec("Detalle", sheet_columns(report.columns, lang), detail))
    options: dict[str, Any] = {"lang": lang}
    if max_rows_per_sheet is not None:
        options["max_rows_per_sheet"] = max_rows_per_sheet
    counts = write_xlsx(path, sheets, params, **options)
    return ExportResult(path, counts["Detalle"], None)
