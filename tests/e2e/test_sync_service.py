"""The whole sync: browser engine → raw archive → ingest → run history, against the demo portal."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.messages import Message, render
from o2c_desktop.services.portals.demo import DemoPortal, PortalFaults
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.sync import SyncRequest, SyncService
from o2c_desktop.services.sync.targets import answer_demo_captcha
from o2c_desktop.services.warehouse import Warehouse

FAST = {"export_done_s": 10, "attempts": 2, "backoff_s": 0.2, "human_s": 10}
HISTORY_START = date(2024, 1, 1)


@pytest.fixture
def context(data_dir: Path) -> AppContext:
    context = open_context(data_dir)
    context.settings.portals.history_start = HISTORY_START
    return context


def sync(context: AppContext, warehouse: Warehouse, portal: DemoPortal, **request: object):
    service = SyncService(
        context.settings, context.paths, warehouse, human=answer_demo_captcha, timeouts=FAST,
        demo_portal=portal,
    )  # fmt: skip
    cancel = request.pop("cancel", None)
    progress = request.pop("progress", None)
    return service.run(SyncRequest(**request), cancel=cancel, progress=progress)  # type: ignore[arg-type]


def keys(warehouse: Warehouse, sql: str) -> set[tuple[str, ...]]:
    rows = warehouse.connection.execute(sql).fetchall()
    return {tuple(str(v).upper() for v in row) for row in rows}


def truth(portal: DemoPortal, recipe: str) -> set[tuple[str, ...]]:
    found = portal.truth_keys(recipe, HISTORY_START, date.today())
    return {tuple(str(v).upper() for v in row) for row in found}


def test_demo_sync_brings_every_report_home_row_for_row(
    context: AppContext, portal: DemoPortal
) -> None:
    with context.open_warehouse() as warehouse:
        summary = sync(context, warehouse, portal)
        assert summary.status == "ok", [s.message for s in summary.steps]
        assert [s.report for s in summary.steps] == [
            "sai.altas", "sai.ordenes", "prei.facturas_vs_cr", "sagi.facturas2024",
        ]  # fmt: skip
        assert all(s.files > 0 and s.rows_loaded > 0 for s in summary.steps)

        altas = keys(warehouse, "SELECT no_alta, no_orden FROM sai_alta WHERE valid_to IS NULL")
        assert altas == truth(portal, "sai.altas")
        orders = keys(warehouse, "SELECT DISTINCT orden FROM sai_order WHERE valid_to IS NULL")
        assert orders == {(k[0],) for k in truth(portal, "sai.ordenes")}
        prei = keys(warehouse, "SELECT uuid FROM contrarecibo_status WHERE valid_to IS NULL")
        assert prei == truth(portal, "prei.facturas_vs_cr")

        history = RunHistory(warehouse)
        [run] = history.runs()
        assert (run.status, run.trigger) == ("ok", "cli")
        steps = history.steps(run.run_id)
        assert [s.status for s in steps] == ["ok"] * 4
        archived = warehouse.connection.execute(
            "SELECT count(*) FROM raw_file_source WHERE portal IS NOT NULL AND run_id = ?",
            [str(run.run_id)],
        ).fetchall()[0][0]
        assert archived == sum(s.files for s in steps)
        anonymous = warehouse.connection.execute(
            "SELECT count(*) FROM raw_file_source WHERE run_id IS NULL"
        ).fetchall()[0][0]
        assert anonymous == 0, "each downloaded file is archived once, with where it came from"
        for step in steps:
            for item in history.step_files(run.run_id, step.step_no):
                stored = context.paths.archive_dir / item.sha256[:2]
                assert any(p.name.startswith(item.sha256) for p in stored.iterdir())

        before = warehouse.table_counts()
        again = sync(context, warehouse, portal)
        assert again.status == "ok"
        after = warehouse.table_counts()
        for table in ("sai_alta", "sai_order", "contrarecibo_status", "sagi_status"):
            assert after[table] == before[table], f"the same snapshot twice adds no {table}"
        assert after["sync_run"] == before["sync_run"] + 1


def test_a_rejected_password_fails_its_portal_only_and_keeps_evidence(
    context: AppContext, portal: DemoPortal
) -> None:
    portal.set_faults("prei", PortalFaults(wrong_password=True))
    with context.open_warehouse() as warehouse:
        summary = sync(context, warehouse, portal, portals=("prei", "sagi"))
        assert summary.status == "partial"
        prei, sagi = summary.steps
        assert prei.status == "failed"
        assert render(prei.message).startswith(
            "PREI rechazó la contraseña del usuario demo.proveedor"
        )
        assert sagi.status == "ok"
        assert prei.evidence_dir is not None
        assert (Path(prei.evidence_dir) / "failure.png").stat().st_size > 0
        [run] = RunHistory(warehouse).runs()
        assert run.status == "partial"
        assert "PREI rechazó la contraseña" in render(run.message)


def test_a_cancelled_sync_keeps_its_files_and_the_next_run_fetches_only_the_rest(
    context: AppContext, portal: DemoPortal
) -> None:
    cancel = threading.Event()

    def cancel_after_first_range(portal_id: str, what: Message, fraction: float) -> None:
        if "2025" in what.es:  # the 2024 range is done; stop while asking for 2025
            cancel.set()

    with context.open_warehouse() as warehouse:
        first = sync(
            context, warehouse, portal, portals=("sai",), cancel=cancel,
            progress=cancel_after_first_range,
        )  # fmt: skip
        assert first.status == "cancelled"
        assert first.steps[0].files == 1, "the 2024 file is kept"

        second = sync(context, warehouse, portal, portals=("sai",))
        assert second.status == "ok"
        altas_step = second.steps[0]
        downloads = context.paths.runs_dir / f"{second.run_id:06d}" / "sai.altas" / "downloads"
        fetched = [p for p in downloads.iterdir() if p.suffix == ".xlsx"]
        assert altas_step.files == len(fetched) + 1, "2024 reused from the cancelled run"
        altas = keys(warehouse, "SELECT no_alta, no_orden FROM sai_alta WHERE valid_to IS NULL")
        assert altas == truth(portal, "sai.altas")
