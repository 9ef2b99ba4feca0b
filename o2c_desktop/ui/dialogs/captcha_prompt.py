"""The non-modal prompt for a portal's captcha: the challenge, a box for the answer, and the
choice to solve it in the visible browser instead, which it brings to the front when it opens
and on request."""

from __future__ import annotations

from concurrent.futures import Future

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.services.portals import PORTALS
from o2c_desktop.services.portals.engine.human import BrowserShown
from o2c_desktop.ui.dialog_size import fix_minimum_size
from o2c_desktop.ui.human_step import PendingQuestion


class CaptchaPrompt(QDialog):
    def __init__(self, question: PendingQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captchaPrompt")
        self.setModal(False)
        self.question = question
        request = question.request
        portal = PORTALS[request.portal].title if request.portal in PORTALS else request.portal
        self.setWindowTitle(self.tr("{portal} pide resolver un captcha").format(portal=portal))
        self.prompt = QLabel(request.prompt, self)
        self.prompt.setWordWrap(True)
        self.challenge = QLabel(request.challenge, self)
        self.challenge.setObjectName("captchaChallenge")
        self.challenge.setWordWrap(True)
        self.challenge.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer = QLineEdit(self)
        self.answer.setObjectName("captchaAnswer")
        self.answer.setPlaceholderText(self.tr("Respuesta del captcha"))
        self.browser_state = QLabel(self)
        self.browser_state.setObjectName("captchaBrowserState")
        self.browser_state.setWordWrap(True)
        buttons = QDialogButtonBox(self)
        self.send_button = QPushButton(self.tr("Enviar"), self)
        self.send_button.setObjectName("captchaSendButton")
        self.send_button.setDefault(True)
        self.browser_button = QPushButton(self.tr("Lo resuelvo en el navegador"), self)
        self.browser_button.setObjectName("captchaBrowserButton")
        self.show_browser_button = QPushButton(self.tr("Mostrar navegador"), self)
        self.show_browser_button.setObjectName("captchaShowBrowserButton")
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.browser_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.show_browser_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.challenge)
        layout.addWidget(self.answer)
        layout.addWidget(self.browser_state)
        layout.addWidget(buttons)
        fix_minimum_size(self, layout, 360, 180)
        self.send_button.clicked.connect(self._send)
        self.browser_button.clicked.connect(self._in_browser)
        self.show_browser_button.clicked.connect(lambda: self.show_browser())
        self.answer.returnPressed.connect(self._send)
        self._opened = False
        self._browser_answer: Future[BrowserShown] | None = None
        self._stay_in_front = False
        # The engine answers between two of its polls; a short timer reads the answer here so
        # that no engine thread ever touches this window.
        self._browser_watch = QTimer(self)
        self._browser_watch.setInterval(100)
        self._browser_watch.timeout.connect(self._browser_answered)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._opened:
            self._opened = True
            self.show_browser(stay_in_front=True)

    def show_browser(self, *, stay_in_front: bool = False) -> None:
        """Ask the engine to raise the browser; ``stay_in_front`` raises this prompt after it,
        so that the challenge and the browser are both in sight."""
        self._stay_in_front = stay_in_front
        self._browser_answer = self.question.request.bring_browser_forward()
        self.browser_state.setText(self.tr("Trayendo el navegador al frente…"))
        self._browser_watch.start()

    def _browser_answered(self) -> None:
        answer = self._browser_answer
        if answer is None or not answer.done():
            return
        self._browser_watch.stop()
        shown = answer.result()
        if shown == "shown":
            self.browser_state.setText(
                self.tr(
                    "El navegador está al frente: resuelva ahí el captcha o escriba aquí "
                    "la respuesta."
                )
            )
            if self._stay_in_front:
                self.raise_()
                self.activateWindow()
        elif shown == "headless":
            self.browser_state.setText(
                self.tr("El navegador funciona sin ventana: escriba aquí la respuesta del captcha.")
            )
        else:
            self.browser_state.setText(
                self.tr(
                    "No se pudo traer el navegador al frente: escriba aquí la respuesta "
                    "del captcha."
                )
            )

    def _send(self) -> None:
        self.question.reply(self.answer.text().strip() or None)
        self.close()

    def _in_browser(self) -> None:
        self.question.request.bring_browser_forward()  # asked before the reply ends the wait
        self.question.reply(None)
        self.close()

    def reject(self) -> None:
        if not self.question.answered.is_set():
            self.question.reply(None)
        super().reject()
