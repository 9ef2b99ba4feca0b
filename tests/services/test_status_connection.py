"""The warehouse status read through a cursor equals the one read through the Warehouse."""

from __future__ import annotations

from pathlib import Path

from o2c_desktop.messages import text
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.status import status_from_connection, warehouse_status
from o2c_desktop.services.warehouse import Warehouse


def test_cursor_status_matches_the_warehouse_status(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        history = RunHistory(warehouse)
        history.finish_run(history.start_run(trigger="manual", portals=["sai"]), status="ok")
        cursor = warehouse.cursor()
        try:
            from_cursor = status_from_connection(cursor, warehouse.path)
        finally:
            cursor.close()
        expected = warehouse_status(warehouse)
    assert from_cursor == expected
    assert from_cursor.tables["sync_run"] == 1 and from_cursor.schema_version >= 1


def test_last_step_per_portal_is_the_latest_of_each(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        history = RunHistory(warehouse)
        for status in ("failed", "ok"):
            run = history.start_run(trigger="manual", portals=["sai", "prei"])
            step = history.start_step(run, portal="sai", report="sai.altas")
            history.finish_step(run, step, status=status)
            history.finish_run(run, status=status)
        run = history.start_run(trigger="manual", portals=["prei"])
        step = history.start_step(run, portal="prei", report="prei.facturas_vs_cr")
        history.finish_step(run, step, status="needs-human", reason=text("captcha"))
        last = history.last_step_per_portal()
    assert set(last) == {"sai", "prei"}
    assert last["sai"].status == "ok" and last["sai"].run_id == 2
    assert last["prei"].status == "needs-human" and last["prei"].reason == text("captcha")
