"""CSV for auditors and spreadsheets: UTF-8 with a BOM (so Excel reads accents right), one header
row, ISO dates, money with a dot and two decimals, empty cells for missing values.

A text cell that a spreadsheet would take for a formula (CSV injection) is escaped as OWASP
recommends: a leading ``'`` before ``= + - @``, tab or carriage return. Only text is escaped;
numbers, negative ones included, are written as numbers. The manifest states the rule.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from o2c_desktop import __version__
from o2c_desktop.services.exports.atomic import atomic_path
from o2c_desktop.services.exports.csv_sql import CsvDialect, plan_copy
from o2c_desktop.services.exports.sources import RowSource, iter_row_chunks
from o2c_desktop.services.hashing import file_sha256

# OWASP "CSV Injection": characters that make Excel, LibreOffice or Google Sheets read a cell
# as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPING = (
    "OWASP CSV injection: a text cell starting with =, +, -, @, tab or carriage return is "
    "written with a leading ' (apostrophe); numbers are written unchanged. Remove that ' to "
    "read the original text."
)


# The dialect of export files, for the SQL writer: it must give the same text as ``_cell``.
EXPORT_DIALECT = CsvDialect(
    line_end="\r\n",
    escape_formulas=True,
    datetime_separator=" ",
    true_false=("true", "false"),
    formula_triggers=FORMULA_TRIGGERS,
)


def escape_formula(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return escape_formula(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_csv(
    path: Path,
    rows: RowSource,
    columns: Sequence[str],
    *,
    headers: Sequence[str] | None = None,
    bom: bool = True,
) -> int:
    """Write ``columns`` of ``rows`` to ``path`` atomically; returns the number of data rows.

    A DuckDB relation is written by DuckDB (``COPY``, the lines built in SQL); other rows, and
    a relation with a column type SQL cannot format exactly as below, by Python's ``csv``."""
    if isinstance(rows, duckdb.DuckDBPyRelation):
        titles = list(headers or columns)
        copy = plan_copy(rows, columns, titles, EXPORT_DIALECT, bom=bom)
        if copy is not None:
            with atomic_path(path) as temporary:
                return copy.write(temporary)
    return _write_csv_rows(path, rows, columns, headers=headers, bom=bom)


def _write_csv_rows(
    path: Path,
    rows: RowSource,
    columns: Sequence[str],
    *,
    headers: Sequence[str] | None = None,
    bom: bool = True,
) -> int:
    count = 0
    encoding = "utf-8-sig" if bom else "utf-8"
    with atomic_path(path) as temporary, temporary.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(list(headers or columns))
        for chunk in iter_row_chunks(rows, columns):
            writer.writerows([_cell(v) for v in row] for row in chunk)
            count += len(chunk)
    return count


def manifest_path(exported: Path) -> Path:
    return exported.with_name(exported.name + ".manifest.json")


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | Path):
        return str(value)
    return value


def write_manifest(exported: Path, parameters: dict[str, Any], row_count: int) -> Path:
    """A JSON file beside an export that lets an auditor check it was not altered since."""
    manifest: dict[str, Any] = {
        "file": exported.name,
        "parameters": _plain(parameters),
        "row_count": row_count,
        "sha256": file_sha256(exported),
        "program": "o2c_desktop",
        "program_version": __version__,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if exported.suffix.lower() == ".csv":
        manifest["formula_escaping"] = FORMULA_ESCAPING
    target = manifest_path(exported)
    with atomic_path(target) as temporary:
        temporary.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return target
