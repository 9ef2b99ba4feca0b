"""What the warehouse holds right now: the answer of ``o2c status`` and the status bar."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.services.warehouse.warehouse import schema_version_of, table_counts_of


@dataclass(frozen=True)
class WarehouseStatus:
    warehouse: Path
    schema_version: int
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.tables.values())


def warehouse_status(warehouse: Warehouse) -> WarehouseStatus:
    return WarehouseStatus(
        warehouse=warehouse.path,
        schema_version=warehouse.schema_version(),
        tables=warehouse.table_counts(),
    )


def status_from_connection(con: duckdb.DuckDBPyConnection, path: Path) -> WarehouseStatus:
    """The same answer through any connection or cursor (a thread sharing a writer's file)."""
    return WarehouseStatus(
        warehouse=path, schema_version=schema_version_of(con), tables=table_counts_of(con)
    )


def loaded_file_count(con: duckdb.DuckDBPyConnection) -> int:
    """Files imported or downloaded and loaded: zero means the warehouse holds no data yet."""
    return int(
        con.execute("SELECT count(*) FROM load_ledger WHERE status = 'loaded'").fetchall()[0][0]
    )
