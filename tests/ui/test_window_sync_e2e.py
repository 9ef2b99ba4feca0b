"""From the window, as a clerk does it: Sincronizar portales against the demo portal in headless
Chromium, the captcha answered from what the prompt shows, then Conciliación lists the synced
altas."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics import reconcile as reconcile_service
from o2c_desktop.services.portals.demo import business_today
from o2c_desktop.services.portals.demo.data import DemoData
from o2c_desktop.ui import workers
from o2c_desktop.ui.app import create_main_window
from o2c_desktop.ui.cell_format import SORT_ROLE
from o2c_desktop.ui.main_window import MainWindow
from o2c_desktop.ui.pages.sync_page import SyncPage

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]
HISTORY_START = date(2024, 1, 1)


@pytest.fixture
def demo_context(data_dir: Path) -> AppContext:
    context = open_context(data_dir)
    context.settings.portals.mode = "demo"
    context.settings.demo.scale = 120
    context.settings.portals.demo_export_delay_s = 0.2
    context.settings.portals.history_start = HISTORY_START
    context.save_settings()
    return open_context(data_dir)  # read back, as the app starting on this folder would


@pytest.fixture
def window(qtbot, demo_context: AppContext, bridge) -> Iterator[MainWindow]:
    window = create_main_window(demo_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    qtbot.waitUntil(lambda: not workers.running(), timeout=30_000)


def answer_open_prompts(qtbot, page: SyncPage) -> None:
    """Type the number the demo challenge states, the way a person reading it would."""
    for prompt in list(page.prompts):
        if prompt.isVisible() and not prompt.answer.text():
            number = re.search(r"\d{3,}", prompt.challenge.text())
            assert number, f"a challenge without a number: {prompt.challenge.text()!r}"
            qtbot.keyClicks(prompt.answer, number.group(0))
            qtbot.mouseClick(prompt.send_button, Qt.MouseButton.LeftButton)


def test_sync_from_the_window_then_reconciliation_lists_the_altas(
    qtbot, window: MainWindow, demo_context: AppContext
) -> None:
    sync_page = window.sync_page
    window.show_page(window.pages.index(sync_page))
    assert sync_page.date_from.date().toPython() == HISTORY_START
    qtbot.mouseClick(sync_page.sync_button, Qt.MouseButton.LeftButton)
    assert sync_page.running

    def sync_ended() -> bool:
        answer_open_prompts(qtbot, sync_page)
        return not sync_page.running

    qtbot.waitUntil(sync_ended, timeout=240_000)
    summary = sync_page.last_summary
    assert summary is not None, sync_page.log_view.toPlainText()
    assert summary.status == "ok", sync_page.log_view.toPlainText()
    assert f"{summary.run_id}: ok" in sync_page.state_label.text()
    assert "se necesita resolver un captcha" in sync_page.log_view.toPlainText()

    page = window.reconciliation_page
    with qtbot.waitSignal(page.table.model.arranged, timeout=60_000):
        window.show_page(window.pages.index(page))
    with demo_context.open_warehouse(read_only=True) as warehouse:
        report = reconcile_service.chain(
            warehouse.connection, make_cut(None), demo_context.settings.analytics
        )
        expected = records(report.relation, ["no_alta"])
    model = page.table.model
    assert model.total_rows == len(expected) > 0
    column = list(reconcile_service.COLUMNS).index("no_alta")
    shown = {str(model.index(r, column).data(SORT_ROLE)) for r in range(model.rowCount())}
    world = DemoData(seed=demo_context.settings.demo.seed, scale=120, as_of=business_today())
    altas = world.truth_keys("sai.altas", HISTORY_START, business_today())
    assert len(altas) > 3
    for no_alta, _no_orden in (altas[0], altas[len(altas) // 2], altas[-1]):
        assert no_alta in shown
