"""CSV written by DuckDB itself (``COPY ... TO``), byte for byte what Python's ``csv`` wrote.

Python's ``csv`` module, cell by cell, spends sixteen times what DuckDB's ``COPY`` does on a
million rows. Two ways give exactly the Python writer's text (the same quoting, formula escaping,
dates, decimals, booleans and empty cells):

- **Columns**, the usual way: ``COPY`` quotes as Python's ``QUOTE_MINIMAL`` does when the line
  end holds both CR and LF (a cell with , " CR or LF goes in quotes, its quotes doubled; no
  comment character, or a # would be quoted too), so SQL changes only what must change. Text gets
  its formula escape and an empty text becomes NULL (``COPY`` quotes an empty string, Python
  writes nothing; both write NULL as nothing); booleans get their words, timestamps and doubles
  Python's spelling; integers, decimals and dates go to ``COPY`` as they are. The header is the
  column names, the BOM in front of the first.
- **Lines**, for a lone column, titles ``COPY`` would quote otherwise, or another line end:
  every cell formatted and quoted in SQL, the cells joined into one line per row, written
  unquoted; the header line, BOM included, is the name of that one column.

A column type without an exact SQL counterpart (lists, structs, intervals, time zones, 32-bit
floats) makes :func:`plan_copy` answer None: the caller then uses the Python writer, so the file
never differs.
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

from o2c_desktop.services.sqlquote import quote_identifier, quote_literal

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
        f"CASE WHEN regexp_matches({text_sql}, {quote_literal(_quote_class(line_end))}) "
        f"THEN '\"' || replace({text_sql}, '\"', '\"\"') || '\"' ELSE {text_sql} END"
    )


def _first_safe_text(triggers: Sequence[str]) -> str | None:
    """The least text that no trigger can start: DuckDB compares text byte by byte, so every
    text at or above it begins with a byte above each trigger's first byte. None when a trigger
    is empty or does not begin with an ASCII character."""
    first_bytes = [t.encode()[0] for t in triggers if t]
    if not first_bytes or len(first_bytes) != len(triggers) or max(first_bytes) >= 0x7F:
        return None
    return chr(max(first_bytes) + 1)


def _escaped_text(value: str, dialect: CsvDialect, *, empty_as_null: bool = False) -> str:
    """A text cell with its formula escape, unquoted (NULL stays NULL); with ``empty_as_null``
    an empty text becomes NULL as well."""
    if not dialect.escape_formulas:
        return f"nullif({value}, '')" if empty_as_null else value
    # Not ``... IN (...)`` nor ``list_contains``: DuckDB plans those so that rows come out
    # reordered. The first character's code point is compared when the triggers are single
    # characters (cheaper than taking a one-character string per trigger).
    if all(len(t) == 1 for t in dialect.formula_triggers):
        compared = [f"ascii({value}) = {ord(t)}" for t in dialect.formula_triggers]
    else:
        compared = [
            f"left({value}, {len(t)}) = {quote_literal(t)}" for t in dialect.formula_triggers
        ]
    branches = []
    safe = _first_safe_text(dialect.formula_triggers)
    if safe is not None:
        # Most text starts with a letter: one comparison of the first bytes (kept inline by
        # DuckDB) settles it; only the rest is tested trigger by trigger.
        branches.append(f"WHEN {value} >= {quote_literal(safe)} THEN {value}")
    if empty_as_null:
        branches.append(f"WHEN {value} = '' THEN NULL")
    branches.append(f"WHEN {' OR '.join(compared)} THEN '''' || {value}")
    return f"CASE {' '.join(branches)} ELSE {value} END"


def _spelled(value: str, type_name: str, dialect: CsvDialect) -> str | None:
    """A value of a type ``COPY`` would not spell as Python does, as Python's text (NULL stays
    NULL, and no character that needs quoting); None when SQL cannot match it."""
    base = type_name.split("(")[0]
    if base == "DOUBLE":
        # DuckDB prints doubles as Python's repr does, but a negative NaN as '-nan'.
        return f"CASE WHEN isnan({value}) THEN 'nan' ELSE CAST({value} AS VARCHAR) END"
    if base == "BOOLEAN":
        true, false = (quote_literal(word) for word in dialect.true_false)
        return f"CASE WHEN {value} THEN {true} WHEN NOT {value} THEN {false} END"
    if type_name == "TIMESTAMP":
        # datetime.isoformat(): microseconds only when there are some, all six digits.
        pattern = quote_literal(f"%Y-%m-%d{dialect.datetime_separator}%H:%M:%S")
        return (
            f"strftime({value}, {pattern}) || CASE WHEN epoch_us({value}) % 1000000 = 0 "
            f"THEN '' ELSE '.' || strftime({value}, '%f') END"
        )
    return None


def cell_sql(column: str, type_name: str, dialect: CsvDialect) -> str | None:
    """The SQL text of one cell, quoted as Python quotes it (never NULL), or None when SQL
    cannot match Python's text."""
    value = quote_identifier(column)
    base = type_name.split("(")[0]
    if base == "VARCHAR":
        expression: str | None = _quoted(f"({_escaped_text(value, dialect)})", dialect.line_end)
    elif base in _INTEGER_TYPES or base in ("DECIMAL", "DATE"):
        expression = f"CAST({value} AS VARCHAR)"
    else:
        expression = _spelled(value, type_name, dialect)
    return None if expression is None else f"coalesce({expression}, '')"


