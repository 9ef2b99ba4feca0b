"""What can go wrong while acquiring a portal report, as errors a clerk can act on.

Every message names the portal, the real cause and what to do next. Passwords never appear: the
engine only ever passes user names, selectors, step names and ranges into these messages.
"""

from __future__ import annotations

from pathlib import Path

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg


class PortalError(UserError):
    """Base of every acquisition failure; ``status`` is the outcome status it leads to."""

    status = "failed"


class LoginRejected(PortalError):
    def __init__(self, portal: str, user: str, portal_message: str) -> None:
        super().__init__(
            msg("portal.login_rejected", portal=portal.upper(), portal_id=portal, user=user),
            details=f"portal message: {portal_message!r}",
        )
        self.portal_message = portal_message


class LoginNotRetried(PortalError):
    """A report not run because the portal already rejected the password in this run: trying
    again with the same password would only bring the account closer to being locked."""

    def __init__(self, portal: str, user: str) -> None:
        super().__init__(
            msg("portal.login_not_retried", portal=portal.upper(), portal_id=portal, user=user)
        )


class CaptchaNotSolved(PortalError):
    status = "needs-human"

    def __init__(self, portal: str, timeout_s: float, details: str = "") -> None:
        super().__init__(
            msg("portal.captcha_not_solved", portal=portal.upper(), timeout_s=timeout_s),
            details=details,
        )
        self.timeout_s = timeout_s


class SessionExpired(PortalError):
    def __init__(self, portal: str, attempts: int, where: str) -> None:
        super().__init__(
            msg("portal.session_expired", portal=portal.upper(), attempts=attempts, where=where),
            details=where,
        )


class PortalUnavailable(PortalError):
    def __init__(self, portal: str, attempts: int, cause: str, url: str) -> None:
        super().__init__(
            msg(
                "portal.unavailable", portal=portal.upper(), cause=cause, attempts=attempts,
                url=url,
            ),
            details=f"{cause} at {url}",
        )  # fmt: skip


# What the browser's network error codes mean for a clerk; anything else is shown by its code.
_NETWORK_CAUSES = {
    "ERR_NAME_NOT_RESOLVED": "portal.network.name_not_resolved",
    "ERR_CONNECTION_REFUSED": "portal.network.refused",
    "ERR_CONNECTION_TIMED_OUT": "portal.network.timed_out",
    "ERR_TIMED_OUT": "portal.network.timed_out",
    "ERR_INTERNET_DISCONNECTED": "portal.network.no_internet",
    "ERR_CONNECTION_RESET": "portal.network.dropped",
    "ERR_CONNECTION_CLOSED": "portal.network.dropped",
}


class PortalNotReached(PortalError):
    """No page at all: the browser could not connect to the portal."""

    def __init__(self, portal: str, url: str, code: str, attempts: int = 1) -> None:
        cause = msg(_NETWORK_CAUSES.get(code, "portal.network.other"), code=code)
        tries = msg("portal.attempts", attempts=attempts) if attempts > 1 else ""
        super().__init__(
            msg("portal.not_reached", portal=portal.upper(), url=url, cause=cause, tries=tries),
            details=f"{code} at {url}",
        )


class PortalTimeout(PortalError):
    def __init__(self, portal: str, attempts: int, what: str, timeout_s: float) -> None:
        super().__init__(
            msg(
                "portal.timeout", portal=portal.upper(), timeout_s=timeout_s, what=what,
                attempts=attempts,
            ),
            details=what,
        )  # fmt: skip


class ExportNeverFinished(PortalError):
    def __init__(self, portal: str, report: str, range_text: str, timeout_s: float) -> None:
        super().__init__(
            msg(
                "portal.export_never_finished", portal=portal.upper(), report=report,
                range_text=range_text, timeout_s=timeout_s,
            ),
            details=f"{report} {range_text}",
        )  # fmt: skip


class LayoutChanged(PortalError):
    def __init__(self, portal: str, recipe_id: str, step: str, selector: str) -> None:
        super().__init__(
            msg(
                "portal.layout_changed", portal=portal.upper(), step=step, recipe_id=recipe_id,
                selector=selector,
            ),
            details=f"step={step} selector={selector}",
        )  # fmt: skip


class InvalidDownload(PortalError):
    def __init__(self, portal: str, name: str, reason: str) -> None:
        super().__init__(
            msg("portal.invalid_download", portal=portal.upper(), name=name, reason=reason),
            details=reason,
        )


