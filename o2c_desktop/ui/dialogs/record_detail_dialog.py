"""The detail of one reconciliation record: every field of its chain and the archived files
each link was loaded from."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.services.analytics import Cut
from o2c_desktop.services.analytics.lineage import SourceFile, chain_sources
from o2c_desktop.ui import workers
from o2c_desktop.ui.cell_format import display_text
from o2c_desktop.ui.column_titles import column_titles
from o2c_desktop.ui.dialog_size import fix_minimum_size


class RecordDetailDialog(QDialog):
    def __init__(
        self,
        access: WarehouseAccess,
        cut: Cut,
        record: dict[str, Any],
        parent: QWidget | None = None,
        lang: str = "es",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordDetailDialog")
        self.setModal(False)
        self.record = record
        title = self.tr("Orden {order} · alta {alta}").format(
            order=record.get("no_orden") or "—", alta=record.get("no_alta") or "—"
        )
        self.setWindowTitle(title)
        titles = column_titles(lang)
        fields = QWidget(self)
        form = QFormLayout(fields)
        self.values: dict[str, QLabel] = {}
        for name, value in record.items():
            label = QLabel(display_text(value, name, lang), fields)
            label.setObjectName(f"field_{name}")
            self.values[name] = label
            form.addRow(titles.get(name, name), label)
        scroll = QScrollArea(self)
        scroll.setWidget(fields)
        scroll.setWidgetResizable(True)

        self.sources_caption = QLabel(self.tr("Archivos de origen: consultando…"), self)
        self.sources_caption.setObjectName("sourcesCaption")
        # Small, fixed and read once: a QTableWidget is fine here (no model over live data).
        self.sources = QTableWidget(0, 4, self)
        self.sources.setObjectName("sourcesTable")
        self.sources.setHorizontalHeaderLabels(
            [self.tr("Eslabón"), self.tr("Archivo"), self.tr("Renglón"), self.tr("SHA-256")]
        )
        self.sources.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sources.verticalHeader().setVisible(False)
        self.sources.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, stretch=2)
        layout.addWidget(self.sources_caption)
        layout.addWidget(self.sources, stretch=1)
        layout.addWidget(buttons)
        fix_minimum_size(self, layout, 480, 400)
        self.resize(720, 640)
        workers.start(
            lambda _control: _read_sources(access, cut, record),
            name="chain sources",
            on_returned=self._show_sources,
            on_errored=lambda _error: self.sources_caption.setText(
                self.tr("Archivos de origen: no se pudieron leer.")
            ),
        )

    def _show_sources(self, sources: list[SourceFile]) -> None:
        self.sources_caption.setText(
            self.tr("Archivos de origen ({count}):").format(count=len(sources))
        )
        self.sources.setRowCount(len(sources))
        for row, source in enumerate(sources):
            cells = [source.stage, source.original_name, display_text(source.source_row),
                     source.sha256[:16]]  # fmt: skip
            for column, text in enumerate(cells):
                self.sources.setItem(row, column, QTableWidgetItem(text))

    def source_rows(self) -> list[list[str]]:
        rows = []
        for r in range(self.sources.rowCount()):
            items = [self.sources.item(r, c) for c in range(self.sources.columnCount())]
            rows.append([item.text() if item is not None else "" for item in items])
        return rows


def _read_sources(access: WarehouseAccess, cut: Cut, record: dict[str, Any]) -> list[SourceFile]:
    with access.reading() as con:
        return chain_sources(con, cut, record)
