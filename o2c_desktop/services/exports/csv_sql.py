"""CSV written by DuckDB itself: each line built in SQL, written with ``COPY ... TO`` unquoted.

Python's ``csv`` module, cell by cell, spends sixteen times what DuckDB's ``COPY`` does on a
million rows. Here every cell is formatted by a SQL expression that gives exactly the text the
Python writer gives (the same quoting, formula escaping, dates, decimals, booleans and empty
cells), the cells are joined into one line per row, and ``COPY`` writes the lines as they are
(no quoting of its own). The header line, BOM included, is the name of that one column, so
``COPY`` writes it first. A column type without an exact SQL counterpart (lists, structs,
intervals, time zones, 32-bit floats) makes :func:`line_sql` answer None: the caller then uses
the Python writer, so the file never differs.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

_SOURCE_VIEW = "o2c_csv_source"

_INTEGER_TYPES = frozenset(
    {
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
        "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
    }
)  # fmt: skip


@dataclass(frozen=True)
class CsvDialect:
    """How one kind of CSV writes its cells, as the Python writer it replaces did."""

    line_end: str
    escape_formulas: bool  # OWASP: a leading ' before = + - @ tab CR in text cells
    datetime_separator: str  # between date and time of a timestamp
    true_false: tuple[str, str]
    formula_triggers: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def header_line(titles: Sequence[str]) -> str:
    """The header as Python's ``csv`` writes it, without the line end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(list(titles))
    return buffer.getvalue()[:-1]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@functools.cache
def _quote_class(line_end: str) -> str:
    """The regular expression of the characters that make this Python's ``csv`` module quote a
    cell with this line end: always , and ", and CR or LF when they are in the line end (some
    Python versions quote both whatever the line end: asked, not assumed)."""
    quoting = []
    for character in ',"\r\n':
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=line_end).writerow(["a" + character])
        if buffer.getvalue().startswith('"'):
            quoting.append({"\r": "\\r", "\n": "\\n"}.get(character, character))
    return "[" + "".join(quoting) + "]"


def _quoted(text_sql: str, line_end: str) -> str:
    """Quote as the ``csv`` module's QUOTE_MINIMAL: a cell with , " (or CR or LF, see
    ``_quote_class``) goes in quotes, its quotes doubled."""
    return (
        f"CASE WHEN regexp_matches({text_sql}, {_literal(_quote_class(line_end))}) "
        f"THEN '\"' || replace({text_sql}, '\"', '\"\"') || '\"' ELSE {text_sql} END"
    )


def cell_sql(column: str, type_name: str, dialect: CsvDialect) -> str | None:
    """The SQL text of one cell (never NULL), or None when SQL cannot match Python's text."""
    value = _identifier(column)
    base = type_name.split("(")[0]
    if base == "VARCHAR":
        text = value
        if dialect.escape_formulas:
            # Not ``left(v, 1) IN (...)``: DuckDB plans that as a hash join that reorders rows.
            triggers = " OR ".join(
                f"left({value}, 1) = {_literal(t)}" for t in dialect.formula_triggers
            )
            escaped = f"'''' || {value}"
            text = f"CASE WHEN {triggers} THEN {escaped} ELSE {value} END"
        expression = _quoted(f"({text})", dialect.line_end)
    elif base in _INTEGER_TYPES or base in ("DECIMAL", "DATE"):
        expression = f"CAST({value} AS VARCHAR)"
    elif base == "DOUBLE":
        # DuckDB prints doubles as Python's repr does, but a negative NaN as '-nan'.
        expression = f"CASE WHEN isnan({value}) THEN 'nan' ELSE CAST({value} AS VARCHAR) END"
    elif base == "BOOLEAN":
        true, false = (_literal(word) for word in dialect.true_false)
        expression = f"CASE WHEN {value} THEN {true} WHEN NOT {value} THEN {false} END"
    elif type_name == "TIMESTAMP":
        # datetime.isoformat(): microseconds only when there are some, all six digits.
        pattern = _literal(f"%Y-%m-%d{dialect.datetime_separator}%H:%M:%S")
        expression = (
            f"strftime({value}, {pattern}) || CASE WHEN epoch_us({value}) % 1000000 = 0 "
            f"THEN '' ELSE '.' || strftime({value}, '%f') END"
        )
    else:
        return None
    return f"coalesce({expression}, '')"


def line_expression(types: Sequence[tuple[str, str]], dialect: CsvDialect) -> str | None:
    """The SQL text of one row's CSV line (without its line end), or None when a column's type
    has no exact SQL counterpart."""
    if not types:
        return None
    cells = [cell_sql(column, type_name, dialect) for column, type_name in types]
    if any(cell is None for cell in cells):
        return None
    line = " || ',' || ".join(f"({cell})" for cell in cells if cell is not None)
    if len(cells) == 1:  # the csv module writes a lone empty cell as "" so the line is not blank
        line = f"CASE WHEN {line} = '' THEN '\"\"' ELSE {line} END"
    return line


def line_sql(
    types: Sequence[tuple[str, str]], titles: Sequence[str], dialect: CsvDialect, bom: bool
) -> str | None:
    """``SELECT <line> AS "<header>"`` over the source view, or None when COPY cannot be used."""
    line = line_expression(types, dialect)
    header = header_line(titles)
    if line is None or not header or "\n" in header or "\r" in header:
        return None
    alias = ("\ufeff" if bom else "") + header
    return f"SELECT {line} AS {_identifier(alias)} FROM {_SOURCE_VIEW}"


@dataclass(frozen=True)
class CsvCopy:
    """A relation's CSV lines, ready to be written by ``COPY``."""

    selected: duckdb.DuckDBPyRelation
    select: str
    dialect: CsvDialect

    def write(self, path: Path) -> int:
        """Write the header and every line to ``path``; the number of data rows."""
        line_end = _literal(self.dialect.line_end)
        options = f"FORMAT csv, HEADER true, QUOTE '', ESCAPE '', NEW_LINE {line_end}"
        copy = f"COPY ({self.select}) TO {_literal(str(path))} ({options})"
        counted: Any = self.selected.query(_SOURCE_VIEW, copy)  # runs the COPY, once
        rows = counted.fetchall() if counted is not None else []
        return int(rows[0][0]) if rows else 0


def plan_copy(
    relation: duckdb.DuckDBPyRelation,
    columns: Sequence[str],
    titles: Sequence[str],
    dialect: CsvDialect,
    *,
    bom: bool,
) -> CsvCopy | None:
    """How DuckDB writes ``columns`` of ``relation`` as CSV, or None when a column's type needs
    the Python writer."""
    selected = relation.select(*[duckdb.ColumnExpression(c) for c in columns])
    types = [(c, str(t)) for c, t in zip(columns, selected.types, strict=True)]
    select = line_sql(types, titles, dialect, bom)
    return None if select is None else CsvCopy(selected, select, dialect)
