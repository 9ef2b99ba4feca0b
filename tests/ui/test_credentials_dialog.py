"""Credenciales: saved only to the keyring, never shown back; a clear state and nothing stored
when there is no secure keyring; Probar acceso logs in with what is typed, in the real browser
against the demo portal, the captcha asked in the prompt that raises the browser."""

from __future__ import annotations

import re

import keyring
import pytest
from keyring.backends import fail
from memory_keyring import MEMORY_KEYRING, MemoryKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.services.credentials import CredentialStore
from o2c_desktop.services.portals.demo import DEMO_USERS
from o2c_desktop.ui import workers
from o2c_desktop.ui.dialogs.captcha_prompt import CaptchaPrompt
from o2c_desktop.ui.dialogs.credentials_dialog import CredentialsDialog

HEADLESS_BROWSER = "El navegador funciona sin ventana: escriba aquí la respuesta del captcha."
WRONG_PASSWORD = "Not-The-Password-58"


@pytest.fixture
def memory_keyring(context: AppContext):
    """The in-memory keyring, allowed in this data folder's settings as a user would allow it."""
    context.settings.keyring.allowed_backends = [MEMORY_KEYRING]
    context.save_settings()
    open_context(context.paths.data_dir)
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
    context.settings.portals.mode = "real"  # the institutions' portals: nothing to test against
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
    assert not dialog.test_buttons["sai"].isEnabled()


def test_login_test_needs_what_is_typed(qtbot, context: AppContext, memory_keyring) -> None:
    dialog = open_dialog(qtbot, context)
    qtbot.keyClicks(dialog.users["prei"], "demo.proveedor")
    qtbot.mouseClick(dialog.test_buttons["prei"], Qt.MouseButton.LeftButton)
    assert dialog.states["prei"].text() == (
        "Escriba el usuario y la contraseña para probar el acceso."
    )
    assert not workers.running() and dialog.test_buttons["prei"].text() == "Probar acceso"


def answer_the_captcha(qtbot, dialog: CredentialsDialog) -> CaptchaPrompt:
    """What a person does: read the number the prompt shows, raise the browser, type it."""
    qtbot.waitUntil(lambda: bool(dialog.prompts), timeout=30_000)
    prompt = dialog.prompts[0]
    assert prompt.isVisible() and not prompt.isModal()
    assert prompt.windowTitle() == "SAI (IMSS) pide resolver un captcha"
    assert dialog.states["sai"].text() == "Esperando la respuesta del captcha…"
    # Opening the prompt asked the engine to raise the browser; headless, it says so.
    qtbot.waitUntil(lambda: prompt.browser_state.text() == HEADLESS_BROWSER, timeout=5000)
    qtbot.mouseClick(prompt.show_browser_button, Qt.MouseButton.LeftButton)
    assert prompt.browser_state.text() == "Trayendo el navegador al frente…"
    qtbot.waitUntil(lambda: prompt.browser_state.text() == HEADLESS_BROWSER, timeout=5000)
    number = re.search(r"\d{3,}", prompt.challenge.text())
    assert number, prompt.challenge.text()
    qtbot.keyClicks(prompt.answer, number.group(0))
    qtbot.mouseClick(prompt.send_button, Qt.MouseButton.LeftButton)
    return prompt


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_login_test_in_the_browser_with_what_is_typed(
    qtbot, context: AppContext, memory_keyring
) -> None:
    dialog = open_dialog(qtbot, context)
    assert "portal de demostración" in dialog.findChild(QLabel, "demoModeNote").text()
    qtbot.keyClicks(dialog.users["sai"], DEMO_USERS["sai"].user)
    qtbot.keyClicks(dialog.passwords["sai"], DEMO_USERS["sai"].password)
    qtbot.mouseClick(dialog.test_buttons["sai"], Qt.MouseButton.LeftButton)
    assert dialog.test_buttons["sai"].text() == "Cancelar prueba"
    assert dialog.states["sai"].text() in {"Preparando la prueba…", "Abriendo el navegador…"}
    answer_the_captcha(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.login_tests, timeout=60_000)
    assert dialog.states["sai"].text() == (
        "Acceso correcto al portal de demostración de SAI (IMSS) con el usuario demo.proveedor."
    )
    assert dialog.test_buttons["sai"].text() == "Probar acceso"

    qtbot.keyClicks(dialog.users["prei"], DEMO_USERS["prei"].user)
    qtbot.keyClicks(dialog.passwords["prei"], WRONG_PASSWORD)
    qtbot.mouseClick(dialog.test_buttons["prei"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.login_tests, timeout=60_000)
    assert dialog.states["prei"].text() == (
        "PREI no aceptó al usuario demo.proveedor con esa contraseña: corrija el usuario o la "
        "contraseña y pruebe de nuevo. El portal dice: «Usuario o contraseña incorrectos.»"
    )

    assert CredentialStore().list() == {"sai": None, "prei": None, "sagi": None}  # tested only
    log_text = context.paths.log_file.read_text(encoding="utf-8")
    assert log_text.count("browser brought forward (headless=True)") == 2
    for secret in (WRONG_PASSWORD, DEMO_USERS["sai"].password):
        assert secret not in log_text


@pytest.mark.slow
@pytest.mark.xdist_group("browser")
def test_in_demo_mode_the_login_test_needs_no_keyring_nor_typing(
    qtbot, context: AppContext
) -> None:
    """A machine set up to try the program often has no system keyring: nothing can be saved,
    but «Probar acceso» reaches the demo portal, with its demo user when nothing is typed."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = open_dialog(qtbot, context)
        assert not dialog.available and "No hay un llavero seguro" in dialog.keyring_state.text()
        assert not dialog.save_buttons["sai"].isEnabled()
        assert dialog.test_buttons["sai"].isEnabled()
        assert "con el usuario de demostración" in dialog.findChild(QLabel, "demoModeNote").text()
        qtbot.mouseClick(dialog.test_buttons["sai"], Qt.MouseButton.LeftButton)
        answer_the_captcha(qtbot, dialog)
        qtbot.waitUntil(lambda: not dialog.login_tests, timeout=60_000)
    finally:
        keyring.set_keyring(previous)
    assert dialog.states["sai"].text() == (
        "Acceso correcto al portal de demostración de SAI (IMSS) con el usuario demo.proveedor."
    )
