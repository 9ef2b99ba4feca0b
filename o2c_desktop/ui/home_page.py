"""The Inicio page: what the program holds today and which pages are still to come."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.ui.table_counts_model import COLUMN_ROWS, COLUMN_TABLE, TableCountsModel


class HomePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self.tr("Inicio"), self)
        self.heading.setObjectName("homeHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)

        self.intro = QLabel(
            self.tr(
                "Esta versión muestra el contenido del almacén de datos local. Las páginas "
                "Sincronizar, Conciliación, Cuentas por cobrar, Contratos, Logística y "
                "Folios faltantes llegarán en versiones posteriores."
            ),
            self,
        )
        self.intro.setObjectName("homeIntro")
        self.intro.setWordWrap(True)

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

        # Shown only when the last refresh failed; a non-modal place for the reason.
        self.problem = QLabel(self)
        self.problem.setObjectName("homeProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

        # A fixed minimum, not one derived from the text: a problem message appearing must not
        # make the whole window's minimum size jump (and grow the window) while it is showing.
        self.setMinimumSize(480, 320)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        layout.addWidget(self.tables_caption)
        layout.addWidget(self.tables_view, stretch=1)
        layout.addWidget(self.problem)

    def show_counts(self, counts: dict[str, int]) -> None:
        self.counts_model.set_counts(counts)
        self.problem.clear()
        self.problem.setVisible(False)

    def show_problem(self, message: str) -> None:
        self.counts_model.set_counts({})
        self.problem.setText(message)
        self.problem.setVisible(True)
