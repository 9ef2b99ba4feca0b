"""The window's warehouse at start-up: created if the data folder has none, and its first
status reading.

The access the pages read and write it through afterwards is the application's
(``app.reports.WarehouseAccess``), shared by every page through ``PageDeps``.
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
