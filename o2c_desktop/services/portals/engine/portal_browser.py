"""``PortalBrowser``: one browser and one logged-in session on one portal for a whole sync run.

Starting Chromium and logging in (SAI: with a captcha a person answers) cost more than most
reports, so a run opens the browser once per portal, logs in once, and runs that portal's reports
one after the other in it. It logs in again only when the portal drops the session (the next
report page shows the login), and starts a new browser only when the old one died. Once the
portal rejects the password it is not sent again in this run: the remaining reports fail at once
with ``LoginNotRetried`` (real portals lock an account after a few wrong passwords). Each report
still gets its own download folder, evidence folder and run log, exactly as ``run_report`` (one
report, its own browser) gives them.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver
from urllib3.exceptions import HTTPError

from o2c_desktop.logging_setup import secrets
from o2c_desktop.services.portals.account import PortalCredentials
from o2c_desktop.services.portals.engine import downloads
from o2c_desktop.services.portals.engine.driver import BrowserOptions, make_driver
from o2c_desktop.services.portals.engine.evidence import RunLog
from o2c_desktop.services.portals.engine.human import HumanStep
from o2c_desktop.services.portals.engine.launch import BrowserGuard
from o2c_desktop.services.portals.engine.runner import (
    Progress,
    ReportOutcome,
    ReportRun,
    initial_ranges,
    mark_cancelled,
    mark_failed,
    record_unexpected,
)
from o2c_desktop.services.portals.engine.session import PortalSession
from o2c_desktop.services.portals.engine.waiting import Cancelled
from o2c_desktop.services.portals.errors import (
    BrowserStopped,
    LoginNotRetried,
    LoginRejected,
    PortalError,
    RunCancelled,
)
from o2c_desktop.services.portals.ranges import DateRange
from o2c_desktop.services.portals.recipes import load_recipe

log = logging.getLogger(__name__)


class PortalBrowser:
    """Runs the reports of one portal in sequence in one browser with one login.

    Use from one thread at a time; ``cancel`` (from any thread) closes the browser at once.
    """

    def __init__(
        self,
        portal: str,
        *,
        base_url: str,
        credentials: PortalCredentials,
        human: HumanStep,
        cancel: threading.Event,
        browser: BrowserOptions | None = None,
        timeouts: Mapping[str, float] | None = None,
        recipes_dir: Path | None = None,
    ) -> None:
        self.portal = portal
        self.base_url = base_url
        self.credentials = credentials
        self.human = human
        self.cancel = cancel
        self.browser = browser or BrowserOptions()
        self.timeouts = dict(timeouts or {})
        self.recipes_dir = recipes_dir
        self.browsers_started = 0
        self._guard: BrowserGuard | None = None
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._logged_in = False
        self._download_dir: Path | None = None
        # The portal's "wrong password" answer, once given: no further login in this run.
        self.login_rejected: LoginRejected | None = None
        secrets.add(credentials.password)

    # -- the browser -------------------------------------------------------------------------

    def _start_browser(
        self, download_dir: Path
    ) -> tuple[BrowserGuard, tempfile.TemporaryDirectory[str]]:
        """A new browser with a fresh profile, saving to ``download_dir``."""
        profile = tempfile.TemporaryDirectory(prefix="o2c-browser-", ignore_cleanup_errors=True)
        guard = BrowserGuard(self.cancel)
        host = urlsplit(self.base_url).hostname or "127.0.0.1"
        try:
            guard.attach(
                make_driver(
                    self.browser,
                    portal_host=host,
                    download_dir=download_dir,
                    profile_dir=Path(profile.name) / "profile",
                )
            )
        except BaseException:
            guard.close()
            profile.cleanup()
            raise
        return guard, profile

    def _driver_for(self, download_dir: Path) -> BrowserGuard:
        """The running browser, started on first use (or after it died), saving to
        ``download_dir``."""
        guard = self._guard
        if guard is not None and guard.driver is not None and not _responds(guard.driver):
            log.info("the %s browser no longer answers; starting a new one", self.portal)
            self._quit()
            guard = None
        if guard is not None and guard.driver is not None:
            if download_dir != self._download_dir:
                # Chromium's download folder is switched per report without a restart.
                guard.driver.execute_cdp_cmd(
                    "Browser.setDownloadBehavior",
                    {"behavior": "allow", "downloadPath": str(download_dir)},
                )
                self._download_dir = download_dir
            return guard
        self._quit()
        self._guard, self._profile = self._start_browser(download_dir)
        self.browsers_started += 1
        self._download_dir = download_dir
        self._logged_in = False
        return self._guard

    def _quit(self) -> None:
        guard, self._guard = self._guard, None
        if guard is not None:
            guard.close()
        profile, self._profile = self._profile, None
        if profile is not None:
            profile.cleanup()
        self._logged_in = False

    def close(self) -> None:
        """Quit the browser."""
        self._quit()

    def __enter__(self) -> PortalBrowser:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- one report --------------------------------------------------------------------------

    def run_report(
        self,
        recipe_id: str,
        *,
        date_from: date,
        date_to: date,
        download_dir: Path,
        evidence_dir: Path,
        known_pages: int | None = None,
        progress: Progress | None = None,
        skip_ranges: Iterable[DateRange] = frozenset(),
        split_points: Iterable[date] = (),
    ) -> ReportOutcome:
        """Run one report of this portal in the shared browser; never raises a ``UserError``."""
        started = time.monotonic()
        recipe = load_recipe(recipe_id, self.recipes_dir)
        if recipe.portal != self.portal:
            raise ValueError(f"{recipe_id} is not a report of {self.portal}")
        effective = recipe.timeouts.merged(self.timeouts)
        evidence_dir.mkdir(parents=True, exist_ok=True)
        download_dir.mkdir(parents=True, exist_ok=True)
        outcome = ReportOutcome(recipe_id=recipe_id, status="ok", evidence_dir=evidence_dir)
        guard: BrowserGuard | None = None
        with RunLog(evidence_dir):
            removed = downloads.clean_leftovers(download_dir)
            if removed:
                log.info("removed leftovers from %s: %s", download_dir, ", ".join(removed))
            log.info("run %s on %s, %s–%s", recipe_id, self.base_url, date_from, date_to)
            try:
                if self.cancel.is_set():
                    raise Cancelled("before start")
                if self.login_rejected is not None:
                    raise LoginNotRetried(self.portal, self.credentials.user)
                guard = self._driver_for(download_dir)
                if guard.driver is None:
                    raise Cancelled("browser closed")
                session = PortalSession(
                    guard.driver,
                    recipe=recipe,
                    base_url=self.base_url,
                    credentials=self.credentials,
                    timeouts=effective,
                    cancel=self.cancel,
                    human=self.human,
                    download_dir=download_dir,
                    headless=self.browser.headless,
                )
                session.logged_in = self._logged_in
                try:
                    run = ReportRun(session, outcome, progress or (lambda label, fraction: None))
                    if recipe.kind == "table":
                        run.read_table(known_pages)
                    else:
                        skip = set(skip_ranges)
                        ranges = initial_ranges(recipe, date_from, date_to, split_points)
                        run.export_ranges([r for r in ranges if r not in skip])
                finally:
                    self._logged_in = session.logged_in
            except (Cancelled, RunCancelled):
                mark_cancelled(outcome, recipe)
            except PortalError as exc:
                if self.cancel.is_set():
                    mark_cancelled(outcome, recipe)
                else:
                    mark_failed(outcome, exc, _driver(guard), evidence_dir)
                if isinstance(exc, LoginRejected):
                    self.login_rejected = exc
                    self._quit()
            except WebDriverException as exc:
                if self.cancel.is_set():
                    mark_cancelled(outcome, recipe)
                else:
                    cause = secrets.scrub(exc.msg or type(exc).__name__)
                    stopped = BrowserStopped(recipe.portal, cause)
                    mark_failed(outcome, stopped, _driver(guard), evidence_dir)
                    # The browser may be gone: the next report starts a fresh one.
                    self._quit()
            except (OSError, HTTPError):
                if not self.cancel.is_set():
                    record_unexpected(_driver(guard), evidence_dir, recipe_id)
                    self._quit()
                    raise
                # The cancel quit the browser under a WebDriver call in flight.
                mark_cancelled(outcome, recipe)
            except Exception:
                record_unexpected(_driver(guard), evidence_dir, recipe_id)
                self._quit()
                raise
            finally:
                outcome.seconds = time.monotonic() - started
                log.info(
                    "run %s ended %s in %.1f s with %d files",
                    recipe_id,
                    outcome.status,
                    outcome.seconds,
                    len(outcome.files),
                )
        return outcome


def _responds(driver: WebDriver) -> bool:
    """Whether the browser still answers (it may have crashed or been closed by hand)."""
    try:
        driver.window_handles  # noqa: B018 - one round trip to the browser
    except (WebDriverException, OSError, HTTPError):
        return False
    return True


def _driver(guard: BrowserGuard | None) -> WebDriver | None:
    return guard.driver if guard is not None else None


def run_report(
    recipe_id: str,
    *,
    base_url: str,
    credentials: PortalCredentials,
    date_from: date,
    date_to: date,
    download_dir: Path,
    evidence_dir: Path,
    human: HumanStep,
    cancel: threading.Event,
    browser: BrowserOptions | None = None,
    known_pages: int | None = None,
    progress: Progress | None = None,
    skip_ranges: Iterable[DateRange] = frozenset(),
    split_points: Iterable[date] = (),
    timeouts: Mapping[str, float] | None = None,
    recipes_dir: Path | None = None,
) -> ReportOutcome:
    """Run one report recipe in a browser of its own and return what it produced.

    Never raises a ``UserError``: failures are in ``outcome.error`` with ``outcome.status``.
    """
    portal = load_recipe(recipe_id, recipes_dir).portal
    with PortalBrowser(
        portal,
        base_url=base_url,
        credentials=credentials,
        human=human,
        cancel=cancel,
        browser=browser,
        timeouts=timeouts,
        recipes_dir=recipes_dir,
    ) as portal_browser:
        return portal_browser.run_report(
            recipe_id,
            date_from=date_from,
            date_to=date_to,
            download_dir=download_dir,
            evidence_dir=evidence_dir,
            known_pages=known_pages,
            progress=progress,
            skip_ranges=skip_ranges,
            split_points=split_points,
        )
