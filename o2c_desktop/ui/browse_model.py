"""Table model over a :class:`BrowseTable`: rows arrive a page at a time, filter and sort run in
SQL off the GUI thread, and the sort role gives native values (Decimal, date).

A new table shows its first page at once (when the query keeps the report order) while a worker
copies its rows; queries asked meanwhile wait in the model, not in a worker thread, and the
newest one runs when the copy is done. Every query is answered by a worker. A newer filter or
sort supersedes an older one: answers are tagged with the generation that asked and late answers
are dropped, so the view never shows a mix of two queries. Answers go to the model's own methods,
so Qt drops them when the model is deleted (its page closed) before they arrive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from o2c_desktop.services.browse import FIRST_PAGE_ROWS, Arrangement, BrowseTable, TableQuery
from o2c_desktop.ui import workers
from o2c_desktop.ui.cell_format import cell_data

ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 2
PAGE_ROWS = FIRST_PAGE_ROWS

_Index = QModelIndex | QPersistentModelIndex


class _Arranged(NamedTuple):
    generation: int
    arrangement: Arrangement
    first_page: list[tuple[Any, ...]]


class _Page(NamedTuple):
    generation: int
    offset: int
    rows: list[tuple[Any, ...]]


def _arrange_job(table: BrowseTable, query: TableQuery, generation: int) -> _Arranged:
    arrangement = table.arrange(query)
    return _Arranged(generation, arrangement, table.page(arrangement, 0, PAGE_ROWS))


def _copy_job(table: BrowseTable) -> BrowseTable:
    table.copy_rows()
    return table


class BrowseModel(QAbstractTableModel):
    # total rows matching the current query, emitted when its first page is shown
    arranged = Signal(int)
    busy_changed = Signal(bool)

    def __init__(
        self, headers: Sequence[str], parent: QObject | None = None, lang: str = "es"
    ) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._lang = lang
        self._table: BrowseTable | None = None
        self._query = TableQuery()
        self._arrangement: Arrangement | None = None
        self._rows: list[tuple[Any, ...]] = []
        self._generation = 0
        self._fetching = False
        self._busy = False
        self._copying: BrowseTable | None = None

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
        if table is not None and self._query.keeps_report_order:
            self._rows = table.first_page[:PAGE_ROWS]
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
        self._set_busy(True)
        if self._copying is table:
            return  # the copy under way arranges the newest query when it ends
        if table.copied:
            self._arrange(table, query, self._generation)
            return
        self._copying = table
        workers.start(
            lambda _control: _copy_job(table),
            name="copy table",
            on_returned=self._copy_done,
            on_errored=self._copy_failed,
        )

    def _arrange(self, table: BrowseTable, query: TableQuery, generation: int) -> None:
        workers.start(
            lambda _control: _arrange_job(table, query, generation),
            name="arrange table",
            on_returned=self._show_arrangement,
            on_errored=self._query_failed,
        )

    def _copy_done(self, table: BrowseTable) -> None:
        if self._copying is table:
            self._copying = None
        if table is self._table:
            self._arrange(table, self._query, self._generation)

    def _copy_failed(self, _error: object) -> None:
        # A bug, already reported by the worker: stop saying "busy" rather than say it forever.
        self._copying = None
        self._set_busy(False)

    def _query_failed(self, _error: object) -> None:
        self._set_busy(False)

    def _show_arrangement(self, answer: _Arranged) -> None:
        generation, arrangement, first_page = answer
        table = self._table
        if generation != self._generation or table is None:
            if table is not None:
                table.release(arrangement)
            return
        if self._arrangement is None and first_page == self._rows:
            # The first page shown during the copy is this answer's: keep it, and with it the
            # clerk's scroll and selection; rows asked for meanwhile are fetched now.
            self._arrangement = arrangement
            if self._fetching:
                self._fetch_page()
        else:
            self.beginResetModel()
            if self._arrangement is not None:
                table.release(self._arrangement)
            self._arrangement = arrangement
            self._rows = first_page
            self._fetching = False
            self.endResetModel()
        self._set_busy(False)
        self.arranged.emit(arrangement.rows)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)

    # -- lazy rows --------------------------------------------------------------------------

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        if parent.isValid() or self._table is None or self._fetching:
            return False
        if self._arrangement is None:  # the first page shown during the copy
            return 0 < len(self._rows) < self._table.total_rows
        return len(self._rows) < self._arrangement.rows

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        if self._arrangement is not None:
            self._fetch_page()
        # else the page is fetched when the copy's first answer keeps the rows shown

    def _fetch_page(self) -> None:
        table, arrangement = self._table, self._arrangement
        assert table is not None and arrangement is not None
        generation, offset = self._generation, len(self._rows)
        workers.start(
            lambda _control: _Page(generation, offset, table.page(arrangement, offset, PAGE_ROWS)),
            name="fetch rows",
            on_returned=self._append,
            on_errored=self._stop_fetching,
        )

    def _append(self, page: _Page) -> None:
        generation, offset, rows = page
        if generation != self._generation or offset != len(self._rows):
            return
        self._fetching = False
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def _stop_fetching(self, _error: object) -> None:
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
        column = self.column_name(index.column()) or ""
        return cell_data(value, column, role, self._lang)

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

    def loaded_record(self, row_id: int) -> dict[str, Any] | None:
        """Every column of a row already on screen, without asking the table (whose lock a
        running query may hold)."""
        if self._table is None:
            return None
        for row in self._rows:
            if row[0] == row_id:
                return dict(zip(self._table.columns, row[1:], strict=True))
        return None

    def column_name(self, column: int) -> str | None:
        if self._table is None or not 0 <= column < len(self._table.columns):
            return None
        return self._table.columns[column]
