from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    tables = {t["table"]: t["rows"] for t in status["tables"]}
    assert tables["sync_run"] == 0
    assert tables["schema_version"] == status["schema_version"]
    assert Path(status["warehouse"]).exists()
    assert (data_dir / "logs" / "o2c.log").exists()
    assert (data_dir / "config" / "settings.toml").exists()


def test_status_honours_environment_data_dir(data_dir: Path) -> None:
    result = run_o2c("status", "--format", "csv", env_data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"table": "sync_run", "rows": "0"} in rows
    assert (data_dir / "warehouse.duckdb").exists()


def test_status_table_shows_location_and_version(data_dir: Path) -> None:
    result = run_o2c("--data-dir", str(data_dir), "status")
    assert result.returncode == 0, result.stderr
    assert f"Almacén: {data_dir.resolve() / 'warehouse.duckdb'}" in result.stdout
    assert "sync_run" in result.stdout


@pytest.mark.slow
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


def test_a_data_folder_that_cannot_be_created_is_named_with_what_to_do(tmp_path: Path) -> None:
    blocker = tmp_path / "documentos"
    blocker.write_text("un archivo donde iría una carpeta", encoding="utf-8")
    folder = blocker / "o2c"
    result = run_o2c("--data-dir", str(folder), "status")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"Error: No se puede usar la carpeta «{folder}»: una parte de la ruta es un archivo, no "
        "una carpeta. Elija otra carpeta de datos (--data-dir o la variable O2C_DATA_DIR) o pida "
        "permiso de escritura en ella."
    ]
    english = run_o2c("--lang", "en", "--data-dir", str(folder), "status")
    assert english.stderr.startswith(f"Error: The folder «{folder}» cannot be used: part of")
    assert blocker.read_text(encoding="utf-8") == "un archivo donde iría una carpeta"


def test_a_data_folder_that_takes_no_file_is_refused_before_any_work(tmp_path: Path) -> None:
    """A folder the program cannot write (here: immutable, which binds root too) is refused at
    start, not half-way through an import."""
    folder = tmp_path / "datos"
    folder.mkdir()
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        # Only where chattr works (root on ext4/overlay); plain permissions do not bind root.
        assert os.geteuid() != 0 or shutil.which("chattr") is None, "chattr +i should work here"
        os.chmod(folder, 0o555)
    try:
        result = run_o2c("--data-dir", str(folder), "status")
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        os.chmod(folder, 0o755)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: No se puede usar la carpeta «{folder}»: ")
    assert "Error interno" not in result.stderr
    assert list(folder.iterdir()) == []
