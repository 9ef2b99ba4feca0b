"""A relation's rows as text lines built in SQL, handed out in Arrow batches.

For output that goes to a stream rather than a file (the CLI's ``--format csv|json`` on
stdout): ``COPY`` needs a path, and ``/dev/stdout`` does not exist on Windows. DuckDB builds
every line (see csv_sql and json_sql), Arrow carries them in batches, and each batch's text is
one contiguous buffer that is written as it is: no Python object per row or per cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import duckdb
import pyarrow as pa

from o2c_desktop.services.exports.csv_sql import _SOURCE_VIEW
from o2c_desktop.services.sqlquote import quote_literal

BATCH_ROWS = 65_536


def column_types(
    relation: duckdb.DuckDBPyRelation, columns: Sequence[str]
) -> tuple[duckdb.DuckDBPyRelation, list[tuple[str, str]]]:
    """``columns`` of ``relation`` and the DuckDB type name of each."""
    selected = relation.select(*[duckdb.ColumnExpression(c) for c in columns])
    return selected, [(c, str(t)) for c, t in zip(columns, selected.types, strict=True)]


def _batch_text(column: pa.Array) -> bytes | memoryview:
    """The batch's lines as one UTF-8 buffer: Arrow keeps a string column's values end to end."""
    wide = pa.types.is_large_string(column.type)
    if (wide or pa.types.is_string(column.type)) and column.null_count == 0 and len(column):
        _, offsets_buffer, data = column.buffers()
        offsets = memoryview(offsets_buffer).cast("q" if wide else "i")
        start, end = offsets[column.offset], offsets[column.offset + len(column)]
        return memoryview(data)[start:end]
    return "".join(str(value) for value in column.to_pylist() if value is not None).encode()


def stream_lines(
    selected: duckdb.DuckDBPyRelation, expression: str, line_end: str
) -> Iterator[bytes | memoryview]:
    """The text of ``expression`` over ``selected``'s rows, each followed by ``line_end``, in
    row order, a batch at a time. The query starts here, so an error comes before any output."""
    query = f"SELECT ({expression}) || {quote_literal(line_end)} AS line FROM {_SOURCE_VIEW}"  # noqa: S608 - titles quoted
    lines = selected.query(_SOURCE_VIEW, query)
    if lines is None:  # a SELECT always gives a relation; this only satisfies the type
        return iter(())
    reader = lines.to_arrow_reader(BATCH_ROWS)
    return (_batch_text(batch.column(0)) for batch in reader if batch.num_rows)
