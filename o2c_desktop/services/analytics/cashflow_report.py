"""The cash projection as finance reads it: titled columns, the per-invoice detail and the Excel /
CSV export. Shared by the CLI and the window, so both show and export the same figures.

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

from o2c_desktop.errors import UserError
from o2c_desktop.services.analytics.cashflow import (
    EVENT_COLUMNS,
    WEEK_COLUMNS,
    CashflowProjection,
)
from o2c_desktop.services.analytics.report import source_files
from o2c_desktop.services.columns import ColumnKind
from o2c_desktop.services.exports import Column, SheetSpec, write_csv, write_manifest, write_xlsx

DETAIL_COLUMNS: tuple[str, ...] = ("week_p50", "week_p90", *EVENT_COLUMNS)

# Column → (kind, Spanish title, English title).
_COLUMNS: dict[str, tuple[ColumnKind, str, str]] = {
    "week": ("count", "Semana", "Week"),
    "start": ("date", "Desde", "From"),
    "end": ("date", "Hasta", "To"),
    "institution_p50": ("money", "Cobro institución P50", "Institution payments P50"),
    "institution_p90": ("money", "Cobro institución P90", "Institution payments P90"),
    "advances": ("money", "Anticipos de factoraje", "Factoring advances"),
    "reserves": ("money", "Reservas liberadas", "Reserves released"),
    "fees": ("money", "Comisiones", "Fees"),
    "net": ("money", "Neto P50", "Net P50"),
    "running_total": ("money", "Acumulado P50", "Running total P50"),
    "week_p50": ("count", "Semana P50", "Week P50"),
    "week_p90": ("count", "Semana P90", "Week P90"),
    "concept": ("text", "Concepto", "Concept"),
    "institution": ("text", "Institución", "Institution"),
    "uuid": ("id", "UUID", "UUID"),
    "invoice": ("id", "Factura", "Invoice"),
    "stage": ("text", "Etapa", "Stage"),
    "factor": ("text", "Factor", "Factor"),
    "factoring_state": ("text", "Estado de factoraje", "Factoring state"),
    "recourse": ("bool", "Con recurso", "With recourse"),
    "invoice_amount": ("money", "Importe de la factura", "Invoice amount"),
    "expected_penalty": ("money", "Penalización esperada", "Expected penalty"),
    "date_p50": ("date", "Fecha P50", "Date P50"),
    "date_p90": ("date", "Fecha P90", "Date P90"),
    "amount": ("money", "Importe", "Amount"),
}
WEEKS_SHEET = "Semanas"
EVENTS_SHEET = "Eventos"


def column_title(name: str, lang: str = "es") -> str:
    _, es, en = _COLUMNS[name]
    return en if lang == "en" else es


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
    return [Column(n, column_title(n, lang), _COLUMNS[n][0]) for n in names]


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
        raise UserError(
            f"No se puede exportar a «{path.name}»: use un archivo .xlsx o .csv.",
            f"Cannot export to '{path.name}': use an .xlsx or .csv file.",
        )
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
