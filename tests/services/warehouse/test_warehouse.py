from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from o2c_desktop.errors import WarehouseBusy, WarehouseError
from o2c_desktop.services.hashing import file_sha256
from o2c_desktop.services.warehouse import (
    Migration,
    Warehouse,
    bundled_migrations,
    warehouse_busy_holders,
)
from o2c_desktop.services.warehouse.warehouse import busy_error

FOUNDATION = bundled_migrations()[0]
FRUIT = Migration(2, "fruit", "CREATE TABLE fruit (name VARCHAR PRIMARY KEY, qty INTEGER);")
PRICE = Migration(3, "price", "ALTER TABLE fruit ADD COLUMN price DECIMAL(18,2);")
M1 = [FOUNDATION, FRUIT]
M2 = [FOUNDATION, FRUIT, PRICE]


def test_fresh_warehouse_has_every_bundled_migration(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        latest = bundled_migrations()[-1].version
        assert warehouse.schema_version() == latest
        assert "schema_version" in warehouse.table_names()
        assert "sync_run" in warehouse.table_names()
    assert not (tmp_path / "backups").exists(), "a new file has nothing to back up"


def test_migrations_are_numbered_without_gaps() -> None:
    versions = [m.version for m in bundled_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_file_is_copied_before_migrating(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with Warehouse(path, migrations=M1) as warehouse:
        warehouse.connection.execute("INSERT INTO fruit VALUES ('mango', 3)")
    with Warehouse(path, migrations=M2) as warehouse:
        assert warehouse.schema_version() == 3
        columns = [r[0] for r in warehouse.connection.execute("DESCRIBE fruit").fetchall()]
        assert "price" in columns
    backups = list((tmp_path / "backups").glob("w.schema2.*.duckdb"))
    assert len(backups) == 1
    with duckdb.connect(str(backups[0]), read_only=True) as old:
        assert old.execute("SELECT max(version) FROM schema_version").fetchall() == [(2,)]
        assert old.execute("SELECT name, qty FROM fruit").fetchall() == [("mango", 3)]


def test_newer_schema_is_refused_and_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Warehouse(path, migrations=M2).close()
    before = file_sha256(path)
    with pytest.raises(WarehouseError) as caught:
        Warehouse(path, migrations=M1)
    assert "versión más nueva" in caught.value.es
    assert "esquema 3" in caught.value.es
    assert file_sha256(path) == before


def test_failed_migration_leaves_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Warehouse(path, migrations=M1).close()
    broken = Migration(3, "broken", "ALTER TABLE fruit ADD COLUMN x INT; SELECT * FROM nowhere;")
    with pytest.raises(duckdb.Error):
        Warehouse(path, migrations=[*M1, broken])
    with Warehouse(path, migrations=M1) as warehouse:
        assert warehouse.schema_version() == 2
        columns = [r[0] for r in warehouse.connection.execute("DESCRIBE fruit").fetchall()]
        assert "x" not in columns


def test_transaction_is_all_or_nothing(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb", migrations=M1) as warehouse:
        with pytest.raises(RuntimeError), warehouse.transaction() as con:
            con.execute("INSERT INTO fruit VALUES ('pera', 1)")
            raise RuntimeError("crash in the middle of a load")
        assert warehouse.table_counts()["fruit"] == 0
        with warehouse.transaction() as con:
            con.execute("INSERT INTO fruit VALUES ('pera', 1)")
        assert warehouse.table_counts()["fruit"] == 1


def test_cursor_works_from_another_thread(tmp_path: Path) -> None:
    import threading

    with Warehouse(tmp_path / "w.duckdb", migrations=M1) as warehouse:
        warehouse.connection.execute("INSERT INTO fruit VALUES ('kiwi', 5)")
        seen: list[object] = []

        def work() -> None:
            cursor = warehouse.cursor()
            seen.extend(cursor.execute("SELECT qty FROM fruit").fetchall())
            cursor.close()

        thread = threading.Thread(target=work)
        thread.start()
        thread.join(timeout=30)
        assert seen == [(5,)]


def test_warehouse_locked_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    Warehouse(path, migrations=M1).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys
                con = duckdb.connect({str(path)!r})
                print("ready", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseBusy) as caught:
            Warehouse(path, migrations=M1)
        assert "abierto por otro programa" in caught.value.es
        assert f"PID {holder.pid})" in caught.value.es, "the message names the other process"
        assert "Restaure una copia" not in caught.value.es
    finally:
        holder.communicate("", timeout=30)


# DuckDB 1.4+ on Windows, from the Restart Manager; and the system's own words when the Restart
# Manager cannot name the process (English and Spanish Windows).
WINDOWS_BUSY = (
    "IO Error: File is already open in \n"
    "C:\\Users\\ana\\AppData\\Local\\Programs\\o2c_desktop\\o2c-desktop.exe (PID 4120)"
)
WINDOWS_SHARING_EN = (
    'IO Error: Cannot open file "C:\\datos\\o2c.duckdb": The process cannot access the file '
    "because it is being used by another process."
)
WINDOWS_SHARING_ES = (
    'IO Error: Cannot open file "C:\\datos\\o2c.duckdb": El proceso no tiene acceso al archivo '
    "porque está siendo utilizado por otro proceso."
)


def test_windows_words_for_a_busy_warehouse_are_not_a_damaged_file(tmp_path: Path) -> None:
    """DuckDB's Windows texts cannot be produced on Linux: the decision is tested on them."""
    holders = warehouse_busy_holders(WINDOWS_BUSY)
    assert holders is not None
    error = busy_error(tmp_path / "o2c.duckdb", holders, WINDOWS_BUSY)
    assert "está abierto por otro programa (o2c-desktop.exe, PID 4120)" in error.es
    assert "Espere a que termine o ciérrelo e intente de nuevo" in error.es
    assert "dañado ni se modificó" in error.es
    assert "Restaure una copia" not in error.es
    assert warehouse_busy_holders(WINDOWS_SHARING_EN) == []
    assert warehouse_busy_holders(WINDOWS_SHARING_ES) == []
    assert warehouse_busy_holders("IO Error: The file is not a valid DuckDB database file!") is None


def test_damaged_file_gives_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(WarehouseError) as caught:
        Warehouse(path, migrations=M1)
    assert "dañado" in caught.value.es
    assert path.read_bytes() == b"this is not a database" * 100


def test_read_only_warehouse_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError) as caught:
        Warehouse(tmp_path / "nope.duckdb", read_only=True)
    assert "No existe el almacén" in caught.value.es


def test_same_file_open_twice_in_one_process_with_another_mode(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with Warehouse(path, migrations=M1):
        with pytest.raises(WarehouseError) as caught:
            Warehouse(path, migrations=M1, read_only=True)
        assert "otro modo de acceso" in caught.value.es
        assert "dañado" not in caught.value.es
