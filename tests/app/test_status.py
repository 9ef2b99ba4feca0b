"""What ``o2c status`` shows of the warehouse, in the language asked: the file, the schema version
and the rows of each table (the machine formats keep their keys)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from o2c_desktop.app.status import loaded_tables, status_lines
from o2c_desktop.context import open_context
from o2c_desktop.services.status import warehouse_status


def o2c(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_status_reads_in_spanish_and_english_with_the_same_facts(data_dir: Path) -> None:
    context = open_context(data_dir)
    with context.open_warehouse() as warehouse:
        status = warehouse_status(warehouse)
    file = context.paths.warehouse_file
    assert [line.es for line in status_lines(status)] == [
        f"Almacén: {file}", f"Versión de esquema: {status.schema_version}",
    ]  # fmt: skip
    assert [line.en for line in status_lines(status)] == [
        f"Warehouse: {file}", f"Schema version: {status.schema_version}",
    ]  # fmt: skip
    loaded = loaded_tables(status).tables
    assert status.tables["sync_run"] == 0 and "sync_run" not in loaded
    assert set(loaded) == {"schema_version"}, "a new warehouse holds only its migrations"

    english = o2c(data_dir, "--lang", "en", "status")
    assert english.returncode == 0, english.stderr
    assert f"Warehouse: {file}" in english.stdout
    assert f"Schema version: {status.schema_version}" in english.stdout
    machine = json.loads(o2c(data_dir, "--lang", "en", "status", "--format", "json").stdout)
    assert machine["schema_version"] == status.schema_version
    assert {t["table"] for t in machine["tables"]} == set(status.tables)
