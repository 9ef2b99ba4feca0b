"""``o2c cashflow``: the expected cash per week from a cut (DOMAIN §7), printed as a table, JSON or
CSV, or exported to Excel / CSV; ``--detail`` lists the invoice events behind the figures."""

from __future__ import annotations

from pathlib import Path

import click

from o2c_desktop.app.reports import EXPORT_READS_LOCAL, read_source
from o2c_desktop.cli.analytics_cmds import cut_named, parse_as_of, team_option
from o2c_desktop.cli.output import emit_records, format_option, say
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.messages import msg
from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.asof import Cut
from o2c_desktop.services.analytics.cashflow import (
    DEFAULT_WEEKS,
    WEEK_COLUMNS,
    CashflowProjection,
    check_weeks,
    project,
    project_events,
)
from o2c_desktop.services.analytics.cashflow_report import (
    DETAIL_COLUMNS,
    detail_records,
    export_projection,
    titled,
)

# What the printed detail shows; JSON, CSV and the export carry every column.
DETAIL_TABLE_COLUMNS = (
    "week_p50", "week_p90", "concept", "institution", "invoice", "uuid", "factor", "date_p50",
    "date_p90", "amount",
)  # fmt: skip


def _team_projection(state: CliState, cut: Cut, weeks: int) -> CashflowProjection:
    from o2c_desktop.services.cloud import team, team_read

    settings = state.context.settings
    with team_read.team_connection(settings.cloud) as connection:
        events = team.cashflow_events(connection, cut, settings.analytics)
    return project_events(cut, events, weeks)


def _print(
    projection: CashflowProjection, detail: bool, fmt: str, *, team: bool, lang: str
) -> None:
    if detail:
        rows, columns = detail_records(projection), DETAIL_COLUMNS
        table_columns: tuple[str, ...] = DETAIL_TABLE_COLUMNS
        what = msg("cli.events", count=len(rows))
    else:
        rows, columns = projection.week_records, WEEK_COLUMNS
        table_columns = WEEK_COLUMNS
        what = msg("cli.weeks", count=len(rows))
    if fmt != "table":
        emit_records(rows, columns, fmt)
        return
    heading = "cli.cashflow_heading_team" if team else "cli.cashflow_heading"
    say(msg(heading, cut=cut_named(projection.cut), what=what), lang)
    shown = titled(rows, table_columns)
    emit_records(shown, list(shown[0]) if shown else [], fmt)


@click.command()
@click.option(
    "--weeks",
    type=int,
    default=DEFAULT_WEEKS,
    show_default=True,
    help="Semanas a proyectar desde la fecha de corte.",
)
@click.option("--as-of", "as_of", help="Lo que se sabía al final de ese día (dd/mm/aaaa).")
@click.option(
    "--detail",
    is_flag=True,
    help="Los eventos por factura detrás de cada cifra, con su semana P50 y P90.",
)
@click.option(
    "--export",
    "export_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Escribe la proyección en .xlsx (semanas y eventos) o .csv (semanas, o eventos con "
    "--detail).",
)
@team_option
@format_option
@pass_state
def cashflow(
    state: CliState,
    weeks: int,
    as_of: str | None,
    detail: bool,
    export_path: Path | None,
    team: bool | None,
    fmt: str,
) -> None:
    """Flujo de efectivo proyectado por semana: cobros P50/P90, anticipos, reservas, comisiones."""
    context = state.context
    check_weeks(weeks)
    cut = make_cut(parse_as_of(as_of), context.settings.general.timezone)
    needs_local = EXPORT_READS_LOCAL if export_path is not None else None
    if read_source(team, context.settings.cloud, needs_local=needs_local) == "team":
        _print(_team_projection(state, cut, weeks), detail, fmt, team=True, lang=state.language)
        return
    with context.open_warehouse(read_only=True) as warehouse:
        projection = project(warehouse.connection, cut, context.settings.analytics, weeks)
        if export_path is not None:
            result = export_projection(
                warehouse.connection, projection, export_path, detail=detail, lang=state.language
            )
            written = msg(
                "cli.cashflow_written", weeks=result.weeks, events=result.events, path=result.path
            )
            say(written, state.language)
            return
    _print(projection, detail, fmt, team=False, lang=state.language)


COMMANDS = [cashflow]
