"""A sync opens one browser and logs in once per portal, whatever the number of its reports:
counted by the demo portal itself, with the same files and rows as one browser per report."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.messages import Message, render
from o2c_desktop.services.portals import (
    PORTALS,
    REPORTS,
    BrowserOptions,
    HumanRequest,
    PortalCredentials,
    run_report,
)
from o2c_desktop.services.portals.demo import DemoPortal, PortalFaults
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.sync import SyncRequest, SyncService, SyncSummary
from o2c_desktop.services.sync.targets import answer_demo_captcha
from o2c_desktop.services.warehouse import Warehouse

from .conftest import alive, browser_processes, sheet_rows
from .test_sync_service import FAST, HISTORY_START, keys, truth

SheetRows = list[tuple[str, ...]]


@pytest.fixture
def context(data_dir: Path) -> AppContext:
    context = open_context(data_dir)
    context.settings.portals.history_start = HISTORY_START
    return context


class Clerk:
    """Answers the demo captcha and remembers each time it was asked."""

    def __init__(self) -> None:
        self.asked: list[HumanRequest] = []

    def __call__(self, request: HumanRequest) -> str | None:
        self.asked.append(request)
        return answer_demo_captcha(request)


def sync(
    context: AppContext,
    warehouse: Warehouse,
    portal: DemoPortal,
    clerk: Clerk,
    *,
    cancel: threading.Event | None = None,
    progress: object = None,
    portals: tuple[str, ...] = (),
) -> SyncSummary:
    service = SyncService(
        context.settings, context.paths, warehouse, human=clerk, timeouts=FAST, demo_portal=portal
    )
    return service.run(SyncRequest(portals=portals), cancel=cancel, progress=progress)  # type: ignore[arg-type]


def rows_of(path: Path) -> SheetRows:
    header, rows = sheet_rows(path)
    return [tuple(header), *(tuple(str(cell) for cell in row) for row in rows)]


def archived_files(context: AppContext, warehouse: Warehouse, run_id: int) -> dict[str, list]:
    """Per report, each archived file's range and rows, in a stable order."""
    history = RunHistory(warehouse)
    found: dict[str, list] = {}
    for step in history.steps(run_id):
        items = []
        for item in history.step_files(run_id, step.step_no):
            folder = context.paths.archive_dir / item.sha256[:2]
            [path] = [p for p in folder.iterdir() if p.name.startswith(item.sha256)]
            items.append((item.range_from, item.range_to, rows_of(path)))
        found[step.report] = sorted(items, key=lambda i: (str(i[0]), str(i[1])))
    return found


def test_a_demo_sync_logs_in_once_per_portal_with_the_same_files_as_a_browser_per_report(
    context: AppContext, portal: DemoPortal, tmp_path: Path
) -> None:
    before = {name: portal.activity(name) for name in PORTALS}
    clerk = Clerk()
    with context.open_warehouse() as warehouse:
        summary = sync(context, warehouse, portal, clerk)
        after = {name: portal.activity(name) for name in PORTALS}
        assert summary.status == "ok", [s.message for s in summary.steps]

        for name in PORTALS:
            assert after[name].logins - before[name].logins == 1, f"{name}: one login per run"
        assert after["sai"].captchas_solved - before["sai"].captchas_solved == 1
        assert len(clerk.asked) == 1, "the clerk answers SAI's captcha once per sync"

        [run] = RunHistory(warehouse).runs()
        synced = archived_files(context, warehouse, run.run_id)
        steps = RunHistory(warehouse).steps(run.run_id)
        # Numbered as one portal after another numbered them, whichever portal finished first.
        assert [(s.step_no, s.report, s.status) for s in steps] == [
            (number, r, "ok") for number, r in enumerate(REPORTS, start=1)
        ]
        assert [(s.report, s.files) for s in summary.steps] == [(s.report, s.files) for s in steps]
        for step in steps:
            assert step.evidence_dir is not None
            log = (Path(step.evidence_dir) / "run.log").read_text(encoding="utf-8")
            assert f"run {step.report} ended ok" in log, "each report keeps its own run log"
            assert f"run {step.report} on" in log.splitlines()[0]
            others = [r for r in REPORTS if r != step.report and f"run {r} " in log]
            assert not others, f"{step.report}'s log holds lines of {others} synced beside it"

    # The same reports one browser each, the way a sync ran before, bring the same files.
    assert run.range_from is not None and run.range_to is not None
    for report, portal_name in REPORTS.items():
        user = portal.users[portal_name]
        outcome = run_report(
            report,
            base_url=portal.base_url,
            credentials=PortalCredentials(user.user, user.password),
            date_from=run.range_from,
            date_to=run.range_to,
            download_dir=tmp_path / report / "downloads",
            evidence_dir=tmp_path / report / "evidence",
            human=answer_demo_captcha,
            cancel=threading.Event(),
            browser=BrowserOptions(headless=True),
            timeouts=FAST,
        )
        assert outcome.status == "ok", outcome.error
        alone = sorted(
            ((f.range_from, f.range_to, rows_of(f.path)) for f in outcome.files),
            key=lambda i: (str(i[0]), str(i[1])),
        )
        assert [(a, b) for a, b, _ in synced[report]] == [(a, b) for a, b, _ in alone], report
        assert synced[report] == alone, f"{report}: the same rows either way"