def column_sql(column: str, type_name: str, dialect: CsvDialect) -> str | None:
    """One column as ``COPY`` must be given it to write Python's text with its own quoting, or
    None when SQL cannot match Python's text."""
    value = quote_identifier(column)
    base = type_name.split("(")[0]
    if base == "VARCHAR":
        # COPY quotes an empty string (it would read back as NULL otherwise); Python does not.
        return _escaped_text(value, dialect, empty_as_null=True)
    if base in _INTEGER_TYPES or base in ("DECIMAL", "DATE"):
        return value  # COPY spells them as Python does, and none needs quoting
    if base == "BOOLEAN" and dialect.true_false == ("true", "false"):
        return value  # COPY's own words
    return _spelled(value, type_name, dialect)


def _copy_quotes_as_python(line_end: str) -> bool:
    """Whether Python quotes exactly the cells ``COPY`` quotes: those with , " CR or LF."""
    return _quote_class(line_end) == "[" + ',"' + "\\r\\n" + "]"


def columns_sql(
    types: Sequence[tuple[str, str]], titles: Sequence[str], dialect: CsvDialect, bom: bool
) -> str | None:
    """``SELECT <column> AS "<title>", ...`` over the source view for ``COPY`` to quote, or None
    when ``COPY``'s quoting or header would differ from Python's."""
    if len(types) < 2 or len(titles) != len(types):
        return None  # Python writes a lone empty cell as "" so that the line is not blank
    if not _copy_quotes_as_python(dialect.line_end):
        return None
    # COPY quotes a title as it quotes a cell, an empty one too; keep to titles both leave bare.
    if any(not t or any(c in t for c in ',"\r\n') for t in titles):
        return None
    if len({t.casefold() for t in titles}) != len(titles):
        return None  # the titles name the columns of a SQL query: they must be distinct
    columns = [column_sql(column, type_name, dialect) for column, type_name in types]
    names = [("\ufeff" if bom and n == 0 else "") + title for n, title in enumerate(titles)]
    if any(column is None for column in columns):
        return None
    selected = ", ".join(
        f"{c} AS {quote_identifier(n)}" for c, n in zip(columns, names, strict=True)
    )
    return f"SELECT {selected} FROM {_SOURCE_VIEW}"  # noqa: S608 - titles quoted


def line_expression(types: Sequence[tuple[str, str]], dialect: CsvDialect) -> str | None:
    """The SQL text of one row's CSV line (without its line end), or None when a column's type
    has no exact SQL counterpart."""
    if not types:
        return None
    cells = [cell_sql(column, type_name, dialect) for column, type_name in types]
    if any(cell is None for cell in cells):
        return None
    # One concat() per row: a chain of || builds every intermediate string, twice as slow.
    line = "concat(" + ", ',', ".join(cell for cell in cells if cell is not None) + ")"
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
    return f"SELECT {line} AS {quote_identifier(alias)} FROM {_SOURCE_VIEW}"  # noqa: S608 - titles quoted


@dataclass(frozen=True)
class CsvCopy:
    """A relation's CSV, ready to be written by ``COPY``: columns for it to quote, or lines."""

    selected: duckdb.DuckDBPyRelation
    select: str
    dialect: CsvDialect
    quoted_by_copy: bool = False

    def write(self, path: Path) -> int:
        """Write the header and every line to ``path``; the number of data rows."""
        line_end = quote_literal(self.dialect.line_end)
        # No comment character: COPY would otherwise quote every cell holding a #.
        quoting = (
            "QUOTE '\"', ESCAPE '\"', COMMENT ''" if self.quoted_by_copy else "QUOTE '', ESCAPE ''"
        )
        options = f"FORMAT csv, HEADER true, DELIMITER ',', {quoting}, NEW_LINE {line_end}"
        copy = f"COPY ({self.select}) TO {quote_literal(str(path))} ({options})"
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
    by_columns = columns_sql(types, titles, dialect, bom)
    if by_columns is not None:
        return CsvCopy(selected, by_columns, dialect, quoted_by_copy=True)
    select = line_sql(types, titles, dialect, bom)
    return None if select is None else CsvCopy(selected, select, dialect)
