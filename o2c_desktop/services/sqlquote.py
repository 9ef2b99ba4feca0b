"""SQL text made from names and values the program does not write itself.

Every name or value that goes into SQL text, rather than as a bound parameter, passes through
here: column titles of a file, sheet names, folio patterns from the settings, export paths.
DuckDB and Snowflake quote identifiers the same way (double quotes, a quote inside doubled);
their string literals differ in one point: Snowflake reads a backslash inside one as an escape.

Names that come from the settings and reach Snowflake DDL unquoted (the schema, the storage
integration) or inside a stage URL (the bucket and the prefix) are checked instead of quoted:
a value outside the rules stops the work with a message that names the setting, so it never
reaches SQL.
"""

from __future__ import annotations

import re
from typing import Literal

from o2c_desktop.errors import SettingsError
from o2c_desktop.messages import msg

Dialect = Literal["duckdb", "snowflake"]

# Snowflake's unquoted identifier: a letter or underscore, then letters, digits, _ or $.
UNQUOTED_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_$]{0,254}")
# An S3 bucket name (AWS's general-purpose bucket rules).
S3_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
# An S3 key prefix of AWS's "safe characters" less the quote, which would end a stage URL.
S3_PREFIX = re.compile(r"[A-Za-z0-9!_.*()/-]*")


def quote_identifier(name: str) -> str:
    """``name`` as a quoted identifier: any text, matched exactly (case included)."""
    if "\x00" in name:
        raise ValueError(f"an SQL identifier cannot hold a NUL character: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def quote_qualified(*parts: str) -> str:
    """``schema.table`` (or ``database.schema.table``), each part quoted."""
    if not parts:
        raise ValueError("a qualified name needs at least one part")
    return ".".join(quote_identifier(part) for part in parts)


def quote_literal(text: str, dialect: Dialect = "duckdb") -> str:
    """``text`` as a string literal of the dialect."""
    if "\x00" in text:
        raise ValueError(f"an SQL string cannot hold a NUL character: {text!r}")
    if dialect == "snowflake":
        text = text.replace("\\", "\\\\")
    return "'" + text.replace("'", "''") + "'"


def _refuse(setting: str, value: str, rule: str) -> SettingsError:
    return SettingsError(
        msg("settings.value_refused", setting=setting, value=repr(value), rule=msg(rule)),
        details=f"{setting}={value!r}",
    )


def setting_identifier(value: str, setting: str) -> str:
    """A Snowflake object name from the settings, to be written unquoted; refused when it is
    not a plain identifier (a quote, a semicolon, a space or a line break would end it)."""
    if UNQUOTED_IDENTIFIER.fullmatch(value):
        return value
    raise _refuse(
        setting,
        value,
        "settings.rule.identifier",
    )


def setting_bucket(value: str, setting: str = "cloud.s3.bucket") -> str:
    """An S3 bucket name from the settings; refused unless it follows S3's naming rules."""
    if S3_BUCKET.fullmatch(value) and ".." not in value:
        return value
    raise _refuse(
        setting,
        value,
        "settings.rule.s3_bucket",
    )


def setting_prefix(value: str, setting: str = "cloud.s3.prefix") -> str:
    """An S3 key prefix from the settings; refused when it holds a character outside S3's safe
    set (a quote, a semicolon, a space, a line break)."""
    if S3_PREFIX.fullmatch(value):
        return value
    raise _refuse(
        setting,
        value,
        "settings.rule.s3_prefix",
    )
