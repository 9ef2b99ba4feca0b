"""Moving raw rows into DuckDB: Arrow chunks into an all-VARCHAR temporary table.

A chunk of rows is transposed into columns at C speed (``zip``); the columns go to Arrow as
they are (floats stay floats, datetimes stay datetimes) and DuckDB casts them to text, which is
far cheaper than formatting cells in Python. Blank rows are found column-wise: a chunk in which
one column is filled on every row has none, which is the usual case; only a chunk holding blank
rows is looked at row by row. A column that mixes types in a chunk is the only one formatted
cell by cell.

Once a cell is text, nobody can tell the number cell ``1.234`` from the text ``1.234`` (which may
mean 1234). For the columns the caller names, a flag column ``n<i>`` keeps that fact.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime, time

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


def _column_array(values: tuple[object, ...]) -> pa.Array:
    try:
        return pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError):
        # Typically numbers with a few numbers written as text: text and plain floats (the
        # common cells) skip cell_text's questions; repr is what it gives a float.
        return pa.array(
            [
                v if (kind := v.__class__) is str else repr(v) if kind is float else cell_text(v)
                for v in values
            ],
            type=pa.string(),
        )


def _typed_number_flags(values: tuple[object, ...], array: pa.Array) -> pa.Array:
    """True where the cell was a number cell (not text, not a date, not a boolean)."""
    if pa.types.is_integer(array.type) or pa.types.is_floating(array.type):
        return array.is_valid()
    if not pa.types.is_string(array.type) or not any(isinstance(v, int | float) for v in values):
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
    select = ", ".join(
        [f"CAST(c{i} AS VARCHAR)" for i in range(width)] + [f"n{i}" for i in flagged]
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
        arrays = [pa.array(numbers, type=pa.int64())]
        arrays += [_column_array(cells[i]) for i in range(width)]
        arrays += [_typed_number_flags(cells[i], arrays[i + 1]) for i in flagged]
        names = ["src_row", *(f"c{i}" for i in range(width)), *(f"n{i}" for i in flagged)]
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
