"""One card of Inicio: a title, the key figure in large type, a few lines of detail. Clicking
the card (or Enter on it) opens the page it summarises; a link in the detail opens that page
filtered by the link's value."""

from __future__ import annotations

from urllib.parse import quote, unquote

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def filter_link(column: str, value: object, text: str) -> str:
    """A link in a card's detail that opens its page showing only rows where ``column``
    contains ``value``."""
    return f'<a href="{column}={quote(str(value))}">{text}</a>'


class DashboardCard(QFrame):
    clicked = Signal()
    filter_chosen = Signal(str, str)  # column, value

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"card_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = QLabel(title, self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.value = QLabel(self)
        self.value.setObjectName(f"cardValue_{name}")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        self.value.setFont(font)
        self.detail = QLabel(self)
        self.detail.setObjectName(f"cardDetail_{name}")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.linkActivated.connect(self._link)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail, stretch=1)

    def show_figures(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)

    def _link(self, href: str) -> None:
        column, _, value = href.partition("=")
        self.filter_chosen.emit(column, unquote(value))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)
