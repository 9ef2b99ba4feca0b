"""``o2c sync`` and ``o2c demo``: the portals through the real browser, then ingest."""

from __future__ import annotations

import sys
from datetime import date, datetime

import click

from o2c_desktop.cli.core_cmds import TABLE_COUNT_COLUMNS, table_count_records
from o2c_desktop.cli.output import emit_envelope, emit_records, format_option
from o2c_desktop.cli.progress import TerminalProgress
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.errors import UserError
from o2c_desktop.messages import render
from o2c_desktop.services.credentials import PORTAL_NAMES
from o2c_desktop.services.portals import HumanRequest, HumanStep, browser_only
from o2c_desktop.services.scheduler.jobs import sync_lock_for
from o2c_desktop.services.status import warehouse_status
from o2c_desktop.services.sync import SyncSummary

# The machine keys of each step (README "Machine output"); tables show their titles.
STEP_COLUMNS = ("portal", "report", "status", "files", "rows_loaded", "message")


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar day
    except ValueError:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise UserError(
                f"La fecha {option} «{value}» no es válida: use dd/mm/aaaa (p. ej. 01/07/2025).",
                f"The date {option} '{value}' is invalid: use dd/mm/yyyy (e.g. 01/07/2025).",
            ) from None


def terminal_human_step(request: HumanRequest) -> str | None:
    click.echo(f"\n{request.portal.upper()} pide resolver un captcha: {request.prompt}", err=True)
    if request.challenge:
        click.echo(f"  {request.challenge}", err=True)
    answer: str = click.prompt(
        "Respuesta (Enter para resolverlo en la ventana del navegador)",
        default="",
        show_default=False,
        err=True,
    )
    return answer.strip() or None


def _print_summary(summary: SyncSummary, fmt: str, lang: str) -> None:
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
    click.echo(
        f"Ejecución {summary.run_id}: {summary.status}, {summary.files} archivos, "
        f"{summary.rows_loaded} filas cargadas, {summary.seconds:.0f} s"
    )
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
    from o2c_desktop.services.sync import SyncRequest, SyncService
    from o2c_desktop.services.sync.targets import answer_demo_captcha

    context = state.context
    human: HumanStep | None
    if context.settings.portals.mode == "demo":
        human = answer_demo_captcha
    elif sys.stdin.isatty():
        human = terminal_human_step
    else:
        # No one at the terminal: a visible browser still lets a person solve the captcha there.
        human = browser_only if visible else None
    request = SyncRequest(
        portals=portals,
        date_from=_parse_day(date_from, "--from"),
        date_to=_parse_day(date_to, "--to"),
        trigger="cli",
        visible=visible,
    )
    with (
        sync_lock_for(context.paths, holder="o2c sync"),
        context.open_warehouse() as warehouse,
        TerminalProgress("Sincronizando") as progress,
    ):
        summary = SyncService(context.settings, context.paths, warehouse, human=human).run(
            request,
            progress=lambda portal, what, f: progress.update(
                f"{portal}: {what.text(state.language)}", f
            ),
        )
    _print_summary(summary, fmt, state.language)
    if summary.status != "ok":
        raise SystemExit(1)


@click.command()
@format_option
@pass_state
def demo(state: CliState, fmt: str) -> None:
    """El trabajo principal con el portal de demostración: sincroniza, carga y resume."""
    from o2c_desktop.services.demo import run_demo

    context = state.context
    with (
        sync_lock_for(context.paths, holder="o2c demo"),
        context.open_warehouse() as warehouse,
    ):
        with TerminalProgress("Sincronizando el portal de demostración") as progress:
            summary = run_demo(
                context.settings,
                context.paths,
                warehouse,
                progress=lambda portal, what, f: progress.update(
                    f"{portal}: {what.text(state.language)}", f
                ),
            )
        _print_summary(summary, fmt, state.language)
        if fmt == "table":
            status = warehouse_status(warehouse)
            click.echo(f"\nAlmacén: {status.warehouse} (esquema {status.schema_version})")
            loaded = [r for r in table_count_records(status) if r["rows"]]
            emit_records(loaded, TABLE_COUNT_COLUMNS, fmt, titled=True)
    if summary.status != "ok":
        raise SystemExit(1)


COMMANDS = [sync_cmd, demo]
