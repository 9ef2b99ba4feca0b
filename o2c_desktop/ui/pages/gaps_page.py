"""Folios faltantes: invoice sequence gaps of a day (yesterday by default), a month or a range of
days, as ``o2c gaps --day | --month | --from --to``; the stores with most missing folios, every
range, a chart of the same ranges, and the auditor's CSV or Excel with its manifest beside it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from o2c_desktop.app.gaps import default_day, gap_query, picked_period
from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.errors import UserError
from o2c_desktop.services.browse import BrowseTable
from o2c_desktop.services.gaps.files import export_report
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.services.gaps.report import (
    RANGE_COLUMNS,
    TOP_COLUMNS,
    GapQuery,
    ensure_invoices,
    ranges,
    top_stores,
)
from o2c_desktop.ui import workers
from o2c_desktop.ui.chart_data import BarChartData, missing_in_period
from o2c_desktop.ui.chart_panel import ChartPanel
from o2c_desktop.ui.column_titles import titles_for
from o2c_desktop.ui.export_bar import ExportBar, ExportJob, ExportOutcome
from o2c_desktop.ui.pages.page_base import Page, PageDeps
from o2c_desktop.ui.records_model import RecordsModel
from o2c_desktop.ui.report_table import ReportTable
from o2c_desktop.ui.workers import JobControl


@dataclass(frozen=True)
class GapsRead:
    top: list[dict[str, Any]]
    table: BrowseTable
    by_period: BarChartData


def read_gaps(access: WarehouseAccess, query: GapQuery, top: int) -> GapsRead:
    with access.reading() as con:
        ensure_invoices(con)
        return GapsRead(
            top_stores(con, query, top),
            BrowseTable.from_relation(ranges(con, query), RANGE_COLUMNS),
            missing_in_period(con, query),
        )


def export_auditor_file(
    access: WarehouseAccess, query: GapQuery, target: Path, top: int
) -> ExportOutcome:
    """One row per missing folio, as auditors ask for it, and the manifest beside it; an Excel
    file also has the top stores on its Resumen sheet and the query on Parámetros."""
    with access.reading() as con:
        result = export_report(con, query, target, per_folio=True, top=top)
    return ExportOutcome(result.path, result.rows, result.manifest)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _picked(edit: QDateEdit) -> date:
    chosen = edit.date()
    return date(chosen.year(), chosen.month(), chosen.day())


def period_words(period: Period) -> str:
    """The period as the captions read it: «el 05/12/2026», «de 11/2026», «del … al …»."""
    if period.kind == "day":
        return QCoreApplication.translate("GapsPage", "el {day}").format(
            day=f"{period.start:%d/%m/%Y}"
        )
    if period.kind == "month":
        return QCoreApplication.translate("GapsPage", "de {month}").format(
            month=f"{period.start:%m/%Y}"
        )
    return QCoreApplication.translate("GapsPage", "del {start} al {end}").format(
        start=f"{period.start:%d/%m/%Y}", end=f"{period.end:%d/%m/%Y}"
    )


class GapsPage(Page):
    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, self.tr("Folios faltantes"), parent)
        self.query: GapQuery | None = None
        yesterday = default_day(self.context.settings.general.timezone)
        self.period_kind = QComboBox(self)
        self.period_kind.setObjectName("gapPeriodKind")
        for label, kind in ((self.tr("Día"), "day"), (self.tr("Mes"), "month"),
                            (self.tr("Rango de días"), "range")):  # fmt: skip
            self.period_kind.addItem(label, kind)
        self.day_edit = self._date_edit("gapDay", "dd/MM/yyyy", yesterday)
        self.month_edit = self._date_edit("gapMonth", "MM/yyyy", yesterday)
        self.from_edit = self._date_edit("gapFrom", "dd/MM/yyyy", yesterday.replace(day=1))
        self.to_edit = self._date_edit("gapTo", "dd/MM/yyyy", yesterday)
        self.to_label = QLabel(self.tr("al"), self)
        self.show_button = QPushButton(self.tr("Consultar"), self)
        self.show_button.setObjectName("showGapsButton")
        self.problem = self.note_label("pageProblem")
        self.top_caption = QLabel(self)
        self.top_caption.setObjectName("topCaption")
        self.top_model = RecordsModel(
            TOP_COLUMNS, titles_for(TOP_COLUMNS, self.lang), self, self.lang
        )
        self.top_view = QTableView(self)
        self.top_view.setObjectName("topStoresView")
        self.top_view.setModel(self.top_model)
        self.top_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.top_view.verticalHeader().setVisible(False)
        self.top_view.setMaximumHeight(180)
        self.chart = ChartPanel(self.tr("Folios faltantes"), "gapsChart", self)
        self.table = ReportTable(
            self.context, "gaps", titles_for(RANGE_COLUMNS, self.lang), self, self.lang
        )
        self.export_bar = ExportBar(
            self.context.paths.exports_dir / "folios_faltantes", "folios_faltantes",
            self._export_job, self.lang, self,
        )  # fmt: skip
        self.export_bar.csv_button.setText(self.tr("Exportar CSV para auditoría"))
        self.export_bar.excel_button.setText(self.tr("Exportar Excel para auditoría"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Periodo"), self))
        row.addWidget(self.period_kind)
        for edit in (self.day_edit, self.month_edit, self.from_edit, self.to_label, self.to_edit):
            row.addWidget(edit)
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
        self.period_kind.currentIndexChanged.connect(self._show_period_inputs)
        self._show_period_inputs()

    def _date_edit(self, name: str, display: str, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setObjectName(name)
        edit.setDisplayFormat(display)
        edit.setCalendarPopup(True)
        return edit

    def _show_period_inputs(self) -> None:
        kind = self.period_kind.currentData()
        self.day_edit.setVisible(kind == "day")
        self.month_edit.setVisible(kind == "month")
        for edit in (self.from_edit, self.to_label, self.to_edit):
            edit.setVisible(kind == "range")

    def chosen_period(self) -> Period:
        """The period the inputs name, checked as ``o2c gaps`` checks its options."""
        return picked_period(
            self.period_kind.currentData(),
            day=_picked(self.day_edit),
            month=_picked(self.month_edit),
            date_from=_picked(self.from_edit),
            date_to=_picked(self.to_edit),
        )

    def refresh(self) -> None:
        settings = self.context.settings.gaps
        try:
            period = self.chosen_period()
        except UserError as error:
            self._failed(error)
            return
        query = gap_query(period, settings, self.context.settings.general.timezone)
        access, top = self.access, settings.top
        self.show_button.setEnabled(False)
        workers.start(
            lambda _c: read_gaps(access, query, top),
            name="read gaps",
            on_returned=lambda result: self._show(query, result),
            on_errored=self._failed,
        )

    def _show(self, query: GapQuery, result: GapsRead) -> None:
        top = result.top
        self.query = query
        self.show_button.setEnabled(True)
        self.problem.setVisible(False)
        named = period_words(query.period)
        self.top_caption.setText(
            self.tr("Tiendas con más folios faltantes {period}:").format(period=named)
            if top else self.tr("Sin folios faltantes {period}.").format(period=named)
        )  # fmt: skip
        self.top_model.set_records(top)
        self.table.set_table(result.table)
        self.chart.chart().setTitle(
            self.tr("Folios faltantes {period} por tienda").format(period=named)
            if query.period.kind == "day"
            else self.tr("Folios faltantes {period}").format(period=named)
        )
        self.chart.plot(result.by_period)
        # an empty chart beside the words saying there is nothing only looks broken
        self.chart.setVisible(bool(result.by_period.categories))

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

        top = self.context.settings.gaps.top

        def job(target: Path, _control: JobControl) -> ExportOutcome:
            return export_auditor_file(access, query, target, top)

        return job

    def save_state(self) -> None:
        self.table.save_columns()
