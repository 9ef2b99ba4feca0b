"""Diagnóstico (menu Ayuda): the warehouse's tables and their row counts, and why they could not
be read — for support, not for the clerk's day, so not on Inicio."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.ui.dialog_size import fix_minimum_size
from o2c_desktop.ui.table_counts_model import COLUMN_ROWS, COLUMN_TABLE, TableCountsModel


class DiagnosticsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Diagnóstico"))
        self.setObjectName("diagnosticsDialog")
        self.place = QLabel(self)
        self.place.setObjectName("diagnosticsPlace")
        self.place.setWordWrap(True)
        self.tables_caption = QLabel(self.tr("Tablas del almacén y número de filas:"), self)
        self.counts_model = TableCountsModel(self)
        self.tables_view = QTableView(self)
        self.tables_view.setObjectName("tableCountsView")
        self.tables_view.setModel(self.counts_model)
        self.tables_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tables_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tables_view.verticalHeader().setVisible(False)
        header = self.tables_view.horizontalHeader()
        header.setSectionResizeMode(COLUMN_TABLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_ROWS, QHeaderView.ResizeMode.ResizeToContents)
        self.problem = QLabel(self)
        self.problem.setObjectName("diagnosticsProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (self.place, self.tables_caption, self.tables_view, self.problem):
            layout.addWidget(widget, stretch=1 if widget is self.tables_view else 0)
        layout.addWidget(buttons)
        fix_minimum_size(self, layout, 520, 480)

    def show_counts(self, warehouse: str, counts: dict[str, int]) -> None:
        self.place.setText(self.tr("Almacén: {path}").format(path=warehouse))
        self.counts_model.set_counts(counts)
        self.problem.clear()
        self.problem.setVisible(False)

    def show_problem(self, message: str) -> None:
        self.counts_model.set_counts({})
        self.problem.setText(message)
        self.problem.setVisible(True)
