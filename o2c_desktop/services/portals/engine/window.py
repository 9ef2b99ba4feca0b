"""Raising the browser window while a person is asked to solve a captcha.

Anyone may ask (the prompt in the window, from the GUI thread); only the engine thread acts. The
engine thread owns the driver and, during the human step, does nothing but poll for the answer,
so it serves the requests between two polls: the driver is never used from two threads at once,
the asking thread never waits on the browser, and a request made after the step ended gets
``unavailable`` instead of touching a driver that is busy with the next page.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chromium.webdriver import ChromiumDriver
from selenium.webdriver.remote.webdriver import WebDriver

from o2c_desktop.services.portals.engine.human import BrowserShown

log = logging.getLogger(__name__)


class BrowserWindowRequests:
    def __init__(self, driver: WebDriver, *, headless: bool) -> None:
        self._driver = driver
        self._headless = headless
        self._lock = threading.Lock()
        self._pending: list[Future[BrowserShown]] = []
        self._closed = False

    def request(self) -> Future[BrowserShown]:
        """Any thread: ask for the window; the future is answered on the engine's next poll."""
        answer: Future[BrowserShown] = Future()
        with self._lock:
            if not self._closed:
                self._pending.append(answer)
                return answer
        answer.set_result("unavailable")
        return answer

    def serve(self) -> None:
        """Engine thread only, while it waits for the person."""
        with self._lock:
            pending, self._pending = self._pending, []
        if not pending:
            return
        shown: BrowserShown = "unavailable"
        try:
            shown = bring_to_front(self._driver, headless=self._headless)
        finally:
            for answer in pending:
                answer.set_result(shown)

    def close(self) -> None:
        """The human step is over: later requests, and any not served, are ``unavailable``."""
        with self._lock:
            self._closed = True
            pending, self._pending = self._pending, []
        for answer in pending:
            answer.set_result("unavailable")


def bring_to_front(driver: WebDriver, *, headless: bool) -> BrowserShown:
    try:
        driver.switch_to.window(driver.current_window_handle)
        if isinstance(driver, ChromiumDriver):
            if not headless:
                _restore_if_minimized(driver)
            driver.execute_cdp_cmd("Page.bringToFront", {})
    except WebDriverException as exc:
        log.info("could not bring the browser forward: %s", exc.msg)
        return "unavailable"
    log.info("browser brought forward (headless=%s)", headless)
    return "headless" if headless else "shown"


def _restore_if_minimized(driver: ChromiumDriver) -> None:
    window = driver.execute_cdp_cmd("Browser.getWindowForTarget", {})
    if window.get("bounds", {}).get("windowState") == "minimized":
        driver.execute_cdp_cmd(
            "Browser.setWindowBounds",
            {"windowId": window["windowId"], "bounds": {"windowState": "normal"}},
        )
