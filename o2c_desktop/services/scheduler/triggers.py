"""From a schedule as the user states it to an APScheduler trigger, and back to words."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, joined, msg
from o2c_desktop.settings import ScheduleSpec

_WEEKDAY_CODES = {
    "mon": "weekday.mon", "tue": "weekday.tue", "wed": "weekday.wed", "thu": "weekday.thu",
    "fri": "weekday.fri", "sat": "weekday.sat", "sun": "weekday.sun",
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


def frequency(spec: ScheduleSpec) -> Message:
    """When the schedule fires, in words ("diario 07:00", "semanal lun,jue 06:00")."""
    if spec.frequency == "daily":
        return msg("schedule.frequency_daily", at=spec.at)
    if spec.frequency == "weekly":
        days = joined([msg(_WEEKDAY_CODES[day]) for day in spec.weekdays or ["mon"]], ",")
        return msg("schedule.frequency_weekly", days=days, at=spec.at)
    if spec.frequency == "monthly":
        return msg("schedule.frequency_monthly", day=spec.day_of_month, at=spec.at)
    return msg("schedule.frequency_cron", cron=spec.cron)


def describe(spec: ScheduleSpec) -> str:
    """The frequency in Spanish: the value machine output has always carried."""
    return frequency(spec).es


def last_due_before(trigger: CronTrigger, since: datetime, now: datetime) -> datetime | None:
    """The latest fire time in (since, now], or None when nothing fell due in between."""
    due: datetime | None = None
    fire = trigger.get_next_fire_time(None, since + timedelta(microseconds=1))
    while fire is not None and fire <= now:
        due = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(seconds=1))
    return due
