"""Moving raw rows into DuckDB: Arrow chunks into an all-VARCHAR temporary table.

A chunk of rows is transposed into columns at C speed (``zip``); the columns go to Arrow as
they are (floats stay floats, datetimes stay datetimes) and DuckDB casts them to text, which is
far cheaper than formatting cells in Python. Blank rows are found column-wise: a chunk in which
one column is filled on every row has none, which is the usual case; only a chunk holding blank
rows is looked at row by row. A column of numbers with some written as text keeps its numbers
apart for DuckDB to write; only a column mixing other types is formatted cell by cell.

Once a cell is text, nobody can tell the number cell ``1.234`` from the text ``1.234`` (which may
mean 1234). For the columns the caller names, a flag column ``n<i>`` keeps that fact.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime, time
from typing import NamedTuple

import duckdb
import pyarrow as pa

from o2c_desktop.services.ingest.readers import Row
from o2c_desktop.services.sqlquote import quote_literal

CHUNK_ROWS = 25_000


def cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


class _Column(NamedTuple):
    array: pa.Array  # typed when every cell is of one type, else text
    numbers: pa.Array | None  # the number cells of a column of numbers and text
    formatted: bool  # cells of several other types, written as text one by one


def _column_array(values: tuple[object, ...]) -> _Column:
    """The column as Arrow. A column of numbers with some written as text (the usual mix)
    comes back as its texts plus its numbers apart, for DuckDB to write the numbers as text
    (the same text ``repr`` gives) in C."""
    try:
        return _Column(pa.array(values, from_pandas=True), None, formatted=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        pass
    floats = [v if v.__class__ is float else None for v in values]
    texts = [v if v.__class__ is str else None for v in values]
    blank = values.count(None)
    if (len(values) - floats.count(None)) + (len(texts) - texts.count(None)) + blank == len(values):
        numbers = pa.array(floats, type=pa.float64())
        return _Column(pa.array(texts, type=pa.string()), numbers, formatted=False)
    return _Column(pa.array([cell_text(v) for v in values], type=pa.string()), None, True)


def _typed_number_flags(values: tuple[object, ...], column: _Column) -> pa.Array:
    """True where the cell was a number cell (not text, not a date, not a boolean)."""
    if column.numbers is not None:
        return column.numbers.is_valid()
    array = column.array
    if pa.types.is_integer(array.type) or pa.types.is_floating(array.type):
        return array.is_valid()
    if not column.formatted:  # one type throughout, and not a number
        return pa.array([False] * len(values), type=pa.bool_())
    return pa.array(
        [
            True
            if (kind := v.__class__) is float
            else False
            if kind is str
            else isinstance(v, int | float) and not isinstance(v, bool)
            for v in values
        ],
        type=pa.bool_(),
    )


def _columns(chunk: list[Row], width: int) -> list[tuple[object, ...]]:
    """The first ``width`` columns of a chunk of rows; short rows are padded with None."""
    if max(map(len, chunk)) > width:
        # Only the columns with a header count: cells under no header (a stray cell far to
        # the right) are cut away before they cost anything.
        chunk = [row[:width] for row in chunk]
    columns = list(itertools.zip_longest(*chunk))
    blank = (None,) * len(chunk)
    return columns + [blank] * (width - len(columns))


def _filled_rows(
    chunk: list[Row], columns: Sequence[tuple[object, ...]], width: int
) -> list[bool] | None:
    """None when every row of the chunk holds a value (not None, not ""), else which do."""
    for column in columns:
        if column.count(None) == 0 and column.count("") == 0:
            return None  # this column is filled on every row: no row is blank
    return [any(v is not None and v != "" for v in row[:width]) for row in chunk]


def stage_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rows: Iterator[Row],
    *,
    width: int,
    first_row_number: int,
    sheet: str | None,
    append: bool = False,
    typed_columns: Collection[int] = (),
) -> int:
    """Fill temp ``table`` (src_sheet, src_row, c0..c<width-1> VARCHAR) from ``rows``.

    Returns the rows kept. Row numbers are physical (1-based, as a spreadsheet shows them);
    blank rows are skipped. ``append`` adds the continuation sheets of a split export. Each
    column of ``typed_columns`` gets a BOOLEAN ``n<i>``: the cell was a number cell.
    """
    flagged = sorted(i for i in typed_columns if i < width)
    columns = ", ".join(
        [f"c{i} VARCHAR" for i in range(width)] + [f"n{i} BOOLEAN" for i in flagged]
    )
    if not append:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} (src_sheet VARCHAR, src_row BIGINT, {columns})"
        )
    sheet_literal = "NULL" if sheet is None else quote_literal(sheet)
    number = first_row_number
    kept = 0
    while True:
        chunk = list(itertools.islice(rows, CHUNK_ROWS))
        if not chunk:
            break
        numbers: Sequence[int] = range(number, number + len(chunk))
        number += len(chunk)
        cells = _columns(chunk, width)
        keep = _filled_rows(chunk, cells, width)
        if keep is not None:
            if not any(keep):
                continue
            cells = [tuple(itertools.compress(c, keep)) for c in cells]
            numbers = list(itertools.compress(numbers, keep))
        columns_of = [_column_array(cells[i]) for i in range(width)]
        arrays = [pa.array(numbers, type=pa.int64()), *(c.array for c in columns_of)]
        names = ["src_row", *(f"c{i}" for i in range(width))]
        for i in flagged:
            arrays.append(_typed_number_flags(cells[i], columns_of[i]))
            names.append(f"n{i}")
        texts = []
        for i, column in enumerate(columns_of):
            if column.numbers is None:
                texts.append(f"CAST(c{i} AS VARCHAR)")
                continue
            texts.append(f"coalesce(CAST(f{i} AS VARCHAR), c{i})")
            arrays.append(column.numbers)
            names.append(f"f{i}")
        select = ", ".join([*texts, *(f"n{i}" for i in flagged)])
        batch = pa.table(arrays, names=names)
        con.register("_stage_chunk", batch)
        try:
            con.execute(
                f"INSERT INTO {table} SELECT {sheet_literal}, src_row, {select} FROM _stage_chunk"  # noqa: S608 - schema names; texts quoted
            )
        finally:
            con.unregister("_stage_chunk")
        kept += len(numbers)
    return kept
