"""Folios faltantes: invoice sequence gaps of a day (yesterday by default), the stores with most
missing folios, every range, and the auditor's CSV with its manifest beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.services.browse import BrowseTable
from o2c_desktop.services.gaps.files import export_report
from o2c_desktop.services.gaps.periods import Period, local_now
from o2c_desktop.services.gaps.report import (
    RANGE_COLUMNS,
    TOP_COLUMNS,
    GapQuery,
    ensure_invoices,
    ranges,
    top_stores,
)
from o2c_desktop.settings import GapsSettings
from o2c_desktop.ui import workers
from o2c_desktop.ui.chart_data import BarChartData, missing_by_month
from o2c_desktop.ui.chart_panel import ChartPanel
from o2c_desktop.ui.column_titles import titles_for
from o2c_desktop.ui.export_bar import ExportBar, ExportJob, ExportOutcome
from o2c_desktop.ui.pages.page_base import Page
from o2c_desktop.ui.records_model import RecordsModel
from o2c_desktop.ui.report_table import ReportTable
from o2c_desktop.ui.warehouse_reader import WarehouseAccess
from o2c_desktop.ui.workers import JobControl


def gap_query(day: date, settings: GapsSettings, timezone: str) -> GapQuery:
    return GapQuery(
        Period("day", day, day), local_now(timezone), rule=settings.period_rule,
        basis=settings.day_basis,
    )  # fmt: skip


@dataclass(frozen=True)
class GapsRead:
    top: list[dict[str, Any]]
    table: BrowseTable
    by_month: BarChartData


def read_gaps(access: WarehouseAccess, query: GapQuery, top: int, history_start: str) -> GapsRead:
    with access.reading() as con:
        ensure_invoices(con)
        return GapsRead(
            top_stores(con, query, top),
            BrowseTable.from_relation(ranges(con, query), RANGE_COLUMNS),
            missing_by_month(con, query, history_start),
        )


def export_auditor_csv(access: WarehouseAccess, query: GapQuery, target: Path) -> ExportOutcome:
    """One row per missing folio, as auditors ask for it, and the manifest beside it."""
    with access.reading() as con:
        result = export_report(con, query, target, per_folio=True)
    return ExportOutcome(result.path, result.rows, result.manifest)


class GapsPage(Page):
    def __init__(
        self,
        context: AppContext,
        access: WarehouseAccess,
        lang: str = "es",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, access, self.tr("Folios faltantes"), lang, parent)
        self.query: GapQuery | None = None
        yesterday = local_now(context.settings.general.timezone).date() - timedelta(days=1)
        self.day_edit = QDateEdit(self)
        self.day_edit.setObjectName("gapDay")
        self.day_edit.setDisplayFormat("dd/MM/yyyy")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
        self.show_button = QPushButton(self.tr("Consultar"), self)
        self.show_button.setObjectName("showGapsButton")
        self.problem = QLabel(self)
        self.problem.setObjectName("pageProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        self.top_caption = QLabel(self)
        self.top_caption.setObjectName("topCaption")
        self.top_model = RecordsModel(TOP_COLUMNS, titles_for(TOP_COLUMNS, lang), self, lang)
        self.top_view = QTableView(self)
        self.top_view.setObjectName("topStoresView")
        self.top_view.setModel(self.top_model)
        self.top_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.top_view.verticalHeader().setVisible(False)
        self.top_view.setMaximumHeight(180)
        self.chart = ChartPanel(self.tr("Folios aún faltantes por mes"), "gapsByMonthChart", self)
        self.table = ReportTable(context, "gaps", titles_for(RANGE_COLUMNS, lang), self, lang)
        self.export_bar = ExportBar(
            context.paths.exports_dir / "folios_faltantes", "folios_faltantes",
            self._export_job, lang, self,
        )  # fmt: skip
        self.export_bar.excel_button.setVisible(False)  # auditors take the CSV + manifest
        self.export_bar.csv_button.setText(self.tr("Exportar CSV para auditoría"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Día"), self))
        row.addWidget(self.day_edit)
        row.addWidget(self.show_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addWidget(self.problem)
        self.body.addWidget(self.top_caption)
        self.body.addWidget(self.top_view)
        self.body.addWidget(self.chart, stretch=1)
        self.body.addWidget(QLabel(self.tr("Rangos de folios faltantes:"), self))
        self.body.addWidget(self.table, stretch=1)
        self.body.addWidget(self.export_bar)
        self.show_button.clicked.connect(self.refresh)

    def refresh(self) -> None:
        settings = self.context.settings.gaps
        chosen = self.day_edit.date()
        day = date(chosen.year(), chosen.month(), chosen.day())
        query = gap_query(day, settings, self.context.settings.general.timezone)
        access, top, history_start = self.access, settings.top, settings.history_start
        self.show_button.setEnabled(False)
        workers.start(
            lambda _c: read_gaps(access, query, top, history_start),
            name="read gaps",
            on_returned=lambda result: self._show(query, result),
            on_errored=self._failed,
        )

    def _show(self, query: GapQuery, result: GapsRead) -> None:
        top = result.top
        self.query = query
        self.show_button.setEnabled(True)
        self.problem.setVisible(False)
        self.top_caption.setText(
            self.tr("Tiendas con más folios faltantes el {day}:").format(
                day=f"{query.period.start:%d/%m/%Y}")
            if top else self.tr("Sin folios faltantes el {day}.").format(
                day=f"{query.period.start:%d/%m/%Y}")
        )  # fmt: skip
        self.top_model.set_records(top)
        self.table.set_table(result.table)
        self.chart.plot(result.by_month)

    def _failed(self, error: object) -> None:
        self.show_button.setEnabled(True)
        if isinstance(error, UserError):
            self.problem.setText(error.message(self.lang))
        else:
            self.problem.setText(self.tr("No se pudieron leer los folios; vea el error."))
        self.problem.setVisible(True)

    def _export_job(self) -> ExportJob | None:
        query, access = self.query, self.access
        if query is None:
            return None

        def job(target: Path, _control: JobControl) -> ExportOutcome:
            return export_auditor_csv(access, query, target)

        return job

    def save_state(self) -> None:
        self.table.save_columns()
