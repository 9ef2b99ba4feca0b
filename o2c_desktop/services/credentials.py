"""Portal credentials, kept only in the operating system's keyring.

Windows Credential Manager, macOS Keychain, a Secret Service or KWallet on Linux, through
``keyring``. Only those backends are accepted (whatever ``PYTHON_KEYRING_BACKEND`` or keyring's
own configuration picks), plus any other the user names in the settings
(``[keyring] allowed_backends``); backends that keep nothing or keep plain text are never
accepted. There is no plaintext fallback: without a secure backend the store refuses to work and
says why.
Per portal the keyring holds two entries under the service ``o2c_desktop/<portal>``: the user name
(under the fixed key ``usuario``) and the password (under the user name), so that nothing about a
credential has to live in the settings file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from o2c_desktop.errors import UserError
from o2c_desktop.logging_setup import secrets
from o2c_desktop.messages import msg
from o2c_desktop.services.portals.account import PortalCredentials
from o2c_desktop.services.portals.registry import PORTALS

if TYPE_CHECKING:
    import keyring.backend

log = logging.getLogger(__name__)

PORTAL_NAMES: dict[str, str] = {portal: info.title for portal, info in PORTALS.items()}
_SERVICE_PREFIX = "o2c_desktop/"
_USER_KEY = "usuario"
# The operating systems' own keyrings, by the full class name keyring gives them.
SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.Windows.WinVaultKeyring",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
    }
)
# Backends that store secrets unencrypted or not at all; never acceptable, not even by opt-in.
_REFUSED_BACKENDS = ("PlaintextKeyring", "fail.Keyring", "null.Keyring", "EncryptedKeyring")
_chosen_in_settings: frozenset[str] = frozenset()


def allow_keyring_backends(names: Iterable[str]) -> None:
    """Accept these backends too: the settings' explicit opt-in, applied when the program's
    context opens (the keyring itself is chosen once per process, so is this)."""
    global _chosen_in_settings
    _chosen_in_settings = frozenset(name.strip() for name in names if name.strip())


def backend_name(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


class KeyringUnavailable(UserError):
    """No secure keyring backend on this machine."""


class CredentialMissing(UserError):
    """The portal has no stored credential."""


class UnknownPortal(UserError):
    """A portal id the program does not know."""


def portal_display_name(portal: str) -> str:
    if portal not in PORTAL_NAMES:
        known = ", ".join(PORTAL_NAMES)
        raise UnknownPortal(
            msg("credentials.unknown_portal", portal=portal, known=known),
        )
    return PORTAL_NAMES[portal]


class CredentialStore:
    """Reads and writes portal credentials in a secure keyring backend."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        import keyring  # here, not at import: the context opens for every command

        self._backend = backend or keyring.get_keyring()

    @property
    def backend_name(self) -> str:
        return backend_name(self._backend)

    def check_available(self) -> None:
        name = self.backend_name
        chained = getattr(self._backend, "backends", None)
        # keyring chains the viable backends when there are several: each one must be accepted.
        members = [backend_name(b) for b in chained] if chained is not None else [name]
        if not members or any(
            refused in member for member in members for refused in _REFUSED_BACKENDS
        ):
            raise KeyringUnavailable(
                msg("credentials.no_keyring"),
                details=f"keyring backend: {name}",
            )
        unknown = [m for m in members if m not in SECURE_BACKENDS | _chosen_in_settings]
        if unknown:
            raise KeyringUnavailable(
                msg("credentials.keyring_not_allowed", backend=unknown[0]),
                details=f"keyring backend: {name}; accepted: {sorted(SECURE_BACKENDS)}, "
                f"allowed in settings: {sorted(_chosen_in_settings)}",
            )

    def set(self, portal: str, user: str, password: str) -> None:
        portal_display_name(portal)
        if not user.strip() or not password:
            raise UserError(
                msg("credentials.empty"),
            )
        self.check_available()
        secrets.add(password)
        service = _SERVICE_PREFIX + portal
        old_user = self._get(service, _USER_KEY)
        self._call(self._backend.set_password, service, user.strip(), password)
        self._call(self._backend.set_password, service, _USER_KEY, user.strip())
        if old_user and old_user != user.strip():
            self._delete(service, old_user)
        log.info("credential stored for portal %s (user %s)", portal, user.strip())

    def get(self, portal: str) -> PortalCredentials | None:
        portal_display_name(portal)
        self.check_available()
        service = _SERVICE_PREFIX + portal
        user = self._get(service, _USER_KEY)
        if not user:
            return None
        password = self._get(service, user)
        if not password:
            return None
        secrets.add(password)
        return PortalCredentials(user=user, password=password)

    def require(self, portal: str) -> PortalCredentials:
        found = self.get(portal)
        if found is None:
            name = portal_display_name(portal)
            raise CredentialMissing(
                msg("credentials.missing", name=name, portal=portal),
            )
        return found

    def delete(self, portal: str) -> bool:
        portal_display_name(portal)
        self.check_available()
        service = _SERVICE_PREFIX + portal
        user = self._get(service, _USER_KEY)
        if not user:
            return False
        self._delete(service, user)
        self._delete(service, _USER_KEY)
        log.info("credential deleted for portal %s", portal)
        return True

    def list(self) -> dict[str, str | None]:
        """Portal → stored user name (None when nothing is stored). Never passwords."""
        self.check_available()
        return {p: self._get(_SERVICE_PREFIX + p, _USER_KEY) for p in PORTAL_NAMES}

    # -- backend calls with clear errors ----------------------------------------------------

    def _get(self, service: str, key: str) -> str | None:
        value = self._call(self._backend.get_password, service, key)
        return value if isinstance(value, str) else None

    def _delete(self, service: str, key: str) -> None:
        import keyring.errors

        try:
            self._call(self._backend.delete_password, service, key)
        except UserError as exc:
            if isinstance(exc.__cause__, keyring.errors.PasswordDeleteError):
                return
            raise

    def _call(self, method: Callable[..., object], *args: str) -> object:
        import keyring.errors

        try:
            return method(*args)
        except keyring.errors.PasswordDeleteError as exc:
            raise UserError(msg("credentials.no_such_entry")) from exc
        except keyring.errors.KeyringLocked as exc:
            raise KeyringUnavailable(
                msg("credentials.keyring_locked"),
                details=repr(exc),
            ) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailable(
                msg("credentials.keyring_silent"),
                details=f"{type(exc).__name__}: {exc}",
            ) from exc