class PartialExtraction(PortalError):
    def __init__(self, portal: str, dataset: str, pages: int, known_pages: int) -> None:
        super().__init__(
            msg(
                "portal.partial_extraction", portal=portal.upper(), dataset=dataset, pages=pages,
                known_pages=known_pages,
            ),
            details=f"pages={pages} known_pages={known_pages}",
        )  # fmt: skip


class RunCancelled(PortalError):
    status = "cancelled"

    def __init__(self, portal: str) -> None:
        super().__init__(msg("portal.cancelled", portal=portal.upper()))


class BrowserUnavailable(PortalError):
    def __init__(self, browser: str, cause: str) -> None:
        super().__init__(msg("browser.unavailable", browser=browser, cause=cause), details=cause)


_BROWSER_TITLES = {"edge": "Microsoft Edge", "chrome": "Google Chrome", "chromium": "Chromium"}
_DRIVER_NAMES = {"edge": "msedgedriver", "chrome": "chromedriver", "chromium": "chromedriver"}
_DRIVER_DOWNLOADS = {
    "edge": "https://developer.microsoft.com/microsoft-edge/tools/webdriver/",
    "chrome": "https://googlechromelabs.github.io/chrome-for-testing/",
    "chromium": "https://googlechromelabs.github.io/chrome-for-testing/",
}


def _wanted_driver(browser: str, browser_version: str | None) -> Message:
    """ "msedgedriver 131", or the driver of the browser's version when that is unknown."""
    name = _DRIVER_NAMES.get(browser, "chromedriver")
    if browser_version:
        return msg("browser.driver_wanted", driver=name, major=browser_version.split(".", 1)[0])
    title = _BROWSER_TITLES.get(browser, browser)
    return msg("browser.driver_same_version", driver=name, title=title)


class DriverNotFound(PortalError):
    """No driver anywhere the program looks; it never downloads one."""

    def __init__(
        self,
        browser: str,
        looked_in: tuple[str, ...],
        browser_version: str | None,
        browser_folder: Path | None,
        cause: str,
    ) -> None:
        title = _BROWSER_TITLES.get(browser, browser)
        beside = (
            msg("browser.beside_program", title=title, folder=str(browser_folder))
            if browser_folder
            else ""
        )
        super().__init__(
            msg(
                "browser.driver_not_found", title=title, driver=_DRIVER_NAMES.get(browser),
                places=", ".join(looked_in), wanted=_wanted_driver(browser, browser_version),
                url=_DRIVER_DOWNLOADS.get(browser, ""), beside=beside,
            ),
            details=cause,
        )  # fmt: skip


class DriverVersionMismatch(PortalError):
    """The driver was made for another major version of the browser than the one installed."""

    def __init__(
        self,
        browser: str,
        driver: Path | None,
        driver_version: str,
        browser_version: str,
        browser_folder: Path | None,
        *,
        details: str = "",
    ) -> None:
        wanted = _wanted_driver(browser, browser_version)
        url = _DRIVER_DOWNLOADS.get(browser)
        if browser == "chromium" and driver is not None and str(driver).startswith("/usr/"):
            how = msg("browser.update_system_packages", wanted=wanted)
        elif driver is not None:
            how = msg("browser.replace_driver", wanted=wanted, url=url, driver_path=str(driver))
        else:
            how = msg("browser.place_driver", wanted=wanted, url=url)
        super().__init__(
            msg(
                "browser.driver_mismatch", driver=_DRIVER_NAMES.get(browser, "chromedriver"),
                driver_version=driver_version, where=f", {driver}" if driver else "",
                title=_BROWSER_TITLES.get(browser, browser), browser_version=browser_version,
                installed=f" ({browser_folder})" if browser_folder else "",
                major=browser_version.split(".", 1)[0], how=how,
            ),
            details=details or f"driver {driver} {driver_version}, browser {browser_version}",
        )  # fmt: skip


class BrowserStopped(PortalError):
    """The browser started but failed under a step: the driver's words go to the details."""

    def __init__(self, portal: str, cause: str) -> None:
        super().__init__(msg("browser.stopped", portal=portal.upper()), details=cause)


class RecipeError(PortalError):
    """A recipe file is missing or malformed: an installation problem, not the portal's."""

    def __init__(self, recipe: str, cause: str) -> None:
        super().__init__(msg("recipe.unusable", recipe=recipe, cause=cause), details=cause)
