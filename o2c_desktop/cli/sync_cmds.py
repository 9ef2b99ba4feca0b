"""``o2c sync`` and ``o2c demo``: the portals through the real browser, then ingest."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

import click

from o2c_desktop.cli.core_cmds import TABLE_COUNT_COLUMNS, table_count_records
from o2c_desktop.cli.output import emit_envelope, emit_records, format_option
from o2c_desktop.cli.progress import TerminalProgress
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg, render
from o2c_desktop.services.credentials import PORTAL_NAMES
from o2c_desktop.services.formats import read_typed_day
from o2c_desktop.services.portals import HumanRequest, HumanStep
from o2c_desktop.services.status import WarehouseStatus
from o2c_desktop.services.sync.service import Progress

if TYPE_CHECKING:
    from o2c_desktop.app.sync import SyncResult

# The machine keys of each step (README "Machine output"); tables show their titles.
STEP_COLUMNS = ("portal", "report", "status", "files", "rows_loaded", "message")


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    day = read_typed_day(value)
    if day is None:
        raise UserError(msg("sync.bad_date", option=option, value=value))
    return day


def terminal_human_step(lang: str, progress: TerminalProgress | None = None) -> HumanStep:
    """A captcha asked at the terminal, in ``lang``; an empty answer leaves it to the browser.
    ``progress`` (other portals keep syncing meanwhile) is not drawn over the question."""

    def ask(request: HumanRequest) -> str | None:
        if progress is None:
            return question(request)
        with progress.held():
            return question(request)

    def question(request: HumanRequest) -> str | None:
        asked = msg("sync.captcha_asked", portal=request.portal.upper(), prompt=request.prompt)
        click.echo(f"\n{asked.text(lang)}", err=True)
        if request.challenge:
            click.echo(f"  {request.challenge}", err=True)
        answer: str = click.prompt(
            msg("sync.captcha_answer_prompt").text(lang),
            default="",
            show_default=False,
            err=True,
        )
        return answer.strip() or None

    return ask


def terminal_person(lang: str, progress: TerminalProgress | None = None) -> HumanStep | None:
    """Someone to ask at this terminal, if stdin is one."""
    return terminal_human_step(lang, progress) if sys.stdin.isatty() else None


def _progress_line(progress: TerminalProgress, lang: str) -> Progress:
    return lambda portal, what, fraction: progress.update(f"{portal}: {what.text(lang)}", fraction)


def _print_summary(result: SyncResult, fmt: str, lang: str) -> None:
    summary = result.summary
    records = [
        {
            "portal": step.portal,
            "report": step.report,
            "status": step.status,
            "files": step.files,
            "rows_loaded": step.rows_loaded,
            "message": render(step.message, lang),
        }
        for step in summary.steps
    ]
    if fmt != "table":
        meta = {
            "run_id": summary.run_id,
            "status": summary.status,
            "files": summary.files,
            "rows_loaded": summary.rows_loaded,
            "seconds": round(summary.seconds, 1),
        }
        emit_envelope(meta, "steps", records, STEP_COLUMNS, fmt)
        return
    click.echo(result.headline().text(lang))
    emit_records(records, STEP_COLUMNS, fmt, titled=True)


@click.command(name="sync")
@click.option("--portal", "portals", multiple=True, type=click.Choice(sorted(PORTAL_NAMES)),
              help="Portal a sincronizar (repetible; por omisión todos).")  # fmt: skip
@click.option("--from", "date_from", help="Fecha inicial dd/mm/aaaa.")
@click.option("--to", "date_to", help="Fecha final dd/mm/aaaa (por omisión, hoy).")
@click.option("--visible", is_flag=True, help="Muestra el navegador (para resolver captchas).")
@format_option
@pass_state
def sync_cmd(
    state: CliState,
    portals: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    visible: bool,
    fmt: str,
) -> None:
    """Sincroniza los portales con el navegador y carga lo descargado."""
    from o2c_desktop.app.sync import captcha_answerer, sync_portals
    from o2c_desktop.services.sync import SyncRequest

    context, lang = state.context, state.language
    request = SyncRequest(
        portals=portals,
        date_from=_parse_day(date_from, "--from"),
        date_to=_parse_day(date_to, "--to"),
        trigger="cli",
        visible=visible,
    )
    with TerminalProgress(msg("sync.progress_title").text(lang)) as progress:
        person = terminal_person(lang, progress)
        human = captcha_answerer(context.settings, terminal=person, visible=visible)
        result = sync_portals(
            context.settings,
            context.paths,
            request,
            open_warehouse=context.open_warehouse,
            holder="o2c sync",
            human=human,
            progress=_progress_line(progress, lang),
        )
    _print_summary(result, fmt, lang)
    if not result.ok:
        raise SystemExit(1)


@click.command()
@format_option
@pass_state
def demo(state: CliState, fmt: str) -> None:
    """El trabajo principal con el portal de demostración: sincroniza, carga y resume."""
    from o2c_desktop.app.status import loaded_tables
    from o2c_desktop.app.sync import run_demo_sync
    from o2c_desktop.services.status import warehouse_status

    context, lang = state.context, state.language
    shown: list[WarehouseStatus] = []
    with TerminalProgress(msg("sync.demo_progress_title").text(lang)) as progress:
        result = run_demo_sync(
            context.settings,
            context.paths,
            open_warehouse=context.open_warehouse,
            holder="o2c demo",
            progress=_progress_line(progress, lang),
            then=lambda warehouse: shown.append(warehouse_status(warehouse)),
        )
    _print_summary(result, fmt, lang)
    if fmt == "table":
        status = shown[0]
        where = msg(
            "status.warehouse_with_schema", warehouse=status.warehouse,
            version=status.schema_version,
        )  # fmt: skip
        click.echo(f"\n{where.text(lang)}")
        emit_records(table_count_records(loaded_tables(status)), TABLE_COUNT_COLUMNS, fmt,
                     titled=True)  # fmt: skip
    if not result.ok:
        raise SystemExit(1)


COMMANDS = [sync_cmd, demo]
