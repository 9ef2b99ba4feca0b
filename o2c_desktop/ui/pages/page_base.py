"""What every page shares: what it reads through, a heading, and the hooks the main window
calls."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.context import AppContext


@dataclass(frozen=True)
class PageDeps:
    """What every page is built with: the data folder's context, the window's one warehouse
    access (every page shares it, so reads follow the window's writer), the language."""

    context: AppContext
    access: WarehouseAccess
    lang: str = "es"

    @classmethod
    def for_context(cls, context: AppContext, lang: str = "es") -> PageDeps:
        """A new access of its own over ``context``'s warehouse: what a window starts with."""
        return cls(context, WarehouseAccess(context), lang)


class Page(QWidget):
    def __init__(self, deps: PageDeps, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deps = deps
        self.context = deps.context
        self.access = deps.access
        self.lang = deps.lang
        self.title = title
        self.heading = QLabel(title, self)
        self.heading.setObjectName("pageHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.heading)
        # A fixed minimum, not one derived from the contents: text appearing on a page must
        # not make the whole window's minimum size jump while it is showing.
        self.setMinimumSize(480, 320)
        self._loaded = False

    def note_label(self, object_name: str, *, hidden: bool = True) -> QLabel:
        """A word-wrapped line the page fills when it has something to say (``pageProblem``: why
        a read failed, ``emptyHint``: why the table is empty); hidden until then, unless it keeps
        its place in a row of buttons."""
        label = QLabel(self)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        if hidden:
            label.setVisible(False)
        return label

    def page_shown(self) -> None:
        """Called when the page becomes visible: read the warehouse the first time."""
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def invalidate(self) -> None:
        """The warehouse changed (a sync ended): re-read now if shown, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._loaded = False

    def refresh(self) -> None:
        """Re-read what the page shows (F5)."""

    def save_state(self) -> None:
        """Keep column layouts and the like before the window closes."""
