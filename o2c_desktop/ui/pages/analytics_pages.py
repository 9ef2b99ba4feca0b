"""Cuentas por cobrar, Contratos and Logística: analytics reports as browsable tables."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from o2c_desktop.services.analytics import contracts as contracts_service
from o2c_desktop.services.analytics import logistics as logistics_service
from o2c_desktop.services.analytics import receivables as receivables_service
from o2c_desktop.ui.chart_data import aging_by_bucket, contract_burn, otif_by_week
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.pages.report_page import ReportPage
from o2c_desktop.ui.receivables_summary import ReceivablesSummary, read_receivables_figures


class ReceivablesPage(ReportPage):
    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(
            deps, QCoreApplication.translate("ReceivablesPage", "Cuentas por cobrar"),
            build=receivables_service.open_items, columns=receivables_service.COLUMNS,
            state_key="receivables", file_stem="cuentas_por_cobrar",
            chart_title=QCoreApplication.translate(
                "ReceivablesPage", "Saldo abierto por tramo de vencimiento"),
            read_chart=aging_by_bucket, read_extra=read_receivables_figures, parent=parent,
        )  # fmt: skip
        self.summary = ReceivablesSummary(deps.lang, self)
        # The figures first, then the chart and the open items they sum up.
        self.body.insertWidget(self.body.indexOf(self.empty_hint) + 1, self.summary)

    def show_extra(self, extra: Any) -> None:
        self.summary.show_figures(extra)


class ContractsPage(ReportPage):
    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(
            deps, QCoreApplication.translate("ContractsPage", "Contratos"),
            build=contracts_service.balances, columns=contracts_service.TABLE_COLUMNS,
            state_key="contracts", file_stem="contratos",
            chart_title=QCoreApplication.translate(
                "ContractsPage", "Renglones de contrato más cerca de su máximo (piezas)"),
            read_chart=contract_burn, parent=parent,
        )  # fmt: skip


class LogisticsPage(ReportPage):
    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        columns = (*logistics_service.GROUPINGS["semana"], *logistics_service.KPI_COLUMNS)
        super().__init__(
            deps, QCoreApplication.translate("LogisticsPage", "Logística"),
            build=lambda con, cut, settings: logistics_service.kpis(con, cut, settings, "semana"),
            columns=columns, state_key="logistics", file_stem="logistica",
            chart_title=QCoreApplication.translate(
                "LogisticsPage", "OTIF por proveedor y semana (%)"),
            read_chart=otif_by_week, parent=parent,
        )  # fmt: skip
