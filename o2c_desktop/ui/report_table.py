"""A big table as clerks use it: a filter box over every column, filters on single columns,
sort by clicking a header, a row count, and the column layout kept between sessions."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.context import AppContext
from o2c_desktop.services.browse import BrowseTable, TableQuery
from o2c_desktop.ui import workers
from o2c_desktop.ui.browse_model import BrowseModel
from o2c_desktop.ui.ui_state import ui_settings

FILTER_DELAY_MS = 250  # typing pauses this long before the filter runs
# Content wider than this is elided in the middle (the tooltip has it whole); titles never are.
MAX_FITTED_WIDTH = 360


class ReportTable(QWidget):
    row_activated = Signal(int)  # row id in the BrowseTable

    def __init__(
        self,
        context: AppContext,
        state_key: str,
        headers: Sequence[str],
        parent: QWidget | None = None,
        lang: str = "es",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.state_key = state_key
        self.model = BrowseModel(headers, self, lang)
        self._fitted = False

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setPlaceholderText(self.tr("Buscar en todas las columnas…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.column_combo = QComboBox(self)
        self.column_combo.setObjectName("filterColumnCombo")
        self.column_combo.addItems(list(headers))
        self.value_combo = QComboBox(self)
        self.value_combo.setObjectName("filterValueCombo")
        self.value_combo.setEditable(True)
        self.value_combo.setMinimumWidth(140)
        self.add_filter_button = QPushButton(self.tr("Filtrar columna"), self)
        self.add_filter_button.setObjectName("addFilterButton")
        self.clear_filters_button = QPushButton(self.tr("Quitar filtros"), self)
        self.clear_filters_button.setObjectName("clearFiltersButton")
        self.active_filters = QLabel(self)
        self.active_filters.setObjectName("activeFilters")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("rowCountLabel")

        self.view = QTableView(self)
        self.view.setObjectName("reportView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # start in report order
        self.view.setSortingEnabled(True)

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, stretch=2)
        filters.addWidget(self.column_combo)
        filters.addWidget(self.value_combo, stretch=1)
        filters.addWidget(self.add_filter_button)
        filters.addWidget(self.clear_filters_button)
        status = QHBoxLayout()
        status.addWidget(self.active_filters, stretch=1)
        status.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.view, stretch=1)
        layout.addLayout(status)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filters)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.filter_edit.returnPressed.connect(self.apply_filters)
        self.add_filter_button.clicked.connect(self.add_column_filter)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.column_combo.currentIndexChanged.connect(self._fill_value_choices)
        self.view.doubleClicked.connect(self._activated)
        self.model.arranged.connect(self._arranged)
        self.model.busy_changed.connect(self._show_busy)
        self._contains: dict[str, str] = {}
        self._choices_table: BrowseTable | None = None  # the table the value choices came from
        self.restore_columns()

    # -- data -------------------------------------------------------------------------------

    def set_table(self, table: BrowseTable | None) -> None:
        self.model.set_table(table)
        self._fill_value_choices()
        self.fit_columns()
        self._show_active_filters()  # filters chosen before the first copy arrived

    def _fill_value_choices(self) -> None:
        table = self.model.table
        self.value_combo.clear()
        # Before the copy is done the query would only wait for it in a worker thread; the
        # choices are asked for when the table's first answer arrives.
        if table is None or not table.copied or self.column_combo.currentIndex() < 0:
            return
        self._choices_table = table
        column = table.columns[self.column_combo.currentIndex()]
        # Off the GUI thread: the distinct values of a key column of a million rows take
        # a few hundred milliseconds.
        workers.start(
            lambda _control: (table, column, table.distinct_values(column, limit=300)),
            name="filter choices",
            on_returned=self._show_value_choices,
        )

    def _show_value_choices(self, answer: tuple[BrowseTable, str, list[str]]) -> None:
        table, column, values = answer
        index = self.column_combo.currentIndex()
        if self.model.table is not table or table.columns[index] != column:
            return
        typed = self.value_combo.currentText()
        self.value_combo.clear()
        self.value_combo.addItems(values)
        self.value_combo.setCurrentIndex(-1)
        self.value_combo.setEditText(typed)

    # -- filters ----------------------------------------------------------------------------

    def current_query(self) -> TableQuery:
        return self.model.query

    def apply_filters(self) -> None:
        self._filter_timer.stop()
        current = self.model.query
        self.model.set_query(
            TableQuery(
                self.filter_edit.text(), dict(self._contains), current.sort_column,
                current.descending,
            )
        )  # fmt: skip
        self._show_active_filters()

    def add_column_filter(self) -> None:
        table = self.model.table
        value = self.value_combo.currentText().strip()
        if table is None or not value:
            return
        self._contains[table.columns[self.column_combo.currentIndex()]] = value
        self.apply_filters()

    def show_only(self, contains: dict[str, str]) -> None:
        """Only the rows whose columns contain these values (what a card of Inicio opens)."""
        self._contains = dict(contains)
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.apply_filters()

    def clear_filters(self) -> None:
        self._contains.clear()
        self.filter_edit.blockSignals(True)
        self.filter_edit.clear()
        self.filter_edit.blockSignals(False)
        self.apply_filters()

    def _show_active_filters(self) -> None:
        table = self.model.table
        if table is None or not self._contains:
            self.active_filters.clear()
            return
        titles = dict(zip(table.columns, self._headers(), strict=True))
        parts = [f"{titles[c]} ⊇ «{v}»" for c, v in self._contains.items()]
        self.active_filters.setText(self.tr("Filtros: {list}").format(list=", ".join(parts)))

    def _headers(self) -> list[str]:
        return [
            str(self.model.headerData(i, Qt.Orientation.Horizontal))
            for i in range(self.model.columnCount())
        ]

    # -- feedback ---------------------------------------------------------------------------

    def _arranged(self, rows: int) -> None:
        self._show_count(rows)
        self.fit_columns()
        if self._choices_table is not self.model.table:
            self._fill_value_choices()

    def _show_count(self, rows: int) -> None:
        table = self.model.table
        total = table.total_rows if table else rows
        if rows == total:
            self.count_label.setText(self.tr("{rows} renglones").format(rows=f"{rows:,}"))
        else:
            self.count_label.setText(
                self.tr("{rows} de {total} renglones").format(rows=f"{rows:,}", total=f"{total:,}")
            )

    def _show_busy(self, busy: bool) -> None:
        if busy:
            self.count_label.setText(self.tr("Consultando…"))

    def _activated(self, index: QModelIndex) -> None:
        row_id = self.model.row_id(index.row())
        if row_id is not None:
            self.row_activated.emit(int(row_id))

    def selected_row_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    # -- column layout ----------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Once, on the first rows: widen every column to its whole title and its content (up to
        ``MAX_FITTED_WIDTH``). Only widening, so a column the clerk made wider stays so."""
        if self._fitted or self.model.rowCount() == 0:
            return
        self._fitted = True
        header = self.view.horizontalHeader()
        for column in range(self.model.columnCount()):
            title = header.sectionSizeFromContents(column).width()
            content = min(self.view.sizeHintForColumn(column), MAX_FITTED_WIDTH)
            wanted = max(title, content)
            if header.sectionSize(column) < wanted:
                header.resizeSection(column, wanted)

    def restore_columns(self) -> None:
        state = ui_settings(self.context).value(f"{self.state_key}/header")
        if isinstance(state, QByteArray):
            self.view.horizontalHeader().restoreState(state)
            # The saved sort is not re-applied: a big table opens in report order, fast.
            self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def save_columns(self) -> None:
        settings = ui_settings(self.context)
        settings.setValue(f"{self.state_key}/header", self.view.horizontalHeader().saveState())
        settings.sync()
