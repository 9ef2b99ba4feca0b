"""A browser session on one portal: explicit waits that notice logouts, error pages and cancels.

Every wait polls its own condition *and* the portal's state, so that a silent logout or an HTTP
500 page is noticed on the next poll instead of after the full timeout, and a cancel ends it at
once.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar, cast
from urllib.parse import urljoin

from selenium.common.exceptions import (
    NoSuchFrameException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

from o2c_desktop.services.portals.account import PortalCredentials
from o2c_desktop.services.portals.engine.human import HumanStep
from o2c_desktop.services.portals.engine.signals import (
    NoConnection,
    SessionLost,
    TransientFault,
)
from o2c_desktop.services.portals.engine.waiting import Cancelled
from o2c_desktop.services.portals.errors import LayoutChanged
from o2c_desktop.services.portals.recipes import Recipe, Timeouts

log = logging.getLogger(__name__)
T = TypeVar("T")

# Each poll costs one or two round trips of about 10 ms to a local browser; polling every 50 ms
# notices a change within a few tens of milliseconds without keeping the browser busy.
POLL_S = 0.05
_CLICK_TRIES = 3
_NETWORK_ERROR = re.compile(r"net::(ERR_[A-Z_]+)")
# Chromium's words when an element found a moment ago was replaced by a re-render or a new
# page: the same race as a stale element, reported by DevTools as an "unknown error".
_DETACHED_NODE = re.compile(r"(does not belong to the document|No node with given id)", re.I)
# The page's title (the top window's, as WebDriver's "title") and whether the login is shown.
_PAGE_STATE_JS = """
let title = document.title;
try { title = window.top.document.title; } catch (e) { /* a frame from another origin */ }
return [title, document.querySelector(arguments[0]) !== null];
"""
_BROWSER_ERROR_PAGE_JS = (
    "return document.URL.startsWith('chrome-error:')"
    " ? ((document.querySelector('.error-code') || {}).textContent || 'ERR_FAILED') : null;"
)


def element_detached(exc: WebDriverException) -> bool:
    """Whether ``exc`` only says that the page changed under an element already found."""
    return isinstance(exc, StaleElementReferenceException) or bool(
        _DETACHED_NODE.search(exc.msg or "")
    )


class PortalSession:
    """The driver plus everything a step needs: recipe, base URL, credentials, waits."""

    def __init__(
        self,
        driver: WebDriver,
        *,
        recipe: Recipe,
        base_url: str,
        credentials: PortalCredentials,
        timeouts: Timeouts,
        cancel: threading.Event,
        human: HumanStep,
        download_dir: Path,
        headless: bool = True,
    ) -> None:
        self.driver = driver
        self.recipe = recipe
        self.base_url = base_url.rstrip("/") + "/"
        self.credentials = credentials
        self.timeouts = timeouts
        self.cancel = cancel
        self.human = human
        self.download_dir = download_dir
        self.headless = headless
        self.logged_in = False
        self.in_login = False
        driver.set_page_load_timeout(timeouts.page_load_s)

    @property
    def portal(self) -> str:
        return self.recipe.portal

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path.lstrip("/"))

    # -- state of the page -------------------------------------------------------------------

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("run cancelled")

    def error_page(self) -> str | None:
        """The error text shown instead of the page (e.g. "HTTP Status 500"), if any."""
        try:
            title = self.driver.title or ""
        except WebDriverException:
            return None
        return self._error_title(title)

    def _error_title(self, title: str) -> str | None:
        for text in self.recipe.markers.error_texts:
            if text.lower() in title.lower():
                return title
        return None

    def logged_out(self) -> bool:
        try:
            return bool(self.driver.find_elements(By.CSS_SELECTOR, self.recipe.markers.logged_out))
        except WebDriverException:
            return False

    def drop_session(self) -> None:
        """Forget the portal's session cookie so the next login opens a fresh session.

        A portal that expelled the session may still accept its cookie and answer with a
        half-dead session that expires again mid-download; a clean login avoids that.
        """
        self.logged_in = False
        try:
            self.driver.delete_all_cookies()
        except WebDriverException as exc:
            log.info("could not clear the %s cookies: %s", self.portal, exc)

    def check_state(self) -> None:
        """Raise if the run was cancelled, the portal shows an error page or its login.

        One script call reads both the title and the login marker: every poll of every wait
        makes this check, so a second round trip to the browser would cost on each of them.
        """
        self.check_cancel()
        try:
            title, logged_out = self.driver.execute_script(
                _PAGE_STATE_JS, self.recipe.markers.logged_out
            )
        except WebDriverException:
            return  # no page to judge (it is loading or gone); the wait's own check decides
        error = self._error_title(str(title or ""))
        if error:
            raise TransientFault(error, self.driver.current_url)
        if not self.in_login and logged_out:
            raise SessionLost(self.driver.current_url)

    # -- waits ---------------------------------------------------------------------------------

    def wait(self, condition: Callable[[WebDriver], T | None], timeout_s: float, what: str) -> T:
        """WebDriverWait on ``condition`` that also watches cancel, errors and logouts."""

        def guarded(driver: WebDriver) -> T | None:
            self.check_state()
            try:
                return condition(driver)
            except WebDriverException as exc:
                if element_detached(exc):
                    return None
                raise

        try:
            result = WebDriverWait(self.driver, timeout_s, poll_frequency=POLL_S).until(
                guarded, what
            )
        except TimeoutException as exc:
            raise TimeoutException(what) from exc
        return cast(T, result)

    def find(
        self, selector: str, *, step: str, visible: bool = True, timeout_s: float | None = None
    ) -> WebElement:
        """The element for ``selector``; a missing one means the page layout changed."""

        def located(driver: WebDriver) -> WebElement | None:
            for element in driver.find_elements(By.CSS_SELECTOR, selector):
                if not visible or element.is_displayed():
                    return element
            return None

        try:
            return self.wait(located, timeout_s or self.timeouts.element_s, f"{step}: {selector}")
        except TimeoutException:
            raise LayoutChanged(self.portal, self.recipe.id, step, selector) from None

    def click(self, selector: str, *, step: str) -> None:
        """Find and click; an element replaced between the two is found again, not a failure."""
        for tries_left in reversed(range(_CLICK_TRIES)):
            element = self.find(selector, step=step)
            try:
                element.click()
                return
            except WebDriverException as exc:
                if not element_detached(exc) or tries_left == 0:
                    raise
                log.info("%s: %s was replaced before the click; finding it again", step, selector)

    def present(self, selector: str) -> bool:
        try:
            return any(
                e.is_displayed() for e in self.driver.find_elements(By.CSS_SELECTOR, selector)
            )
        except WebDriverException:
            return False

    def open(self, path: str) -> None:
        url = self.url(path)
        log.info("open %s", url)
        self.check_cancel()
        try:
            self.driver.get(url)
        except TimeoutException:
            raise TransientFault(
                "page load timeout", url, timeout_s=self.timeouts.page_load_s
            ) from None
        except WebDriverException as exc:
            code = _NETWORK_ERROR.search(exc.msg or "")
            if code is None:
                raise
            raise NoConnection(code.group(1), url) from None
        shown = self.browser_error_page()
        if shown:
            raise NoConnection(shown, url)
        self.check_state()

    def browser_error_page(self) -> str | None:
        """The browser's own network error page (some failures show it instead of raising)."""
        try:
            code = self.driver.execute_script(_BROWSER_ERROR_PAGE_JS)
        except WebDriverException:
            return None
        return str(code) if code else None

    @contextmanager
    def frame(self, selector: str, *, step: str) -> Iterator[None]:
        element = self.find(selector, step=step)
        try:
            self.driver.switch_to.frame(element)
        except NoSuchFrameException:
            raise LayoutChanged(self.portal, self.recipe.id, step, selector) from None
        try:
            yield
        finally:
            self.driver.switch_to.default_content()
