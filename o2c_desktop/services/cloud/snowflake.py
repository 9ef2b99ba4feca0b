"""The Snowflake connection, from the settings and the keyring.

Sign-in order of preference (DESIGN §4): key pair (a private key file whose passphrase is in the
keyring; the connector signs a JWT with it), externalbrowser SSO, then password (from the
keyring). Host, port and protocol are settings too, for PrivateLink and for a local emulator.
Every connector failure becomes an error that names the real cause for the clerk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import snowflake.connector
import snowflake.connector.errors
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from snowflake.connector import SnowflakeConnection

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.cloud.outbox import DestinationUnavailable
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.settings import SnowflakeSettings

# Connector error numbers that mean "signed in with something Snowflake refused".
_REJECTED_LOGIN = {390100, 390101, 390102, 390144, 390186, 390190, 394304, 390318, 251005}


class SnowflakeUnavailable(DestinationUnavailable):
    """Snowflake could not take the load now; the item stays queued and is retried.

    ``cause`` names what went wrong without what happens to the push, for a read (team mode) to
    tell in its own words; it defaults to the whole reason."""

    def __init__(
        self,
        reason: Message,
        *,
        details: str = "",
        blocking: bool = True,
        cause: Message | None = None,
    ) -> None:
        super().__init__(reason, details=details, blocking=blocking)
        self.cause = cause or reason


def load_private_key(path: Path, passphrase: str | None) -> PrivateKeyTypes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(
            msg("snowflake.key_unreadable", path=path), details=f"{type(exc).__name__}: {exc}"
        ) from exc
    password = passphrase.encode("utf-8") if passphrase else None
    loader = (
        serialization.load_pem_private_key
        if data.lstrip().startswith(b"-----")
        else serialization.load_der_private_key
    )
    try:
        return loader(data, password=password)
    except (TypeError, ValueError) as exc:
        raise UserError(
            msg("snowflake.key_not_opened", path=path),
            details=type(exc).__name__,  # the library's text may quote key material
        ) from exc


def connect_kwargs(settings: SnowflakeSettings, secrets: CloudSecrets) -> dict[str, Any]:
    """What the connector is given; secrets only as objects, never written anywhere."""
    if not settings.account or not settings.user:
        raise UserError(msg("snowflake.account_missing"))
    kwargs: dict[str, Any] = {
        "account": settings.account,
        "user": settings.user,
        "database": settings.database,
        "schema": settings.schema_name,
        "login_timeout": settings.login_timeout_s,
        "network_timeout": settings.login_timeout_s,
        "session_parameters": {
            "QUERY_TAG": "o2c_desktop",
            "CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False,
            **settings.session_parameters,
        },
    }
    for name in ("role", "warehouse"):
        if value := getattr(settings, name):
            kwargs[name] = value
    if settings.host:
        kwargs.update(host=settings.host, port=settings.port, protocol=settings.protocol)
    if settings.authenticator == "keypair":
        if not settings.private_key_path:
            raise UserError(msg("snowflake.keypair_needs_path"))
        key_path = Path(settings.private_key_path).expanduser()
        kwargs["authenticator"] = "SNOWFLAKE_JWT"
        kwargs["private_key"] = load_private_key(key_path, secrets.get("snowflake-passphrase"))
    elif settings.authenticator == "externalbrowser":
        kwargs["authenticator"] = "externalbrowser"
    else:
        password = secrets.get("snowflake-password")
        if not password:
            raise UserError(msg("snowflake.no_password"))
        kwargs["password"] = password
    return kwargs


def connect(
    settings: SnowflakeSettings, secrets: CloudSecrets | None = None
) -> SnowflakeConnection:
    kwargs = connect_kwargs(settings, secrets or CloudSecrets())
    try:
        return snowflake.connector.connect(**kwargs)
    except snowflake.connector.errors.Error as exc:
        raise translate(exc, settings) from exc


def where(settings: SnowflakeSettings) -> str:
    host = settings.host or f"{settings.account}.snowflakecomputing.com"
    return f"Snowflake {host}"


def _queued(cause: Message, outcome: str, details: str) -> SnowflakeUnavailable:
    """The cause, then what happens to the push (``outcome``: it stays queued)."""
    return SnowflakeUnavailable(msg(outcome, cause=cause), details=details, cause=cause)


def translate(exc: Exception, settings: SnowflakeSettings) -> SnowflakeUnavailable:
    """The clerk's reason for a Snowflake failure; every one leaves the item queued."""
    errno = getattr(exc, "errno", None)
    text = str(getattr(exc, "msg", "") or exc)
    details = f"{type(exc).__name__} {errno}: {text}"
    site = where(settings)
    lowered = text.lower()
    if errno in _REJECTED_LOGIN or "jwt" in lowered or "incorrect username" in lowered:
        rejected = msg("snowflake.login_rejected", site=site, user=settings.user)
        return _queued(rejected, "snowflake.push_stays_queued", details)
    if "warehouse" in lowered and any(w in lowered for w in ("suspend", "resum", "no active")):
        compute = settings.warehouse or msg("snowflake.no_warehouse_set")
        suspended = msg("snowflake.warehouse_suspended", site=site, warehouse=compute)
        return _queued(suspended, "snowflake.push_stays_queued", details)
    if isinstance(exc, snowflake.connector.errors.OperationalError | OSError):
        offline = msg("snowflake.no_connection", site=site)
        return _queued(offline, "snowflake.push_stays_queued_retried", details)
    first_line = text.splitlines()[0].rstrip(".") if text else errno
    refused = msg("snowflake.refused", site=site, reason=first_line)
    return _queued(refused, "snowflake.refused_push_stays_queued", details)
