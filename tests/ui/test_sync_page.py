"""Sincronizar without a browser: choosing portals, a sync refused while another one holds the
data folder's lock, and the captcha prompt answering the waiting worker."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from o2c_desktop.context import AppContext
from o2c_desktop.services.portals import HumanRequest
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler.jobs import sync_lock_for
from o2c_desktop.ui import workers
from o2c_desktop.ui.dialogs.captcha_prompt import CaptchaPrompt
from o2c_desktop.ui.human_step import HumanStepBridge
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.pages.sync_page import SyncPage
from o2c_desktop.ui.warehouse_reader import ensure_warehouse


@pytest.fixture
def page(qtbot, context: AppContext):
    ensure_warehouse(context)
    page = SyncPage(PageDeps.for_context(context))
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    yield page
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def test_every_portal_is_offered_and_nothing_runs_without_one(qtbot, page: SyncPage) -> None:
    assert set(page.portal_checks) == {"sai", "prei", "sagi"}
    for check in page.portal_checks.values():
        check.setChecked(False)
    qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
    assert page.state_label.text() == "Elija al menos un portal."
    assert not page.running


def test_a_sync_held_elsewhere_refuses_the_click_with_the_reason(
    qtbot, page: SyncPage, context: AppContext
) -> None:
    finished = threading.Event()
    page.sync_finished.connect(finished.set)
    with sync_lock_for(context.paths, holder="o2c sync (terminal)"):
        qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
        assert page.running
        qtbot.waitUntil(finished.is_set, timeout=10_000)
    assert "Ya hay una sincronización en curso (o2c sync (terminal)" in page.state_label.text()
    assert "Ya hay una sincronización en curso" in page.log_view.toPlainText()
    assert not page.running and not page.cancel_button.isEnabled()
    with context.open_warehouse(read_only=True) as warehouse:
        assert RunHistory(warehouse).runs() == []  # refused before anything started


def test_captcha_prompt_answers_the_waiting_worker(qtbot, page: SyncPage) -> None:
    cancel = threading.Event()
    human = HumanStepBridge(cancel, page)
    human.asked.connect(page.ask_human)
    answers: list[str | None] = []
    request = HumanRequest("sai", "Escriba el número que muestra la imagen.", 30.0,
                           "Escriba el número 4821")  # fmt: skip
    asking = threading.Thread(target=lambda: answers.append(human(request)))
    asking.start()
    qtbot.waitUntil(lambda: bool(page.prompts), timeout=5000)
    prompt = page.prompts[0]
    assert isinstance(prompt, CaptchaPrompt) and prompt.isVisible() and not prompt.isModal()
    assert prompt.windowTitle() == "SAI (IMSS) pide resolver un captcha"
    assert prompt.challenge.text() == "Escriba el número 4821"
    qtbot.keyClicks(prompt.answer, "4821")
    qtbot.mouseClick(prompt.send_button, Qt.MouseButton.LeftButton)
    asking.join(5)
    assert answers == ["4821"]
    assert "sai: se necesita resolver un captcha." in page.log_view.toPlainText()


def test_cancel_ends_a_wait_for_the_captcha(qtbot, page: SyncPage) -> None:
    cancel = threading.Event()
    human = HumanStepBridge(cancel, page)
    answers: list[str | None] = []
    request = HumanRequest("sai", "captcha", 30.0)
    asking = threading.Thread(target=lambda: answers.append(human(request)))
    asking.start()
    cancel.set()
    asking.join(5)
    assert answers == [None] and not asking.is_alive()
