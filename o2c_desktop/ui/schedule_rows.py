"""What the Horarios page shows for each schedule, read from the settings and the run history.
Free of Qt so it can be read in a worker thread and checked on its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.context import AppContext
from o2c_desktop.messages import Message
from o2c_desktop.services.runs import RunHistory, RunRecord
from o2c_desktop.services.scheduler.triggers import build_trigger
from o2c_desktop.settings import ScheduleSpec

SKIP_KINDS = ("skipped", "missed", "failed")


@dataclass(frozen=True)
class ScheduleRow:
    spec: ScheduleSpec
    next_run: datetime | None
    last_result: str
    skipped: int
    last_skip_reason: Message | None


def next_run_of(
    spec: ScheduleSpec, timezone: str, hosted_times: Mapping[str, datetime | None]
) -> datetime | None:
    """The hosted scheduler knows best; without it the trigger says when it would fire."""
    if not spec.enabled:
        return None
    if spec.id in hosted_times:
        return hosted_times[spec.id]
    zone = ZoneInfo(timezone)
    fire: datetime | None = build_trigger(spec, timezone).get_next_fire_time(
        None, datetime.now(zone)
    )
    return fire


@dataclass(frozen=True)
class ScheduleReading:
    rows: list[ScheduleRow]
    # Finished runs started by a schedule, newest first: what the tray may announce.
    finished_runs: list[RunRecord]


def read_schedule_rows(
    context: AppContext,
    access: WarehouseAccess,
    hosted_times: Mapping[str, datetime | None],
) -> ScheduleReading:
    timezone = context.settings.general.timezone
    specs = list(context.settings.schedules)
    rows = []
    with access.reading_warehouse() as warehouse:
        history = RunHistory(warehouse)
        runs = history.runs(limit=500)
        for spec in specs:
            events = history.schedule_events(spec.id, limit=200)
            skipped = [event for event in events if event.kind in SKIP_KINDS]
            last_run = next((run for run in runs if run.schedule_id == spec.id), None)
            rows.append(
                ScheduleRow(
                    spec=spec,
                    next_run=next_run_of(spec, timezone, hosted_times),
                    last_result=last_run.status if last_run else "",
                    skipped=len(skipped),
                    last_skip_reason=skipped[0].reason if skipped else None,
                )
            )
    finished = [run for run in runs if run.schedule_id and run.status != "running"]
    return ScheduleReading(rows, finished)
