"""Horarios, decided once for ``o2c schedule`` and the Horarios page.

* A schedule is kept in the settings; adding one with an id that exists replaces it, and a cron
  expression that cannot fire is refused when it is saved, not when it should have run.
* What each schedule shows: its next run (the scheduler the window hosts knows best; without
  it, the trigger says when it would fire; none while paused), the status of the last run it
  started, and how many of its events did not run (skipped, missed or failed, or a sync whose
  push was skipped for want of a destination) with the newest reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.runs import RunHistory, RunRecord
from o2c_desktop.services.scheduler.jobs import Executor, register_executor
from o2c_desktop.services.scheduler.triggers import build_trigger, frequency
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import ScheduleSpec, Settings

__all__ = [
    "DEFAULT_EXECUTORS",
    "WEEKDAYS",
    "ScheduleReading",
    "ScheduleRow",
    "ensure_default_executors",
    "find_schedule",
    "next_run_of",
    "read_schedules",
    "remove_schedule",
    "save_schedule",
    "schedule_from_options",
    "set_schedule_enabled",
]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Schedule events that mean "this time it did not run", or not all of it: a sync that loaded
# its rows but whose push was skipped (no destination set) still ran, so its run reads "ok".
NOT_RUN_KINDS = ("skipped", "missed", "failed", "push-skipped")


@dataclass(frozen=True)
class ScheduleRow:
    spec: ScheduleSpec
    next_run: datetime | None
    last_result: str
    skipped: int
    last_skip_reason: Message | None


@dataclass(frozen=True)
class ScheduleReading:
    rows: list[ScheduleRow]
    # Finished runs started by a schedule, newest first: what the tray may announce.
    finished_runs: list[RunRecord]


def next_run_of(
    spec: ScheduleSpec, timezone: str, hosted_times: Mapping[str, datetime | None]
) -> datetime | None:
    """The hosted scheduler knows best; without it the trigger says when it would fire."""
    if not spec.enabled:
        return None
    if spec.id in hosted_times:
        return hosted_times[spec.id]
    fire: datetime | None = build_trigger(spec, timezone).get_next_fire_time(
        None, datetime.now(ZoneInfo(timezone))
    )
    return fire


def read_schedules(
    specs: Sequence[ScheduleSpec],
    timezone: str,
    warehouse: Warehouse,
    hosted_times: Mapping[str, datetime | None] | None = None,
) -> ScheduleReading:
    """Each schedule with what the run history says of it."""
    history = RunHistory(warehouse)
    runs = history.runs(limit=500)
    rows = []
    for spec in specs:
        events = history.schedule_events(spec.id, limit=200)
        not_run = [event for event in events if event.kind in NOT_RUN_KINDS]
        last_run = next((run for run in runs if run.schedule_id == spec.id), None)
        rows.append(
            ScheduleRow(
                spec=spec,
                next_run=next_run_of(spec, timezone, hosted_times or {}),
                last_result=last_run.status if last_run else "",
                skipped=len(not_run),
                last_skip_reason=not_run[0].reason if not_run else None,
            )
        )
    finished = [run for run in runs if run.schedule_id and run.status != "running"]
    return ScheduleReading(rows, finished)


def schedule_from_options(
    schedule_id: str,
    *,
    weekdays: str | None = None,
    day_of_month: int | None = None,
    cron: str | None = None,
    at: str = "07:00",
    kind: str = "sync",
    portals: Sequence[str] = (),
    paused: bool = False,
) -> ScheduleSpec:
    """A schedule as ``o2c schedule add`` states it: daily unless weekdays (``mon,thu``), a day
    of the month or a cron expression say otherwise (the last of these given wins)."""
    frequency = "daily"
    days: list[str] = []
    if weekdays:
        frequency = "weekly"
        days = [d.strip().lower() for d in weekdays.split(",") if d.strip()]
        unknown = [d for d in days if d not in WEEKDAYS]
        if unknown:
            raise UserError(
                msg("schedule.bad_weekdays", unknown=", ".join(unknown), known=", ".join(WEEKDAYS))
            )
    if day_of_month is not None:
        frequency = "monthly"
    if cron:
        frequency = "cron"
    try:
        return ScheduleSpec.model_validate(
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
        raise UserError(msg("schedule.invalid", id=schedule_id, at=at), details=str(exc)) from exc


def find_schedule(settings: Settings, schedule_id: str) -> ScheduleSpec:
    for spec in settings.schedules:
        if spec.id == schedule_id:
            return spec
    raise UserError(msg("schedule.not_found", id=schedule_id))


def save_schedule(context: AppContext, spec: ScheduleSpec) -> Message:
    """Add the schedule, or replace the one with its id, and write the settings."""
    settings = context.settings
    build_trigger(spec, settings.general.timezone)  # refuse a bad cron now, not when due
    settings.schedules = [*(s for s in settings.schedules if s.id != spec.id), spec]
    context.save_settings()
    return msg("schedule.saved", id=spec.id, frequency=frequency(spec))


def set_schedule_enabled(context: AppContext, schedule_id: str, enabled: bool) -> Message:
    """Pause or resume the schedule and write the settings."""
    find_schedule(context.settings, schedule_id).enabled = enabled
    context.save_settings()
    return msg("schedule.resumed" if enabled else "schedule.paused", id=schedule_id)


def remove_schedule(context: AppContext, schedule_id: str) -> Message:
    context.settings.schedules.remove(find_schedule(context.settings, schedule_id))
    context.save_settings()
    return msg("schedule.removed", id=schedule_id)


# kind -> "module:function" of what a schedule of that kind runs: each kind's ``scheduled``
# module, or the use case itself when it decides more than one service (a sync, then the push
# the settings ask for). Named as text so that each is imported when a job first runs, not when
# the scheduler starts: sync brings the browser engine and ingest, push brings boto3 (half a
# second and 100 MB that a window which never runs a job should not pay).
DEFAULT_EXECUTORS: dict[str, str] = {
    "sync": "o2c_desktop.app.sync:run_scheduled_sync",
    "gaps": "o2c_desktop.services.gaps.scheduled:run_scheduled_gaps",
    "push": "o2c_desktop.services.cloud.scheduled:run_scheduled_push",
}


def _imported_when_run(reference: str) -> Executor:
    module_name, _, function_name = reference.partition(":")

    def run(
        settings: Settings, paths: AppPaths, warehouse: Warehouse, spec: ScheduleSpec, trigger: str
    ) -> int | None:
        executor: Executor = getattr(importlib.import_module(module_name), function_name)
        return executor(settings, paths, warehouse, spec, trigger)

    return run


def ensure_default_executors() -> None:
    """Register what the program's schedule kinds run, before hosting the scheduler (the window,
    ``o2c schedule run``); one registered already (a test's) is kept."""
    for kind, reference in DEFAULT_EXECUTORS.items():
        register_executor(kind, _imported_when_run(reference), keep_existing=True)
