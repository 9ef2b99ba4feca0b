"""``o2c gaps``: missing invoice folios per store and serie; ``refresh`` and ``monthly``."""

from __future__ import annotations

from pathlib import Path

import click

from o2c_desktop.app.gaps import gap_query, requested_period
from o2c_desktop.app.reports import GAP_DETAIL_READS_LOCAL, read_source
from o2c_desktop.cli.output import emit_records, emit_relation, format_option, say
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.messages import msg
from o2c_desktop.services.gaps.files import export_report, monthly_periods, write_period_reports
from o2c_desktop.services.gaps.ledger import RefreshResult, refresh, replay
from o2c_desktop.services.gaps.periods import local_now, parse_day
from o2c_desktop.services.gaps.report import (
    FOLIO_COLUMNS,
    RANGE_COLUMNS,
    TOP_COLUMNS,
    GapQuery,
    ensure_invoices,
    missing_folios,
    ranges,
    records,
    top_stores,
)
from o2c_desktop.services.warehouse import Warehouse

_TABLE_COLUMNS = ["tienda", "serie", "gap_inicio", "gap_fin", "faltantes", "folio_anterior",
                  "fecha_anterior", "folio_siguiente", "fecha_siguiente", "estado"]  # fmt: skip


# The machine keys of ``refresh`` and ``monthly`` (README "Machine output"); the reports' own
# keys are the ledger's column names (services.gaps.report).
REFRESH_COLUMNS = ("as_of", "series", "recomputed", "opened", "closed", "seconds")
MONTHLY_COLUMNS = ("month", "file", "rows")


def _refresh_now(state: CliState, warehouse: Warehouse, trigger: str) -> RefreshResult:
    settings = state.context.settings
    ensure_invoices(warehouse.connection)
    now = local_now(settings.general.timezone)
    return refresh(warehouse, settings.gaps, as_of=now, trigger=trigger)


@click.group(invoke_without_command=True)
@click.option("--day", help="Un día (dd/mm/aaaa o AAAA-MM-DD); por omisión, ayer.")
@click.option("--month", help="Un mes (AAAA-MM).")
@click.option("--from", "date_from", help="Primer día del periodo (dd/mm/aaaa o AAAA-MM-DD).")
@click.option("--to", "date_to", help="Último día del periodo (dd/mm/aaaa o AAAA-MM-DD).")
@click.option("--store", help="Solo esta tienda.")
@click.option("--serie", help="Solo esta serie.")
@click.option("--top", type=click.IntRange(1), help="Las N tiendas con más folios faltantes.")
@click.option(
    "--as-of", "as_of", help="Lo que se sabía al final de ese día (dd/mm/aaaa o AAAA-MM-DD)."
)
@click.option("--per-folio", is_flag=True, help="Un renglón por folio faltante.")
@click.option(
    "--export",
    "export_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Escribe el reporte en un archivo .csv (con manifiesto) o .xlsx.",
)
@click.option(
    "--team/--local",
    "team",
    default=None,
    help="Leer de Snowflake (modo equipo) o del almacén local; por omisión, cloud.team_mode.",
)
@format_option
@pass_state
@click.pass_context
def gaps(
    ctx: click.Context,
    state: CliState,
    day: str | None,
    month: str | None,
    date_from: str | None,
    date_to: str | None,
    store: str | None,
    serie: str | None,
    top: int | None,
    as_of: str | None,
    per_folio: bool,
    export_path: Path | None,
    team: bool | None,
    fmt: str,
) -> None:
    """Folios faltantes por tienda y serie (por omisión: los de ayer)."""
    if ctx.invoked_subcommand is not None:
        return
    settings = state.context.settings
    zone = settings.general.timezone
    period = requested_period(zone, day=day, month=month, date_from=date_from, date_to=date_to)
    detail = per_folio or export_path is not None
    needs_local = GAP_DETAIL_READS_LOCAL if detail else None
    if read_source(team, settings.cloud, needs_local=needs_local) == "team":
        query = gap_query(period, settings.gaps, zone, as_of=as_of, store=store, serie=serie)
        _gaps_from_snowflake(state, query, top, fmt)
        return
    with state.context.open_warehouse() as warehouse:
        _refresh_now(state, warehouse, "report")
        query = gap_query(period, settings.gaps, zone, as_of=as_of, store=store, serie=serie)
        con = warehouse.connection
        if export_path is not None:
            result = export_report(
                con, query, export_path, per_folio=per_folio, top=top or settings.gaps.top
            )
            written = msg(
                "cli.rows_written_with_manifest",
                rows=result.rows,
                path=result.path,
                manifest=result.manifest.name,
            )
            say(written, state.language)
            return
        if top is not None:
            emit_records(top_stores(con, query, top), TOP_COLUMNS, fmt)
            return
        relation = missing_folios(con, query) if per_folio else ranges(con, query)
        columns = FOLIO_COLUMNS if per_folio else RANGE_COLUMNS
        if fmt == "table":
            columns = _TABLE_COLUMNS if not per_folio else ["folio_faltante", *_TABLE_COLUMNS]
        if emit_relation(relation, columns, fmt):
            return
        rows = records(relation)
    if fmt == "table":
        heading = msg("cli.gaps_heading", period=period.label, as_of=query.as_of, rows=len(rows))
        say(heading, state.language)
    emit_records(rows, columns, fmt)


