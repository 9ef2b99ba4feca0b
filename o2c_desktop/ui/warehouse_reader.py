"""Reads the warehouse's status without keeping it open.

DuckDB lets one process write a file only while no other process has it open, even read-only.
The window therefore opens the warehouse only for the moment of a read and closes it at once, so
the CLI (a sync, ``o2c demo``) can write while the window is showing.
"""

from __future__ import annotations

import logging

from o2c_desktop.context import AppContext
from o2c_desktop.services.status import WarehouseStatus, warehouse_status

log = logging.getLogger(__name__)


def ensure_warehouse(context: AppContext) -> None:
    """Create the warehouse (running the migrations) if this data folder has none yet."""
    if context.paths.warehouse_file.exists():
        return
    log.info("no warehouse at %s yet: creating it", context.paths.warehouse_file)
    with context.open_warehouse(read_only=False):
        pass


def read_warehouse_status(context: AppContext) -> WarehouseStatus:
    with context.open_warehouse(read_only=True) as warehouse:
        return warehouse_status(warehouse)
