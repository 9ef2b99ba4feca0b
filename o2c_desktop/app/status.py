"""What the warehouse holds, as ``o2c status``, ``o2c demo``'s closing table and the window's
Inicio show it.

* ``o2c status`` shows every table with its rows, the file and the schema version; after a demo
  sync only the tables that received rows are listed (the others say nothing yet).
* Inicio's cards are read in one pass over the warehouse, through the window's access (a read
  may share the connection of the window's own sync).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.status import WarehouseStatus
from o2c_desktop.settings import Settings

if TYPE_CHECKING:
    from o2c_desktop.services.analytics.dashboard import Dashboard

__all__ = ["loaded_tables", "read_dashboard", "status_lines"]


def loaded_tables(status: WarehouseStatus) -> WarehouseStatus:
    """The same status with only the tables that hold rows."""
    return replace(status, tables={name: n for name, n in status.tables.items() if n})


def status_lines(status: WarehouseStatus) -> list[Message]:
    """The lines above the table of counts: the file, then the schema version."""
    return [
        msg("status.warehouse", warehouse=status.warehouse),
        msg("status.schema_version", version=status.schema_version),
    ]


def read_dashboard(access: WarehouseAccess, settings: Settings) -> Dashboard:
    """Every card of Inicio, read at once (the analytics are imported only here: the window
    shows before they are needed)."""
    from o2c_desktop.services.analytics import dashboard

    with access.reading_warehouse() as warehouse:
        return dashboard.read_dashboard(warehouse, settings)
