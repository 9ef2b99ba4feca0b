"""Messages and uncaught errors from any thread reach the window: buffered until it is up,
shown in a non-modal dialog whose details can be copied."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QGuiApplication

from o2c_desktop.ui import excepthooks, message_bridge
from o2c_desktop.ui.error_dialog import ErrorDialog
from o2c_desktop.ui.main_window import MainWindow
from o2c_desktop.ui.message_bridge import Message, MessageBridge


def test_messages_wait_until_someone_attaches_then_arrive_in_order(qtbot, qapp) -> None:
    bridge = MessageBridge()
    thread = threading.Thread(
        target=lambda: [bridge.post(Message("info", f"mensaje {i}")) for i in range(3)]
    )
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(bridge.waiting()) == 3, timeout=2000)

    received: list[tuple[str, bool]] = []
    gui = threading.get_ident()
    bridge.attach(lambda m: received.append((m.text, threading.get_ident() == gui)))
    assert received == [("mensaje 0", True), ("mensaje 1", True), ("mensaje 2", True)]
    bridge.post(Message("info", "mensaje 3"))
    qtbot.waitUntil(lambda: len(received) == 4, timeout=2000)


@pytest.mark.expected_log_warnings
def test_an_uncaught_error_in_a_thread_opens_a_non_modal_dialog(
    qtbot, main_window: MainWindow
) -> None:
    excepthooks.install()
    try:
        thread = threading.Thread(target=lambda: 1 / 0, name="hilo de prueba")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(main_window.error_dialogs), timeout=3000)
    finally:
        excepthooks.uninstall()
    dialog = main_window.error_dialogs[0]
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible() and not dialog.isModal()
    assert dialog.windowTitle() == "Error interno de o2c_desktop"
    assert "ZeroDivisionError: division by zero" in dialog.message.text()
    assert "Copie los detalles" in dialog.message.text()
    assert "Traceback" in dialog.details.toPlainText()

    qtbot.mouseClick(dialog.copy_button, qtbot_left())
    copied = QGuiApplication.clipboard().text()
    assert "ZeroDivisionError" in copied and "Traceback" in copied
    # The window stays usable: the dialog does not block it.
    main_window.refresh_action.trigger()
    dialog.close()
    qtbot.waitUntil(lambda: not main_window.error_dialogs, timeout=2000)


def test_a_user_message_from_a_worker_thread_shows_without_details(
    qtbot, main_window: MainWindow
) -> None:
    thread = threading.Thread(
        target=lambda: message_bridge.post("error", "El llavero está bloqueado.")
    )
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(main_window.error_dialogs), timeout=3000)
    dialog = main_window.error_dialogs[0]
    assert dialog.message.text() == "El llavero está bloqueado."
    assert not dialog.details.isVisible()
    dialog.close()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
