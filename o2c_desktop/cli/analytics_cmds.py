"""``o2c reconcile | receivables | contracts | logistics``: the analytics views at a cut, printed
as a table, JSON or CSV, or exported to Excel / CSV."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import click

from o2c_desktop.app.reports import EXPORT_READS_LOCAL, read_source, relation_kept_by_a_screen
from o2c_desktop.cli.output import emit_records, emit_relation, format_option, say
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.analytics import Report, export, make_cut, parse_filters, records
from o2c_desktop.services.analytics import contracts as contracts_service
from o2c_desktop.services.analytics import logistics as logistics_service
from o2c_desktop.services.analytics import receivables as receivables_service
from o2c_desktop.services.analytics import reconcile as reconcile_service
from o2c_desktop.services.analytics.asof import Cut
from o2c_desktop.services.analytics.report import filter_records
from o2c_desktop.services.analytics.view_report import ViewReport
from o2c_desktop.services.formats import read_typed_day
from o2c_desktop.settings import AnalyticsSettings

# A report function of services.analytics: (connection, cut, settings, filters) -> Report.
ReportBuilder = Callable[[Any, Cut, AnalyticsSettings, dict[str, str]], Report]


@dataclass(frozen=True)
class ReportAsk:
    """What every report command is asked: the cut, the filters, an export file, the format."""

    as_of: str | None
    filters: tuple[str, ...]
    export_path: Path | None
    fmt: str


def parse_as_of(text: str | None) -> date | None:
    """Day-first (dd/mm/aaaa) as clerks write it, or ISO (aaaa-mm-dd)."""
    if text is None:
        return None
    day = read_typed_day(text)
    if day is None:
        raise UserError(msg("report.bad_as_of", text=text))
    return day


def cut_named(cut: Cut) -> Message | str:
    """How a heading names the cut: its day, or "current" when it reads everything loaded."""
    return cut.as_of_date.isoformat() if cut.historical else msg("cli.cut_current")


def _options(function: Callable[..., None]) -> Callable[..., None]:
    """The report options, handed to the command as one :class:`ReportAsk`."""

    @functools.wraps(function)
    def asked(
        state: CliState, *, as_of: str | None, filters: tuple[str, ...],
        export_path: Path | None, fmt: str, **rest: Any,
    ) -> None:  # fmt: skip
        function(state, ReportAsk(as_of, filters, export_path, fmt), **rest)

    decorators: list[Callable[[Callable[..., None]], Callable[..., None]]] = [
        click.option("--as-of", "as_of", help="Lo que se sabía al final de ese día (dd/mm/aaaa)."),
        click.option(
            "--filter",
            "filters",
            multiple=True,
            help="campo=valor (repetible), por ejemplo --filter institucion=IMSS.",
        ),
        click.option(
            "--export",
            "export_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Escribe el reporte completo en un archivo .xlsx o .csv.",
        ),
        format_option,
        pass_state,
    ]
    command: Callable[..., None] = asked
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


team_option = click.option(
    "--team/--local",
    "team",
    default=None,
    help="Leer de Snowflake (modo equipo) o del almacén local; por omisión, cloud.team_mode.",
)


def _run_team(
    state: CliState, ask: ReportAsk, report: ViewReport, table_columns: Sequence[str]
) -> None:
    """The report's view computed by Snowflake from the pushed tables (team mode)."""
    from o2c_desktop.services.cloud import team, team_read

    settings = state.context.settings
    cut = make_cut(parse_as_of(ask.as_of), settings.general.timezone)
    order_by = tuple(report.order_by.split(", "))
    with team_read.team_connection(settings.cloud) as connection:
        rows = team.records(connection, report.view, cut, settings.analytics, order_by=order_by)
        report_columns = report.columns or (
            list(rows[0])
            if rows
            else team.view_columns(connection, report.view, cut, settings.analytics)
        )
    rows = filter_records(rows, parse_filters(ask.filters))
    columns = list(table_columns if ask.fmt == "table" else report_columns)
    if ask.fmt == "table":
        heading = msg(
            "cli.report_heading_team", title=report.view, cut=cut_named(cut), rows=len(rows)
        )
        say(heading, state.language)
    emit_records([{c: r[c] for c in columns} for r in rows], columns, ask.fmt)


