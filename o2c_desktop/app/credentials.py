"""Portal credentials, decided once for ``o2c credentials`` and Configuración → Credenciales.

* Passwords live only in the system keyring; the list shows users, never passwords.
* A login test uses what it is given (what the clerk typed in the window); without it, in real
  mode the saved credential, and in demo mode the saved one if any, else the demo portal's own
  user (so a machine without a keyring can still try the demo).
* Who answers the portal's captcha at login: the window's clerk; the demo portal's answer; a
  person at the terminal; the browser's window when it is shown or the portal asks no captcha.
  With none of these, a portal that asks one is refused before a browser opens.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from o2c_desktop.app.captcha import captcha_answerer
from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.credentials import PORTAL_NAMES, CredentialStore, portal_display_name
from o2c_desktop.services.portals import PORTALS, HumanStep, browser_only
from o2c_desktop.services.portals.account import PortalCredentials
from o2c_desktop.settings import Settings

if TYPE_CHECKING:
    from o2c_desktop.services.login_check import LoginCheck, PhaseReport

__all__ = [
    "IncompleteCredentials",
    "StoredCredential",
    "check_keyring",
    "credentials_to_test",
    "delete_credential",
    "list_credentials",
    "login_answerer",
    "login_outcome",
    "save_credential",
    "try_login",
    "typed_for_test",
]


@dataclass(frozen=True)
class StoredCredential:
    portal: str
    name: str  # the portal as the clerk knows it
    user: str  # empty when nothing is saved

    @property
    def saved(self) -> bool:
        return bool(self.user)


def list_credentials(store: CredentialStore | None = None) -> list[StoredCredential]:
    """Every portal, with the user saved for it (never the password)."""
    stored = (store or CredentialStore()).list()
    return [
        StoredCredential(portal, PORTAL_NAMES[portal], user or "")
        for portal, user in stored.items()
    ]


def check_keyring(store: CredentialStore | None = None) -> CredentialStore:
    """The store, once the keyring is known to be usable (refused before a password is asked)."""
    store = store or CredentialStore()
    store.check_available()
    return store


def save_credential(
    portal: str, user: str, password: str, store: CredentialStore | None = None
) -> Message:
    (store or CredentialStore()).set(portal, user, password)
    return msg("credentials.saved", portal=portal_display_name(portal))


def delete_credential(portal: str, store: CredentialStore | None = None) -> Message:
    """Forget the portal's credential; saying so also when there was none."""
    deleted = (store or CredentialStore()).delete(portal)
    code = "credentials.deleted" if deleted else "credentials.nothing_to_delete"
    return msg(code, portal=portal_display_name(portal))


def login_answerer(
    settings: Settings,
    portal: str,
    *,
    window: HumanStep | None = None,
    terminal: HumanStep | None = None,
    visible: bool = False,
) -> HumanStep:
    """Who answers a captcha during the login test (see the module's rules)."""
    answerer = captcha_answerer(settings, window=window, terminal=terminal, visible=visible)
    if answerer is not None:
        return answerer
    if not PORTALS[portal].human_login:
        return browser_only
    raise UserError(msg("credentials.test_needs_person", portal=portal_display_name(portal)))


def credentials_to_test(
    settings: Settings, portal: str, store: CredentialStore | None = None
) -> PortalCredentials | None:
    """The saved credential; in demo mode none is needed (None: the demo portal's own user)."""
    if settings.portals.mode != "demo":
        return (store or CredentialStore()).require(portal)
    try:
        return (store or CredentialStore()).get(portal)
    except UserError:  # no keyring on a machine set up only to try the demo
        return None


class IncompleteCredentials(UserError):
    """A user without a password, or a password without a user."""


def typed_for_test(settings: Settings, user: str, password: str) -> PortalCredentials | None:
    """What the clerk typed, to test before saving; in demo mode nothing typed means the demo
    portal's own user (None), as a demo sync logs in."""
    user = user.strip()
    if settings.portals.mode == "demo" and not user and not password:
        return None
    if not user or not password:
        raise IncompleteCredentials(msg("credentials.type_both"))
    return PortalCredentials(user, password)


def try_login(
    settings: Settings,
    portal: str,
    credentials: PortalCredentials | None,
    *,
    human: HumanStep,
    cancel: threading.Event,
    visible: bool = False,
    progress: PhaseReport | None = None,
) -> LoginCheck:
    """Log in to the portal (real or demo, as the settings say) and download nothing."""
    # The browser engine: imported only when a login is tried.
    from o2c_desktop.services.login_check import check_configured_login

    return check_configured_login(
        settings, portal, credentials, human=human, cancel=cancel, visible=visible,
        progress=progress,
    )  # fmt: skip


def login_outcome(check: LoginCheck) -> Message:
    """What the test says: who got in (and whether it was the demo portal), or why not."""
    name = portal_display_name(check.portal)
    if check.status == "ok":
        code = "credentials.demo_login_ok" if check.demo else "credentials.login_ok"
        return msg(code, portal=name, user=check.user)
    if check.error is None:  # a check that did not get in always says why
        raise ValueError(f"login check {check.status} without a reason")
    return check.error.reason
