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


def emit_records(records: Sequence[Mapping[str, Any]], columns: Sequence[str], fmt: str) -> None:
    """One record per row in every format."""
    if fmt == "json":
        click.echo(to_json([{c: r.get(c) for c in columns} for r in records]))
    elif fmt == "csv":
        click.echo(records_to_csv(records, columns), nl=False)
    else:
        click.echo(records_to_table(records, columns))
