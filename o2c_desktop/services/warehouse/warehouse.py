"""The local warehouse: one DuckDB file, versioned by ordered forward migrations.

One ``Warehouse`` object owns the process's connection (DuckDB allows one writer per process);
other threads work through :meth:`Warehouse.cursor`. Before any migration touches an existing
file, the file is copied to ``backups/``. A file migrated by a newer program is refused.
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

from o2c_desktop.errors import WarehouseBusy, WarehouseError
from o2c_desktop.messages import msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.sqlquote import quote_identifier
from o2c_desktop.services.warehouse.fresh import fresh_schema_statements

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def bundled_migrations() -> list[Migration]:
    """The migrations shipped with the program, in order, checked for gaps and duplicates."""
    folder = resources.files("o2c_desktop.services.warehouse") / "migrations"
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:
        raise RuntimeError(f"migrations must be numbered 1..n without gaps: {found!r}")
    return found


# How DuckDB says another process has the file: on Linux and macOS "Could not set lock on file
# ...: Conflicting lock is held in <program> (PID n)"; on Windows "File is already open in" and one
# "<program> (PID n)" line per process, or, when Windows cannot name them, the system's sharing
# violation text (English or Spanish Windows).
_BUSY_MARKERS = (
    "could not set lock on file",
    "conflicting lock is held",
    "file is already open in",
    "being used by another process",
    "está siendo utilizado por otro proceso",
)
_HOLDER = re.compile(r"(?:held in |\n)\s*(?P<program>[^\n]*?)\s*\(PID (?P<pid>\d+)\)")


@dataclass(frozen=True)
class BusyHolder:
    """A process that has the warehouse open, as DuckDB names it."""

    program: str
    pid: int

    @property
    def label(self) -> str:
        name = re.split(r"[\\/]", self.program)[-1] or "?"
        return f"{name}, PID {self.pid}"


def warehouse_busy_holders(error_text: str) -> list[BusyHolder] | None:
    """The processes holding the file when ``error_text`` (DuckDB's, any platform) says it is
    busy, possibly none by name; None when the error is about something else."""
    lowered = error_text.lower()
    if not any(marker in lowered for marker in _BUSY_MARKERS):
        return None
    return [
        BusyHolder(match["program"].strip(), int(match["pid"]))
        for match in _HOLDER.finditer(error_text)
    ]


def busy_error(path: Path, holders: list[BusyHolder], details: str) -> WarehouseBusy:
    """The clerk's message for a warehouse another process has open."""
    named = "; ".join(holder.label for holder in holders)
    who = f" ({named})" if named else ""
    return WarehouseBusy(msg("warehouse.busy", path=path, who=who), details=details)


def _record_migration(con: duckdb.DuckDBPyConnection, migration: Migration, at: datetime) -> None:
    con.execute(
        "INSERT INTO schema_version VALUES (?, ?, ?)", [migration.version, migration.name, at]
    )


class Warehouse:
    """The local DuckDB warehouse of one data folder."""

    def __init__(
        self,
        path: Path,
        *,
        backups_dir: Path | None = None,
        migrations: list[Migration] | None = None,
        read_only: bool = False,
    ) -> None:
        self.path = path
        self.backups_dir = backups_dir or path.parent / "backups"
        self._migrations = migrations if migrations is not None else bundled_migrations()
        self._lock = threading.RLock()
        self.read_only = read_only
        self._con = self._connect()
        try:
            if not read_only:
                self._migrate()
            self._check_version()
        except BaseException:
            self._con.close()
            raise

    # -- connection -------------------------------------------------------------------------

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.read_only and not self.path.exists():
            raise WarehouseError(
                msg("warehouse.missing", path=self.path),
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return duckdb.connect(str(self.path), read_only=self.read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            holders = warehouse_busy_holders(text)
            if holders is not None:
                raise busy_error(self.path, holders, text) from exc
            raise WarehouseError(
                msg("warehouse.damaged", path=self.path),
                details=text,
            ) from exc
        except duckdb.ConnectionException as exc:
            # The same file is already open in this process with other settings (read-only vs
            # read-write): a program error or two windows of one process, never a damaged file.
            raise WarehouseError(
                msg("warehouse.open_other_mode", path=self.path),
                details=str(exc),
            ) from exc
        except duckdb.Error as exc:
            raise WarehouseError(
                msg("warehouse.damaged", path=self.path),
                details=str(exc),
            ) from exc

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The owning connection; use only from the thread that opened the warehouse."""
        return self._con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor for another thread (same database, own transaction state)."""
        with self._lock:
            return self._con.cursor()

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(
        self, con: duckdb.DuckDBPyConnection | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commit on success, roll back on any exception."""
        target = con or self._con
        target.execute("BEGIN TRANSACTION")
        try:
            yield target
        except BaseException:
            target.execute("ROLLBACK")
            raise
        target.execute("COMMIT")

    # -- schema -----------------------------------------------------------------------------

    @property
    def latest_version(self) -> int:
        return self._migrations[-1].version if self._migrations else 0

    def schema_version(self) -> int:
        return schema_version_of(self._con)

    def _check_version(self) -> None:
        current = self.schema_version()
        if current > self.latest_version:
            raise WarehouseError(
                msg(
                    "warehouse.newer_schema",
                    path=self.path,
                    current=current,
                    latest=self.latest_version,
                ),
            )

    def _backup(self, current: int) -> Path:
        self.backups_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.backups_dir / f"{self.path.stem}.schema{current}.{stamp}{self.path.suffix}"
        self._con.execute("CHECKPOINT")
        self._con.close()
        try:
            shutil.copy2(self.path, target)
        finally:
            self._con = self._connect()
        log.info("warehouse copied to %s before migrating from schema %d", target, current)
        return target

    def _migrate(self) -> None:
        current = self.schema_version()
        self._check_version()
        pending = [m for m in self._migrations if m.version > current]
        if not pending:
            return
        if current == 0:
            self._create(pending)
            return
        self._backup(current)
        for migration in pending:
            log.info("applying migration %04d_%s", migration.version, migration.name)
            with self.transaction() as con:
                con.execute(migration.sql)
                _record_migration(con, migration, datetime.now(UTC).replace(tzinfo=None))

    def _create(self, migrations: list[Migration]) -> None:
        """A new file: the schema of every migration at once (each view created once), with
        every migration recorded; all or nothing."""
        log.info("creating the warehouse at schema %d", migrations[-1].version)
        applied = datetime.now(UTC).replace(tzinfo=None)
        with self.transaction() as con:
            for statement in fresh_schema_statements(migrations):
                con.execute(statement)
            for migration in migrations:
                _record_migration(con, migration, applied)

    # -- reading ----------------------------------------------------------------------------

    def table_names(self) -> list[str]:
        return table_names_of(self._con)

    def table_counts(self) -> dict[str, int]:
        return table_counts_of(self._con)


# Through any connection or cursor of the file, so a thread sharing a writer's file gets the
# same answers as the Warehouse that owns it.


def open_warehouse(paths: AppPaths, *, read_only: bool = False) -> Warehouse:
    """The warehouse of a data folder, with its backups beside it."""
    return Warehouse(
        paths.warehouse_file, backups_dir=paths.warehouse_backups_dir, read_only=read_only
    )


def schema_version_of(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", ["schema_version"]
    ).fetchall()[0][0]
    if not exists:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchall()[0]
    return int(row[0] or 0)


def table_names_of(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def table_counts_of(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        name: int(con.execute(f"SELECT count(*) FROM {quote_identifier(name)}").fetchall()[0][0])  # noqa: S608 - names quoted
        for name in table_names_of(con)
    }
