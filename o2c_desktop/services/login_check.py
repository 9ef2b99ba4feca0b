"""Does this user and password open the portal? One login through the real engine, nothing more.

The check starts the browser the way a sync does and runs the login steps of the portal's recipe
(the captcha asked through the same human step), then closes the browser. Nothing is downloaded,
stored or kept as evidence. The password is registered with the log scrubber before the browser
starts and is part of no outcome, message or log line.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from selenium.common.exceptions import WebDriverException

from o2c_desktop.errors import UserError
from o2c_desktop.logging_setup import secrets
from o2c_desktop.messages import msg
from o2c_desktop.services.credentials import (
    CredentialStore,
    portal_display_name,
)
from o2c_desktop.services.portals.account import PortalCredentials
from o2c_desktop.services.portals.engine.driver import BrowserOptions
from o2c_desktop.services.portals.engine.human import HumanStep
from o2c_desktop.services.portals.engine.launch import BrowserGuard, start_session
from o2c_desktop.services.portals.engine.signals import NoConnection, TransientFault
from o2c_desktop.services.portals.engine.steps import log_in
from o2c_desktop.services.portals.engine.waiting import Cancelled
from o2c_desktop.services.portals.errors import (
    BrowserStopped,
    CaptchaNotSolved,
    LoginRejected,
    PortalError,
    PortalNotReached,
    RunCancelled,
)
from o2c_desktop.services.portals.recipes import load_recipe
from o2c_desktop.services.portals.registry import PORTALS
from o2c_desktop.settings import Settings

log = logging.getLogger(__name__)

LoginStatus = Literal["ok", "rejected", "unreachable", "needs-human", "cancelled", "failed"]
Phase = Literal["browser", "login"]
PhaseReport = Callable[[Phase], None]


@dataclass(frozen=True)
class LoginCheck:
    portal: str
    user: str
    status: LoginStatus
    error: UserError | None = None  # what to tell the clerk whenever the status is not "ok"
    portal_message: str = ""  # the portal's own words when it refused the login
    demo: bool = False  # checked against the embedded demo portal, not the institution's


class LoginRefused(UserError):
    def __init__(self, portal: str, user: str, portal_message: str) -> None:
        super().__init__(
            msg(
                "credentials.login_refused", portal=portal.upper(), user=user,
                portal_message=portal_message,
            ),
            details=f"portal message: {portal_message!r}",
        )  # fmt: skip


def _captcha_not_solved(portal: str, error: CaptchaNotSolved) -> UserError:
    timeout_s = error.timeout_s
    return UserError(
        msg("login_check.captcha_not_solved", portal=portal.upper(), timeout_s=timeout_s),
        details=error.details,
    )


def _bad_answer(portal: str, fault: TransientFault) -> UserError:
    if fault.timeout_s is not None:
        return UserError(
            msg("login_check.timeout", portal=portal.upper(), timeout_s=fault.timeout_s),
            details=str(fault),
        )
    return UserError(
        msg("login_check.error_page", portal=portal.upper(), cause=fault.cause),
        details=str(fault),
    )


def _cancelled(portal: str) -> UserError:
    return UserError(
        msg("login_check.cancelled", portal=portal.upper()),
    )


def check_login(
    portal: str,
    *,
    base_url: str,
    credentials: PortalCredentials,
    human: HumanStep,
    cancel: threading.Event,
    browser: BrowserOptions | None = None,
    timeouts: Mapping[str, float] | None = None,
    progress: PhaseReport | None = None,
) -> LoginCheck:
    """Log in to ``portal`` at ``base_url`` and say how it went; never raises a ``UserError``
    for what the portal or the network does (only for an unknown portal)."""
    portal_display_name(portal)
    secrets.add(credentials.password)
    report = progress or (lambda phase: None)
    guard = BrowserGuard(cancel)
    user = credentials.user
    log.info("login check on %s (%s) as %s", portal, base_url, user)
    with tempfile.TemporaryDirectory(prefix="o2c-login-check-", ignore_cleanup_errors=True) as tmp:
        try:
            recipe = load_recipe(PORTALS[portal].reports[0])
            effective = recipe.timeouts.merged(timeouts or {})
            if cancel.is_set():
                raise Cancelled("before start")
            report("browser")
            session = start_session(
                guard,
                recipe=recipe,
                base_url=base_url,
                credentials=credentials,
                timeouts=effective,
                cancel=cancel,
                human=human,
                browser=browser or BrowserOptions(),
                download_dir=Path(tmp) / "downloads",
                profile_dir=Path(tmp) / "profile",
            )
            report("login")
            log_in(session)
            result = LoginCheck(portal, user, "ok")
        except Exception as exc:  # noqa: BLE001 - _failed_check raises a bug again
            result = _failed_check(portal, user, exc, cancelled=cancel.is_set())
        finally:
            guard.close()
    outcome = f": {result.error.en} | {result.error.details}" if result.error else ""
    log.info("login check on %s ended %s%s", portal, result.status, outcome)
    return result


def _failed_check(portal: str, user: str, error: Exception, *, cancelled: bool) -> LoginCheck:
    """What a login that did not get through means for the clerk; a bug is raised again."""
    if isinstance(error, LoginRejected):
        said = secrets.scrub(error.portal_message)
        return LoginCheck(portal, user, "rejected", LoginRefused(portal, user, said), said)
    if cancelled or isinstance(error, (Cancelled, RunCancelled)):
        # A cancel quits the browser under whatever call is in flight: its error is the cancel.
        return LoginCheck(portal, user, "cancelled", _cancelled(portal))
    if isinstance(error, CaptchaNotSolved):
        return LoginCheck(portal, user, "needs-human", _captcha_not_solved(portal, error))
    if isinstance(error, NoConnection):
        problem = PortalNotReached(portal, error.url, error.code)
        return LoginCheck(portal, user, "unreachable", problem)
    if isinstance(error, TransientFault):
        return LoginCheck(portal, user, "unreachable", _bad_answer(portal, error))
    if isinstance(error, PortalError):
        return LoginCheck(portal, user, "failed", error)
    if isinstance(error, WebDriverException):
        cause = secrets.scrub(error.msg or type(error).__name__)
        return LoginCheck(portal, user, "failed", BrowserStopped(portal, cause))
    raise error


def check_configured_login(
    settings: Settings,
    portal: str,
    credentials: PortalCredentials | None,
    *,
    human: HumanStep,
    cancel: threading.Event,
    visible: bool = False,
    timeouts: Mapping[str, float] | None = None,
    progress: PhaseReport | None = None,
) -> LoginCheck:
    """Against the institution's portal in real mode; in demo mode against a demo portal served
    for the length of the check. Without ``credentials``: the saved credential in real mode, in
    demo mode the demo portal's user (the one a demo sync logs in with)."""
    portal_display_name(portal)
    browser = BrowserOptions.from_settings(settings.portals, visible=visible)

    def check(base_url: str, credentials: PortalCredentials) -> LoginCheck:
        return check_login(
            portal,
            base_url=base_url,
            credentials=credentials,
            human=human,
            cancel=cancel,
            browser=browser,
            timeouts=timeouts,
            progress=progress,
        )

    if settings.portals.mode == "real":
        return check(
            PORTALS[portal].real_base_url, credentials or CredentialStore().require(portal)
        )
    # The demo portal builds its world with pandas: imported only when a demo login is tested.
    from o2c_desktop.services.portals.demo import DEMO_USERS, DemoPortal

    demo_user = DEMO_USERS[portal]
    with DemoPortal(seed=settings.demo.seed, scale=settings.demo.scale) as demo:
        used = credentials or PortalCredentials(demo_user.user, demo_user.password)
        return replace(check(demo.base_url, used), demo=True)
