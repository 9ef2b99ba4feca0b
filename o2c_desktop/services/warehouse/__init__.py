"""The local DuckDB warehouse."""

from o2c_desktop.services.warehouse.warehouse import Migration, Warehouse, bundled_migrations

__all__ = ["Migration", "Warehouse", "bundled_migrations"]