def _run(
    state: CliState,
    ask: ReportAsk,
    build: ReportBuilder,
    table_columns: Sequence[str],
    *,
    team: bool | None = None,
    in_team: bool = False,
    cache_name: str = "",
) -> None:
    """Show or export one report. ``in_team``: Snowflake has the report's view too (the command
    has --team/--local, given as ``team``; None lets the settings decide)."""
    context = state.context
    export_path, fmt = ask.export_path, ask.fmt
    needs_local = EXPORT_READS_LOCAL if export_path is not None else None
    team_view = build if in_team and isinstance(build, ViewReport) else None
    source = read_source(
        team, context.settings.cloud, has_team_view=team_view is not None, needs_local=needs_local
    )
    if source == "team" and team_view is not None:
        _run_team(state, ask, team_view, table_columns)
        return
    cut = make_cut(parse_as_of(ask.as_of), context.settings.general.timezone)
    wanted = parse_filters(ask.filters)
    with context.open_warehouse(read_only=True) as warehouse:
        con = warehouse.connection
        report = build(con, cut, context.settings.analytics, wanted)
        if export_path is not None:
            result = export(con, report, export_path, lang=state.language)
            say(msg("cli.rows_written", rows=result.rows, path=result.path), state.language)
            return
        columns = list(table_columns if fmt == "table" else report.columns)
        shown = (
            report.relation
            if fmt == "table"
            else relation_kept_by_a_screen(
                con, context.paths, context.settings.analytics, report, cache_name
            )
        )
        if emit_relation(shown, columns, fmt):
            return
        rows = records(report.relation, columns)
    if fmt == "table":
        heading = msg("cli.report_heading", title=report.title, cut=cut_named(cut), rows=len(rows))
        say(heading, state.language)
    emit_records(rows, columns, fmt)


@click.command()
@click.option("--exceptions", "only_exceptions", is_flag=True, help="Solo las excepciones.")
@team_option
@_options
def reconcile(state: CliState, ask: ReportAsk, only_exceptions: bool, team: bool | None) -> None:
    """Conciliación orden → alta → factura → contrarecibo/SAGI → pago, con excepciones."""
    if only_exceptions:
        _run(state, ask, reconcile_service.exceptions, reconcile_service.EXCEPTION_COLUMNS,
             team=team, in_team=True)  # fmt: skip
        return
    # cache_name: the Conciliación screen's cache entry, reused when it matches.
    _run(state, ask, reconcile_service.chain, reconcile_service.TABLE_COLUMNS, team=team,
         in_team=True, cache_name="reconciliation")  # fmt: skip


@click.command()
@click.option(
    "--view",
    type=click.Choice(["items", "dso", "states", "collections"]),
    default="items",
    show_default=True,
    help="items: partidas abiertas; dso; states: días por estado; collections: cobro por semana.",
)
@_options
def receivables(state: CliState, ask: ReportAsk, view: str) -> None:
    """Cuentas por cobrar: antigüedad, DSO, días por estado y cobranza esperada."""
    settings = state.context.settings.analytics
    if view in ("dso", "collections"):
        if ask.export_path is not None:
            raise UserError(msg("report.view_not_exported", view=view))
        cut = make_cut(parse_as_of(ask.as_of), state.context.settings.general.timezone)
        with state.context.open_warehouse(read_only=True) as warehouse:
            if view == "dso":
                rows = receivables_service.dso(warehouse.connection, cut, settings)
                columns = ["institucion", "por_cobrar", "facturado_90_dias", "dso_dias"]
            else:
                rows = receivables_service.expected_collections(warehouse.connection, cut, settings)
                columns = ["semana", "institucion", "facturas", "importe"]
        emit_records(filter_records(rows, parse_filters(ask.filters)), columns, ask.fmt)
        return
    if view == "states":
        _run(state, ask, receivables_service.state_days,
             ["uuid", "estado_cr", "dias_sin_contra_recibo", "dias_en_proceso", "dias_aprobado",
              "estancada"])  # fmt: skip
        return
    _run(state, ask, receivables_service.open_items, receivables_service.TABLE_COLUMNS)


@click.command()
@click.option(
    "--view",
    type=click.Choice(["lines", "versions"]),
    default="lines",
    show_default=True,
    help="lines: saldos por renglón de demanda; versions: máximos y vigencia por contrato y "
    "clave con los convenios vigentes al corte.",
)
@team_option
@_options
def contracts(state: CliState, ask: ReportAsk, view: str, team: bool | None) -> None:
    """Saldos de contratos por clave: mínimo, máximo, ordenado, entregado, agotamiento."""
    if view == "versions":
        _run(state, ask, contracts_service.versions, contracts_service.VERSION_TABLE_COLUMNS,
             team=team, in_team=True)  # fmt: skip
        return
    _run(state, ask, contracts_service.balances, contracts_service.TABLE_COLUMNS, team=team,
         in_team=True)  # fmt: skip


@click.command()
@click.option(
    "--by",
    type=click.Choice(list(logistics_service.GROUPINGS)),
    default="proveedor",
    show_default=True,
    help="Agrupar por proveedor, institución, unidad o semana.",
)
@_options
def logistics(state: CliState, ask: ReportAsk, by: str) -> None:
    """Indicadores de entrega por proveedor: a tiempo, completo, OTIF, atraso, penas."""
    report_columns = (*logistics_service.GROUPINGS[by], *logistics_service.KPI_COLUMNS)
    _run(state, ask,
         lambda con, cut, settings, f: logistics_service.kpis(con, cut, settings, by, f),
         report_columns)  # fmt: skip


COMMANDS = [reconcile, receivables, contracts, logistics]
