"""Sincronizar portales, decided once for the button, ``o2c sync``, ``o2c demo`` and a schedule.

* One sync at a time per data folder: the sync lock is taken before the warehouse is opened
  for writing, and a second sync is refused at once with who holds it.
* Who answers a captcha: :mod:`o2c_desktop.app.captcha`; with nobody at hand the portal is
  recorded as needing a person.
* Then the push: a sync a schedule started pushes to the cloud when ``cloud.push_after_sync``
  says so (docs/cloud.md); a sync the clerk starts leaves the push to ``o2c push``. With no
  destination set (no S3 bucket, no Snowflake account) the push is skipped, not failed: the
  rows were loaded, and the schedule records a ``push-skipped`` event naming the settings to
  fill in, which the Horarios page and ``o2c schedule list`` show as its last reason.

The result is typed: the run's figures, one outcome per report as a :class:`Message`, and the
push that followed, if any; the front ends render them in their language.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from o2c_desktop.app.captcha import captcha_answerer
from o2c_desktop.messages import Message, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.portals import HumanStep
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler.jobs import sync_lock_for
from o2c_desktop.services.sync import SyncRequest, SyncService, SyncSummary
from o2c_desktop.services.sync.service import Progress, StepSummary
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import ScheduleSpec, Settings

if TYPE_CHECKING:
    from o2c_desktop.services.cloud.push import PushSummary

log = logging.getLogger(__name__)

__all__ = [
    "SyncDefaults",
    "SyncResult",
    "captcha_answerer",
    "run_demo_sync",
    "run_scheduled_sync",
    "step_outcome",
    "sync_defaults",
    "sync_portals",
]

# Opens the warehouse for writing for the length of the sync (the CLI's context, the window's
# ``WarehouseAccess.writing``).
WarehouseOpener = Callable[[], AbstractContextManager[Warehouse]]


@dataclass(frozen=True)
class SyncResult:
    summary: SyncSummary
    pushed: PushSummary | None = None  # the push that followed, when the settings asked
    # Why the push the settings asked for was not done (no destination is set), if it was not.
    push_skipped: Message | None = None

    @property
    def ok(self) -> bool:
        return self.summary.status == "ok"

    @property
    def steps(self) -> list[StepSummary]:
        return self.summary.steps

    def headline(self) -> Message:
        """One line for the whole run: its id, status and figures."""
        summary = self.summary
        return msg(
            "sync.run_headline", run=summary.run_id, status=summary.status,
            files=summary.files, rows=summary.rows_loaded, seconds=round(summary.seconds),
        )  # fmt: skip

    def outcomes(self) -> list[Message]:
        """How each report ended, in the order they ran."""
        return [step_outcome(step) for step in self.summary.steps]


def step_outcome(step: StepSummary) -> Message:
    """One report's line: its name, status and what happened (rows loaded or the reason)."""
    return msg(
        "sync.step_outcome", report=step.report, status=step.status,
        outcome=step.message if step.message is not None else "",
    )  # fmt: skip


@dataclass(frozen=True)
class SyncDefaults:
    """What a sync covers when the clerk changes nothing: from the history start to today in
    the clerk's zone, the browser shown or not as the settings say."""

    date_from: date
    date_to: date
    visible: bool


def sync_defaults(settings: Settings) -> SyncDefaults:
    today = datetime.now(ZoneInfo(settings.general.timezone)).date()
    portals = settings.portals
    return SyncDefaults(portals.history_start, today, visible=not portals.headless)


def pushes_after(settings: Settings, request: SyncRequest) -> bool:
    """A run a schedule started (on time, caught up or held over) pushes when the settings ask."""
    return request.schedule_id is not None and settings.cloud.push_after_sync


def sync_in(
    settings: Settings,
    paths: AppPaths,
    warehouse: Warehouse,
    request: SyncRequest,
    *,
    human: HumanStep | None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> SyncResult:
    """The sync in a warehouse already open for writing (the caller holds the sync lock), then
    the push when the settings ask for it and the run was not cancelled."""
    summary = SyncService(settings, paths, warehouse, human=human).run(
        request, progress=progress, cancel=cancel
    )
    if not pushes_after(settings, request) or summary.status == "cancelled":
        return SyncResult(summary)
    if not settings.cloud.configured_destinations():
        skipped = msg("schedule.push_skipped_no_destination", settings_file=paths.settings_file)
        log.warning("run %s: the push after the sync was skipped: %s", summary.run_id, skipped.es)
        return SyncResult(summary, push_skipped=skipped)
    # boto3 and the Snowflake connector: imported only when a push follows.
    from o2c_desktop.services.cloud.scheduled import push_quietly

    return SyncResult(summary, push_quietly(settings, paths, warehouse))


def sync_portals(
    settings: Settings,
    paths: AppPaths,
    request: SyncRequest,
    *,
    open_warehouse: WarehouseOpener,
    holder: str | Message,
    human: HumanStep | None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> SyncResult:
    """Sync the request's portals: take the sync lock as ``holder`` (what a second sync is told),
    open the warehouse for writing, run every report, then push when the settings say so."""
    with sync_lock_for(paths, holder=holder), open_warehouse() as warehouse:
        return sync_in(
            settings, paths, warehouse, request, human=human, progress=progress, cancel=cancel
        )


def run_demo_sync(
    settings: Settings,
    paths: AppPaths,
    *,
    open_warehouse: WarehouseOpener,
    holder: str | Message,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    then: Callable[[Warehouse], object] | None = None,
) -> SyncResult:
    """``o2c demo``: the demo portal end to end, under the same lock as any sync. ``then`` runs
    with the warehouse still open (e.g. to read its status)."""
    from o2c_desktop.services.demo import run_demo  # the data generator: pandas

    with sync_lock_for(paths, holder=holder), open_warehouse() as warehouse:
        summary = run_demo(settings, paths, warehouse, progress=progress, cancel=cancel)
        if then is not None:
            then(warehouse)
    return SyncResult(summary)


def run_scheduled_sync(
    settings: Settings, paths: AppPaths, warehouse: Warehouse, spec: ScheduleSpec, trigger: str
) -> int:
    """The scheduler's ``sync`` job (it holds the lock and the warehouse): nobody is at hand,
    so a portal that needs a person is recorded as such with the reason. A push the settings
    asked for and that could not be done is recorded as the schedule's ``push-skipped`` event."""
    request = SyncRequest(portals=tuple(spec.portals), trigger=trigger, schedule_id=spec.id)
    human = captcha_answerer(settings)
    result = sync_in(settings, paths, warehouse, request, human=human)
    run_id = result.summary.run_id
    if result.push_skipped is not None:
        RunHistory(warehouse).record_schedule_event(
            spec.id, "push-skipped", reason=result.push_skipped, run_id=run_id
        )
    return run_id
