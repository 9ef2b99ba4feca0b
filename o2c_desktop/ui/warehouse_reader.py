"""Reads the warehouse without keeping it open, and shares it while the window itself writes.

DuckDB lets one process write a file only while no other process has it open, even read-only.
The window therefore opens the warehouse only for the moment of a read and closes it at once, so
the CLI (a sync, ``o2c demo``) can write while the window is showing.

Within this process one more rule applies: the file cannot be open read-only and read-write at
the same time. While the window's own sync writes, reads go through a cursor of the writer's
connection; a write waits for reads in progress to finish before it opens the file. When the
window hosts the scheduler, whose jobs open the file read-write at any moment, every read opens
it read-write too, so both kinds of connection can be open at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

from o2c_desktop.context import AppContext
from o2c_desktop.services.status import (
    WarehouseStatus,
    status_from_connection,
    warehouse_status,
)
from o2c_desktop.services.warehouse import Warehouse

log = logging.getLogger(__name__)


def ensure_warehouse(context: AppContext) -> None:
    """Create the warehouse (running the migrations) if this data folder has none yet."""
    if context.paths.warehouse_file.exists():
        return
    log.info("no warehouse at %s yet: creating it", context.paths.warehouse_file)
    with context.open_warehouse(read_only=False):
        pass


class WarehouseAccess:
    """Every read and write of the window's warehouse goes through one of these."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self._state = threading.Condition()
        self._readers = 0
        self._writer: Warehouse | None = None
        self._writing = False
        self._reads_read_write = False

    @contextmanager
    def reading_warehouse(self) -> Iterator[Warehouse]:
        """The warehouse for one read, from any thread: use only its ``cursor()``."""
        with self._state:
            while self._writing and self._writer is None:
                self._state.wait()  # the writer is opening the file
            writer = self._writer
            if writer is None:
                self._readers += 1
        if writer is not None:
            yield writer
            return
        try:
            with self.context.open_warehouse(read_only=not self._reads_read_write) as warehouse:
                yield warehouse
        finally:
            with self._state:
                self._readers -= 1
                self._state.notify_all()

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one read, from any thread; closed afterwards."""
        with self.reading_warehouse() as warehouse:
            cursor = warehouse.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    @contextmanager
    def writing(self) -> Iterator[Warehouse]:
        """The warehouse open read-write for a long job (a sync); one writer at a time."""
        with self._state:
            while self._writing:
                self._state.wait()
            self._writing = True
            while self._readers:
                self._state.wait()
        try:
            warehouse = self.context.open_warehouse(read_only=False)
        except BaseException:
            with self._state:
                self._writing = False
                self._state.notify_all()
            raise
        with self._state:
            self._writer = warehouse
            self._state.notify_all()
        try:
            yield warehouse
        finally:
            with self._state:
                self._writer = None
                self._writing = False
                self._state.notify_all()
            warehouse.close()

    def share_with_read_write_opener(self, start: Callable[[], bool]) -> None:
        """Run ``start`` with no read in progress; when it returns True (something in this
        process now opens the file read-write on its own), reads from then on do the same."""
        with self._state:
            while self._writing:
                self._state.wait()
            self._writing = True
            while self._readers:
                self._state.wait()
        try:
            sharing = start()
        finally:
            with self._state:
                self._reads_read_write = self._reads_read_write or sharing
                self._writing = False
                self._state.notify_all()

    def status(self) -> WarehouseStatus:
        with self.reading() as con:
            return status_from_connection(con, self.context.paths.warehouse_file)


def read_warehouse_status(context: AppContext) -> WarehouseStatus:
    with context.open_warehouse(read_only=True) as warehouse:
        return warehouse_status(warehouse)
