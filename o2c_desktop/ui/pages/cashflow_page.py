"""Flujo de efectivo: the cash expected week by week from the cut (as ``o2c cashflow``), a chart of
the same weeks, and the invoices behind any figure (double-click a cell, or «Ver facturas»)."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QWidget

from o2c_desktop.app.reports import LoadedReport
from o2c_desktop.services.analytics.cashflow import (
    DEFAULT_WEEKS,
    FIGURES,
    MAX_WEEKS,
    WEEK_COLUMNS,
    CashWeek,
)
from o2c_desktop.services.analytics.cashflow_report import (
    WEEKS_FILTER,
    CashflowReport,
    weeks_report,
)
from o2c_desktop.ui.chart_data import cash_by_week
from o2c_desktop.ui.dialogs.cash_events_dialog import CashEventsDialog
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.pages.report_page import ReportPage

# The columns whose cells sum invoices; a click elsewhere in a week's row shows its net.
TRACEABLE = (*FIGURES, "net", "running_total")


class CashflowPage(ReportPage):
    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(
            deps, QCoreApplication.translate("CashflowPage", "Flujo de efectivo"),
            build=partial(weeks_report, weeks=DEFAULT_WEEKS), columns=WEEK_COLUMNS,
            state_key="cashflow", file_stem="flujo_de_efectivo",
            chart_title=QCoreApplication.translate(
                "CashflowPage", "Efectivo esperado por semana y acumulado"),
            read_chart=cash_by_week, parent=parent,
        )  # fmt: skip
        self.details: list[CashEventsDialog] = []
        self.weeks_spin = QSpinBox(self)
        self.weeks_spin.setObjectName("weeksSpin")
        self.weeks_spin.setRange(1, MAX_WEEKS)
        self.weeks_spin.setValue(DEFAULT_WEEKS)
        # One read per number the clerk settles on, not one per digit typed.
        self.weeks_spin.setKeyboardTracking(False)
        self.weeks_spin.setToolTip(self.tr("Semanas proyectadas desde el corte (hasta {max}).")
                                   .format(max=MAX_WEEKS))  # fmt: skip
        self.detail_button = QPushButton(self.tr("Ver facturas"), self)
        self.detail_button.setObjectName("showInvoicesButton")
        self.detail_button.setToolTip(
            self.tr("Las facturas detrás de la cifra seleccionada (o doble clic en la celda).")
        )
        self.action_row.insertWidget(1, self.detail_button)
        at = self.action_row.indexOf(self.cut_label)
        self.action_row.insertWidget(at, QLabel(self.tr("Semanas"), self))
        self.action_row.insertWidget(at + 1, self.weeks_spin)
        self.weeks_spin.valueChanged.connect(self._weeks_chosen)
        self.detail_button.clicked.connect(self.show_selected_detail)
        self.table.view.doubleClicked.connect(self.show_detail_at)
        # Ten columns of amounts: each as wide as its title or its amounts need (the first rows
        # widen them), not Qt's default 100 px, so a laptop's screen shows them all.
        header = self.table.view.horizontalHeader()
        header.setDefaultSectionSize(header.minimumSectionSize())

    @property
    def cashflow(self) -> CashflowReport | None:
        return self.report if isinstance(self.report, CashflowReport) else None

    def _weeks_chosen(self, weeks: int) -> None:
        self._build = partial(weeks_report, weeks=weeks)
        self.refresh()

    def _show(self, loaded: LoadedReport) -> None:
        if loaded.report.filters.get(WEEKS_FILTER) != str(self.weeks_spin.value()):
            return  # the clerk chose another number of weeks meanwhile: its read is on its way
        super()._show(loaded)
        projection = self.cashflow.projection if self.cashflow else None
        if projection is not None and not projection.events:
            self.empty_hint.setText(self.tr(
                "Ninguna factura abierta ni operación de factoraje espera cobro a este corte. "
                "Sincronice o importe los reportes (y los de factoraje con «o2c import --kind "
                "factoring») para proyectar el efectivo."))  # fmt: skip
            self.empty_hint.setVisible(True)

    def export_parameters(self) -> dict[str, Any]:
        return {WEEKS_FILTER: self.cashflow.filters[WEEKS_FILTER]} if self.cashflow else {}

    # -- the invoices behind a figure -------------------------------------------------------

    def show_selected_detail(self) -> None:
        index = self.table.view.currentIndex()
        if index.isValid():
            self.show_detail_at(index)

    def show_detail_at(self, index: QModelIndex) -> None:
        model = self.table.model
        row_id = model.row_id(index.row())
        column = model.column_name(index.column())
        if row_id is None or model.table is None:
            return
        record = model.loaded_record(int(row_id)) or model.table.row(int(row_id))
        self.show_detail(int(record["week"]), column if column in TRACEABLE else "net")

    def show_detail(self, week_number: int, figure: str) -> CashEventsDialog | None:
        report = self.cashflow
        if report is None or report.projection is None:
            return None
        projection = report.projection
        week: CashWeek = projection.weeks[week_number - 1]
        events = projection.events_for(week_number, figure)
        dialog = CashEventsDialog(self.access, report, week, figure, events, self, self.lang)
        self.details.append(dialog)
        dialog.finished.connect(lambda _result: self.details.remove(dialog))
        dialog.show()
        return dialog
