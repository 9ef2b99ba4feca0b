"""``run_report``: run one recipe from start to finish and say what came of it.

The run never loses a file: whatever was downloaded before a failure or a cancel is in the
outcome. Transient faults (HTTP 500 pages, timeouts, broken downloads) and silent logouts are
retried per range with exponential backoff; anything else ends the run with a typed error, a
screenshot, the page HTML and the run log in the evidence folder.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Literal

from selenium.webdriver.remote.webdriver import WebDriver

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.portals.engine import table
from o2c_desktop.services.portals.engine.evidence import save_page_evidence
from o2c_desktop.services.portals.engine.session import PortalSession
from o2c_desktop.services.portals.engine.signals import (
    NoConnection,
    RangeEmpty,
    RangeRefused,
    SessionLost,
    TransientFault,
)
from o2c_desktop.services.portals.engine.steps import StepContext, log_in, run_steps
from o2c_desktop.services.portals.engine.waiting import backoff
from o2c_desktop.services.portals.errors import (
    InvalidDownload,
    PartialExtraction,
    PortalError,
    PortalNotReached,
    PortalTimeout,
    PortalUnavailable,
    RunCancelled,
    SessionExpired,
)
from o2c_desktop.services.portals.ranges import (
    DateRange,
    apply_split_points,
    bisect,
    calendar_year_ranges,
    range_text,
)
from o2c_desktop.services.portals.recipes import Recipe

log = logging.getLogger(__name__)

Status = Literal["ok", "failed", "cancelled", "needs-human"]
Progress = Callable[[Message, float], None]


@dataclass(frozen=True)
class DownloadedFile:
    path: Path
    range_from: date | None  # None for snapshots that have no query range (SAGI)
    range_to: date | None
    original_name: str


@dataclass
class ReportOutcome:
    recipe_id: str
    status: Status
    evidence_dir: Path
    files: list[DownloadedFile] = field(default_factory=list)
    ranges_done: list[DateRange] = field(default_factory=list)
    ranges_failed: list[DateRange] = field(default_factory=list)
    empty_ranges: list[DateRange] = field(default_factory=list)
    split_points: list[date] = field(default_factory=list)
    pages: int | None = None
    error: UserError | None = None
    seconds: float = 0.0


def initial_ranges(
    recipe: Recipe, date_from: date, date_to: date, split_points: Iterable[date] = ()
) -> list[DateRange]:
    if recipe.chunking == "none":
        return [(date_from, date_to)]
    ranges = calendar_year_ranges(date_from, date_to)
    if recipe.chunking == "year_bisect":
        ranges = apply_split_points(ranges, split_points)
    return ranges


class ReportRun:
    """The mutable state of one report run in a logged-in ``PortalSession``."""

    def __init__(self, session: PortalSession, outcome: ReportOutcome, progress: Progress) -> None:
        self.session = session
        self.recipe = session.recipe
        self.outcome = outcome
        self.progress = progress

    def ensure_ready(self) -> None:
        """Logged in and on the report page; log in again after a silent logout."""
        session = self.session
        marker = next((s.marker for s in self.recipe.per_range if s.marker), "")
        if session.logged_in and marker and session.present(marker):
            return
        if not session.logged_in:
            log_in(session)
        run_steps(session, self.recipe.navigate, StepContext())

    def attempt(self, what: str, body: Callable[[], None]) -> None:
        """Run ``body`` until it succeeds, retrying transient faults and lost sessions."""
        timeouts = self.session.timeouts
        last: Exception | None = None
        for attempt in range(1, timeouts.attempts + 1):
            try:
                self.ensure_ready()
                body()
                return
            except SessionLost as exc:
                log.warning("%s: the portal dropped the session (%s); logging in again", what, exc)
                self.session.drop_session()
                last = exc
            except (TransientFault, InvalidDownload) as exc:
                log.warning("%s: attempt %d failed: %s", what, attempt, exc)
                last = exc
            if attempt < timeouts.attempts:
                backoff(attempt, timeouts.backoff_s, self.session.cancel)
        raise self._exhausted(last, what)

    def _exhausted(self, last: Exception | None, what: str) -> PortalError:
        portal, attempts = self.recipe.portal, self.session.timeouts.attempts
        if isinstance(last, SessionLost):
            return SessionExpired(portal, attempts, what)
        if isinstance(last, InvalidDownload):
            return last
        if isinstance(last, NoConnection):
            return PortalNotReached(portal, last.url, last.code, attempts)
        if isinstance(last, TransientFault) and last.timeout_s is not None:
            return PortalTimeout(portal, attempts, f"{last.cause}, {what}", last.timeout_s)
        if isinstance(last, TransientFault):
            return PortalUnavailable(portal, attempts, last.cause, last.url)
        raise AssertionError(f"no failure recorded for {what}")

    def export_ranges(self, ranges: list[DateRange]) -> None:
        queue = deque(ranges)
        total = len(queue)
        while queue:
            current = queue.popleft()
            text = range_text(current)
            done = len(self.outcome.ranges_done)
            self.progress(msg("progress.report_range", report=self.recipe.title, range=text),
                          done / max(total, 1))  # fmt: skip
            ctx = StepContext(date_range=current)
            try:
                self.attempt(text, partial(run_steps, self.session, self.recipe.per_range, ctx))
            except RangeEmpty:
                log.info("%s: no results in %s", self.recipe.id, text)
                self.outcome.empty_ranges.append(current)
                self.outcome.ranges_done.append(current)
                continue
            except RangeRefused:
                halves = bisect(current)
                if halves is None:
                    raise
                log.info("%s: %s refused as too large; splitting", self.recipe.id, text)
                self.outcome.split_points.append(halves[1][0])
                queue.extendleft(reversed(halves))
                total += 1
                continue
            except PortalError:
                self.outcome.ranges_failed.extend([current, *queue])
                raise
            if ctx.downloaded is not None:
                self.outcome.files.append(
                    DownloadedFile(ctx.downloaded, current[0], current[1], ctx.original_name)
                )
            self.outcome.ranges_done.append(current)
        self.progress(msg("progress.report_done", report=self.recipe.title), 1.0)

    def read_table(self, known_pages: int | None) -> None:
        spec = self.recipe.table
        if spec is None:
            raise AssertionError("table recipe without table spec")
        result: list[tuple[list[list[str]], int]] = []
        self.progress(msg("progress.reading_pages", report=self.recipe.title), 0.0)
        self.attempt(spec.dataset, lambda: result.append(table.read_all_pages(self.session, spec)))
        rows, pages = result[-1]
        path = self.session.download_dir / table.snapshot_name(spec.dataset)
        table.write_rows(path, spec.columns, rows)
        self.outcome.files.append(DownloadedFile(path, None, None, path.name))
        self.outcome.pages = pages
        log.info("%s: %d rows in %d pages saved to %s", self.recipe.id, len(rows), pages, path)
        self.progress(msg("progress.report_done", report=self.recipe.title), 1.0)
        if known_pages is not None and pages < known_pages:
            raise PartialExtraction(self.recipe.portal, spec.dataset, pages, known_pages)


def record_unexpected(driver: WebDriver | None, evidence_dir: Path, recipe_id: str) -> None:
    """A failure no handler knows: evidence and the traceback, then the caller re-raises."""
    save_page_evidence(driver, evidence_dir, "failure")
    log.exception("unexpected failure in %s", recipe_id)


def mark_cancelled(outcome: ReportOutcome, recipe: Recipe) -> None:
    outcome.status = "cancelled"
    outcome.error = RunCancelled(recipe.portal)
    log.info("run %s cancelled", recipe.id)


def mark_failed(
    outcome: ReportOutcome, error: PortalError, driver: WebDriver | None, evidence_dir: Path
) -> None:
    outcome.status = "needs-human" if error.status == "needs-human" else "failed"
    outcome.error = error
    log.error("run %s failed: %s | %s", outcome.recipe_id, error.en, error.details)
    save_page_evidence(driver, evidence_dir, "failure")
