"""The scheduler's ``push`` job, and the push that may follow a scheduled sync.

Both queue what changed and drain the outbox. A destination that is out leaves its items queued
with the reason (the clerk sees it in ``o2c outbox list``); that is the outbox doing its job, so
it is logged as information, not as a failed schedule.
"""

from __future__ import annotations

import logging

from o2c_desktop.paths import AppPaths
from o2c_desktop.services.cloud.push import PushRequest, PushSummary, push_service_for
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import ScheduleSpec, Settings

log = logging.getLogger(__name__)


def push_quietly(settings: Settings, paths: AppPaths, warehouse: Warehouse) -> PushSummary:
    service = push_service_for(
        warehouse,
        settings.cloud,
        paths.data_dir,
        paths.archive_dir,
        settings.general.timezone,
    )
    summary = service.run(PushRequest())
    log.info(
        "push: %d queued now, %d still queued; %s",
        len(summary.enqueued),
        summary.queued_after,
        {name: (r.done, r.already, r.reason) for name, r in summary.results.items()},
    )
    return summary


def run_scheduled_push(
    settings: Settings, paths: AppPaths, warehouse: Warehouse, spec: ScheduleSpec, trigger: str
) -> int | None:
    push_quietly(settings, paths, warehouse)
    return None
