"""Typed, versioned settings stored as TOML in the config folder.

The file carries ``schema_version``. An older file is migrated forward in memory (and written back
on the next save); a file from a newer program is refused rather than silently truncated. Secrets
never live here: they go to the OS keyring.
"""

from __future__ import annotations

import logging
import re
import sys
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from o2c_desktop.errors import SettingsError
from o2c_desktop.messages import msg, text
from o2c_desktop.services.sqlquote import S3_BUCKET, S3_PREFIX, UNQUOTED_IDENTIFIER

log = logging.getLogger(__name__)

SETTINGS_SCHEMA_VERSION = 1


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# The demo supplier's RFC: the issuer of the invoices the embedded data set generates.
DEFAULT_SUPPLIER_RFC = "FDE200101AB1"


class GeneralSettings(_Section):
    language: Literal["es", "en"] = "es"
    timezone: str = "America/Mexico_City"
    supplier_rfc: str = Field(
        default=DEFAULT_SUPPLIER_RFC,
        # SAT RFC: 3 letters (company) or 4 (person), the date yymmdd, a 3-character check.
        pattern=r"^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$",
        description="the supplier's own RFC: issuer of the invoice register's folios",
    )

    @field_validator("supplier_rfc", mode="before")
    @classmethod
    def _rfc_upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value


class DemoSettings(_Section):
    """The embedded default: synthetic data of a fictional supplier."""

    seed: int = 7
    scale: int = Field(default=400, ge=10, le=5_000_000, description="order lines")


BrowserName = Literal["chromium", "chrome", "edge"]


def default_browser(platform: str | None = None) -> BrowserName:
    """The browser every machine of that system has: Edge on Windows, Chrome on macOS (Safari
    has no Chromium driver), Chromium on Linux (the distribution packages it with its driver)."""
    system = platform or sys.platform
    if system == "win32":
        return "edge"
    if system == "darwin":
        return "chrome"
    return "chromium"


class PortalSettings(_Section):
    """Where and how the portals are synced."""

    mode: Literal["demo", "real"] = Field(
        default="demo", description="demo: the embedded demo portal; real: the institutions'"
    )
    browser: BrowserName = Field(default_factory=default_browser)
    driver_path: str = Field(default="", description="empty: found automatically")
    driver_dir: str = Field(
        default="", description="a folder holding the driver (msedgedriver, chromedriver)"
    )
    headless: bool = True
    history_start: date = date(2023, 1, 1)
    resume_window_hours: int = Field(default=6, ge=0, le=72)
    demo_export_delay_s: float = Field(default=1.0, ge=0, le=600)


