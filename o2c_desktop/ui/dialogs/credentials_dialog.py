"""Portal user names and passwords, kept only in the system keyring. Passwords are never shown
back: a stored one is reported as stored, and the box stays empty. Without a secure keyring the
dialog says so and stores nothing (there is no plaintext fallback). "Probar acceso" logs in with
what is typed, before it is saved, through the same browser engine as a sync."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.app.credentials import (
    IncompleteCredentials,
    StoredCredential,
    delete_credential,
    list_credentials,
    login_answerer,
    save_credential,
    try_login,
    typed_for_test,
)
from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.services.credentials import PORTAL_NAMES
from o2c_desktop.services.login_check import LoginCheck, Phase
from o2c_desktop.ui import workers
from o2c_desktop.ui.dialog_size import fix_minimum_size
from o2c_desktop.ui.dialogs.captcha_prompt import CaptchaPrompt
from o2c_desktop.ui.human_step import HumanStepBridge, PendingQuestion
from o2c_desktop.ui.workers import Worker


class CredentialsDialog(QDialog):
    def __init__(self, context: AppContext, lang: str = "es", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("credentialsDialog")
        self.setModal(False)
        self.setWindowTitle(self.tr("Credenciales de portales"))
        self.context = context
        self.lang = lang
        self.keyring_state = QLabel(self)
        self.keyring_state.setObjectName("keyringState")
        self.keyring_state.setWordWrap(True)
        self.users: dict[str, QLineEdit] = {}
        self.passwords: dict[str, QLineEdit] = {}
        self.show_buttons: dict[str, QPushButton] = {}
        self.save_buttons: dict[str, QPushButton] = {}
        self.delete_buttons: dict[str, QPushButton] = {}
        self.test_buttons: dict[str, QPushButton] = {}
        self.states: dict[str, QLabel] = {}
        self.login_tests: dict[str, Worker] = {}
        self.prompts: list[CaptchaPrompt] = []
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Portal"), self), 0, 0)
        grid.addWidget(QLabel(self.tr("Usuario"), self), 0, 1)
        grid.addWidget(QLabel(self.tr("Contraseña"), self), 0, 2)
        for row, (portal, title) in enumerate(PORTAL_NAMES.items(), start=1):
            user = QLineEdit(self)
            user.setObjectName(f"user_{portal}")
            password = QLineEdit(self)
            password.setObjectName(f"password_{portal}")
            password.setEchoMode(QLineEdit.EchoMode.Password)
            show = QPushButton(self.tr("Mostrar"), self)
            show.setObjectName(f"show_{portal}")
            show.setCheckable(True)
            save = QPushButton(self.tr("Guardar"), self)
            save.setObjectName(f"save_{portal}")
            delete = QPushButton(self.tr("Borrar"), self)
            delete.setObjectName(f"delete_{portal}")
            test = QPushButton(self.tr("Probar acceso"), self)
            test.setObjectName(f"test_{portal}")
            state = QLabel(self)
            state.setObjectName(f"state_{portal}")
            state.setWordWrap(True)
            for column, widget in enumerate([QLabel(title, self), user, password, show, save,
                                             delete, test, state]):  # fmt: skip
                grid.addWidget(widget, row, column)
            show.toggled.connect(
                lambda on, box=password, button=show: self._reveal(box, button, on)
            )
            save.clicked.connect(lambda _=False, p=portal: self.save(p))
            delete.clicked.connect(lambda _=False, p=portal: self.delete(p))
            test.clicked.connect(lambda _=False, p=portal: self.test_login(p))
            self.users[portal], self.passwords[portal], self.show_buttons[portal] = (
                user, password, show)  # fmt: skip
            self.save_buttons[portal], self.delete_buttons[portal], self.states[portal] = (
                save, delete, state)  # fmt: skip
            self.test_buttons[portal] = test
        grid.setColumnMinimumWidth(7, 280)
        grid.setColumnStretch(7, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_state)
        if context.settings.portals.mode == "demo":
            demo_note = QLabel(
                self.tr(
                    "Modo de demostración: «Probar acceso» entra al portal de demostración, "
                    "no al de la institución; sin usuario ni contraseña escritos, con el usuario "
                    "de demostración que usa la sincronización."
                ),
                self,
            )
            demo_note.setObjectName("demoModeNote")
            demo_note.setWordWrap(True)
            layout.addWidget(demo_note)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        fix_minimum_size(self, layout, 980, 240)
        self.available = False
        self._set_enabled(False)
        self.reload()

    def _reveal(self, box: QLineEdit, button: QPushButton, on: bool) -> None:
        box.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        button.setText(self.tr("Ocultar") if on else self.tr("Mostrar"))

    def _set_enabled(self, enabled: bool) -> None:
        for widgets in (self.users, self.passwords, self.show_buttons, self.save_buttons,
                        self.delete_buttons, self.test_buttons):  # fmt: skip
            for widget in widgets.values():
                widget.setEnabled(enabled)

    # -- keyring, always off the GUI thread (a Secret Service may take seconds to answer) -----

    def reload(self) -> None:
        self.keyring_state.setText(self.tr("Consultando el llavero del sistema…"))
        workers.start(lambda _c: list_credentials(), name="list credentials",
                      on_returned=self._show_stored, on_errored=self._unavailable)  # fmt: skip

    def _show_stored(self, stored: list[StoredCredential]) -> None:
        self.available = True
        self._set_enabled(True)
        self.keyring_state.setText(
            self.tr("Las contraseñas se guardan solo en el llavero del sistema.")
        )
        for credential in stored:
            if credential.saved:
                self.users[credential.portal].setText(credential.user)
            self.states[credential.portal].setText(
                self.tr("Guardada") if credential.saved else self.tr("Sin credencial")
            )

    def _unavailable(self, error: object) -> None:
        self.available = False
        self._set_enabled(False)
        if self.context.settings.portals.mode == "demo":
            # A demo login test stores nothing and the demo portal knows its own users: it
            # needs no keyring, which a machine set up only to try the program often lacks.
            for widgets in (self.users, self.passwords, self.show_buttons, self.test_buttons):
                for widget in widgets.values():
                    widget.setEnabled(True)
        text = error.message(self.lang) if isinstance(error, UserError) else str(error)
        self.keyring_state.setText(text)

    def save(self, portal: str) -> None:
        user, password = self.users[portal].text(), self.passwords[portal].text()
        self.states[portal].setText(self.tr("Guardando…"))
        workers.start(
            lambda _c: save_credential(portal, user, password),
            name="store credential",
            on_returned=lambda _r: self._saved(portal),
            on_errored=lambda error: self._failed(portal, error),
        )

    def _saved(self, portal: str) -> None:
        self.passwords[portal].clear()  # never kept in the window once stored
        self.states[portal].setText(self.tr("Guardada"))

    def delete(self, portal: str) -> None:
        workers.start(
            lambda _c: delete_credential(portal),
            name="delete credential",
            on_returned=lambda _r: self._deleted(portal),
            on_errored=lambda error: self._failed(portal, error),
        )

    def _deleted(self, portal: str) -> None:
        self.users[portal].clear()
        self.passwords[portal].clear()
        self.states[portal].setText(self.tr("Sin credencial"))

    def _failed(self, portal: str, error: object) -> None:
        text = error.message(self.lang) if isinstance(error, UserError) else str(error)
        self.states[portal].setText(text)

    # -- login test: a browser run in a worker, with what is typed (never saved by the test) ---

    def test_login(self, portal: str) -> None:
        running = self.login_tests.get(portal)
        if running is not None:
            running.cancel()
            self.states[portal].setText(self.tr("Cancelando la prueba…"))
            return
        settings = self.context.settings
        try:
            credentials = typed_for_test(
                settings, self.users[portal].text(), self.passwords[portal].text()
            )
        except IncompleteCredentials:
            self.states[portal].setText(
                self.tr("Escriba el usuario y la contraseña para probar el acceso.")
            )
            return
        cancel = threading.Event()
        human = HumanStepBridge(cancel, self)
        human.asked.connect(self._ask_human)
        self.test_buttons[portal].setText(self.tr("Cancelar prueba"))
        self.states[portal].setText(self.tr("Preparando la prueba…"))
        self.login_tests[portal] = workers.start(
            lambda control: try_login(
                settings, portal, credentials, human=login_answerer(settings, portal, window=human),
                cancel=control.cancel_event, progress=control.progress,
            ),
            name=f"login test {portal}",
            on_progress=lambda phase: self._testing(portal, phase),
            on_returned=self._tested,
            on_errored=lambda error: self._test_failed(portal, error),
            on_finished=lambda: self._test_ended(portal),
            cancel_event=cancel,  # cancelling also ends a wait for the captcha
        )  # fmt: skip

    def _testing(self, portal: str, phase: Phase) -> None:
        if phase == "browser":
            self.states[portal].setText(self.tr("Abriendo el navegador…"))
        else:
            self.states[portal].setText(
                self.tr("Entrando a {portal}…").format(portal=PORTAL_NAMES[portal])
            )

    def _ask_human(self, question: PendingQuestion) -> None:
        portal = question.request.portal
        if portal in self.states:
            self.states[portal].setText(self.tr("Esperando la respuesta del captcha…"))
        prompt = CaptchaPrompt(question, self)
        self.prompts.append(prompt)
        prompt.finished.connect(lambda _result: self.prompts.remove(prompt))
        prompt.show()
        prompt.activateWindow()

    def _tested(self, check: LoginCheck) -> None:
        name = PORTAL_NAMES[check.portal]
        if check.status == "ok" and check.demo:
            text = self.tr("Acceso correcto al portal de demostración de {portal} con el usuario "
                           "{user}.").format(portal=name, user=check.user)  # fmt: skip
        elif check.status == "ok":
            text = self.tr("Acceso correcto: {portal} aceptó al usuario {user}.").format(
                portal=name, user=check.user
            )
        else:
            text = check.error.message(self.lang) if check.error else check.status
        self.states[check.portal].setText(text)

    def _test_failed(self, portal: str, error: object) -> None:
        if isinstance(error, UserError):
            self.states[portal].setText(error.message(self.lang))
        else:  # a bug: the worker already logged and reported it
            self.states[portal].setText(
                self.tr("La prueba se detuvo por un error interno; vea el registro.")
            )

    def _test_ended(self, portal: str) -> None:
        self.login_tests.pop(portal, None)
        self.test_buttons[portal].setText(self.tr("Probar acceso"))
        for prompt in list(self.prompts):
            if prompt.question.request.portal == portal:
                prompt.close()

    def reject(self) -> None:
        """Closing (button, Esc or the title bar) ends the tests: no one is left to answer them,
        and their browsers close."""
        for worker in self.login_tests.values():
            worker.cancel()
        super().reject()
