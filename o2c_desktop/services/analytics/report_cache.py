"""A report's rows kept on disk until the data or the question changes.

Computing the reconciliation of a million order lines takes seconds; opening the screen again,
or the next morning's first look after a restart, should not. A cached table is keyed by
everything its rows depend on: the report and its columns, the cut, the analytics settings, the
filters, the program version, the warehouse file and the state of every versioned table (row
count, last load, last valid_from and valid_to, read from DuckDB's statistics in milliseconds).
Any load, any new day for a current cut, any changed setting gives a new key, so a stale table
is never served; only the newest table of each report is kept.

Tables are Arrow IPC files without compression and read by memory map: the first page of a
million rows is on screen in milliseconds, at the price of disk (about 400 bytes per
reconciliation row). A damaged or unreadable file is logged, removed and recomputed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.ipc as ipc

from o2c_desktop import __version__
from o2c_desktop.services.analytics.asof import Cut
from o2c_desktop.services.analytics.views import ASOF_TABLES
from o2c_desktop.services.sqlquote import quote_literal
from o2c_desktop.settings import AnalyticsSettings

log = logging.getLogger(__name__)

_SUFFIX = ".arrow"


def data_state(con: duckdb.DuckDBPyConnection) -> list[list[str]]:
    """What every versioned table holds, in a form that changes with any load."""
    query = " UNION ALL ".join(
        f"SELECT {quote_literal(table)}, CAST(count(*) AS VARCHAR), CAST(max(load_id) AS VARCHAR), "  # noqa: S608 - constant table names
        f"CAST(max(valid_from) AS VARCHAR), CAST(max(valid_to) AS VARCHAR) FROM {table}"
        for table in ASOF_TABLES
    )
    rows = con.execute(f"SELECT * FROM ({query}) ORDER BY 1").fetchall()  # noqa: S608 - constant table names
    return [[str(value) for value in row] for row in rows]


class ReportCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(
        self,
        con: duckdb.DuckDBPyConnection,
        warehouse: Path,
        name: str,
        columns: Sequence[str],
        cut: Cut,
        settings: AnalyticsSettings,
        filters: Mapping[str, str],
    ) -> str:
        described = {
            "name": name,
            "columns": list(columns),
            "as_of_date": cut.as_of_date.isoformat(),
            "known_before": cut.known_before.isoformat(),
            "settings": settings.model_dump(mode="json"),
            "filters": dict(filters),
            "version": __version__,
            "warehouse": str(warehouse.resolve()),
            "data": data_state(con),
        }
        text = json.dumps(described, sort_keys=True, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def lookup(self, name: str, key: str) -> pa.Table | None:
        """The table kept for ``key``, or None when there is none (or it is unreadable)."""
        path = self._path(name, key)
        if not path.exists():
            return None
        try:
            cached = ipc.open_file(pa.memory_map(str(path))).read_all()
        except (OSError, pa.ArrowInvalid):
            log.exception("unreadable cached report %s: recomputing", path)
            _remove(path)
            return None
        log.debug("report %s from cache %s", name, path.name)
        return cached

    def table(self, name: str, key: str, compute: Callable[[], pa.Table]) -> pa.Table:
        """The cached table for ``key``, else ``compute()``'s, stored for next time."""
        cached = self.lookup(name, key)
        if cached is not None:
            return cached
        table = compute()
        self.store(name, key, table)
        return table

    def _path(self, name: str, key: str) -> Path:
        return self.folder / f"{name}-{key}{_SUFFIX}"

    def store(self, name: str, key: str, table: pa.Table) -> None:
        """Keep ``table`` as the newest of its report; a failure only costs the next open."""
        path = self._path(name, key)
        partial = path.with_suffix(".partial")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with (
                pa.OSFile(str(partial), "wb") as sink,
                ipc.new_file(sink, table.schema) as writer,
            ):
                writer.write_table(table, max_chunksize=65_536)
            partial.replace(path)
        except OSError:
            # A full disk or a locked folder costs only the next open's speed.
            log.exception("could not keep report %s in the cache", name)
            _remove(partial)
            return
        for older in self.folder.glob(f"{name}-*{_SUFFIX}"):
            if older != path:
                _remove(older)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        # Still mapped by an open screen (Windows); the next store removes it.
        log.debug("cached report %s still in use", path)


def cached_relation(
    con: duckdb.DuckDBPyConnection,
    cache: ReportCache,
    warehouse: Path,
    name: str,
    relation: duckdb.DuckDBPyRelation,
    columns: Sequence[str],
    cut: Cut,
    settings: AnalyticsSettings,
    filters: Mapping[str, str],
) -> duckdb.DuckDBPyRelation | None:
    """``columns`` of ``relation`` read from the cache when a screen already kept them, with the
    relation's own column types (Arrow gives a HUGEINT back as a DECIMAL); None on a miss."""
    key = cache.key(con, warehouse, name, columns, cut, settings, filters)
    table = cache.lookup(name, key)
    if table is None:
        return None
    types = relation.select(*[duckdb.ColumnExpression(c) for c in columns]).types
    typed = [
        duckdb.ColumnExpression(c).cast(duckdb.sqltype(str(t))).alias(c)
        for c, t in zip(columns, types, strict=True)
    ]
    return con.from_arrow(table).select(*typed)
