"""Conciliación: the whole chain order → alta → invoice → contrarecibo → payment, one record
per row, with filters, sort, exports and the detail of a row (its chain and source files)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton, QWidget

from o2c_desktop.services.analytics import reconcile as reconcile_service
from o2c_desktop.ui.dialogs.record_detail_dialog import RecordDetailDialog
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.pages.report_page import ReportPage


class ReconciliationPage(ReportPage):
    def __init__(self, deps: PageDeps, parent: QWidget | None = None) -> None:
        super().__init__(
            deps,
            QCoreApplication.translate("ReconciliationPage", "Conciliación"),
            build=reconcile_service.chain,
            columns=reconcile_service.COLUMNS,
            state_key="reconciliation",
            file_stem="conciliacion",
            warm_after_sync=True,
            parent=parent,
        )
        self.details: list[RecordDetailDialog] = []
        self.detail_button = QPushButton(self.tr("Ver detalle"), self)
        self.detail_button.setObjectName("detailButton")
        self.action_row.insertWidget(1, self.detail_button)
        self.detail_button.clicked.connect(self.show_selected_detail)
        self.table.row_activated.connect(self.show_detail)

    def show_selected_detail(self) -> None:
        row_id = self.table.selected_row_id()
        if row_id is not None:
            self.show_detail(int(row_id))

    def show_detail(self, row_id: int) -> None:
        table, report = self.table.model.table, self.report
        if table is None or report is None:
            return
        record = self.table.model.loaded_record(row_id) or table.row(row_id)
        dialog = RecordDetailDialog(self.access, report.cut, record, self, self.lang)
        self.details.append(dialog)
        dialog.finished.connect(lambda _result: self.details.remove(dialog))
        dialog.show()
