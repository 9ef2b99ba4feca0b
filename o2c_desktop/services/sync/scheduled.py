"""The scheduler's "sync" job: the same sync as the button and the CLI, with no one to ask.

A scheduled run has no person at hand, so portals that need a captcha are recorded as needing a
human (with the reason) instead of waiting for an answer that cannot come; the demo portal's
captcha is answered by the program.
"""

from __future__ import annotations

from o2c_desktop.paths import AppPaths
from o2c_desktop.services.sync.service import SyncRequest, SyncService
from o2c_desktop.services.sync.targets import answer_demo_captcha
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import ScheduleSpec, Settings


def run_scheduled_sync(
    settings: Settings, paths: AppPaths, warehouse: Warehouse, spec: ScheduleSpec, trigger: str
) -> int:
    human = answer_demo_captcha if settings.portals.mode == "demo" else None
    summary = SyncService(settings, paths, warehouse, human=human).run(
        SyncRequest(
            portals=tuple(spec.portals),
            trigger="schedule" if trigger == "schedule" else trigger,
            schedule_id=spec.id,
        )
    )
    if settings.cloud.push_after_sync:
        from o2c_desktop.services.cloud.scheduled import push_quietly

        push_quietly(settings, paths, warehouse)
    return summary.run_id
