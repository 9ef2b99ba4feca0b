"""Table model of the warehouse's tables and their row counts (the list in Ayuda → Diagnóstico)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from o2c_desktop.ui.cell_format import SORT_ROLE

# Column numbers, so views and tests never depend on literal positions.
COLUMN_TABLE = 0
COLUMN_ROWS = 1
_COLUMN_COUNT = 2

_Index = QModelIndex | QPersistentModelIndex


class TableCountsModel(QAbstractTableModel):
    """Read-only rows of (table name, row count), replaced wholesale on refresh."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, int]] = []

    def set_counts(self, counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._rows = sorted(counts.items())
        self.endResetModel()

    def counts(self) -> dict[str, int]:
        return dict(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else _COLUMN_COUNT

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name, rows = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return name if column == COLUMN_TABLE else f"{rows:,}"
        if role == SORT_ROLE:
            return name if column == COLUMN_TABLE else rows
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COLUMN_ROWS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == COLUMN_TABLE:
            return QCoreApplication.translate("TableCountsModel", "Tabla")
        if section == COLUMN_ROWS:
            return QCoreApplication.translate("TableCountsModel", "Filas")
        return None
