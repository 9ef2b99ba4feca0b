"""The scheduler's "sync" job: the same sync as the button and the CLI, with no one to ask.

A headless scheduler has no person at hand, so portals that need a captcha are recorded as
needing a human (with the reason) instead of waiting for an answer that cannot come; a window
that hosts the scheduler passes its own human step.
"""

from __future__ import annotations

from o2c_desktop.context import AppContext
from o2c_desktop.services.portals import HumanStep
from o2c_desktop.services.sync.service import SyncRequest, SyncService
from o2c_desktop.services.sync.targets import answer_demo_captcha
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import ScheduleSpec

# A GUI that hosts the scheduler sets this to its dialog-backed human step.
scheduled_human_step: HumanStep | None = None


def run_scheduled_sync(
    context: AppContext, warehouse: Warehouse, spec: ScheduleSpec, trigger: str
) -> int:
    human = scheduled_human_step
    if human is None and context.settings.portals.mode == "demo":
        human = answer_demo_captcha
    summary = SyncService(context, warehouse, human=human).run(
        SyncRequest(
            portals=tuple(spec.portals),
            trigger="schedule" if trigger == "schedule" else trigger,
            schedule_id=spec.id,
        )
    )
    if context.settings.cloud.push_after_sync:
        from o2c_desktop.services.cloud.scheduled import push_quietly

        push_quietly(context, warehouse)
    return summary.run_id
