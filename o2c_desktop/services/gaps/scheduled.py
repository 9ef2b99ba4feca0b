"""The scheduled ``gaps`` job: refresh the ledger, then write the report files.

A daily schedule writes yesterday's report; a monthly (or weekly/cron) one rewrites every month
since the configured history start, because late uploads change past months.
"""

from __future__ import annotations

import logging

from o2c_desktop.paths import AppPaths
from o2c_desktop.services.gaps.files import monthly_periods, write_period_reports
from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import local_now, previous_day
from o2c_desktop.services.gaps.report import GapQuery
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import ScheduleSpec, Settings

log = logging.getLogger(__name__)


def run_scheduled_gaps(
    settings: Settings, paths: AppPaths, warehouse: Warehouse, spec: ScheduleSpec, trigger: str
) -> int | None:
    gaps = settings.gaps
    zone = settings.general.timezone
    now = local_now(zone)
    result = refresh(warehouse, gaps, as_of=now, trigger="schedule")
    if spec.frequency == "daily":
        periods = [previous_day(zone)]
    else:
        periods = monthly_periods(gaps.history_start, now)
    template = GapQuery.under_settings(periods[0], now, gaps)
    con = warehouse.cursor()
    try:
        written = write_period_reports(con, paths.exports_dir, periods, template)
    finally:
        con.close()
    log.info(
        "gaps schedule %s (%s): refresh %d, %d report files written",
        spec.id, trigger, result.refresh_id, len(written),
    )  # fmt: skip
    return None
