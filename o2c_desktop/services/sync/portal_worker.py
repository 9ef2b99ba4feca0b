"""One portal's part of a sync run: its reports in order, in its one browser, each file archived
unchanged and ingested, each report a numbered step of the run history.

The portals of a run may work side by side, each in its own thread. What they share is handed
in as a :class:`RunShared`: the warehouse is written by one of them at a time (the run history,
the archive and ingest all go through the warehouse lock), while browser work (logins, exports,
downloads, waits) runs in parallel.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from o2c_desktop.messages import Message, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.archive import RawArchive, SourceInfo
from o2c_desktop.services.ingest import FileOutcome, ingest_paths
from o2c_desktop.services.portals import PORTALS, HumanRequest, HumanStep, PortalBrowser
from o2c_desktop.services.portals.errors import LoginNotRetried
from o2c_desktop.services.runs import RunHistory, StepFile
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str, Message, float], None]  # (portal, what, fraction of that portal)


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


def one_at_a_time_progress(progress: Progress | None) -> Progress | None:
    """Progress from several portals' threads reaches the front end one report at a time."""
    if progress is None:
        return None
    lock = threading.Lock()

    def report(portal: str, what: Message, fraction: float) -> None:
        with lock:
            progress(portal, what, fraction)

    return report


def one_question_at_a_time(human: HumanStep) -> HumanStep:
    """A person answers one captcha at a time: a second portal asking waits for the first."""
    lock = threading.Lock()

    def ask(request: HumanRequest) -> str | None:
        with lock:
            return human(request)

    return ask


@dataclass
class RunShared:
    """What every portal of one run works with."""

    run_id: int
    run_dir: Path
    date_from: date
    date_to: date
    settings: Settings
    paths: AppPaths
    warehouse: Warehouse
    history: RunHistory
    archive: RawArchive
    has_person: bool  # someone can answer a captcha
    progress: Progress | None = None
    # The warehouse is written by one portal at a time: history steps, archive, ingest.
    warehouse_lock: threading.Lock = field(default_factory=threading.Lock)


class PortalWorker:
    """Runs one portal's reports in order; its steps are numbered from ``first_step_no``."""

    def __init__(self, shared: RunShared, browser: PortalBrowser, first_step_no: int) -> None:
        self.shared = shared
        self.browser = browser
        self.portal = browser.portal
        self.reports = PORTALS[self.portal].reports
        self.first_step_no = first_step_no
        self.steps: list[StepSummary] = []

    def run(self, cancel: threading.Event) -> None:
        """One browser and one login for all of this portal's reports; stops at a cancel."""
        with self.browser:
            for position, report in enumerate(self.reports):
                if cancel.is_set():
                    break
                step_no = self.first_step_no + position
                if self.browser.login_rejected is not None:
                    self.steps.append(self._skip_step(report, step_no))
                else:
                    self.steps.append(self._run_step(report, step_no))

    def _skip_step(self, report: str, step_no: int) -> StepSummary:
        """A report of a portal that rejected the password earlier in this run: not tried, so
        that the same wrong password is not sent again (real portals lock the account)."""
        browser, shared = self.browser, self.shared
        reason = LoginNotRetried(browser.portal, browser.credentials.user).reason
        log.warning("%s not run: %s already rejected the password", report, browser.portal)
        with shared.warehouse_lock:
            shared.history.skip_step(
                shared.run_id, portal=self.portal, report=report, reason=reason, step_no=step_no
            )
        return StepSummary(self.portal, report, "skipped", message=reason)

    def _run_step(self, report: str, step_no: int) -> StepSummary:
        shared, portal = self.shared, self.portal
        history, run_id = shared.history, shared.run_id
        info = PORTALS[portal]
        if info.human_login and not shared.has_person:
            reason = msg("sync.captcha_without_window", portal_title=info.title)
            with shared.warehouse_lock:
                history.start_step(run_id, portal=portal, report=report, step_no=step_no)
                history.finish_step(run_id, step_no, status="needs-human", reason=reason)
            return StepSummary(portal, report, "needs-human", message=reason)

        window = timedelta(hours=shared.settings.portals.resume_window_hours)
        with shared.warehouse_lock:
            history.start_step(
                run_id, portal=portal, report=report, range_from=shared.date_from,
                range_to=shared.date_to, step_no=step_no,
            )  # fmt: skip
            resumed = history.resumable_ranges(portal, report, within=window)
            known_pages, split_points = history.last_ok_memory(portal, report)
        step_dir = shared.run_dir / report
        progress = shared.progress
        outcome = self.browser.run_report(
            report,
            date_from=shared.date_from,
            date_to=shared.date_to,
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
        error = outcome.error
        with shared.warehouse_lock:
            ingest_outcomes = ingest_paths(
                shared.warehouse,
                shared.archive,
                [item.path for item in outcome.files],
                quarantine_dir=shared.paths.quarantine_dir,
                snapshot_at=downloaded_at,
                sources=sources,
                supplier_rfc=shared.settings.general.supplier_rfc,
            )
            archived = {o.path: o.sha256 for o in ingest_outcomes if o.sha256}
            for item in outcome.files:
                if item.path in archived:
                    sha = archived[item.path]
                    files.append(StepFile(sha, item.original_name, item.range_from, item.range_to))
            history.finish_step(
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
