"""``o2c schedule add|list|remove|pause|resume``, ``o2c scheduler run`` and ``o2c runs``."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime

import click

from o2c_desktop.app.schedules import (
    ensure_default_executors,
    read_schedules,
    remove_schedule,
    save_schedule,
    schedule_from_options,
    set_schedule_enabled,
)
from o2c_desktop.cli.output import emit_records, format_option
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg, render, rendered
from o2c_desktop.services.credentials import PORTAL_NAMES
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler import O2cScheduler
from o2c_desktop.services.scheduler.triggers import frequency

# The machine keys of each schedule's record (README "Machine output"); tables show their titles.
SCHEDULE_COLUMNS = (
    "schedule_id", "kind", "frequency", "portals", "enabled", "next_run", "last_result",
    "skipped", "last_skip_reason",
)  # fmt: skip


@click.group()
def schedule() -> None:
    """Horarios de sincronización y reportes (persisten entre reinicios)."""


@schedule.command(name="add")
@click.argument("schedule_id")
@click.option("--daily", is_flag=True, help="Cada día (lo que se usa si no se indica otra cosa).")
@click.option("--weekly", "weekdays", help="Días de la semana, p. ej. mon,thu.")
@click.option("--monthly", "day_of_month", type=click.IntRange(1, 28), help="Día del mes.")
@click.option("--cron", "cron", help="Expresión cron de cinco campos.")
@click.option("--at", "at", default="07:00", show_default=True, help="Hora (HH:MM, CDMX).")
@click.option("--kind", type=click.Choice(["sync", "gaps", "push"]), default="sync")
@click.option("--portal", "portals", multiple=True, type=click.Choice(sorted(PORTAL_NAMES)),
              help="Portal a sincronizar (repetible; por omisión todos).")  # fmt: skip
@click.option("--paused", is_flag=True, help="Crear en pausa.")
@pass_state
def add_cmd(
    state: CliState,
    schedule_id: str,
    daily: bool,  # the default: accepted so that it can be said
    weekdays: str | None,
    day_of_month: int | None,
    cron: str | None,
    at: str,
    kind: str,
    portals: tuple[str, ...],
    paused: bool,
) -> None:
    """Agrega (o reemplaza) el horario SCHEDULE_ID."""
    spec = schedule_from_options(
        schedule_id, weekdays=weekdays, day_of_month=day_of_month, cron=cron, at=at, kind=kind,
        portals=portals, paused=paused,
    )  # fmt: skip
    click.echo(save_schedule(state.context, spec).text(state.language))


@schedule.command(name="list")
@format_option
@pass_state
def list_cmd(state: CliState, fmt: str) -> None:
    """Horarios con su próxima ejecución, último resultado y omisiones."""
    context, lang = state.context, state.language
    settings = context.settings
    with context.open_warehouse() as warehouse:
        reading = read_schedules(settings.schedules, settings.general.timezone, warehouse)
    every_portal = msg("schedule.every_portal").text(lang) if fmt == "table" else ""
    records = [
        {
            "schedule_id": row.spec.id,
            "kind": row.spec.kind,
            # Machine output has always carried the Spanish words; a table speaks ``lang``.
            "frequency": frequency(row.spec).text(lang if fmt == "table" else "es"),
            "portals": ",".join(row.spec.portals) or every_portal,  # machine: empty is all
            "enabled": row.spec.enabled,
            "next_run": f"{row.next_run:%Y-%m-%d %H:%M}" if row.next_run else "",
            "last_result": row.last_result,
            "skipped": row.skipped,
            "last_skip_reason": render(row.last_skip_reason, lang),
        }
        for row in reading.rows
    ]
    emit_records(records, SCHEDULE_COLUMNS, fmt, titled=True)


@schedule.command(name="remove")
@click.argument("schedule_id")
@pass_state
def remove_cmd(state: CliState, schedule_id: str) -> None:
    """Borra el horario SCHEDULE_ID."""
    click.echo(remove_schedule(state.context, schedule_id).text(state.language))


@schedule.command(name="pause")
@click.argument("schedule_id")
@pass_state
def pause_cmd(state: CliState, schedule_id: str) -> None:
    """Pone en pausa el horario SCHEDULE_ID."""
    click.echo(set_schedule_enabled(state.context, schedule_id, False).text(state.language))


@schedule.command(name="resume")
@click.argument("schedule_id")
@pass_state
def resume_cmd(state: CliState, schedule_id: str) -> None:
    """Reactiva el horario SCHEDULE_ID."""
    click.echo(set_schedule_enabled(state.context, schedule_id, True).text(state.language))


@click.group()
def scheduler() -> None:
    """El programador de tareas sin ventana."""


@scheduler.command(name="run")
@pass_state
def scheduler_run(state: CliState) -> None:
    """Mantiene el programador activo hasta Ctrl+C (o la señal TERM)."""
    ensure_default_executors()
    host = O2cScheduler(state.context.settings, state.context.paths)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    host.start()
    started = msg(
        "scheduler.started", count=len(state.context.settings.schedules),
        since=f"{datetime.now(UTC):%Y-%m-%d %H:%M}",
    )  # fmt: skip
    click.echo(started.text(state.language), err=True)
    try:
        stop.wait()
    finally:
        host.shutdown()
    click.echo(msg("scheduler.stopped").text(state.language), err=True)


@click.command(name="runs")
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--run", "run_id", type=int, help="Muestra los pasos de una ejecución.")
@format_option
@pass_state
def runs_cmd(state: CliState, limit: int, run_id: int | None, fmt: str) -> None:
    """Historial de ejecuciones (y sus pasos con --run)."""
    with state.context.open_warehouse() as warehouse:
        history = RunHistory(warehouse)
        if run_id is not None:
            steps = history.steps(run_id)
            if history.run(run_id) is None:
                raise UserError(msg("runs.not_found", run=run_id))
            records = [rendered(vars(step), state.language) for step in steps]
            columns = ["step_no", "portal", "report", "range_from", "range_to", "status"]
            columns += ["files", "seconds", "reason", "error_message", "evidence_dir"]
        else:
            records = [rendered(vars(run), state.language) for run in history.runs(limit)]
            columns = ["run_id", "trigger", "schedule_id", "portals", "started_at"]
            columns += ["finished_at", "status", "message", "evidence_dir"]
    emit_records(records, columns, fmt)


COMMANDS = [schedule, scheduler, runs_cmd]