@pytest.mark.expected_log_warnings
def test_a_session_dropped_mid_sync_is_logged_in_again_and_the_sync_completes(
    context: AppContext, portal: DemoPortal, caplog: pytest.LogCaptureFixture
) -> None:
    before = portal.activity("sai")
    # The portal drops every session after a login and about one range.
    portal.set_faults("sai", PortalFaults(session_expires_after=14))
    clerk = Clerk()
    with context.open_warehouse() as warehouse:
        summary = sync(context, warehouse, portal, clerk, portals=("sai",))
        after = portal.activity("sai")

        assert summary.status == "ok", [s.message for s in summary.steps]
        assert after.sessions_expired > before.sessions_expired
        logins = after.logins - before.logins
        assert logins >= 2, "a dropped session is logged in again"
        assert len(clerk.asked) == logins, "the captcha is asked again only for a new session"
        altas = keys(warehouse, "SELECT no_alta, no_orden FROM sai_alta WHERE valid_to IS NULL")
        assert altas == truth(portal, "sai.altas")
        orders = keys(warehouse, "SELECT DISTINCT orden FROM sai_order WHERE valid_to IS NULL")
        assert orders == {(k[0],) for k in truth(portal, "sai.ordenes")}
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings and all("the portal dropped the session" in w for w in warnings), warnings


def test_a_sync_cancelled_in_its_second_report_ends_promptly_with_the_browser_gone(
    context: AppContext, portal: DemoPortal
) -> None:
    cancel = threading.Event()
    exporting = threading.Event()

    def slow_down_the_second_report(portal_id: str, what: Message, fraction: float) -> None:
        if what.es.startswith("SAI Consulta de Órdenes 01/01/2025"):
            portal.set_export_delay(60)  # an export that would keep the browser busy a minute
            exporting.set()

    result: list[SyncSummary] = []
    with context.open_warehouse() as warehouse:
        worker = threading.Thread(
            target=lambda: result.append(
                sync(
                    context, warehouse, portal, Clerk(), cancel=cancel,
                    progress=slow_down_the_second_report,
                )
            )
        )  # fmt: skip
        worker.start()
        assert exporting.wait(120), "the sync reached the second SAI report"
        assert browser_processes(), "the browser is running"
        cancelled_at = time.monotonic()
        cancel.set()
        worker.join(timeout=15)
        assert not worker.is_alive()
        assert time.monotonic() - cancelled_at < 5
        assert not [p for p in browser_processes() if alive(p)], "no browser is left behind"

        [summary] = result
        assert summary.status == "cancelled"
        assert [(s.report, s.status) for s in summary.steps if s.portal == "sai"] == [
            ("sai.altas", "ok"), ("sai.ordenes", "cancelled"),
        ]  # fmt: skip
        # The other portals work beside SAI: each ended done, or cancelled with it.
        others = [s for s in summary.steps if s.portal != "sai"]
        assert all(s.status in {"ok", "cancelled"} for s in others), others
        altas, ordenes = summary.steps[:2]
        assert altas.files > 0
        loaded = keys(warehouse, "SELECT no_alta, no_orden FROM sai_alta WHERE valid_to IS NULL")
        assert loaded == truth(portal, "sai.altas"), "the finished report is loaded whole"
        assert ordenes.files == 1, "the 2024 orders downloaded before the cancel are kept"
        [run] = RunHistory(warehouse).runs()
        assert run.status == "cancelled"
        listed = RunHistory(warehouse).steps(run.run_id)
        assert [(s.report, s.status) for s in listed] == [
            (s.report, s.status) for s in summary.steps
        ]


@pytest.mark.expected_log_warnings
def test_a_rejected_password_is_sent_once_and_the_portals_other_reports_are_not_tried(
    context: AppContext, portal: DemoPortal
) -> None:
    before = {name: portal.activity(name) for name in ("sai", "prei")}
    portal.set_faults("sai", PortalFaults(wrong_password=True))
    clerk = Clerk()
    with context.open_warehouse() as warehouse:
        summary = sync(context, warehouse, portal, clerk, portals=("sai", "prei"))
        sai = portal.activity("sai")
        prei = portal.activity("prei")

        # Counted by the portal: one wrong password, never a second one (accounts get locked).
        assert sai.logins_refused - before["sai"].logins_refused == 1
        assert sai.logins == before["sai"].logins
        assert len(clerk.asked) == 1, "no second captcha for a login that will not happen"
        assert prei.logins - before["prei"].logins == 1, "the other portal still syncs"
        assert prei.logins_refused == before["prei"].logins_refused

        assert summary.status == "partial"
        altas, ordenes, facturas = summary.steps
        assert (altas.report, altas.status) == ("sai.altas", "failed")
        assert render(altas.message).startswith("SAI rechazó la contraseña del usuario")
        assert (ordenes.report, ordenes.status) == ("sai.ordenes", "skipped")
        assert render(ordenes.message) == (
            "No se consultó: SAI ya rechazó la contraseña del usuario "
            f"{portal.users['sai'].user} en esta sincronización y no se vuelve a intentar, "
            "para no bloquear la cuenta. Actualice la contraseña en «Credenciales de portales» "
            "(o con «o2c credentials set sai») y sincronice de nuevo."
        )
        assert (facturas.report, facturas.status) == ("prei.facturas_vs_cr", "ok")
        assert facturas.files > 0 and facturas.rows_loaded > 0

        [run] = RunHistory(warehouse).runs()
        assert run.status == "partial"
        steps = RunHistory(warehouse).steps(run.run_id)
        assert [(s.report, s.status) for s in steps] == [
            ("sai.altas", "failed"), ("sai.ordenes", "skipped"), ("prei.facturas_vs_cr", "ok"),
        ]  # fmt: skip
        assert steps[1].reason == ordenes.message
        assert "Credenciales de portales" in render(run.message)
