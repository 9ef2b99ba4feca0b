"""The receivables figures the CLI prints beside the open items (``o2c receivables --view dso |
states | collections``), shown above the page's table for the same cut: one tab each, so that
every table has the page's whole width and no column title is cut on a laptop's screen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from o2c_desktop.services.analytics import receivables as receivables_service
from o2c_desktop.services.analytics.asof import Cut
from o2c_desktop.settings import AnalyticsSettings
from o2c_desktop.ui.column_titles import titles_for
from o2c_desktop.ui.records_model import RecordsModel

DSO_COLUMNS = ("institucion", "por_cobrar", "facturado_90_dias", "dso_dias")
COLLECTION_COLUMNS = ("semana", "institucion", "facturas", "importe")
PANEL_MAX_HEIGHT = 130


@dataclass(frozen=True)
class ReceivablesFigures:
    dso: list[dict[str, Any]]
    states: list[dict[str, Any]]
    collections: list[dict[str, Any]]


def read_receivables_figures(
    con: duckdb.DuckDBPyConnection, cut: Cut, settings: AnalyticsSettings
) -> ReceivablesFigures:
    return ReceivablesFigures(
        receivables_service.dso(con, cut, settings),
        receivables_service.state_days_summary(con, cut, settings),
        receivables_service.expected_collections(con, cut, settings),
    )


class ReceivablesSummary(QWidget):
    def __init__(self, lang: str = "es", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receivablesSummary")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("receivablesFigureTabs")
        self.dso_model = self._panel(self.tr("DSO por institución"), DSO_COLUMNS, lang, "dsoView")
        self.states_model = self._panel(
            self.tr("Días por estado de contrarecibo"),
            receivables_service.STATE_SUMMARY_COLUMNS,
            lang,
            "stateDaysView",
        )
        self.collections_model = self._panel(
            self.tr("Cobranza esperada por semana"), COLLECTION_COLUMNS, lang, "collectionsView"
        )
        # as high as a table of a few rows, leaving the rest to the chart and the open items
        self.tabs.setMaximumHeight(PANEL_MAX_HEIGHT + self.tabs.tabBar().sizeHint().height() + 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _panel(
        self, caption: str, columns: Sequence[str], lang: str, object_name: str
    ) -> RecordsModel:
        model = RecordsModel(columns, titles_for(columns, lang), self, lang)
        view = QTableView(self.tabs)
        view.setObjectName(object_name)
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.setMaximumHeight(PANEL_MAX_HEIGHT)
        self.tabs.addTab(view, caption)
        return model

    def show_figures(self, figures: ReceivablesFigures) -> None:
        self.dso_model.set_records(figures.dso)
        self.states_model.set_records(figures.states)
        self.collections_model.set_records(figures.collections)
