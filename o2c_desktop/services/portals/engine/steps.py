"""The vocabulary of recipe steps: what each ``action`` of a recipe file does in the browser.

Steps get the session, their own parameters and the range being queried. They wait explicitly
for what they need; a missing element becomes ``LayoutChanged`` naming the step and selector.
"""

from __future__ import annotations

import glob
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement

from o2c_desktop.services.portals.engine import downloads, forms
from o2c_desktop.services.portals.engine.human import HumanRequest
from o2c_desktop.services.portals.engine.session import PortalSession, element_detached
from o2c_desktop.services.portals.engine.signals import RangeEmpty, RangeRefused, TransientFault
from o2c_desktop.services.portals.engine.waiting import WaitTimeout, poll_until
from o2c_desktop.services.portals.engine.window import BrowserWindowRequests
from o2c_desktop.services.portals.errors import (
    CaptchaNotSolved,
    ExportNeverFinished,
    InvalidDownload,
    LayoutChanged,
    LoginRejected,
)
from o2c_desktop.services.portals.ranges import DateRange, dmy, range_text
from o2c_desktop.services.portals.recipes import Step

log = logging.getLogger(__name__)

SELENIUM_WIRE_LOGGER = "selenium.webdriver.remote.remote_connection"


@dataclass
class StepContext:
    """What the steps of one range share: the range and the file it produced."""

    date_range: DateRange | None = None
    downloaded: Path | None = None
    original_name: str = ""
    notes: list[str] = field(default_factory=list)


Action = Callable[[PortalSession, Step, StepContext], None]


# -- navigation --------------------------------------------------------------------------------


def open_page(session: PortalSession, step: Step, ctx: StepContext) -> None:
    session.open(str(step.param("path", "/")))


def click(session: PortalSession, step: Step, ctx: StepContext) -> None:
    try:
        session.click(step.selector, step=step.name)
    except TimeoutException:
        raise TransientFault(
            "page load timeout", session.driver.current_url, timeout_s=session.timeouts.page_load_s
        ) from None
    session.check_state()


def hover(session: PortalSession, step: Step, ctx: StepContext) -> None:
    element = session.find(step.selector, step=step.name)
    ActionChains(session.driver).move_to_element(element).perform()


def wait_visible(session: PortalSession, step: Step, ctx: StepContext) -> None:
    session.find(step.selector, step=step.name)


def wait_gone(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """Wait until nothing visible matches; a busy overlay that stays is a transient fault."""
    timeout = float(step.param("timeout_s", session.timeouts.element_s))
    try:
        session.wait(
            lambda d: (
                not any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, step.selector))
            ),
            timeout,
            f"{step.name}: {step.selector} gone",
        )
    except TimeoutException:
        raise TransientFault(
            f"{step.selector} still shown", session.driver.current_url, timeout_s=timeout
        ) from None


def close_if_present(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """Close a notice that may or may not be shown (PREI's modal)."""
    timeout = float(step.param("timeout_s", 2.0))
    try:
        element = session.wait(
            lambda d: next(
                (e for e in d.find_elements(By.CSS_SELECTOR, step.selector) if e.is_displayed()),
                None,
            ),
            timeout,
            step.name,
        )
    except TimeoutException:
        log.info("%s: no notice to close", step.name)
        return
    element.click()
    gone = step.param("gone")
    if gone:
        session.wait(
            lambda d: not any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, gone)),
            session.timeouts.element_s,
            f"{step.name}: {gone} closed",
        )


# -- login ---------------------------------------------------------------------------------------


