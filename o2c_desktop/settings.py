"""Typed, versioned settings stored as TOML in the config folder.

The file carries ``schema_version``. An older file is migrated forward in memory (and written back
on the next save); a file from a newer program is refused rather than silently truncated. Secrets
never live here: they go to the OS keyring.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from o2c_desktop.errors import SettingsError

log = logging.getLogger(__name__)

SETTINGS_SCHEMA_VERSION = 1


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class GeneralSettings(_Section):
    language: Literal["es", "en"] = "es"
    timezone: str = "America/Mexico_City"


class DemoSettings(_Section):
    """The embedded default: synthetic data of a fictional supplier."""

    seed: int = 7
    scale: int = Field(default=400, ge=10, le=5_000_000, description="order lines")


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


class Settings(_Section):
    schema_version: int = SETTINGS_SCHEMA_VERSION
    general: GeneralSettings = Field(default_factory=GeneralSettings)
    demo: DemoSettings = Field(default_factory=DemoSettings)
    schedules: list[ScheduleSpec] = Field(default_factory=list)


# Version N -> N+1 upgrades of the raw TOML dict, applied in order.
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _migrate(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    version = raw.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        raise SettingsError(
            f"El archivo de configuración {path} tiene una versión inválida ({version!r}). "
            "Corríjalo o bórrelo para volver a los valores por omisión.",
            f"The settings file {path} has an invalid version ({version!r}). "
            "Fix it or delete it to go back to the defaults.",
        )
    if version > SETTINGS_SCHEMA_VERSION:
        raise SettingsError(
            f"El archivo de configuración {path} es de una versión más nueva del programa "
            f"(esquema {version}; esta versión entiende hasta {SETTINGS_SCHEMA_VERSION}). "
            "Actualice o2c_desktop o use otra carpeta de datos.",
            f"The settings file {path} comes from a newer version of the program "
            f"(schema {version}; this version understands up to {SETTINGS_SCHEMA_VERSION}). "
            "Update o2c_desktop or use another data folder.",
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
            f"No se pudo leer el archivo de configuración {path}: no es TOML válido. "
            "Corríjalo o bórrelo para volver a los valores por omisión.",
            f"Could not read the settings file {path}: it is not valid TOML. "
            "Fix it or delete it to go back to the defaults.",
            details=repr(exc),
        ) from exc
    raw = _migrate(raw, path)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise SettingsError(
            f"El archivo de configuración {path} tiene un valor inválido en «{where}»: "
            f"{_spanish_reason(first['type'], first.get('ctx') or {})}. "
            "Corríjalo o bórrelo para volver a los valores por omisión.",
            f"The settings file {path} has an invalid value at '{where}': {first['msg']}. "
            "Fix it or delete it to go back to the defaults.",
            details=str(exc),
        ) from exc


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
