"""The local DuckDB warehouse."""

from o2c_desktop.services.warehouse.warehouse import (
    BusyHolder,
    Migration,
    Warehouse,
    bundled_migrations,
    open_warehouse,
    warehouse_busy_holders,
)

__all__ = [
    "BusyHolder",
    "Migration",
    "Warehouse",
    "bundled_migrations",
    "open_warehouse",
    "warehouse_busy_holders",
]
