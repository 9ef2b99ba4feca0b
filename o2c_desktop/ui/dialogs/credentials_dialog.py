"""Portal user names and passwords, kept only in the system keyring. Passwords are never shown
back: a stored one is reported as stored, and the box stays empty. Without a secure keyring the
dialog says so and stores nothing (there is no plaintext fallback)."""

from __future__ import annotations

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

from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.services.credentials import PORTAL_NAMES, CredentialStore
from o2c_desktop.ui import workers
from o2c_desktop.ui.dialog_size import fix_minimum_size


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
        self.states: dict[str, QLabel] = {}
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
            state = QLabel(self)
            state.setObjectName(f"state_{portal}")
            for column, widget in enumerate([QLabel(title, self), user, password, show, save,
                                             delete, state]):  # fmt: skip
                grid.addWidget(widget, row, column)
            show.toggled.connect(
                lambda on, box=password, button=show: self._reveal(box, button, on)
            )
            save.clicked.connect(lambda _=False, p=portal: self.save(p))
            delete.clicked.connect(lambda _=False, p=portal: self.delete(p))
            self.users[portal], self.passwords[portal], self.show_buttons[portal] = (
                user, password, show)  # fmt: skip
            self.save_buttons[portal], self.delete_buttons[portal], self.states[portal] = (
                save, delete, state)  # fmt: skip
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_state)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        fix_minimum_size(self, layout, 640, 220)
        self.available = False
        self._set_enabled(False)
        self.reload()

    def _reveal(self, box: QLineEdit, button: QPushButton, on: bool) -> None:
        box.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password)
        button.setText(self.tr("Ocultar") if on else self.tr("Mostrar"))

    def _set_enabled(self, enabled: bool) -> None:
        for widgets in (self.users, self.passwords, self.show_buttons, self.save_buttons,
                        self.delete_buttons):  # fmt: skip
            for widget in widgets.values():
                widget.setEnabled(enabled)

    # -- keyring, always off the GUI thread (a Secret Service may take seconds to answer) -----

    def reload(self) -> None:
        self.keyring_state.setText(self.tr("Consultando el llavero del sistema…"))
        workers.start(lambda _c: CredentialStore().list(), name="list credentials",
                      on_returned=self._show_stored, on_errored=self._unavailable)  # fmt: skip

    def _show_stored(self, stored: dict[str, str | None]) -> None:
        self.available = True
        self._set_enabled(True)
        self.keyring_state.setText(
            self.tr("Las contraseñas se guardan solo en el llavero del sistema.")
        )
        for portal, user in stored.items():
            if user:
                self.users[portal].setText(user)
            self.states[portal].setText(self.tr("Guardada") if user else self.tr("Sin credencial"))

    def _unavailable(self, error: object) -> None:
        self.available = False
        self._set_enabled(False)
        text = error.message(self.lang) if isinstance(error, UserError) else str(error)
        self.keyring_state.setText(text)

    def save(self, portal: str) -> None:
        user, password = self.users[portal].text(), self.passwords[portal].text()
        self.states[portal].setText(self.tr("Guardando…"))
        workers.start(
            lambda _c: CredentialStore().set(portal, user, password),
            name="store credential",
            on_returned=lambda _r: self._saved(portal),
            on_errored=lambda error: self._failed(portal, error),
        )

    def _saved(self, portal: str) -> None:
        self.passwords[portal].clear()  # never kept in the window once stored
        self.states[portal].setText(self.tr("Guardada"))

    def delete(self, portal: str) -> None:
        workers.start(
            lambda _c: CredentialStore().delete(portal),
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
