"""The invoices behind one figure of the cash projection: every expected movement it sums, their
sum (the figure itself), and the same rows exported to Excel or CSV."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
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

from o2c_desktop.app.reports import WarehouseAccess
from o2c_desktop.services.analytics import Report
from o2c_desktop.services.analytics.cashflow import EVENT_COLUMNS, CashEvent, CashWeek
from o2c_desktop.services.analytics.cashflow_report import events_table
from o2c_desktop.services.browse import BrowseTable, TableQuery
from o2c_desktop.services.formats import format_value
from o2c_desktop.ui.column_titles import titles_for
from o2c_desktop.ui.dialog_size import fix_minimum_size
from o2c_desktop.ui.export_bar import ExportBar, ExportJob, ExportOutcome
from o2c_desktop.ui.pages.report_page import export_report
from o2c_desktop.ui.records_model import RecordsModel
from o2c_desktop.ui.workers import JobControl


def concept_words() -> dict[str, str]:
    """The view's concept codes as a clerk reads them."""
    return {
        "cobro_institucion": QCoreApplication.translate("CashEventsDialog", "Cobro institución"),
        "anticipo": QCoreApplication.translate("CashEventsDialog", "Anticipo del factor"),
        "reserva": QCoreApplication.translate("CashEventsDialog", "Reserva del factor"),
        "comision": QCoreApplication.translate("CashEventsDialog", "Comisión del factor"),
    }


def shown_records(events: Sequence[CashEvent]) -> list[dict[str, Any]]:
    words = concept_words()
    return [
        {**event.as_record(), "concept": words.get(event.concept, event.concept)}
        for event in events
    ]


class CashEventsDialog(QDialog):
    def __init__(
        self,
        access: WarehouseAccess,
        report: Report,
        week: CashWeek,
        figure: str,
        events: Sequence[CashEvent],
        parent: QWidget | None = None,
        lang: str = "es",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cashEventsDialog")
        self.setModal(False)
        self.access, self.report, self.lang = access, report, lang
        self.figure, self.week = figure, week
        self.figure_title = titles_for([figure], lang)[0]
        self.setWindowTitle(
            self.tr("{figure} · semana {week} ({start} al {end})").format(
                figure=self.figure_title, week=week.week, start=f"{week.start:%d/%m/%Y}",
                end=f"{week.end:%d/%m/%Y}",
            )
        )  # fmt: skip
        self.records = shown_records(events)
        self.total = sum((event.amount for event in events), Decimal("0.00"))
        self.caption = QLabel(self)
        self.caption.setObjectName("eventsCaption")
        self.caption.setWordWrap(True)
        total = format_value(self.total, "money", lang)
        self.caption.setText(
            self.tr("1 movimiento esperado suma {total}.").format(total=total)
            if len(events) == 1
            else self.tr("{count} movimientos esperados suman {total}.").format(
                count=len(events), total=total
            )
        )
        self.model = RecordsModel(EVENT_COLUMNS, titles_for(EVENT_COLUMNS, lang), self, lang)
        self.model.set_records(self.records)
        self.view = QTableView(self)
        self.view.setObjectName("eventsView")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        # Every title whole and every amount whole: the rows are few, scrolling sideways is fine.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.export_bar = ExportBar(
            access.context.paths.exports_dir, "flujo_de_efectivo_facturas", self._export_job,
            lang, self,
        )  # fmt: skip
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.view, stretch=1)
        layout.addWidget(self.export_bar)
        layout.addWidget(buttons)
        fix_minimum_size(self, layout, 560, 360)
        self.resize(1000, 480)

    def export_parameters(self) -> dict[str, Any]:
        return {
            "semana": self.week.week,
            "desde": self.week.start,
            "hasta": self.week.end,
            "cifra": self.figure_title,
            "suma de la cifra": self.total,
        }

    def _export_job(self) -> ExportJob:
        access, report, lang = self.access, self.report, self.lang
        rows, extra = events_table_of(self.records), self.export_parameters()
        # The weeks' report named for the figure, over these rows (export_report reads them).
        shown = replace(report, title=f"{report.title}: {self.figure_title}",
                        columns=EVENT_COLUMNS, filters={})  # fmt: skip

        def job(target: Path, _control: JobControl) -> ExportOutcome:
            table = BrowseTable(rows, EVENT_COLUMNS)
            return export_report(access, shown, table, TableQuery(), target, lang, extra)

        return job


def events_table_of(records: Sequence[Mapping[str, Any]]) -> Any:
    """The rows as shown (concepts in words) as an Arrow table with exact amounts."""
    return events_table([CashEvent(**record) for record in records])
