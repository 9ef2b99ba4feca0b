"""A non-modal dialog for an error: the message a person can act on and, folded away, the
technical details with a button that copies them for a bug report."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.ui.dialog_size import fix_minimum_size


class ErrorDialog(QDialog):
    def __init__(
        self, title: str, text: str, details: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.setModal(False)
        self.setWindowTitle(title)
        self.message = QLabel(text, self)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(details, self)
        self.details.setObjectName("errorDetails")
        self.details.setReadOnly(True)
        self.details.setVisible(bool(details))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copiar detalles"), self)
        self.copy_button.setObjectName("copyDetailsButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details, stretch=1)
        layout.addWidget(buttons)
        fix_minimum_size(self, layout, 400, 140)
        self.resize(560, 360 if details else 160)

    def copy_details(self) -> None:
        text = self.message.text()
        if self.details.toPlainText():
            text += "\n\n" + self.details.toPlainText()
        QGuiApplication.clipboard().setText(text)
