"""Cloud secrets in the OS keyring: the Snowflake key passphrase or password, and AWS keys when
the user chose to keep them here instead of boto3's own chain (profiles, SSO, environment).

Entries live under the service ``o2c_desktop/cloud``. Every value read is registered with the
log scrubber before it is used; nothing is ever written to the settings file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from o2c_desktop.errors import UserError
from o2c_desktop.logging_setup import secrets as log_secrets
from o2c_desktop.messages import msg
from o2c_desktop.services.credentials import CredentialStore, KeyringUnavailable

if TYPE_CHECKING:
    import keyring.backend

SERVICE = "o2c_desktop/cloud"
SecretName = Literal[
    "snowflake-passphrase", "snowflake-password", "aws-access-key-id", "aws-secret-access-key"
]
SECRET_NAMES: tuple[SecretName, ...] = (
    "snowflake-passphrase",
    "snowflake-password",
    "aws-access-key-id",
    "aws-secret-access-key",
)


@dataclass(frozen=True)
class AwsKeys:
    access_key_id: str
    secret_access_key: str

    def __repr__(self) -> str:
        return f"AwsKeys(access_key_id={self.access_key_id!r}, secret_access_key='***')"


class CloudSecrets:
    """Reads and writes the cloud secrets in a secure keyring backend (never plaintext)."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        import keyring  # here, not at import: local commands never touch the keyring

        self._backend = backend or keyring.get_keyring()

    def _checked(self) -> keyring.backend.KeyringBackend:
        CredentialStore(self._backend).check_available()
        return self._backend

    def get(self, name: SecretName) -> str | None:
        import keyring.errors

        try:
            value = self._checked().get_password(SERVICE, name)
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from exc
        if isinstance(value, str) and value:
            log_secrets.add(value)
            return value
        return None

    def set(self, name: SecretName, value: str) -> None:
        import keyring.errors

        if not value:
            raise UserError(msg("cloud_secret.empty"))
        log_secrets.add(value)
        try:
            self._checked().set_password(SERVICE, name, value)
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from exc

    def delete(self, name: SecretName) -> bool:
        import keyring.errors

        try:
            self._checked().delete_password(SERVICE, name)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from exc
        return True

    def stored(self) -> dict[str, bool]:
        """Which secrets are stored (never their values)."""
        return {name: self.get(name) is not None for name in SECRET_NAMES}

    def aws_keys(self) -> AwsKeys:
        key_id = self.get("aws-access-key-id")
        secret = self.get("aws-secret-access-key")
        if not key_id or not secret:
            raise UserError(msg("cloud_secret.aws_keys_missing"))
        return AwsKeys(key_id, secret)


def _unavailable(exc: Exception) -> KeyringUnavailable:
    return KeyringUnavailable(
        msg("cloud_secret.keyring_silent"), details=f"{type(exc).__name__}: {exc}"
    )
