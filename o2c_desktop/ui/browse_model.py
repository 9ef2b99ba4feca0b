"""Table model over a :class:`BrowseTable`: rows arrive a page at a time, filter and sort run in
SQL off the GUI thread, and the sort role gives native values (Decimal, date).

Every query is answered by a worker. A newer filter or sort supersedes an older one: answers are
tagged with the generation that asked and late answers are dropped, so the view never shows a
mix of two queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from o2c_desktop.services.browse import Arrangement, BrowseTable, TableQuery
from o2c_desktop.ui import workers
from o2c_desktop.ui.cell_format import alignment, display_text

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_ROWS = 200

_Index = QModelIndex | QPersistentModelIndex


def _arrange_job(
    table: BrowseTable, query: TableQuery
) -> tuple[Arrangement, list[tuple[Any, ...]]]:
    arrangement = table.arrange(query)
    return arrangement, table.page(arrangement, 0, PAGE_ROWS)


class BrowseModel(QAbstractTableModel):
    # total rows matching the current query, emitted when its first page is shown
    arranged = Signal(int)
    busy_changed = Signal(bool)

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._table: BrowseTable | None = None
        self._query = TableQuery()
        self._arrangement: Arrangement | None = None
        self._rows: list[tuple[Any, ...]] = []
        self._generation = 0
        self._fetching = False
        self._busy = False

    # -- feeding ----------------------------------------------------------------------------

    @property
    def table(self) -> BrowseTable | None:
        return self._table

    @property
    def query(self) -> TableQuery:
        return self._query

    @property
    def total_rows(self) -> int:
        return self._arrangement.rows if self._arrangement else 0

    @property
    def busy(self) -> bool:
        return self._busy

    def set_table(self, table: BrowseTable | None) -> None:
        """Show another copy of the report (after a refresh); the current query is kept."""
        # The old copy is not closed here: a worker may still be reading it; it is freed
        # with the last reference.
        self._generation += 1
        self.beginResetModel()
        self._table = table
        self._arrangement = None
        self._rows = []
        self._fetching = False
        self.endResetModel()
        if table is not None:
            self.set_query(self._query)

    def set_query(self, query: TableQuery) -> None:
        self._query = query
        table = self._table
        if table is None:
            return
        self._generation += 1
        generation = self._generation
        self._set_busy(True)
        workers.start(
            lambda _control: _arrange_job(table, query),
            name="arrange table",
            on_returned=lambda result: self._show_arrangement(generation, result),
            on_errored=lambda _error: self._end_query(generation),
        )

    def _show_arrangement(
        self, generation: int, result: tuple[Arrangement, list[tuple[Any, ...]]]
    ) -> None:
        arrangement, first_page = result
        table = self._table
        if generation != self._generation or table is None:
            if table is not None:
                table.release(arrangement)
            return
        self.beginResetModel()
        if self._arrangement is not None:
            table.release(self._arrangement)
        self._arrangement = arrangement
        self._rows = first_page
        self._fetching = False
        self.endResetModel()
        self._set_busy(False)
        self.arranged.emit(arrangement.rows)

    def _end_query(self, generation: int) -> None:
        if generation == self._generation:
            self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    # -- lazy rows --------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._arrangement is None or self._fetching:
            return False
        return len(self._rows) < self._arrangement.rows

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if not self.canFetchMore(parent):
            return
        table, arrangement = self._table, self._arrangement
        assert table is not None and arrangement is not None
        self._fetching = True
        generation, offset = self._generation, len(self._rows)
        workers.start(
            lambda _control: table.page(arrangement, offset, PAGE_ROWS),
            name="fetch rows",
            on_returned=lambda rows: self._append(generation, offset, rows),
            on_errored=lambda _error: self._stop_fetching(generation),
        )

    def _append(self, generation: int, offset: int, rows: list[tuple[Any, ...]]) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def _stop_fetching(self, generation: int) -> None:
        if generation == self._generation:
            self._fetching = False

    def loaded_rows(self) -> int:
        return len(self._rows)

    # -- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ID_ROLE:
            return row[0]
        if not 0 <= index.column() < len(self._headers):
            return None
        value = row[index.column() + 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(value)
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(alignment(value).value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        table = self._table
        if table is None or not 0 <= column < len(table.columns):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        current = self._query
        self.set_query(
            TableQuery(current.text, dict(current.contains), table.columns[column], descending)
        )

    def row_id(self, row: int) -> int | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def column_name(self, column: int) -> str | None:
        if self._table is None or not 0 <= column < len(self._table.columns):
            return None
        return self._table.columns[column]
