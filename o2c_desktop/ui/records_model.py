"""Table model of a short list of records (runs, steps, top stores): replaced wholesale on each
read. Big tables use :class:`BrowseModel` instead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from o2c_desktop.ui.cell_format import cell_data

_Index = QModelIndex | QPersistentModelIndex


class RecordsModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[str],
        headers: Sequence[str],
        parent: QObject | None = None,
        lang: str = "es",
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._lang = lang
        self._headers = list(headers)
        self._records: list[Mapping[str, Any]] = []

    def set_records(self, records: Sequence[Mapping[str, Any]]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Mapping[str, Any] | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        value = self._records[index.row()].get(column)
        return cell_data(value, column, role, self._lang)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
