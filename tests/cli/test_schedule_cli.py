from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tomllib
from pathlib import Path


def o2c(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_add_list_pause_remove_schedules(data_dir: Path) -> None:
    added = o2c(data_dir, "schedule", "add", "diaria", "--at", "07:30", "--portal", "sai")
    assert added.returncode == 0, added.stderr
    assert "Horario «diaria» guardado: diario 07:30." in added.stdout
    weekly = o2c(
        data_dir, "schedule", "add", "lunes-jueves", "--weekly", "mon,thu", "--at", "06:00"
    )
    assert weekly.returncode == 0, weekly.stderr
    monthly = o2c(data_dir, "schedule", "add", "cierre", "--monthly", "1", "--kind", "gaps")
    assert monthly.returncode == 0, monthly.stderr

    settings = tomllib.loads((data_dir / "config" / "settings.toml").read_text(encoding="utf-8"))
    assert [s["id"] for s in settings["schedules"]] == ["diaria", "lunes-jueves", "cierre"]

    listed = o2c(data_dir, "schedule", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = {r["schedule_id"]: r for r in json.loads(listed.stdout)}
    assert rows["diaria"]["frequency"] == "diario 07:30"
    assert rows["diaria"]["portals"] == "sai"
    assert rows["diaria"]["next_run"].endswith("07:30")
    assert rows["lunes-jueves"]["frequency"] == "semanal lun,jue 06:00"
    assert rows["lunes-jueves"]["portals"] == ""  # every portal
    assert rows["cierre"]["kind"] == "gaps"
    assert rows["cierre"]["frequency"] == "mensual día 1 07:00"

    assert o2c(data_dir, "schedule", "pause", "diaria").returncode == 0
    paused = {
        r["schedule_id"]: r
        for r in json.loads(o2c(data_dir, "schedule", "list", "--format", "json").stdout)
    }
    assert paused["diaria"]["enabled"] is False
    assert paused["lunes-jueves"]["enabled"] is True
    assert paused["diaria"]["next_run"] == ""

    assert o2c(data_dir, "schedule", "remove", "cierre").returncode == 0
    missing = o2c(data_dir, "schedule", "remove", "cierre")
    assert missing.returncode == 1
    assert "No existe el horario «cierre»" in missing.stderr


def test_bad_schedule_input_is_refused_clearly(data_dir: Path) -> None:
    bad_time = o2c(data_dir, "schedule", "add", "x", "--at", "25:00")
    assert bad_time.returncode == 1
    assert "la hora «25:00» (HH:MM)" in bad_time.stderr
    bad_cron = o2c(data_dir, "schedule", "add", "x", "--cron", "61 * * * *")
    assert bad_cron.returncode == 1
    assert "La expresión cron «61 * * * *»" in bad_cron.stderr
    bad_day = o2c(data_dir, "schedule", "add", "x", "--weekly", "lunes")
    assert bad_day.returncode == 1
    assert "Días no válidos: lunes" in bad_day.stderr


def test_scheduler_run_starts_and_stops_cleanly(data_dir: Path) -> None:
    assert o2c(data_dir, "schedule", "add", "diaria", "--at", "23:59").returncode == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), "scheduler", "run"],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        assert "Programador activo con 1 horarios" in first
        second = o2c(data_dir, "scheduler", "run")
        assert second.returncode == 1
        assert "Ya hay otro programador de tareas en curso" in second.stderr
    finally:
        os.kill(process.pid, signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Programador detenido." in err
    assert (data_dir / "jobs.sqlite").exists()


def test_runs_lists_history(data_dir: Path) -> None:
    empty = o2c(data_dir, "runs", "--format", "json")
    assert empty.returncode == 0, empty.stderr
    assert json.loads(empty.stdout) == []
    unknown = o2c(data_dir, "runs", "--run", "42")
    assert unknown.returncode == 1
    assert "No existe la ejecución 42" in unknown.stderr
