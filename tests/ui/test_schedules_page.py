"""Horarios: schedules added, paused and removed with the page's buttons land in settings.toml and
in the scheduler the window hosts; the table shows next run, last result and skipped runs with
their reason; the scheduler stops when the window closes, and another host is named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.messages import text
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler import O2cScheduler
from o2c_desktop.services.scheduler.triggers import build_trigger
from o2c_desktop.settings import ScheduleSpec
from o2c_desktop.ui import workers
from o2c_desktop.ui.app import create_main_window
from o2c_desktop.ui.main_window import MainWindow
from o2c_desktop.ui.pages.schedules_page import COLUMNS, SchedulesPage

ZONE = "America/Mexico_City"


def cell(page: SchedulesPage, row: int, column: str) -> str:
    return str(page.model.index(row, COLUMNS.index(column)).data())


def click(qtbot, button: QPushButton) -> None:
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def saved_schedules(context: AppContext) -> list[ScheduleSpec]:
    """What a fresh start would read from settings.toml."""
    return open_context(context.paths.data_dir).settings.schedules


def wait_for_hosting(qtbot, window: MainWindow) -> None:
    """The window hosts the scheduler (or learns who does) right after its first paint."""
    host = window.scheduler_host
    qtbot.waitUntil(lambda: host.running or host.problem is not None, timeout=10_000)


def open_schedules(qtbot, window: MainWindow) -> SchedulesPage:
    window.show_page(window.pages.index(window.schedules_page))
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    return window.schedules_page


@pytest.fixture
def page(qtbot, main_window: MainWindow) -> Iterator[SchedulesPage]:
    yield open_schedules(qtbot, main_window)
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def add_weekly_schedule(qtbot, page: SchedulesPage) -> None:
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name_edit.setText("lunes-jueves")
    dialog.frequency_combo.setCurrentIndex(dialog.frequency_combo.findData("weekly"))
    dialog.time_edit.setTime(QTime(6, 30))
    click(qtbot, dialog.weekday_checks["mon"])
    click(qtbot, dialog.weekday_checks["thu"])
    click(qtbot, dialog.portal_checks["sai"])
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)


def test_scheduler_is_hosted_while_the_window_is_open(page: SchedulesPage) -> None:
    assert page.host.running
    assert page.host_state.text() == "El programador de tareas está activo."


def test_added_schedule_is_listed_saved_and_scheduled(qtbot, page: SchedulesPage) -> None:
    add_weekly_schedule(qtbot, page)
    [spec] = saved_schedules(page.context)
    assert (spec.id, spec.frequency, spec.at) == ("lunes-jueves", "weekly", "06:30")
    assert (spec.weekdays, spec.portals, spec.enabled) == (["mon", "thu"], ["sai"], True)

    expected = build_trigger(spec, ZONE).get_next_fire_time(None, datetime.now(ZoneInfo(ZONE)))
    assert expected.weekday() in (0, 3) and (expected.hour, expected.minute) == (6, 30)
    assert page.host.next_run_times()["lunes-jueves"] == expected
    assert cell(page, 0, "id") == "lunes-jueves"
    assert cell(page, 0, "kind") == "Sincronizar portales"
    assert cell(page, 0, "frequency") == "semanal lun,jue 06:30"
    assert cell(page, 0, "portals") == "sai"
    assert cell(page, 0, "state") == "activo"
    assert cell(page, 0, "next_run") == expected.strftime("%Y-%m-%d %H:%M")
    assert page.problem.text() == "Horario «lunes-jueves» guardado."


def test_pause_resume_and_remove(qtbot, page: SchedulesPage) -> None:
    add_weekly_schedule(qtbot, page)
    page.view.selectRow(0)
    assert not page.resume_button.isEnabled()

    click(qtbot, page.pause_button)
    qtbot.waitUntil(lambda: cell(page, 0, "state") == "en pausa", timeout=10_000)
    assert cell(page, 0, "next_run") == ""
    assert [s.enabled for s in saved_schedules(page.context)] == [False]
    assert page.host.next_run_times() == {"lunes-jueves": None}  # paused in the job store

    click(qtbot, page.resume_button)
    qtbot.waitUntil(lambda: cell(page, 0, "state") == "activo", timeout=10_000)
    assert page.host.next_run_times()["lunes-jueves"] is not None

    click(qtbot, page.remove_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert saved_schedules(page.context) == []
    assert page.host.next_run_times() == {}
    assert not page.edit_button.isEnabled()


def test_dialog_refuses_a_bad_cron_with_the_reason(qtbot, page: SchedulesPage) -> None:
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert dialog is not None
    dialog.name_edit.setText("raro")
    dialog.frequency_combo.setCurrentIndex(dialog.frequency_combo.findData("cron"))
    dialog.cron_edit.setText("cada lunes")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible()
    assert "cada lunes" in dialog.problem.text() and "cinco campos" in dialog.problem.text()
    assert saved_schedules(page.context) == []
    dialog.close()


def test_skipped_run_shows_its_reason(qtbot, context: AppContext, bridge) -> None:
    context.settings.schedules = [ScheduleSpec(id="diario", at="07:00")]
    context.save_settings()
    with context.open_warehouse() as warehouse:
        history = RunHistory(warehouse)
        history.record_schedule_event(
            "diario", "skipped", reason=text("Ya hay una sincronización.")
        )
        run_id = history.start_run(trigger="schedule", portals=["sai"], schedule_id="diario")
        history.finish_run(run_id, status="needs-human")
    window = create_main_window(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = open_schedules(qtbot, window)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert cell(page, 0, "skipped") == "1"
    assert cell(page, 0, "last_skip_reason") == "Ya hay una sincronización."
    assert cell(page, 0, "last_result") == "needs-human"


def test_closing_the_window_stops_the_scheduler(qtbot, context: AppContext, bridge) -> None:
    window = create_main_window(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_hosting(qtbot, window)
    scheduler = window.scheduler_host.scheduler
    assert scheduler is not None and scheduler.running
    window.close()
    assert not scheduler.running
    assert not window.scheduler_host.running
    # The data folder is free for the next host.
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
    successor = O2cScheduler(context.settings, context.paths)
    successor.start()
    successor.shutdown()


def test_another_host_is_named_on_the_page(qtbot, context: AppContext, bridge) -> None:
    other = O2cScheduler(context.settings, context.paths)
    other.start()
    try:
        window = create_main_window(context)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_for_hosting(qtbot, window)
        assert not window.scheduler_host.running
        text = window.schedules_page.host_state.text()
        assert text.startswith("Los horarios no se ejecutan desde esta ventana:")
        assert "otro programador de tareas" in text
    finally:
        window.close()
        other.shutdown()


def test_no_schedules_says_how_to_add_one(qtbot, page: SchedulesPage) -> None:
    assert page.model.rowCount() == 0
    assert page.empty_hint.isVisible()
    assert "«Agregar…»" in page.empty_hint.text() and "o2c schedule add" in page.empty_hint.text()
    add_weekly_schedule(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert not page.empty_hint.isVisible()
