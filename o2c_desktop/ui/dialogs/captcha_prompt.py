"""The non-modal prompt for a portal's captcha: the challenge, a box for the answer, and the
choice to solve it in the visible browser instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
        buttons = QDialogButtonBox(self)
        self.send_button = QPushButton(self.tr("Enviar"), self)
        self.send_button.setObjectName("captchaSendButton")
        self.send_button.setDefault(True)
        self.browser_button = QPushButton(self.tr("Lo resuelvo en el navegador"), self)
        self.browser_button.setObjectName("captchaBrowserButton")
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.browser_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.challenge)
        layout.addWidget(self.answer)
        layout.addWidget(buttons)
        fix_minimum_size(self, layout, 360, 160)
        self.send_button.clicked.connect(self._send)
        self.browser_button.clicked.connect(self._in_browser)
        self.answer.returnPressed.connect(self._send)

    def _send(self) -> None:
        self.question.reply(self.answer.text().strip() or None)
        self.close()

    def _in_browser(self) -> None:
        self.question.reply(None)
        self.close()

    def reject(self) -> None:
        if not self.question.answered.is_set():
            self.question.reply(None)
        super().reject()
