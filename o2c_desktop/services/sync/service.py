"""A portal sync: every selected report through the browser engine, each file archived
unchanged and ingested through the same path as ``o2c import``, every step in the run history.

With a headless browser the portals work side by side (one thread each, each portal's reports
in order), so a run waits about as long as its slowest portal. With a visible browser they go
one after another, so that no new window covers the one where the clerk solves a captcha.
Either way the history numbers the steps in portal order, then report order.

A failure ends only its own step: files already downloaded are kept (archived and loaded), the
other reports still run, and a later run within the resume window fetches only what is missing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from o2c_desktop.errors import UserError
from o2c_desktop.messages import joined, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.credentials import CredentialStore
from o2c_desktop.services.portals import PORTALS, BrowserOptions, HumanStep, PortalBrowser
from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.sync.portal_worker import (
    PortalWorker,
    Progress,
    RunShared,
    StepSummary,
    one_at_a_time_progress,
    one_question_at_a_time,
)
from o2c_desktop.services.sync.side_by_side import run_side_by_side
from o2c_desktop.services.sync.targets import PortalTarget, open_targets
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["Progress", "StepSummary", "SyncRequest", "SyncService", "SyncSummary"]


@dataclass(frozen=True)
class SyncRequest:
    portals: tuple[str, ...] = ()  # empty: every portal
    date_from: date | None = None
    date_to: date | None = None
    trigger: str = "cli"
    schedule_id: str | None = None
    visible: bool = False


@dataclass
class SyncSummary:
    run_id: int
    status: str
    steps: list[StepSummary]
    seconds: float

    @property
    def files(self) -> int:
        return sum(step.files for step in self.steps)

    @property
    def rows_loaded(self) -> int:
        return sum(step.rows_loaded for step in self.steps)


def _overall_status(statuses: list[str], cancelled: bool) -> str:
    if cancelled:
        return "cancelled"
    done = [s for s in statuses if s != "skipped"]
    if not done or all(s == "ok" for s in done):
        return "ok"
    if all(s == "needs-human" for s in done):
        return "needs-human"
    return "partial" if "ok" in done else "failed"


class SyncService:
    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        warehouse: Warehouse,
        *,
        human: HumanStep | None,
        credentials: CredentialStore | None = None,
        timeouts: dict[str, float] | None = None,
        demo_portal: DemoPortal | None = None,
    ) -> None:
        self.settings = settings
        self.paths = paths
        self.warehouse = warehouse
        self.history = RunHistory(warehouse)
        self.archive = RawArchive(paths.archive_dir, warehouse)
        self.human = human
        self.credentials = credentials
        self.timeouts = timeouts
        self.demo_portal = demo_portal

    def _today(self) -> date:
        return datetime.now(ZoneInfo(self.settings.general.timezone)).date()

    def _browser(self, visible: bool) -> BrowserOptions:
        return BrowserOptions.from_settings(self.settings.portals, visible=visible)

    def run(
        self,
        request: SyncRequest,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncSummary:
        cancel = cancel or threading.Event()
        # Each portal once: one browser and one login per portal and run.
        portals = list(dict.fromkeys(request.portals)) or list(PORTALS)
        unknown = [p for p in portals if p not in PORTALS]
        if unknown:
            raise UserError(
                msg("sync.unknown_portals", unknown=", ".join(unknown), known=", ".join(PORTALS)),
            )
        date_from = request.date_from or self.settings.portals.history_start
        date_to = request.date_to or self._today()
        if date_from > date_to:
            raise UserError(
                msg("sync.range_reversed", date_from=date_from, date_to=date_to),
            )
        started = datetime.now(UTC)
        run_id = self.history.start_run(
            trigger=request.trigger,
            portals=portals,
            range_from=date_from,
            range_to=date_to,
            schedule_id=request.schedule_id,
        )
        shared = RunShared(
            run_id=run_id,
            run_dir=self.paths.runs_dir / f"{run_id:06d}",
            date_from=date_from,
            date_to=date_to,
            settings=self.settings,
            paths=self.paths,
            warehouse=self.warehouse,
            history=self.history,
            archive=self.archive,
            has_person=self.human is not None,
            progress=one_at_a_time_progress(progress),
        )
        workers: list[PortalWorker] = []
        try:
            with (
                open_targets(self.settings, portals, self.credentials, self.demo_portal) as targets,
                ExitStack() as open_browsers,
            ):
                human = one_question_at_a_time(self.human or (lambda _request: None))
                first_step_no = 1
                for portal in portals:
                    browser = self._portal_browser(targets[portal], request, human, cancel)
                    open_browsers.enter_context(browser)
                    workers.append(PortalWorker(shared, browser, first_step_no))
                    first_step_no += len(PORTALS[portal].reports)
                self._run_workers(workers, request, cancel)
        except UserError as exc:
            # Credentials or the demo portal could not be had: nothing ran.
            self.history.finish_run(run_id, status="failed", message=exc.reason)
            raise
        except BaseException:
            self.history.finish_run(run_id, status="failed", message=msg("run.internal_error"))
            raise
        steps = [step for worker in workers for step in worker.steps]
        status = _overall_status([s.status for s in steps], cancel.is_set())
        troubles = [
            msg("run.report_outcome", report=s.report, outcome=s.message)
            for s in steps
            if s.status != "ok" and s.message is not None
        ]
        self.history.finish_run(
            run_id, status=status, message=joined(troubles) if troubles else None
        )
        seconds = (datetime.now(UTC) - started).total_seconds()
        return SyncSummary(run_id=run_id, status=status, steps=steps, seconds=seconds)

    def _run_workers(
        self, workers: list[PortalWorker], request: SyncRequest, cancel: threading.Event
    ) -> None:
        """Headless: every portal at once. Visible: one after another, so that a new browser
        window never covers the one where the clerk may be solving a captcha."""
        if self._browser(request.visible).headless:
            jobs = {worker.portal: _job(worker, cancel) for worker in workers}
            run_side_by_side(jobs, cancel)
            return
        for worker in workers:
            if cancel.is_set():
                break
            worker.run(cancel)

    def _portal_browser(
        self,
        target: PortalTarget,
        request: SyncRequest,
        human: HumanStep,
        cancel: threading.Event,
    ) -> PortalBrowser:
        """The portal's browser; it starts with the first report that needs it."""
        return PortalBrowser(
            target.portal,
            base_url=target.base_url,
            credentials=target.credentials,
            human=human,
            cancel=cancel,
            browser=self._browser(request.visible),
            timeouts=self.timeouts,
        )


def _job(worker: PortalWorker, cancel: threading.Event) -> Callable[[], None]:
    return lambda: worker.run(cancel)
