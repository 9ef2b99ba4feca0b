"""Portals side by side: a headless sync works on every portal at once, while the history still
reads in portal order, then report order; a cancel stops every portal; a visible browser keeps
the portals one after another. Real Chromium against the demo portal, read back from the run
history as the Historial page shows it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from xvfb import virtual_display

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.messages import Message
from o2c_desktop.services.portals import REPORTS
from o2c_desktop.services.portals.demo import DemoPortal
from o2c_desktop.services.runs import RunHistory, StepRecord
from o2c_desktop.services.sync import SyncRequest, SyncService, SyncSummary
from o2c_desktop.services.warehouse import Warehouse

from .conftest import alive, browser_processes
from .test_sync_one_browser import Clerk, sync
from .test_sync_service import FAST, HISTORY_START

# Each report's place in a run of every portal: SAI's two, then PREI's, then SAGI's.
PLACE = {report: number for number, report in enumerate(REPORTS, start=1)}


@pytest.fixture
def context(data_dir: Path) -> AppContext:
    context = open_context(data_dir)
    context.settings.portals.history_start = HISTORY_START
    return context


def history_steps(warehouse: Warehouse, run_id: int) -> dict[str, StepRecord]:
    return {step.report: step for step in RunHistory(warehouse).steps(run_id)}


def test_a_headless_sync_works_on_every_portal_at_once_and_the_history_reads_in_order(
    context: AppContext, portal: DemoPortal
) -> None:
    with context.open_warehouse() as warehouse:
        summary = sync(context, warehouse, portal, Clerk())
        assert summary.status == "ok", [s.message for s in summary.steps]
        assert [s.report for s in summary.steps] == list(REPORTS)
        listed = RunHistory(warehouse).steps(summary.run_id)
        steps = history_steps(warehouse, summary.run_id)

    # The same numbered steps as one portal after another gave: portal order, then report order.
    assert [(s.step_no, s.report, s.status) for s in listed] == [
        (PLACE[r], r, "ok") for r in REPORTS
    ]
    # PREI and SAGI started while SAI was still on its first report (login, captcha, exports).
    sai_first = steps["sai.altas"]
    assert sai_first.finished_at is not None
    for report in ("prei.facturas_vs_cr", "sagi.facturas2024"):
        assert steps[report].started_at < sai_first.finished_at, (
            f"{report} started at {steps[report].started_at}, "
            f"after SAI's first report ended at {sai_first.finished_at}"
        )
    assert not [p for p in browser_processes() if alive(p)], "no browser is left behind"


def test_a_cancel_stops_every_portal_at_once(context: AppContext, portal: DemoPortal) -> None:
    # Every export now takes a minute: SAI and PREI are both waiting on one when cancelled.
    portal.set_export_delay(60)
    cancel = threading.Event()
    exporting: set[str] = set()
    both_exporting = threading.Event()

    def watch(portal_id: str, what: Message, fraction: float) -> None:
        if what.code == "progress.report_range":
            exporting.add(portal_id)
        if {"sai", "prei"} <= exporting:
            both_exporting.set()

    result: list[SyncSummary] = []
    with context.open_warehouse() as warehouse:
        # Waits longer than the export takes: what ends the exports is the cancel, not a limit.
        service = SyncService(
            context.settings, context.paths, warehouse, human=Clerk(),
            timeouts={**FAST, "export_done_s": 120}, demo_portal=portal,
        )  # fmt: skip
        worker = threading.Thread(
            target=lambda: result.append(service.run(SyncRequest(), cancel=cancel, progress=watch))
        )
        worker.start()
        assert both_exporting.wait(120), "SAI and PREI both reached an export"
        time.sleep(1)  # well into the exports the portal holds for a minute
        cancelled_at = time.monotonic()
        cancel.set()
        worker.join(timeout=15)
        assert not worker.is_alive()
        assert time.monotonic() - cancelled_at < 5, "every portal stopped promptly"
        assert not [p for p in browser_processes() if alive(p)], "no browser is left behind"

        [summary] = result
        assert summary.status == "cancelled"
        ended = {s.report: s.status for s in summary.steps}
        assert ended["sai.altas"] == "cancelled"
        assert ended["prei.facturas_vs_cr"] == "cancelled"
        assert "sai.ordenes" not in ended, "SAI's second report is not started after a cancel"
        # SAGI reads its pages without an export: it may have finished before the cancel.
        assert ended.get("sagi.facturas2024", "cancelled") in {"ok", "cancelled"}

        [run] = RunHistory(warehouse).runs()
        assert run.status == "cancelled"
        listed = RunHistory(warehouse).steps(run.run_id)
        assert [(s.step_no, s.report, s.status) for s in listed] == [
            (PLACE[s.report], s.report, s.status) for s in summary.steps
        ], "the history shows what the summary says, each report at its place"
        assert all(s.finished_at is not None for s in listed), "no step is left running"


@pytest.mark.xvfb
def test_a_visible_browser_keeps_the_portals_one_after_another(
    context: AppContext, portal: DemoPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clerk who watches the browser (or solves SAI's captcha in it) sees one window at a
    time: PREI's browser does not open over SAI's."""
    with virtual_display((1366, 768)) as display, context.open_warehouse() as warehouse:
        monkeypatch.setenv("DISPLAY", display)
        service = SyncService(
            context.settings, context.paths, warehouse, human=Clerk(), timeouts=FAST,
            demo_portal=portal,
        )  # fmt: skip
        summary = service.run(SyncRequest(portals=("sai", "prei"), visible=True))
        assert summary.status == "ok", [s.message for s in summary.steps]
        steps = history_steps(warehouse, summary.run_id)

    assert [(s.step_no, s.report) for s in steps.values()] == [
        (1, "sai.altas"), (2, "sai.ordenes"), (3, "prei.facturas_vs_cr"),
    ]  # fmt: skip
    sai_last = steps["sai.ordenes"]
    assert sai_last.finished_at is not None
    assert steps["prei.facturas_vs_cr"].started_at >= sai_last.finished_at, "PREI waited for SAI"