def _gaps_from_snowflake(state: CliState, query: GapQuery, top: int | None, fmt: str) -> None:
    """Team mode: the ranges or the top stores computed by Snowflake from the pushed ledger."""
    from o2c_desktop.services.cloud import team, team_read

    with team_read.team_connection(state.context.settings.cloud) as connection:
        if top is not None:
            emit_records(team.gap_top_stores(connection, query, top), TOP_COLUMNS, fmt)
            return
        rows = team.gap_ranges(connection, query)
    columns = _TABLE_COLUMNS if fmt == "table" else RANGE_COLUMNS
    if fmt == "table":
        heading = msg(
            "cli.gaps_heading_team", period=query.period.label, as_of=query.as_of, rows=len(rows)
        )
        say(heading, state.language)
    emit_records(rows, columns, fmt)


@gaps.command(name="refresh")
@click.option("--full", is_flag=True, help="Recalcula todas las series, no solo las que cambiaron.")
@click.option(
    "--since",
    help="Reconstruye la historia: un corte al final de cada día con cargas desde esta fecha "
    "(dd/mm/aaaa o AAAA-MM-DD) hasta hoy.",
)
@format_option
@pass_state
def refresh_cmd(state: CliState, full: bool, since: str | None, fmt: str) -> None:
    """Actualiza ahora el libro de folios faltantes."""
    settings = state.context.settings
    now = local_now(settings.general.timezone)
    with state.context.open_warehouse() as warehouse:
        ensure_invoices(warehouse.connection)
        if since:
            results = replay(warehouse, settings.gaps, since=parse_day(since, "--since"), until=now)
        else:
            results = [refresh(warehouse, settings.gaps, as_of=now, trigger="cli", full=full)]
    records_out = [
        {
            "as_of": r.as_of,
            "series": r.domains_total,
            "recomputed": r.domains_recomputed,
            "opened": r.gaps_opened,
            "closed": r.gaps_closed,
            "seconds": round(r.seconds, 2),
        }
        for r in results
    ]
    emit_records(records_out, REFRESH_COLUMNS, fmt, titled=True)


@gaps.command(name="monthly")
@click.option("--since", default=None, help="Primer mes (AAAA-MM); por omisión el configurado.")
@format_option
@pass_state
def monthly_cmd(state: CliState, since: str | None, fmt: str) -> None:
    """Escribe los reportes mensuales (CSV con manifiesto) en la carpeta de exportaciones."""
    settings = state.context.settings
    with state.context.open_warehouse() as warehouse:
        _refresh_now(state, warehouse, "cli")
        now = local_now(settings.general.timezone)
        periods = monthly_periods(since or settings.gaps.history_start, now)
        template = GapQuery.under_settings(periods[0], now, settings.gaps)
        written = write_period_reports(
            warehouse.connection, state.context.paths.exports_dir, periods, template
        )
    emit_records(
        [{"month": p.label, "file": str(w.path), "rows": w.rows}
         for p, w in zip(periods, written, strict=True)],
        MONTHLY_COLUMNS, fmt, titled=True,
    )  # fmt: skip


COMMANDS = [gaps]
