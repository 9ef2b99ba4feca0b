"""The browser of one portal session: started from the shared driver factory, and quit once,
at once when the caller cancels (a cancel must not wait for a page that never loads)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from urllib.parse import urlsplit

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.remote.webdriver import WebDriver
from urllib3.exceptions import HTTPError

from o2c_desktop.services.portals.account import PortalCredentials
from o2c_desktop.services.portals.engine.driver import BrowserOptions, make_driver
from o2c_desktop.services.portals.engine.human import HumanStep
from o2c_desktop.services.portals.engine.session import PortalSession
from o2c_desktop.services.portals.engine.waiting import Cancelled
from o2c_desktop.services.portals.recipes import Recipe, Timeouts

log = logging.getLogger(__name__)


class BrowserGuard:
    """Owns the driver: quits it once, and at once when the cancel event is set."""

    def __init__(self, cancel: threading.Event) -> None:
        self.cancel = cancel
        self.driver: WebDriver | None = None
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="portal-cancel", daemon=True)

    def attach(self, driver: WebDriver) -> None:
        self.driver = driver
        self._watcher.start()

    def _watch(self) -> None:
        while not self._finished.is_set():
            if self.cancel.wait(0.1):
                log.info("cancel requested: closing the browser")
                self.quit()
                return

    def quit(self) -> None:
        with self._lock:
            driver, self.driver = self.driver, None
        if driver is not None:
            try:
                driver.quit()
            except WebDriverException as exc:
                log.info("browser already gone: %s", exc.msg)
            except (OSError, HTTPError) as exc:
                # The driver process itself is gone: nothing is left to quit.
                log.info("browser driver already gone: %s", exc)

    def close(self) -> None:
        self._finished.set()
        self.quit()
        if self._watcher.is_alive():
            self._watcher.join(timeout=5)


def start_session(
    guard: BrowserGuard,
    *,
    recipe: Recipe,
    base_url: str,
    credentials: PortalCredentials,
    timeouts: Timeouts,
    cancel: threading.Event,
    human: HumanStep,
    browser: BrowserOptions,
    download_dir: Path,
    profile_dir: Path,
) -> PortalSession:
    """Start the browser under ``guard`` and open a session on ``base_url`` (nothing loaded)."""
    host = urlsplit(base_url).hostname or "127.0.0.1"
    guard.attach(
        make_driver(browser, portal_host=host, download_dir=download_dir, profile_dir=profile_dir)
    )
    if guard.driver is None:
        raise Cancelled("browser closed")
    return PortalSession(
        guard.driver,
        recipe=recipe,
        base_url=base_url,
        credentials=credentials,
        timeouts=timeouts,
        cancel=cancel,
        human=human,
        download_dir=download_dir,
        headless=browser.headless,
    )
