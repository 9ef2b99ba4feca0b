"""``o2c schedule add|list|remove|pause|resume``, ``o2c scheduler run`` and ``o2c runs``."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import click

from o2c_desktop.cli.output import emit_records, format_option
from o2c_desktop.cli.state import CliState, pass_state
from o2c_desktop.errors import UserError
from o2c_desktop.messages import render, rendered
from o2c_desktop.services.credentials import PORTAL_NAMES
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler import O2cScheduler
from o2c_desktop.services.scheduler.jobs import ensure_default_executors
from o2c_desktop.services.scheduler.triggers import build_trigger, describe
from o2c_desktop.settings import ScheduleSpec

# The machine keys of each schedule's record (README "Machine output"); tables show their titles.
SCHEDULE_COLUMNS = (
    "schedule_id", "kind", "frequency", "portals", "enabled", "next_run", "last_result",
    "skipped", "last_skip_reason",
)  # fmt: skip
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _find(state: CliState, schedule_id: str) -> ScheduleSpec:
    for spec in state.context.settings.schedules:
        if spec.id == schedule_id:
            return spec
    raise UserError(
        f"No existe el horario «{schedule_id}». Vea los horarios con «o2c schedule list».",
        f"There is no schedule '{schedule_id}'. List them with 'o2c schedule list'.",
    )


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
    daily: bool,
    weekdays: str | None,
    day_of_month: int | None,
    cron: str | None,
    at: str,
    kind: str,
    portals: tuple[str, ...],
    paused: bool,
) -> None:
    """Agrega (o reemplaza) el horario SCHEDULE_ID."""
    frequency = "daily"
    days: list[str] = []
    if weekdays:
        frequency = "weekly"
        days = [d.strip().lower() for d in weekdays.split(",") if d.strip()]
        unknown = [d for d in days if d not in WEEKDAYS]
        if unknown:
            raise UserError(
                f"Días no válidos: {', '.join(unknown)}. Use {', '.join(WEEKDAYS)}.",
                f"Invalid days: {', '.join(unknown)}. Use {', '.join(WEEKDAYS)}.",
            )
    if day_of_month is not None:
        frequency = "monthly"
    if cron:
        frequency = "cron"
    try:
        spec = ScheduleSpec.model_validate(
            {
                "id": schedule_id,
                "kind": kind,
                "frequency": frequency,
                "at": at,
                "weekdays": days,
                "day_of_month": day_of_month or 1,
                "cron": cron or "",
                "portals": list(portals),
                "enabled": not paused,
            }
        )
    except ValueError as exc:
        raise UserError(
            f"El horario no es válido: revise el nombre «{schedule_id}» (minúsculas, números, "
            f"- o _) y la hora «{at}» (HH:MM).",
            f"Invalid schedule: check the name '{schedule_id}' (lowercase, digits, - or _) and "
            f"the time '{at}' (HH:MM).",
            details=str(exc),
        ) from exc
    context = state.context
    build_trigger(spec, context.settings.general.timezone)  # refuse a bad cron now, not later
    context.settings.schedules = [s for s in context.settings.schedules if s.id != spec.id]
    context.settings.schedules.append(spec)
    context.save_settings()
    click.echo(f"Horario «{spec.id}» guardado: {describe(spec)}.")


@schedule.command(name="list")
@format_option
@pass_state
def list_cmd(state: CliState, fmt: str) -> None:
    """Horarios con su próxima ejecución, último resultado y omisiones."""
    context = state.context
    zone = context.settings.general.timezone
    now = datetime.now(ZoneInfo(zone))
    records = []
    with context.open_warehouse() as warehouse:
        history = RunHistory(warehouse)
        for spec in context.settings.schedules:
            next_run = build_trigger(spec, zone).get_next_fire_time(None, now)
            events = history.schedule_events(spec.id, limit=200)
            skipped = [e for e in events if e.kind in ("skipped", "missed")]
            runs = [r for r in history.runs(limit=500) if r.schedule_id == spec.id]
            records.append(
                {
                    "schedule_id": spec.id,
                    "kind": spec.kind,
                    "frequency": describe(spec),
                    "portals": ",".join(spec.portals),  # empty: every portal
                    "enabled": spec.enabled,
                    "next_run": next_run.strftime("%Y-%m-%d %H:%M")
                    if spec.enabled and next_run
                    else "",
                    "last_result": runs[0].status if runs else "",
                    "skipped": len(skipped),
                    "last_skip_reason": render(skipped[0].reason, state.language)
                    if skipped
                    else "",
                }
            )
    if fmt == "table":
        records = [{**r, "portals": r["portals"] or "todos"} for r in records]
    emit_records(records, SCHEDULE_COLUMNS, fmt, titled=True)


@schedule.command(name="remove")
@click.argument("schedule_id")
@pass_state
def remove_cmd(state: CliState, schedule_id: str) -> None:
    """Borra el horario SCHEDULE_ID."""
    spec = _find(state, schedule_id)
    state.context.settings.schedules.remove(spec)
    state.context.save_settings()
    click.echo(f"Horario «{schedule_id}» borrado.")


@schedule.command(name="pause")
@click.argument("schedule_id")
@pass_state
def pause_cmd(state: CliState, schedule_id: str) -> None:
    """Pone en pausa el horario SCHEDULE_ID."""
    _find(state, schedule_id).enabled = False
    state.context.save_settings()
    click.echo(f"Horario «{schedule_id}» en pausa.")


@schedule.command(name="resume")
@click.argument("schedule_id")
@pass_state
def resume_cmd(state: CliState, schedule_id: str) -> None:
    """Reactiva el horario SCHEDULE_ID."""
    _find(state, schedule_id).enabled = True
    state.context.save_settings()
    click.echo(f"Horario «{schedule_id}» activo.")


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
    click.echo(
        f"Programador activo con {len(state.context.settings.schedules)} horarios "
        f"(desde {datetime.now(UTC):%Y-%m-%d %H:%M} UTC). Ctrl+C para terminar.",
        err=True,
    )
    try:
        stop.wait()
    finally:
        host.shutdown()
    click.echo("Programador detenido.", err=True)


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
                raise UserError(
                    f"No existe la ejecución {run_id}. Vea las ejecuciones con «o2c runs».",
                    f"There is no run {run_id}. List the runs with 'o2c runs'.",
                )
            records = [rendered(vars(step), state.language) for step in steps]
            columns = ["step_no", "portal", "report", "range_from", "range_to", "status"]
            columns += ["files", "seconds", "reason", "error_message", "evidence_dir"]
        else:
            records = [rendered(vars(run), state.language) for run in history.runs(limit)]
            columns = ["run_id", "trigger", "schedule_id", "portals", "started_at"]
            columns += ["finished_at", "status", "message", "evidence_dir"]
    emit_records(records, columns, fmt)


COMMANDS = [schedule, scheduler, runs_cmd]
