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
from o2c_desktop.services.cloud.outbox import DestinationUnavailable
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.settings import SnowflakeSettings

# Connector error numbers that mean "signed in with something Snowflake refused".
_REJECTED_LOGIN = {390100, 390101, 390102, 390144, 390186, 390190, 394304, 390318, 251005}


class SnowflakeUnavailable(DestinationUnavailable):
    """Snowflake could not take the load now; the item stays queued and is retried.

    ``cause_es`` / ``cause_en`` name what went wrong without what happens to the push, for a
    read (team mode) to tell in its own words; they default to the whole message."""

    def __init__(
        self,
        es: str,
        en: str | None = None,
        *,
        details: str = "",
        blocking: bool = True,
        cause_es: str = "",
        cause_en: str = "",
    ) -> None:
        super().__init__(es, en, details=details, blocking=blocking)
        self.cause_es = cause_es or self.es
        self.cause_en = cause_en or self.en


def load_private_key(path: Path, passphrase: str | None) -> PrivateKeyTypes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(
            f"No se pudo leer la llave privada de Snowflake {path}. Revise "
            "cloud.snowflake.private_key_path.",
            f"Could not read the Snowflake private key {path}. Check "
            "cloud.snowflake.private_key_path.",
            details=f"{type(exc).__name__}: {exc}",
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
            f"La llave privada {path} no se pudo abrir: la frase de paso guardada no "
            "corresponde o falta. Guárdela con «o2c snowflake secret set passphrase».",
            f"The private key {path} could not be opened: the stored passphrase is wrong or "
            "missing. Store it with 'o2c snowflake secret set passphrase'.",
            details=type(exc).__name__,  # the library's text may quote key material
        ) from exc


def connect_kwargs(settings: SnowflakeSettings, secrets: CloudSecrets) -> dict[str, Any]:
    """What the connector is given; secrets only as objects, never written anywhere."""
    if not settings.account or not settings.user:
        raise UserError(
            "Falta la cuenta o el usuario de Snowflake. Indíquelos en cloud.snowflake.account "
            "y cloud.snowflake.user (Configuración → Nube).",
            "The Snowflake account or user is missing. Set cloud.snowflake.account and "
            "cloud.snowflake.user (Settings → Cloud).",
        )
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
            raise UserError(
                "El acceso a Snowflake por par de llaves necesita la ruta de la llave privada "
                "en cloud.snowflake.private_key_path.",
                "Key-pair sign-in to Snowflake needs the private key path in "
                "cloud.snowflake.private_key_path.",
            )
        key_path = Path(settings.private_key_path).expanduser()
        kwargs["authenticator"] = "SNOWFLAKE_JWT"
        kwargs["private_key"] = load_private_key(key_path, secrets.get("snowflake-passphrase"))
    elif settings.authenticator == "externalbrowser":
        kwargs["authenticator"] = "externalbrowser"
    else:
        password = secrets.get("snowflake-password")
        if not password:
            raise UserError(
                "No hay contraseña de Snowflake guardada. Guárdela con «o2c snowflake secret "
                "set password» o use el acceso por par de llaves.",
                "No Snowflake password is stored. Store it with 'o2c snowflake secret set "
                "password' or use key-pair sign-in.",
            )
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


def _queued(
    cause_es: str, cause_en: str, queued_es: str, queued_en: str, details: str
) -> SnowflakeUnavailable:
    """The cause, then what happens to the push (it stays queued)."""
    return SnowflakeUnavailable(
        cause_es + queued_es, cause_en + queued_en, details=details, cause_es=cause_es,
        cause_en=cause_en,
    )  # fmt: skip


def translate(exc: Exception, settings: SnowflakeSettings) -> SnowflakeUnavailable:
    """The clerk's reason for a Snowflake failure; every one leaves the item queued."""
    errno = getattr(exc, "errno", None)
    text = str(getattr(exc, "msg", "") or exc)
    details = f"{type(exc).__name__} {errno}: {text}"
    site = where(settings)
    lowered = text.lower()
    if errno in _REJECTED_LOGIN or "jwt" in lowered or "incorrect username" in lowered:
        return _queued(
            f"{site} rechazó el inicio de sesión de {settings.user}. Revise la llave pública "
            "registrada para el usuario, la frase de paso o la contraseña",
            f"{site} rejected the sign-in of {settings.user}. Check the public key registered "
            "for the user, the passphrase or the password",
            "; el envío queda en cola.",
            "; the push stays queued.",
            details,
        )
    if "warehouse" in lowered and any(w in lowered for w in ("suspend", "resum", "no active")):
        return _queued(
            f"El almacén de cómputo de {site} está suspendido o no se puede reanudar "
            f"({settings.warehouse or 'sin almacén'}). Pida a su administrador que lo reanude "
            "o revise el monitor de recursos",
            f"The compute warehouse of {site} is suspended or cannot resume "
            f"({settings.warehouse or 'none set'}). Ask the administrator to resume it or check "
            "the resource monitor",
            "; el envío queda en cola.",
            "; the push stays queued.",
            details,
        )
    if isinstance(exc, snowflake.connector.errors.OperationalError | OSError):
        return _queued(
            f"No hay conexión con {site}. Revise la red",
            f"No connection to {site}. Check the network",
            "; el envío queda en cola y se reintentará.",
            "; the push stays queued and will be retried.",
            details,
        )
    first_line = text.splitlines()[0].rstrip(".") if text else errno
    return _queued(
        f"{site} rechazó la operación: {first_line}",
        f"{site} refused the operation: {first_line}",
        ". El envío queda en cola.",
        ". The push stays queued.",
        details,
    )
