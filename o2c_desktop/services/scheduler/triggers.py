"""From a schedule as the user states it to an APScheduler trigger, and back to words."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.settings import ScheduleSpec

_WEEKDAYS_ES = {
    "mon": "lun", "tue": "mar", "wed": "mié", "thu": "jue", "fri": "vie", "sat": "sáb",
    "sun": "dom",
}  # fmt: skip


def build_trigger(spec: ScheduleSpec, timezone: str) -> CronTrigger:
    zone = ZoneInfo(timezone)
    hour, minute = (int(part) for part in spec.at.split(":"))
    if spec.frequency == "daily":
        return CronTrigger(hour=hour, minute=minute, timezone=zone)
    if spec.frequency == "weekly":
        days = ",".join(spec.weekdays) or "mon"
        return CronTrigger(day_of_week=days, hour=hour, minute=minute, timezone=zone)
    if spec.frequency == "monthly":
        return CronTrigger(day=spec.day_of_month, hour=hour, minute=minute, timezone=zone)
    try:
        return CronTrigger.from_crontab(spec.cron, timezone=zone)
    except ValueError as exc:
        raise UserError(
            msg("schedule.bad_cron", cron=spec.cron, id=spec.id, exc=exc),
        ) from exc


def describe(spec: ScheduleSpec) -> str:
    if spec.frequency == "daily":
        return f"diario {spec.at}"
    if spec.frequency == "weekly":
        days = ",".join(_WEEKDAYS_ES[d] for d in spec.weekdays) or "lun"
        return f"semanal {days} {spec.at}"
    if spec.frequency == "monthly":
        return f"mensual día {spec.day_of_month} {spec.at}"
    return f"cron «{spec.cron}»"


def last_due_before(trigger: CronTrigger, since: datetime, now: datetime) -> datetime | None:
    """The latest fire time in (since, now], or None when nothing fell due in between."""
    due: datetime | None = None
    fire = trigger.get_next_fire_time(None, since + timedelta(microseconds=1))
    while fire is not None and fire <= now:
        due = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return due
