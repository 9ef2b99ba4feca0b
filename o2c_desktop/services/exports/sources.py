"""Where export rows come from: Python records, or Arrow data read batch by batch.

A DuckDB relation or an Arrow table is never turned into one big list of Python dicts: rows are
converted one batch at a time, so a million-row export keeps a small, steady memory footprint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeAlias, cast, runtime_checkable

BATCH_ROWS = 50_000


@runtime_checkable
class ArrowStreamable(Protocol):
    """Anything that exports the Arrow C stream interface (a DuckDB relation, a polars frame)."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...


Records: TypeAlias = Iterable[Mapping[str, Any]]
# Records, or Arrow data: pa.Table, pa.RecordBatchReader, a DuckDB relation (pyarrow is untyped).
RowSource: TypeAlias = Records | ArrowStreamable | Any


def _arrow_batches(source: object) -> Iterator[Any] | None:
    # Imported here: a CSV written by DuckDB's COPY, or from Python records, never needs it.
    import pyarrow as pa

    if isinstance(source, pa.Table):
        return cast(Iterator[Any], iter(source.to_batches(max_chunksize=BATCH_ROWS)))
    if isinstance(source, pa.RecordBatchReader):
        return cast(Iterator[Any], iter(source))
    if isinstance(source, pa.RecordBatch):
        return iter([source])
    to_reader = getattr(source, "to_arrow_reader", None)
    if callable(to_reader):  # a DuckDB relation: let it stream its own result in batches
        return cast(Iterator[Any], iter(to_reader(BATCH_ROWS)))
    if isinstance(source, ArrowStreamable):
        return cast(Iterator[Any], iter(pa.RecordBatchReader.from_stream(source)))
    return None


def iter_row_chunks(source: RowSource, columns: Sequence[str]) -> Iterator[list[tuple[Any, ...]]]:
    """Rows as tuples in the order of ``columns``, in chunks of at most ``BATCH_ROWS``."""
    batches = _arrow_batches(source)
    if batches is not None:
        for batch in batches:
            if batch.num_rows == 0:
                continue
            missing = [c for c in columns if c not in batch.schema.names]
            if missing:
                raise KeyError(f"export columns not in the data: {missing}")
            values = [batch.column(c).to_pylist() for c in columns]
            yield list(zip(*values, strict=True))
        return
    records = cast(Records, source)
    chunk: list[tuple[Any, ...]] = []
    for record in records:
        chunk.append(tuple(record.get(c) for c in columns))
        if len(chunk) >= BATCH_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