class ScheduleSpec(_Section):
    """One recurring job. The scheduler's job store mirrors these; the settings are the truth."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    kind: Literal["sync", "gaps", "push"] = "sync"
    frequency: Literal["daily", "weekly", "monthly", "cron"] = "daily"
    at: str = Field(default="07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        default_factory=list
    )
    day_of_month: int = Field(default=1, ge=1, le=28)
    cron: str = ""
    portals: list[str] = Field(default_factory=list, description="empty = every portal")
    enabled: bool = True
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))


# An optional letter prefix (split off into an effective serie) and the folio's number.
DEFAULT_FOLIO_PATTERN = r"^\s*(?P<serie>[A-Za-z]*)[-\s]*0*(?P<num>[0-9]{1,18})\s*$"


class GapDomainRef(_Section):
    """One invoice sequence: issuer RFC, store and serie (empty store = the issuer's own series)."""

    issuer_rfc: str
    store_id: str = ""
    serie: str = ""


class GapStartFolio(GapDomainRef):
    """Where a sequence starts: folios below are ignored, missing ones from here are gaps."""

    start_folio: int = Field(ge=0)


class GapVoidedFolios(GapDomainRef):
    """Folios known to be voided or test numbers: never reported missing."""

    folio_from: int = Field(ge=0)
    folio_to: int | None = Field(default=None, ge=0)
    reason: str = Field(min_length=1)


class GapsSettings(_Section):
    """Invoice sequence gaps (DOMAIN §8 and the defaults of §10 #13)."""

    folio_pattern: str = DEFAULT_FOLIO_PATTERN
    jump_threshold: int = Field(default=1000, ge=1, description="folios in one gap")
    jump_volume_factor: float = Field(default=10.0, ge=0, description="0 = off")
    jump_volume_floor: int = Field(
        default=100, ge=1, description="the volume rule never flags gaps this small"
    )
    period_rule: Literal["next", "previous"] = "next"
    day_basis: Literal["issue", "upload"] = "issue"
    history_start: str = Field(default="2024-01", pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    top: int = Field(default=5, ge=1)
    start_folios: list[GapStartFolio] = Field(default_factory=list)
    voided_folios: list[GapVoidedFolios] = Field(default_factory=list)

    @field_validator("folio_pattern")
    @classmethod
    def _pattern_has_a_number(cls, value: str) -> str:
        try:
            compiled = re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from exc
        if "num" not in compiled.groupindex:
            raise ValueError("the pattern needs a named group (?P<num>...) for the folio number")
        return value


class AnalyticsSettings(_Section):
    """Reconciliation, receivables, contracts and logistics KPIs (DOMAIN §4, §6, §7)."""

    amount_tolerance: Decimal = Field(
        default=Decimal("1.00"), ge=0, description="MXN an invoice may differ from its alta"
    )
    payment_term_days: int = Field(default=45, ge=0, le=365)
    aging_buckets: list[int] = Field(
        default_factory=lambda: [30, 60, 90], description="upper bounds in days, ascending"
    )
    penalty_rate_per_day: Decimal = Field(default=Decimal("0.02"), ge=0, le=1)
    penalty_max_days: int = Field(default=5, ge=0, le=365)
    provider_switch_date: date = date(2025, 6, 30)
    provider_before: str = "Provider A"
    provider_after: str = "Provider B"
    stale_status_days: int = Field(default=30, ge=1)
    burn_window_days: int = Field(default=90, ge=1)

    @field_validator("aging_buckets")
    @classmethod
    def _ascending(cls, value: list[int]) -> list[int]:
        if len(value) != 3 or value[0] < 1 or not value[0] < value[1] < value[2]:
            raise ValueError("three positive bucket bounds in ascending order, e.g. [30, 60, 90]")
        return value


class S3Settings(_Section):
    """The landing zone. AWS credentials come from boto3's standard chain (profile, SSO,
    environment) unless the user stored keys in the keyring (``keys_in_keyring``)."""

    # Both reach a Snowflake stage URL: checked here, and again where the SQL is written.
    bucket: str = Field(default="", pattern=f"^(?:{S3_BUCKET.pattern})?$")
    prefix: str = Field(default="o2c", pattern=f"^{S3_PREFIX.pattern}$")
    region: str = ""
    endpoint_url: str = Field(default="", description="empty: AWS; else S3-compatible storage")
    profile: str = ""
    keys_in_keyring: bool = False
    multipart_threshold_mb: int = Field(default=64, ge=5, le=5_000)
    multipart_chunk_mb: int = Field(default=16, ge=5, le=5_000)
    max_attempts: int = Field(default=3, ge=1, le=10, description="boto3 retries per request")
    timeout_s: float = Field(default=30.0, gt=0, le=600)


class SnowflakeSettings(_Section):
    """The team warehouse. Passphrase and password live in the keyring, never here."""

    account: str = ""
    user: str = ""
    role: str = ""
    warehouse: str = ""
    database: str = "O2C"
    # Written unquoted into Snowflake DDL (so it folds to upper case like the view texts).
    schema_name: str = Field(default="CORE", pattern=f"^{UNQUOTED_IDENTIFIER.pattern}$")
    authenticator: Literal["keypair", "externalbrowser", "password"] = "keypair"
    private_key_path: str = ""
    host: str = Field(default="", description="empty: <account>.snowflakecomputing.com")
    port: int = Field(default=443, ge=1, le=65535)
    protocol: Literal["https", "http"] = "https"
    login_timeout_s: int = Field(default=60, ge=1, le=600)
    stage: Literal["internal", "external"] = "internal"
    storage_integration: str = Field(default="", pattern=f"^(?:{UNQUOTED_IDENTIFIER.pattern})?$")
    snowpipe: bool = False
    session_parameters: dict[str, str | int | bool] = Field(default_factory=dict)


class CloudSettings(_Section):
    """Push to S3 and Snowflake (an outbox drained with retries) and the team read side."""

    s3: S3Settings = Field(default_factory=S3Settings)
    snowflake: SnowflakeSettings = Field(default_factory=SnowflakeSettings)
    push_after_sync: bool = False
    team_mode: bool = Field(default=False, description="analytics read from Snowflake")
    retry_base_s: float = Field(default=60.0, ge=0, le=86_400)
    retry_max_s: float = Field(default=3_600.0, ge=0, le=86_400)

    def configured_destinations(self) -> tuple[str, ...]:
        """Where a push goes when none is named: S3 once a bucket is set, Snowflake once an
        account is set (in that order: an external stage reads from S3)."""
        named = (("s3", self.s3.bucket), ("snowflake", self.snowflake.account))
        return tuple(destination for destination, setting in named if setting)


class KeyringSettings(_Section):
    """Where passwords and keys are kept. The operating system's keyrings (Windows Credential
    Manager, macOS Keychain, Secret Service, KWallet) are always accepted; any other keyring
    backend only when its full class name is listed here, by a deliberate choice of the user.
    Backends that keep nothing or keep it in plain text are refused even when listed."""

    allowed_backends: list[str] = Field(
        default_factory=list, description='e.g. "keyrings.cryptfile.cryptfile.CryptFileKeyring"'
    )


class Settings(_Section):
    schema_version: int = SETTINGS_SCHEMA_VERSION
    general: GeneralSettings = Field(default_factory=GeneralSettings)
    demo: DemoSettings = Field(default_factory=DemoSettings)
    portals: PortalSettings = Field(default_factory=PortalSettings)
    schedules: list[ScheduleSpec] = Field(default_factory=list)
    gaps: GapsSettings = Field(default_factory=GapsSettings)
    analytics: AnalyticsSettings = Field(default_factory=AnalyticsSettings)
    cloud: CloudSettings = Field(default_factory=CloudSettings)
    keyring: KeyringSettings = Field(default_factory=KeyringSettings)


# Version N -> N+1 upgrades of the raw TOML dict, applied in order.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _migrate(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    version = raw.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        raise SettingsError(
            msg("settings.bad_version", path=path, version=version),
        )
    if version > SETTINGS_SCHEMA_VERSION:
        raise SettingsError(
            msg(
                "settings.newer_version",
                path=path,
                version=version,
                supported=SETTINGS_SCHEMA_VERSION,
            ),
        )
    while version < SETTINGS_SCHEMA_VERSION:
        raw = _MIGRATIONS[version](raw)
        version += 1
        raw["schema_version"] = version
        log.info("settings %s migrated to schema %d", path, version)
    return raw


def load_settings(path: Path) -> Settings:
    """Read settings; a missing file gives the defaults."""
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(
            msg("settings.not_toml", path=path),
            details=repr(exc),
        ) from exc
    raw = _migrate(raw, path)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        # pydantic words the English reason itself; the Spanish one is ours.
        reason = text(_spanish_reason(first["type"], first.get("ctx") or {}), first["msg"])
        hint = _FORMAT_HINTS.get(where)
        raise SettingsError(
            msg(
                "settings.invalid_value", path=path, where=where, reason=reason,
                hint=msg(hint) if hint else "",
            ),
            details=str(exc),
        ) from exc  # fmt: skip


# What a value must look like, for the settings whose format is a pattern.
_FORMAT_HINTS = {
    "cloud.s3.bucket": "settings.hint.s3_bucket",
    "cloud.s3.prefix": "settings.hint.s3_prefix",
    "cloud.snowflake.schema_name": "settings.hint.identifier",
    "cloud.snowflake.storage_integration": "settings.hint.identifier",
}


def _spanish_reason(error_type: str, ctx: dict[str, Any]) -> str:
    reasons = {
        "literal_error": "debe ser uno de {expected}",
        "greater_than_equal": "debe ser mayor o igual que {ge}",
        "less_than_equal": "debe ser menor o igual que {le}",
        "string_pattern_mismatch": "no tiene el formato esperado",
        "int_parsing": "debe ser un número entero",
        "int_type": "debe ser un número entero",
        "bool_parsing": "debe ser true o false",
        "extra_forbidden": "no es una opción conocida",
        "missing": "falta este valor",
    }
    template = reasons.get(error_type, "el valor no es válido")
    plain = {k: str(v).replace(" or ", " o ") for k, v in ctx.items()}
    try:
        return template.format(**plain)
    except (KeyError, IndexError):
        return template


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically: a crash never leaves a half-written settings file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(tomli_w.dumps(settings.model_dump(mode="json")), encoding="utf-8")
    tmp.replace(path)
