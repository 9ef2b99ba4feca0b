"""Printing records as a table, JSON or CSV: the ``--format`` of every read command."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import duckdb

from o2c_desktop.messages import Message, msg
from o2c_desktop.services.columns import titles
from o2c_desktop.services.exports.csv_sql import CsvDialect, header_line, line_expression
from o2c_desktop.services.exports.json_sql import record_expression
from o2c_desktop.services.exports.line_stream import column_types, stream_lines

FORMATS = ("table", "json", "csv")
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Formato de salida / output format.",
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(data: Any) -> str:
    return json.dumps(_plain(data), ensure_ascii=False, indent=2)


def records_to_csv(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow(["" if record.get(c) is None else _plain(record.get(c)) for c in columns])
    return buffer.getvalue()


def records_to_table(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> str:
    cells = [[str(c) for c in columns]]
    for record in records:
        value = [record.get(c) for c in columns]
        cells.append(["" if v is None else str(_plain(v)) for v in value])
    widths = [max(len(row[i]) for row in cells) for i in range(len(columns))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def say(message: Message, lang: str, *, err: bool = False) -> None:
    """One line for the person at the terminal, in their language."""
    click.echo(message.text(lang), err=err)


def _for_people(value: Any, lang: str) -> Any:
    if isinstance(value, bool):
        return msg("cli.yes" if value else "cli.no").text(lang)
    return value


def emit_records(
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str,
    *,
    titled: bool = False,
    lang: str = "es",
) -> None:
    """One record per row in every format. JSON and CSV carry the ``columns`` as keys (the
    machine contract, README "Machine output"); ``titled`` tables show each column's Spanish
    title (``services.columns``) and yes/no in words of ``lang`` instead."""
    if fmt == "json":
        click.echo(to_json([{c: r.get(c) for c in columns} for r in records]))
    elif fmt == "csv":
        click.echo(records_to_csv(records, columns), nl=False)
    elif titled:
        headers = titles(columns)
        shown = [{h: _for_people(r.get(c), lang) for h, c in zip(headers, columns, strict=True)}
                 for r in records]  # fmt: skip
        click.echo(records_to_table(shown, headers))
    else:
        click.echo(records_to_table(records, columns))


def emit_envelope(
    meta: Mapping[str, Any],
    list_key: str,
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: str,
) -> None:
    """JSON: ``meta`` with the records under ``list_key``; CSV: the records alone, so a CSV
    header is always the keys of the JSON records. Tables are the caller's to print."""
    if fmt == "json":
        rows = [{c: r.get(c) for c in columns} for r in records]
        click.echo(to_json({**meta, list_key: rows}))
    elif fmt == "csv":
        click.echo(records_to_csv(records, columns), nl=False)


# What ``records_to_csv`` writes, for the lines DuckDB builds: str() of every value but
# decimals (plain digits), dates and timestamps (isoformat), no formula escaping, no BOM.
CLI_CSV_DIALECT = CsvDialect(
    line_end="\n", escape_formulas=False, datetime_separator="T", true_false=("True", "False")
)


def _write(text: bytes | memoryview) -> None:
    # Decoded and echoed as before, so the terminal's encoding and line ends still apply.
    click.echo(str(text, "utf-8"), nl=False)


def emit_relation(relation: duckdb.DuckDBPyRelation, columns: Sequence[str], fmt: str) -> bool:
    """Print ``columns`` of ``relation`` as CSV or JSON straight from DuckDB, the same text
    ``emit_records`` prints for its records; False (nothing printed) when the format is a table
    or a column's type needs Python's conversion."""
    if fmt not in ("csv", "json"):
        return False
    selected, types = column_types(relation, columns)
    if fmt == "csv":
        line = line_expression(types, CLI_CSV_DIALECT)
        if line is None:
            return False
        chunks = stream_lines(selected, line, "\n")
        _write((header_line(columns) + "\n").encode())
        for chunk in chunks:
            _write(chunk)
        return True
    record = record_expression(types)
    if record is None:
        return False
    separator = ",\n"
    pending = b""  # the separator after the latest record: the last one gets none
    for chunk in stream_lines(selected, record, separator):
        _write(pending or b"[\n")
        _write(chunk[: -len(separator)])
        pending = separator.encode()
    _write(b"\n]\n" if pending else b"[]\n")
    return True