def human_captcha(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """Ask a person to solve the captcha shown in an iframe; never solve it here."""
    done = str(step.param("done"))
    timeout_s = session.timeouts.human_s
    frame_timeout = float(step.param("frame_timeout_s", 10.0))
    frame_selector = step.selector
    try:
        session.wait(
            lambda d: (
                d.find_elements(By.CSS_SELECTOR, frame_selector)
                or [e for e in d.find_elements(By.CSS_SELECTOR, done) if e.is_displayed()]
            ),
            frame_timeout,
            f"{step.name}: captcha frame",
        )
    except TimeoutException:
        raise CaptchaNotSolved(
            session.portal, frame_timeout, details="the captcha frame never appeared"
        ) from None
    if session.present(done):
        return
    with session.frame(frame_selector, step=step.name):
        challenge = session.find(str(step.param("challenge")), step=step.name).text.strip()
    window = BrowserWindowRequests(session.driver, headless=session.headless)
    request = HumanRequest(
        portal=session.portal,
        prompt=str(step.param("prompt", "Resuelva el captcha en la ventana del navegador.")),
        timeout_s=timeout_s,
        challenge=challenge,
        bring_browser_forward=window.request,
    )
    try:
        answer = _ask_human(session, request, window)
    finally:
        window.close()
    if answer:
        with session.frame(frame_selector, step=step.name):
            field_ = session.find(str(step.param("answer")), step=step.name)
            field_.clear()
            field_.send_keys(answer)
            session.click(str(step.param("submit")), step=step.name)
    try:
        session.find(done, step=step.name, timeout_s=timeout_s)
    except LayoutChanged:
        raise CaptchaNotSolved(
            session.portal, timeout_s, details=f"{done} did not appear after the human step"
        ) from None


def _ask_human(
    session: PortalSession, request: HumanRequest, window: BrowserWindowRequests
) -> str | None:
    """Call the human step off this thread so that its timeout and a cancel are enforced; this
    thread keeps the driver and raises the browser window between polls when asked."""
    result: list[str | None] = []
    failure: list[BaseException] = []
    answered = threading.Event()

    def ask() -> None:
        try:
            result.append(session.human(request))
        except BaseException as exc:  # noqa: BLE001 - handed back to the run thread
            failure.append(exc)
        finally:
            answered.set()

    def served_until_answered() -> bool:
        window.serve()
        return answered.is_set()

    threading.Thread(target=ask, name=f"human-{request.portal}", daemon=True).start()
    try:
        poll_until(
            served_until_answered,
            timeout_s=request.timeout_s,
            cancel=session.cancel,
            what="human step",
            interval_s=0.05,  # the answer is typed in as soon as it comes
        )
    except WaitTimeout:
        raise CaptchaNotSolved(
            session.portal, request.timeout_s, details="no answer from the human step"
        ) from None
    if failure:
        raise failure[0]
    return result[0] if result else None


def type_text(session: PortalSession, element: WebElement, text: str) -> None:
    element.clear()
    element.send_keys(text)


def type_user(session: PortalSession, step: Step, ctx: StepContext) -> None:
    type_text(session, session.find(step.selector, step=step.name), session.credentials.user)


def type_password(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """Type the password with Selenium's wire logging muted: its payload would carry it."""
    element = session.find(step.selector, step=step.name)
    wire = logging.getLogger(SELENIUM_WIRE_LOGGER)
    previous = wire.level
    wire.setLevel(logging.WARNING)
    try:
        type_text(session, element, session.credentials.password)
    finally:
        wire.setLevel(previous)


def expect_login(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """Wait for the page after login, or the portal's rejection message."""
    success = str(step.param("success"))
    error = str(step.param("error"))

    def outcome(driver: WebDriver) -> tuple[str, str] | None:
        for element in driver.find_elements(By.CSS_SELECTOR, error):
            if element.is_displayed() and element.text.strip():
                return "error", element.text.strip()
        if any(e.is_displayed() for e in driver.find_elements(By.CSS_SELECTOR, success)):
            return "ok", ""
        return None

    try:
        kind, text = session.wait(outcome, session.timeouts.element_s, step.name)
    except TimeoutException:
        raise TransientFault(
            "no answer to the login",
            session.driver.current_url,
            timeout_s=session.timeouts.element_s,
        ) from None
    if kind == "error":
        raise LoginRejected(session.portal, session.credentials.user, text)


# -- parameters ----------------------------------------------------------------------------------


def type_date(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """Type one dd/mm/yyyy date the way the portal's widget accepts it, then check it."""
    element = session.find(step.selector, step=step.name)
    text = dmy(forms.range_end(ctx.date_range, str(step.param("value")), step.name))
    forms.enter_date(session, element, text, str(step.param("style", "calendar")), step.name)


def fill_form(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """All date fields of a form and its button in one script call (``engine.forms``)."""
    forms.fill_form(session, step, ctx.date_range)


# -- results and exports -----------------------------------------------------------------------


def check_results(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """Wait for rows, the "too many results" refusal or the "no results" cell."""
    refused = str(step.param("refused_text", ""))
    empty = str(step.param("empty_text", ""))
    messages = str(step.param("messages", "body"))
    empty_cell = str(step.param("empty_cell", "body"))

    def outcome(driver: WebDriver) -> str | None:
        # One script call per poll: WebDriver's element text of a results table of a hundred
        # rows costs a third of a second, the page's own innerText a few milliseconds.
        found = driver.execute_script(
            _RESULTS_JS, refused, messages, empty, empty_cell, step.selector
        )
        return str(found) if found else None

    try:
        result = session.wait(outcome, session.timeouts.element_s, step.name)
    except TimeoutException:
        raise TransientFault(
            "no results shown", session.driver.current_url, timeout_s=session.timeouts.element_s
        ) from None
    if result == "refused":
        raise RangeRefused(refused)
    if result == "empty":
        raise RangeEmpty(empty)


_ENABLED_JS = (
    "const e = document.querySelector(arguments[0]); return !!e && !e.matches(':disabled');"
)

# Arguments: refused text, its container, empty text, its container, the row selector.
_RESULTS_JS = """
const [refused, messages, empty, emptyCell, rows] = arguments;
const shown = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)
  && getComputedStyle(e).visibility !== 'hidden';
const text = (selector) => Array.from(document.querySelectorAll(selector)).filter(shown)
  .map((e) => e.innerText).join(' ');
if (refused && text(messages).includes(refused)) { return 'refused'; }
if (empty && text(emptyCell).includes(empty)) { return 'empty'; }
if (Array.from(document.querySelectorAll(rows)).some(shown)) { return 'rows'; }
return null;
"""


def _expected_name(session: PortalSession, ctx: StepContext) -> str:
    """The file's exact name when the portal names it deterministically, else a glob."""
    recipe = session.recipe
    if recipe.download_name and ctx.date_range is not None:
        return recipe.download_name.format(
            user=session.credentials.user,
            date_from=dmy(ctx.date_range[0], "-"),
            date_to=dmy(ctx.date_range[1], "-"),
        )
    return recipe.download_glob


def _collect(
    session: PortalSession, step: Step, ctx: StepContext, before: downloads.FolderState
) -> None:
    name = _expected_name(session, ctx)
    pattern = glob.escape(name) if session.recipe.download_name else name
    where = range_text(ctx.date_range) if ctx.date_range else ""
    folder = session.download_dir
    try:
        path = downloads.wait_for_download(
            folder,
            pattern=pattern,
            before=before,
            expected=session.recipe.file_type,
            timeout_s=session.timeouts.download_s,
            cancel=session.cancel,
        )
    except WaitTimeout:
        left = downloads.leftover_temporaries(folder)
        downloads.discard(folder, left)
        reason = (
            f"the transfer broke off, {', '.join(left)} left behind"
            if left
            else f"no file {name} arrived within {session.timeouts.download_s:.0f} s"
        )
        raise InvalidDownload(session.portal, f"{name} {where}".strip(), reason) from None
    except downloads.DownloadProblem as exc:
        if exc.path is not None:
            downloads.discard(folder, [exc.path.name])
        raise InvalidDownload(session.portal, f"{name} {where}".strip(), str(exc)) from None
    log.info("downloaded %s (%d bytes) for %s", path.name, path.stat().st_size, where)
    ctx.downloaded = path
    ctx.original_name = path.name


def export_when_ready(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """SAI: click Exportar, which turns disabled while the file is prepared, then re-enabled."""
    before = downloads.snapshot(session.download_dir)
    session.click(step.selector, step=step.name)
    where = range_text(ctx.date_range) if ctx.date_range else ""

    def enabled(driver: WebDriver) -> bool:
        # One script call per poll (not a find, then a second call for the state).
        return bool(driver.execute_script(_ENABLED_JS, step.selector))

    def started(driver: WebDriver) -> bool:
        new_files = downloads.snapshot(session.download_dir).names - before.names
        return bool(new_files) or not enabled(driver)

    try:
        session.wait(started, session.timeouts.export_start_s, f"{step.name}: export started")
        session.wait(enabled, session.timeouts.export_done_s, f"{step.name}: export finished")
    except TimeoutException:
        raise ExportNeverFinished(
            session.portal, session.recipe.title, where, session.timeouts.export_done_s
        ) from None
    _collect(session, step, ctx, before)


def download(session: PortalSession, step: Step, ctx: StepContext) -> None:
    """Click a link that downloads the file at once (PREI's Excel icon)."""
    before = downloads.snapshot(session.download_dir)
    session.click(step.selector, step=step.name)
    _collect(session, step, ctx, before)


ACTIONS: dict[str, Action] = {
    "open": open_page,
    "click": click,
    "hover": hover,
    "wait_visible": wait_visible,
    "wait_gone": wait_gone,
    "close_if_present": close_if_present,
    "human_captcha": human_captcha,
    "type_user": type_user,
    "type_password": type_password,
    "expect_login": expect_login,
    "type_date": type_date,
    "fill_form": fill_form,
    "check_results": check_results,
    "export_when_ready": export_when_ready,
    "download": download,
}


def run_steps(session: PortalSession, steps: tuple[Step, ...], ctx: StepContext) -> None:
    for step in steps:
        session.check_cancel()
        log.debug("step %s", step.name)
        try:
            ACTIONS[step.action](session, step, ctx)
        except TimeoutException:
            raise TransientFault(f"timeout in {step.name}", _current_url(session.driver)) from None
        except WebDriverException as exc:
            if not element_detached(exc):
                raise
            cause = f"the page changed under {step.name}"
            raise TransientFault(cause, _current_url(session.driver)) from None


def log_in(session: PortalSession) -> None:
    """The recipe's login steps; meanwhile the login form on screen is no lost session."""
    session.in_login = True
    try:
        run_steps(session, session.recipe.login, StepContext())
    finally:
        session.in_login = False
    session.logged_in = True
    log.info("logged in to %s as %s", session.portal, session.credentials.user)


def _current_url(driver: WebDriver) -> str:
    try:
        return str(driver.current_url)
    except WebDriverException:
        return "?"
