"""The window's warehouse at start-up, and the access every page reads and writes it through.

The rules of that access (open only for the moment of a read, share the window's own writer,
follow the scheduler's read-write opens) are the application's, in ``app.reports``; the pages
import ``WarehouseAccess`` from here with the start-up helpers.
"""

from __future__ import annotations

import logging

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.context import AppContext
from o2c_desktop.services.status import WarehouseStatus, warehouse_status

__all__ = ["WarehouseAccess", "ensure_warehouse", "read_warehouse_status"]

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
