from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from o2c_desktop.services.warehouse import Migration, Warehouse, bundled_migrations

O2C = [sys.executable, "-m", "o2c_desktop"]


def run_o2c(*args: str, env_data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    if env_data_dir is not None:
        env["O2C_DATA_DIR"] = str(env_data_dir)
    return subprocess.run(
        [*O2C, *args], capture_output=True, text=True, timeout=300, env=env, check=False
    )


def test_status_json_names_warehouse_schema_and_tables(data_dir: Path) -> None:
    result = run_o2c("--data-dir", str(data_dir), "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["warehouse"] == str(data_dir.resolve() / "warehouse.duckdb")
    assert status["schema_version"] == bundled_migrations()[-1].version
    assert status["tables"]["sync_run"] == 0
    assert status["tables"]["schema_version"] == status["schema_version"]
    assert Path(status["warehouse"]).exists()
    assert (data_dir / "logs" / "o2c.log").exists()
    assert (data_dir / "config" / "settings.toml").exists()


def test_status_honours_environment_data_dir(data_dir: Path) -> None:
    result = run_o2c("status", "--format", "csv", env_data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"tabla": "sync_run", "filas": "0"} in rows
    assert (data_dir / "warehouse.duckdb").exists()


def test_status_table_shows_location_and_version(data_dir: Path) -> None:
    result = run_o2c("--data-dir", str(data_dir), "status")
    assert result.returncode == 0, result.stderr
    assert f"Almacén: {data_dir.resolve() / 'warehouse.duckdb'}" in result.stdout
    assert "sync_run" in result.stdout


def test_newer_warehouse_gives_one_clear_line_in_spanish_and_english(data_dir: Path) -> None:
    future = [*bundled_migrations(), Migration(999, "future", "CREATE TABLE future (x INT);")]
    # Pretend a newer program wrote the file: apply a migration numbered past this version's.
    future = [Migration(i + 1, m.name, m.sql) for i, m in enumerate(future)]
    Warehouse(data_dir / "warehouse.duckdb", migrations=future).close()

    result = run_o2c("--data-dir", str(data_dir), "status")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: El almacén de datos")
    assert "versión más nueva" in lines[0]
    assert result.stdout == ""

    english = run_o2c("--data-dir", str(data_dir), "--lang", "en", "status")
    assert english.returncode == 1
    assert english.stderr.strip().startswith("Error: The warehouse")

    log_text = (data_dir / "logs" / "o2c.log").read_text(encoding="utf-8")
    assert "versión más nueva" in log_text


def test_invalid_settings_are_reported_not_crashed(data_dir: Path) -> None:
    (data_dir / "config").mkdir()
    (data_dir / "config" / "settings.toml").write_text("[demo]\nscale = -5\n", encoding="utf-8")
    result = run_o2c("--data-dir", str(data_dir), "status")
    assert result.returncode == 1
    assert "demo.scale" in result.stderr
    assert "Traceback" not in result.stderr
