"""Credenciales: saved only to the keyring, never shown back; a clear state and nothing stored
when there is no secure keyring."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from memory_keyring import MemoryKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from o2c_desktop.context import AppContext
from o2c_desktop.services.credentials import CredentialStore
from o2c_desktop.ui import workers
from o2c_desktop.ui.dialogs.credentials_dialog import CredentialsDialog


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def open_dialog(qtbot, context: AppContext) -> CredentialsDialog:
    dialog = CredentialsDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not workers.running(), timeout=5000)
    return dialog


def test_save_goes_to_the_keyring_and_the_password_leaves_the_window(
    qtbot, context: AppContext, memory_keyring
) -> None:
    dialog = open_dialog(qtbot, context)
    assert dialog.available and dialog.states["sai"].text() == "Sin credencial"
    qtbot.keyClicks(dialog.users["sai"], "proveedor01")
    qtbot.keyClicks(dialog.passwords["sai"], "S3creta!")
    assert dialog.passwords["sai"].echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(dialog.show_buttons["sai"], Qt.MouseButton.LeftButton)
    assert dialog.passwords["sai"].echoMode() == QLineEdit.EchoMode.Normal
    assert dialog.show_buttons["sai"].text() == "Ocultar"
    qtbot.mouseClick(dialog.save_buttons["sai"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.states["sai"].text() == "Guardada", timeout=5000)

    stored = CredentialStore().get("sai")
    assert stored is not None and (stored.user, stored.password) == ("proveedor01", "S3creta!")
    assert dialog.passwords["sai"].text() == ""
    log_text = context.paths.log_file.read_text(encoding="utf-8")
    assert "S3creta!" not in log_text

    again = open_dialog(qtbot, context)  # a new dialog shows the user, never the password
    assert again.users["sai"].text() == "proveedor01"
    assert again.passwords["sai"].text() == "" and again.states["sai"].text() == "Guardada"
    qtbot.mouseClick(again.delete_buttons["sai"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: again.states["sai"].text() == "Sin credencial", timeout=5000)
    assert CredentialStore().get("sai") is None


def test_without_a_secure_keyring_nothing_can_be_stored(qtbot, context: AppContext) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = open_dialog(qtbot, context)
    finally:
        keyring.set_keyring(previous)
    assert not dialog.available
    assert "No hay un llavero seguro del sistema" in dialog.keyring_state.text()
    assert "nunca guarda contraseñas en texto plano" in dialog.keyring_state.text()
    assert not dialog.passwords["sai"].isEnabled() and not dialog.save_buttons["sai"].isEnabled()
