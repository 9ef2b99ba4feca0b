"""Horarios as ``o2c schedule`` and the Horarios page handle them: a schedule added through the
use case is what the command lists, a bad one is refused in the clerk's language with nothing
saved, and what did not run is counted with its newest reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from o2c_desktop.app.schedules import (
    read_schedules,
    remove_schedule,
    save_schedule,
    schedule_from_options,
    set_schedule_enabled,
)
from o2c_desktop.context import open_context
from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.settings import load_settings


def o2c(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def listed(data_dir: Path) -> dict[str, dict[str, object]]:
    result = o2c(data_dir, "schedule", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return {row["schedule_id"]: row for row in json.loads(result.stdout)}


def test_a_schedule_added_through_the_use_case_is_listed_by_the_command(data_dir: Path) -> None:
    context = open_context(data_dir)
    spec = schedule_from_options("martes", weekdays="tue", at="06:45", portals=["prei"])
    saved = save_schedule(context, spec)
    assert saved.es == "Horario «martes» guardado: semanal mar 06:45."
    assert saved.en == "Schedule 'martes' saved: weekly tue 06:45."

    rows = listed(data_dir)
    assert rows["martes"]["frequency"] == "semanal mar 06:45"
    assert rows["martes"]["portals"] == "prei"
    assert str(rows["martes"]["next_run"]).endswith("06:45")

    paused = set_schedule_enabled(context, "martes", False)
    assert (paused.es, paused.en) == ("Horario «martes» en pausa.", "Schedule 'martes' paused.")
    assert listed(data_dir)["martes"]["enabled"] is False
    assert listed(data_dir)["martes"]["next_run"] == ""

    english = o2c(data_dir, "--lang", "en", "schedule", "resume", "martes")
    assert english.stdout.strip() == "Schedule 'martes' active."
    table = o2c(data_dir, "--lang", "en", "schedule", "list")
    assert "weekly tue 06:45" in table.stdout, "a table speaks the clerk's language"
    assert remove_schedule(open_context(data_dir), "martes").es == "Horario «martes» borrado."
    assert listed(data_dir) == {}


def test_bad_schedules_are_refused_in_both_languages_and_nothing_is_saved(data_dir: Path) -> None:
    context = open_context(data_dir)
    with pytest.raises(UserError) as days:
        schedule_from_options("semanal", weekdays="mon,lunes")
    assert days.value.message("es") == (
        "Días no válidos: lunes. Use mon, tue, wed, thu, fri, sat, sun."
    )
    assert days.value.message("en").startswith("Invalid days: lunes.")
    with pytest.raises(UserError) as cron:
        save_schedule(context, schedule_from_options("raro", cron="99 * * * *"))
    assert "cinco campos" in cron.value.message("es") and "five fields" in cron.value.message("en")
    with pytest.raises(UserError) as gone:
        set_schedule_enabled(context, "nadie", True)
    assert gone.value.message("en") == (
        "There is no schedule 'nadie'. List them with 'o2c schedule list'."
    )
    assert load_settings(context.paths.settings_file).schedules == []


def test_what_did_not_run_is_counted_with_the_newest_reason(data_dir: Path) -> None:
    context = open_context(data_dir)
    save_schedule(context, schedule_from_options("diaria", at="07:00"))
    with context.open_warehouse() as warehouse:
        history = RunHistory(warehouse)
        history.record_schedule_event("diaria", "missed", reason=msg("schedule.missed", when="x"))
        history.record_schedule_event("diaria", "skipped", reason=msg("schedule.warehouse_busy"))
        history.record_schedule_event("diaria", "fired")
        reading = read_schedules(context.settings.schedules, "America/Mexico_City", warehouse)
    row = reading.rows[0]
    assert row.skipped == 2
    assert row.last_skip_reason is not None
    assert row.last_skip_reason.en.startswith("The data warehouse was open in another program")
    shown = listed(data_dir)["diaria"]
    assert shown["skipped"] == 2
    assert str(shown["last_skip_reason"]).startswith("El almacén de datos estaba abierto")
