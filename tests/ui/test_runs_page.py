"""Ejecuciones: runs newest first, the steps of the chosen run with their reasons, the files a
step kept, and the evidence folder one click away."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from o2c_desktop.context import AppContext
from o2c_desktop.messages import text
from o2c_desktop.services.runs import RunHistory, StepFile
from o2c_desktop.ui import workers
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.pages.runs_page import RunsPage
from o2c_desktop.ui.warehouse_reader import ensure_warehouse


@pytest.fixture
def page(qtbot, context: AppContext, tmp_path):
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    with context.open_warehouse() as warehouse:
        history = RunHistory(warehouse)
        first = history.start_run(trigger="manual", portals=["sai"])
        history.finish_run(first, status="ok")
        run = history.start_run(trigger="schedule", portals=["sai", "prei"])
        step = history.start_step(run, portal="sai", report="sai.altas")
        history.finish_step(run, step, status="needs-human", reason=text("Captcha sin resolver"),
                            evidence_dir=str(evidence))  # fmt: skip
        step = history.start_step(run, portal="prei", report="prei.facturas_vs_cr")
        history.finish_step(
            run,
            step,
            status="ok",
            evidence_dir=str(evidence),
            files=[StepFile("a" * 64, "facturas_vs_cr.xlsx", date(2025, 1, 1), date(2025, 1, 31))],
        )
        history.finish_run(run, status="partial", message=text("sai.altas: captcha"))
    page = RunsPage(PageDeps.for_context(context))
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    page.page_shown()
    qtbot.waitUntil(lambda: page.steps_model.rowCount() == 2, timeout=10_000)
    page.evidence = evidence
    yield page
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def test_newest_run_first_with_its_steps(page: RunsPage) -> None:
    runs = page.runs_model
    assert [runs.record(r)["status"] for r in range(runs.rowCount())] == ["partial", "ok"]
    assert runs.index(0, 3).data() == "sai,prei"
    steps = page.steps_model
    assert steps.index(0, 3).data() == "needs-human"
    assert steps.index(0, 6).data() == "Captcha sin resolver"


def test_files_and_evidence_of_a_step(qtbot, page: RunsPage, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    page.steps_view.selectRow(1)
    assert page.files_model.rowCount() == 1
    assert page.files_model.index(0, 0).data() == "facturas_vs_cr.xlsx"
    assert page.files_model.index(0, 1).data() == "01/01/2025"
    assert page.evidence_button.isEnabled()
    page.evidence_button.click()
    assert [u.toLocalFile() for u in opened] == [str(page.evidence)]


def test_choosing_the_older_run_shows_it_has_no_steps(qtbot, page: RunsPage) -> None:
    page.runs_view.selectRow(1)
    qtbot.waitUntil(lambda: page.steps_model.rowCount() == 0, timeout=5000)
    assert not page.evidence_button.isEnabled()


def show_runs(qtbot, context: AppContext) -> RunsPage:
    page = RunsPage(PageDeps.for_context(context))
    qtbot.addWidget(page)
    page.show()
    page.page_shown()
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    return page


def test_no_runs_after_an_import_says_where_the_imported_data_is_and_how_to_sync(
    qtbot, world_context: AppContext
) -> None:
    with world_context.open_warehouse(read_only=True) as warehouse:
        imported = warehouse.connection.execute(
            "SELECT count(*) FROM load_ledger WHERE status = 'loaded'"
        ).fetchall()[0][0]
    page = show_runs(qtbot, world_context)
    assert page.runs_model.rowCount() == 0 and imported > 0
    assert page.empty_hint.isVisible()
    text = page.empty_hint.text()
    assert f"«o2c import»: {imported};" in text and "o2c import" in text and "Parámetros" in text
    assert "Sincronizar portales" in text and "Horarios" in text


def test_no_runs_in_a_new_warehouse_says_how_to_sync(qtbot, context: AppContext) -> None:
    ensure_warehouse(context)
    page = show_runs(qtbot, context)
    assert page.empty_hint.isVisible()
    assert page.empty_hint.text().startswith("Aún no hay ejecuciones.")
    assert "Sincronizar portales" in page.empty_hint.text()


def test_runs_listed_hide_the_empty_hint(page: RunsPage) -> None:
    assert page.runs_model.rowCount() == 2
    assert not page.empty_hint.isVisible()
