"""What the Horarios page shows for each schedule (``app.schedules`` decides it), read through the
window's warehouse access. Free of Qt so it can be read in a worker thread."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.app.schedules import ScheduleReading, ScheduleRow, read_schedules
from o2c_desktop.context import AppContext

__all__ = ["ScheduleReading", "ScheduleRow", "read_schedule_rows"]


def read_schedule_rows(
    context: AppContext,
    access: WarehouseAccess,
    hosted_times: Mapping[str, datetime | None],
) -> ScheduleReading:
    settings = context.settings
    specs = list(settings.schedules)  # as they are now: the page may change them meanwhile
    with access.reading_warehouse() as warehouse:
        return read_schedules(specs, settings.general.timezone, warehouse, hosted_times)
