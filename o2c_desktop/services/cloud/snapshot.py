"""Normalized per-table Parquet snapshots with a content hash.

Rows are written in a total order (every column) with fixed writer options, so the same table
content always gives the same bytes and therefore the same hash: an unchanged table is never
pushed twice. Files are written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from o2c_desktop.services.hashing import file_sha256
from o2c_desktop.services.sqlquote import quote_identifier

ROW_GROUP_ROWS = 256_000


@dataclass(frozen=True)
class Snapshot:
    table: str
    path: Path  # <folder>/<table>/<sha256>.parquet
    sha256: str
    rows: int
    size_bytes: int


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [str(r[0]) for r in rows]


def write_snapshot(con: duckdb.DuckDBPyConnection, table: str, folder: Path) -> Snapshot:
    """Write ``table`` to a Parquet file named after its content hash."""
    target_dir = folder / table
    target_dir.mkdir(parents=True, exist_ok=True)
    columns = ", ".join(quote_identifier(c) for c in table_columns(con, table))
    arrow = con.sql(
        f"SELECT {columns} FROM {quote_identifier(table)} ORDER BY ALL"  # noqa: S608 - names quoted
    ).to_arrow_table()
    handle, temp_name = tempfile.mkstemp(dir=target_dir, prefix=".snapshot-", suffix=".parquet")
    os.close(handle)
    temp = Path(temp_name)
    try:
        pq.write_table(
            arrow,
            temp,
            compression="zstd",
            row_group_size=ROW_GROUP_ROWS,
            write_statistics=True,
            store_schema=True,
        )
        sha256 = file_sha256(temp)
        final = target_dir / f"{sha256}.parquet"
        temp.replace(final)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return Snapshot(table, final, sha256, arrow.num_rows, final.stat().st_size)
