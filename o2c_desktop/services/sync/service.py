"""One portal sync: every selected report through the browser engine, each file archived
unchanged and ingested through the same path as ``o2c import``, every step in the run history.

A failure ends only its own step: files already downloaded are kept (archived and loaded), the
other reports still run, and a later run within the resume window fetches only what is missing.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, joined, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.archive import RawArchive, SourceInfo
from o2c_desktop.services.credentials import CredentialStore
from o2c_desktop.services.ingest import FileOutcome, ingest_paths
from o2c_desktop.services.portals import (
    PORTALS,
    BrowserOptions,
    HumanStep,
    PortalBrowser,
    ReportOutcome,
)
from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.portals.errors import LoginNotRetried
from o2c_desktop.services.runs import RunHistory, StepFile
from o2c_desktop.services.sync.targets import PortalTarget, open_targets
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str, Message, float], None]  # (portal, what, fraction of that portal)


@dataclass(frozen=True)
class SyncRequest:
    portals: tuple[str, ...] = ()  # empty: every portal
    date_from: date | None = None
    date_to: date | None = None
    trigger: str = "cli"
    schedule_id: str | None = None
    visible: bool = False


@dataclass
class StepSummary:
    portal: str
    report: str
    status: str
    files: int = 0
    rows_loaded: int = 0
    message: Message | None = None
    evidence_dir: str | None = None
    ingest: list[FileOutcome] = field(default_factory=list)


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
        portals = list(request.portals) or list(PORTALS)
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
        run_dir = self.paths.runs_dir / f"{run_id:06d}"
        steps: list[StepSummary] = []
        try:
            with (
                open_targets(self.settings, portals, self.credentials, self.demo_portal) as targets,
                ExitStack() as open_browsers,
            ):
                browsers = [
                    open_browsers.enter_context(
                        self._portal_browser(targets[portal], request, cancel)
                    )
                    for portal in portals
                ]
                self._start_ahead(browsers, request)
                for browser in browsers:
                    portal = browser.portal
                    if cancel.is_set():
                        break
                    # One browser and one login for all of this portal's reports, in order.
                    with browser:
                        for report in PORTALS[portal].reports:
                            if cancel.is_set():
                                break
                            if browser.login_rejected is not None:
                                steps.append(self._skip_step(run_id, browser, report))
                                continue
                            steps.append(
                                self._run_step(
                                    run_id, run_dir, browser, report,
                                    date_from, date_to, progress,
                                )
                            )  # fmt: skip
        except UserError as exc:
            # Credentials or the demo portal could not be had: nothing ran.
            self.history.finish_run(run_id, status="failed", message=exc.reason)
            raise
        except BaseException:
            self.history.finish_run(run_id, status="failed", message=msg("run.internal_error"))
            raise
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

    def _start_ahead(self, browsers: list[PortalBrowser], request: SyncRequest) -> None:
        """Each portal's browser starts in the background once the previous portal's is up.

        Only headless: a visible window popping up would cover the one where the clerk may be
        solving a captcha. Portals whose reports cannot run (a captcha and nobody to solve it)
        get no browser.
        """
        if not self._browser(request.visible).headless:
            return
        will_run = [
            b for b in browsers if not (PORTALS[b.portal].human_login and self.human is None)
        ]
        for current, following in itertools.pairwise(will_run):
            current.start_after(following)

    def _portal_browser(
        self, target: PortalTarget, request: SyncRequest, cancel: threading.Event
    ) -> PortalBrowser:
        """The portal's browser; it starts with the first report that needs it."""
        return PortalBrowser(
            target.portal,
            base_url=target.base_url,
            credentials=target.credentials,
            human=self.human or (lambda _request: None),
            cancel=cancel,
            browser=self._browser(request.visible),
            timeouts=self.timeouts,
        )

    def _skip_step(self, run_id: int, browser: PortalBrowser, report: str) -> StepSummary:
        """A report of a portal that rejected the password earlier in this run: not tried, so
        that the same wrong password is not sent again (real portals lock the account)."""
        reason = LoginNotRetried(browser.portal, browser.credentials.user).reason
        log.warning("%s not run: %s already rejected the password", report, browser.portal)
        self.history.skip_step(run_id, portal=browser.portal, report=report, reason=reason)
        return StepSummary(browser.portal, report, "skipped", message=reason)

    def _run_step(
        self,
        run_id: int,
        run_dir: Path,
        browser: PortalBrowser,
        report: str,
        date_from: date,
        date_to: date,
        progress: Progress | None,
    ) -> StepSummary:
        portal = browser.portal
        info = PORTALS[portal]
        if info.human_login and self.human is None:
            reason = msg("sync.captcha_without_window", portal_title=info.title)
            step_no = self.history.start_step(run_id, portal=portal, report=report)
            self.history.finish_step(run_id, step_no, status="needs-human", reason=reason)
            return StepSummary(portal, report, "needs-human", message=reason)

        step_no = self.history.start_step(
            run_id, portal=portal, report=report, range_from=date_from, range_to=date_to
        )
        window = timedelta(hours=self.settings.portals.resume_window_hours)
        resumed = self.history.resumable_ranges(portal, report, within=window)
        known_pages, split_points = self.history.last_ok_memory(portal, report)
        step_dir = run_dir / report
        outcome: ReportOutcome = browser.run_report(
            report,
            date_from=date_from,
            date_to=date_to,
            download_dir=step_dir / "downloads",
            evidence_dir=step_dir / "evidence",
            known_pages=known_pages,
            progress=(lambda label, f: progress(portal, label, f)) if progress else None,
            skip_ranges=frozenset((a, b) for a, b, _ in resumed),
            split_points=split_points,
        )
        files = [f for _, _, kept in resumed for f in kept]
        downloaded_at = datetime.now(UTC).replace(tzinfo=None)
        sources = {
            item.path: SourceInfo(
                original_name=item.original_name,
                portal=portal,
                report=report,
                range_from=item.range_from,
                range_to=item.range_to,
                run_id=str(run_id),
                downloaded_at=downloaded_at,
            )
            for item in outcome.files
        }
        ingest_outcomes = ingest_paths(
            self.warehouse,
            self.archive,
            [item.path for item in outcome.files],
            quarantine_dir=self.paths.quarantine_dir,
            snapshot_at=downloaded_at,
            sources=sources,
            supplier_rfc=self.settings.general.supplier_rfc,
        )
        archived = {o.path: o.sha256 for o in ingest_outcomes if o.sha256}
        for item in outcome.files:
            if item.path in archived:
                sha = archived[item.path]
                files.append(StepFile(sha, item.original_name, item.range_from, item.range_to))
        error = outcome.error
        self.history.finish_step(
            run_id,
            step_no,
            status=outcome.status,
            files=files,
            reason=error.reason if error else None,
            error_message=error.reason if error else None,
            error_details=error.details if error else None,
            evidence_dir=str(outcome.evidence_dir),
            pages=outcome.pages,
            split_points=outcome.split_points,
        )
        rows = sum(o.inserted + o.changed + o.unchanged for o in ingest_outcomes)
        troubled = [o for o in ingest_outcomes if o.needs_attention]
        message = error.reason if error else msg("sync.step_loaded", files=len(files), rows=rows)
        if troubled:
            message = msg(
                "sync.files_not_loaded", outcome=message, count=len(troubled),
                first=troubled[0].message,
            )  # fmt: skip
        return StepSummary(
            portal,
            report,
            outcome.status,
            files=len(files),
            rows_loaded=rows,
            message=message,
            evidence_dir=str(outcome.evidence_dir),
            ingest=ingest_outcomes,
        )
