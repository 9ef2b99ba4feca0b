"""The run history keeps codes and parameters: a record reads in the language it is shown in,
and what was written before codes existed still reads, word for word."""

from __future__ import annotations

import json
from pathlib import Path

from o2c_desktop.messages import msg
from o2c_desktop.services.portals.errors import LoginNotRetried
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.services.warehouse.warehouse import bundled_migrations

BEFORE_CODES = 16


def test_a_step_reason_is_stored_as_its_code_and_read_in_either_language(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        history = RunHistory(warehouse)
        run = history.start_run(trigger="cli", portals=["sai"])
        reason = LoginNotRetried("sai", "ventas01").reason
        history.skip_step(run, portal="sai", report="sai.ordenes", reason=reason)
        history.finish_run(run, status="partial", message=msg("run.internal_error"))
        [step] = history.steps(run)
        stored = warehouse.connection.execute("SELECT reason FROM sync_step").fetchone()
        assert stored is not None
        assert json.loads(stored[0]) == {
            "code": "portal.login_not_retried",
            "params": {"portal": "SAI", "portal_id": "sai", "user": "ventas01"},
        }
        assert step.reason is not None
        assert step.reason.es.startswith("No se consultó: SAI ya rechazó la contraseña")
        assert step.reason.en.startswith("Not queried: SAI already rejected the password")
        [record] = history.runs()
        assert record.message is not None and record.message.en == "Internal error; see the log."


def test_text_written_before_codes_is_kept_word_for_word(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    old_reason = "Ya hay una sincronización en curso; se omitió."
    with Warehouse(path, migrations=bundled_migrations()[:BEFORE_CODES]) as old:
        con = old.connection
        con.execute(
            "INSERT INTO sync_run (trigger, portals, started_at, status, message)"
            " VALUES ('schedule', 'sai', TIMESTAMP '2025-03-03 07:00', 'failed', ?)",
            ["PREI no respondió (error 503)."],
        )
        con.execute(
            "INSERT INTO sync_step (run_id, step_no, portal, report, status, reason,"
            " started_at, error_message) VALUES (1, 1, 'prei', 'prei.facturas_vs_cr', 'failed',"
            " ?, TIMESTAMP '2025-03-03 07:00', ?)",
            ["El portal «PREI» tardó {demasiado}", "503"],
        )
        con.execute(
            "INSERT INTO schedule_event VALUES ('diario', TIMESTAMP '2025-03-03 07:00',"
            " 'skipped', ?, NULL)",
            [old_reason],
        )
    with Warehouse(path) as warehouse:
        history = RunHistory(warehouse)
        [run] = history.runs()
        [step] = history.steps(run.run_id)
        [event] = history.schedule_events("diario")
        stored = warehouse.connection.execute("SELECT message FROM sync_run").fetchone()
    assert stored is not None and json.loads(stored[0])["code"] == "text"
    assert run.message is not None and run.message.es == "PREI no respondió (error 503)."
    assert run.message.en == "PREI no respondió (error 503)."
    assert step.reason is not None and step.reason.es == "El portal «PREI» tardó {demasiado}"
    assert step.error_message is not None and step.error_message.es == "503"
    assert event.reason is not None and event.reason.es == old_reason
