"""A page over one analytics report: read once off the GUI thread into a browsable copy, then
filtered, sorted and exported (current filter and sort) through the export services. What is
read and kept (the report cache) and what an export writes are decided in ``app.reports``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from o2c_desktop.app.reports import (
    ChartReader,
    ExtraReader,
    LoadedReport,
    ReportBuilder,
    WarehouseAccess,
    export_shown_rows,
    load_report,
    picked_cut,
    warm_report,
)
from o2c_desktop.errors import UserError
from o2c_desktop.services.analytics import Cut, Report, make_cut
from o2c_desktop.services.browse import BrowseTable, TableQuery
from o2c_desktop.ui import workers
from o2c_desktop.ui.chart_panel import ChartPanel
from o2c_desktop.ui.column_titles import titles_for
from o2c_desktop.ui.export_bar import ExportBar, ExportJob, ExportOutcome
from o2c_desktop.ui.pages.page_base import Page, PageDeps
from o2c_desktop.ui.report_table import ReportTable
from o2c_desktop.ui.workers import JobControl


def export_report(
    access: WarehouseAccess, report: Report, table: BrowseTable, query: TableQuery, target: Path,
    lang: str = "es", extra_parameters: Mapping[str, Any] | None = None,
) -> ExportOutcome:  # fmt: skip
    """The rows the clerk sees (filter and sort), as the export bar reports them."""
    result = export_shown_rows(access, report, table, query, target, lang, extra_parameters)
    return ExportOutcome(result.path, result.rows, result.manifest)


class ReportPage(Page):
    def __init__(
        self,
        deps: PageDeps,
        title: str,
        *,
        build: ReportBuilder,
        columns: Sequence[str],
        state_key: str,
        file_stem: str,
        chart_title: str | None = None,
        read_chart: ChartReader | None = None,
        read_extra: ExtraReader | None = None,
        warm_after_sync: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(deps, title, parent)
        self._build = build
        self._warm_after_sync = warm_after_sync
        self._read_chart = read_chart
        self._read_extra = read_extra
        self.chart: ChartPanel | None = None
        if read_chart is not None:
            self.chart = ChartPanel(chart_title or title, f"{state_key}Chart", self)
        self._columns = list(columns)
        self.report: Report | None = None
        self.refresh_button = QPushButton(self.tr("Actualizar"), self)
        self.refresh_button.setObjectName("refreshButton")
        self.cut_label = QLabel(self)
        self.cut_label.setObjectName("cutLabel")
        today = self._today()
        self.cut_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.cut_edit.setObjectName("cutEdit")
        self.cut_edit.setDisplayFormat("dd/MM/yyyy")
        self.cut_edit.setCalendarPopup(True)
        self.cut_edit.setToolTip(
            self.tr("Calcula el reporte con lo que se sabía al final de ese día (como --as-of).")
        )
        self.empty_hint = self.note_label("emptyHint")
        self.problem = self.note_label("pageProblem")
        self.table = ReportTable(
            self.context, state_key, titles_for(columns, self.lang), self, self.lang
        )
        self.export_bar = ExportBar(
            self.context.paths.exports_dir, file_stem, self._export_job, self.lang, self
        )
        self.action_row = QHBoxLayout()
        self.action_row.addWidget(self.refresh_button)
        self.action_row.addWidget(QLabel(self.tr("Corte"), self))
        self.action_row.addWidget(self.cut_edit)
        self.action_row.addWidget(self.cut_label)
        self.action_row.addStretch(1)
        self.body.addLayout(self.action_row)
        self.body.addWidget(self.problem)
        self.body.addWidget(self.empty_hint)
        if self.chart is not None:
            self.body.addWidget(self.chart, stretch=2)
        self.body.addWidget(self.table, stretch=3)
        self.body.addWidget(self.export_bar)
        self.refresh_button.clicked.connect(self.refresh)
        self.cut_edit.dateChanged.connect(self.refresh)

    def _today(self) -> date:
        return make_cut(None, self.context.settings.general.timezone).as_of_date

    def chosen_cut(self) -> Cut:
        """The cut the picker names (``app.reports.picked_cut``)."""
        chosen = self.cut_edit.date().toPython()
        assert isinstance(chosen, date)
        return picked_cut(chosen, self.context.settings.general.timezone)

    def refresh(self) -> None:
        cut = self.chosen_cut()
        settings, access, build = self.context.settings.analytics, self.access, self._build
        columns, read_chart, name = self._columns, self._read_chart, self.table.state_key
        read_extra = self._read_extra
        self.refresh_button.setEnabled(False)
        workers.start(
            lambda _control: load_report(
                access, build, columns, cut, settings, read_chart, name, read_extra
            ),
            name=f"load {self.table.state_key}",
            on_returned=self._show,
            on_errored=self._failed,
        )

    def invalidate(self) -> None:
        super().invalidate()
        if self._warm_after_sync and not self.isVisible():
            # Computed now, in the background, so that opening the page after a sync is instant.
            cut = make_cut(None, self.context.settings.general.timezone)
            settings, access, build = self.context.settings.analytics, self.access, self._build
            columns, name = self._columns, self.table.state_key
            workers.start(
                lambda _control: warm_report(access, build, columns, cut, settings, name),
                name=f"warm {name}",
            )

    def _show(self, loaded: LoadedReport) -> None:
        if loaded.report.cut.as_of_date != self.cut_edit.date().toPython():
            return  # the clerk picked another date meanwhile: its own read is on its way
        self.report = loaded.report
        self.refresh_button.setEnabled(True)
        self.problem.setVisible(False)
        cut = self.report.cut
        self.cut_label.setText(
            self.tr("con lo cargado hasta el final del {date}").format(
                date=f"{cut.as_of_date:%d/%m/%Y}"
            )
            if cut.historical
            else self.tr("con todo lo cargado")
        )
        self.table.set_table(loaded.table)
        self.empty_hint.setVisible(loaded.table.total_rows == 0)
        self.empty_hint.setText(self._empty_text(loaded.nothing_loaded))
        if self.chart is not None and loaded.chart is not None:
            self.chart.plot(loaded.chart)
        if loaded.extra is not None:
            self.show_extra(loaded.extra)
        keep = loaded.keep
        if keep is not None:
            workers.start(lambda _control: keep(), name=f"cache {self.table.state_key}")

    def show_extra(self, extra: Any) -> None:
        """Show what the page's ExtraReader read (pages with a summary panel override it)."""

    def _empty_text(self, nothing_loaded: bool) -> str:
        if nothing_loaded:
            return self.tr(
                "El almacén aún no tiene datos. Use «Sincronizar portales» para descargar los "
                "reportes, o importe archivos con «o2c import ARCHIVO» (o «o2c demo» para "
                "probar con datos de ejemplo)."
            )
        return self.tr(
            "No hay renglones para este corte. Pruebe una fecha de corte posterior o "
            "sincronice para traer datos nuevos."
        )

    def _failed(self, error: object) -> None:
        self.refresh_button.setEnabled(True)
        if isinstance(error, UserError):
            self.problem.setText(error.message(self.lang))
        else:
            self.problem.setText(self.tr("No se pudo leer el reporte; vea el detalle del error."))
        self.problem.setVisible(True)

    def _export_job(self) -> ExportJob | None:
        report, table, access, lang = self.report, self.table.model.table, self.access, self.lang
        if report is None or table is None:
            return None
        query, extra = self.table.current_query(), self.export_parameters()

        def job(target: Path, _control: JobControl) -> ExportOutcome:
            return export_report(access, report, table, query, target, lang, extra)

        return job

    def export_parameters(self) -> dict[str, Any]:
        """What the export's parameters name beyond the cut and the filters (pages with more
        choices than the cut override it)."""
        return {}

    def save_state(self) -> None:
        self.table.save_columns()
