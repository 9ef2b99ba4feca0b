"""The main window: a list of pages on the left, the chosen page on the right, menus, and a
status bar with the warehouse's state. Messages and errors from any thread arrive here through
the message bridge."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from o2c_desktop import __version__
from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.services.status import WarehouseStatus
from o2c_desktop.ui import message_bridge
from o2c_desktop.ui.error_dialog import ErrorDialog
from o2c_desktop.ui.message_bridge import Message
from o2c_desktop.ui.page_specs import PAGE_SPECS, LazyPage, page_shortcuts
from o2c_desktop.ui.pages.home_page import HomePage
from o2c_desktop.ui.pages.page_base import Page, PageDeps
from o2c_desktop.ui.scheduler_host import SchedulerHost
from o2c_desktop.ui.ui_state import ui_settings

if TYPE_CHECKING:
    from o2c_desktop.ui.dialogs.credentials_dialog import CredentialsDialog
    from o2c_desktop.ui.dialogs.diagnostics_dialog import DiagnosticsDialog
    from o2c_desktop.ui.pages.analytics_pages import ContractsPage, LogisticsPage, ReceivablesPage
    from o2c_desktop.ui.pages.cashflow_page import CashflowPage
    from o2c_desktop.ui.pages.gaps_page import GapsPage
    from o2c_desktop.ui.pages.reconciliation_page import ReconciliationPage
    from o2c_desktop.ui.pages.runs_page import RunsPage
    from o2c_desktop.ui.pages.schedules_page import SchedulesPage
    from o2c_desktop.ui.pages.settings_page import SettingsPage
    from o2c_desktop.ui.pages.sync_page import SyncPage

log = logging.getLogger(__name__)

_GEOMETRY_KEY = "main_window/geometry"
_PAGE_KEY = "main_window/page"
STATUS_MESSAGE_MS = 8000


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: AppContext,
        *,
        lang: str = "es",
        status: WarehouseStatus | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``status`` is the first reading, already taken by whoever had to see it succeed."""
        super().__init__(parent)
        self.context = context
        self.lang = lang
        # The one access every page reads and writes the warehouse through.
        self.page_deps = PageDeps.for_context(context, lang)
        self.access = self.page_deps.access
        self.status: WarehouseStatus | None = None
        self.error_dialogs: list[ErrorDialog] = []
        self.credentials_dialog: CredentialsDialog | None = None
        self.diagnostics_dialog: DiagnosticsDialog | None = None
        self.status_problem: str | None = None  # why the last status reading failed
        self.setWindowTitle(self.tr("o2c_desktop — Orden a Cobro"))
        # Started on first show, so a window built only to be inspected hosts nothing.
        self.scheduler_host = SchedulerHost(context)

        # Only Inicio is built now; every other page is built the first time it is shown, so
        # the window appears before the modules behind the reports are even imported.
        self.home_page = HomePage(self.page_deps, self)
        self._built: list[Page | None] = [self.home_page] + [None] * (len(PAGE_SPECS) - 1)

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("pageList")
        for spec in PAGE_SPECS:
            self.navigation.addItem(
                QListWidgetItem(self.style().standardIcon(spec.icon), spec.title())
            )
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.home_page)
        for _spec in PAGE_SPECS[1:]:
            self.stack.addWidget(QWidget(self.stack))
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, stretch=1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self.show_page)
        self.home_page.open_requested.connect(self.open_filtered)

        self.warehouse_label = QLabel(self)
        self.warehouse_label.setObjectName("warehouseStatusLabel")
        # A long path must not force the window wider than the screen.
        self.warehouse_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.warehouse_label, stretch=1)

        self._build_menus()
        # Settle the layout (and so the minimum size) before the native window exists: restoring
        # the geometry then respects it, and the platform is not told of a change right after
        # showing, which platforms without size hints (offscreen) report as a warning.
        window_layout = self.layout()
        assert window_layout is not None  # a QMainWindow always has its own layout
        window_layout.activate()
        self._restore_geometry()
        if status is None:
            self.refresh_status()
        else:
            self._show_status(status)
        saved_page = str(ui_settings(context).value(_PAGE_KEY, 0))
        chosen = int(saved_page) if saved_page.isdigit() else 0
        self.navigation.setCurrentRow(chosen if chosen < len(PAGE_SPECS) else 0)
        bridge = message_bridge.bridge()
        if bridge is not None:
            bridge.attach(self.show_message)

    # -- building ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Archivo"))
        self.credentials_action = QAction(self.tr("&Credenciales de portales…"), self)
        self.credentials_action.triggered.connect(self.show_credentials)
        file_menu.addAction(self.credentials_action)
        self.quit_action = QAction(self.tr("&Salir"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&Ver"))
        self.refresh_action = QAction(self.tr("&Actualizar"), self)
        # F5 everywhere: the key clerks already press in their browsers and Excel.
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.triggered.connect(self.refresh)
        view_menu.addAction(self.refresh_action)
        self.find_action = QAction(self.tr("&Buscar en la tabla"), self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        view_menu.addAction(self.find_action)
        self.export_action = QAction(self.tr("&Exportar lo que se ve"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_shown)
        view_menu.addAction(self.export_action)
        # Ctrl+1 … Ctrl+9 and Ctrl+0 open the pages in list order, Ctrl+, the settings (as in
        # browsers and editors); the list's tooltips say so.
        self.page_actions: list[QAction] = []
        for row, keys in page_shortcuts():
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, row=row: self.show_page(row))
            self.addAction(action)
            self.page_actions.append(action)
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self.navigation.item(row).setToolTip(shortcut)

        help_menu = self.menuBar().addMenu(self.tr("A&yuda"))
        self.diagnostics_action = QAction(self.tr("&Diagnóstico…"), self)
        self.diagnostics_action.triggered.connect(self.show_diagnostics)
        help_menu.addAction(self.diagnostics_action)
        self.about_action = QAction(self.tr("&Acerca de"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    # -- pages ------------------------------------------------------------------------------

    sync_page: LazyPage[SyncPage] = LazyPage()
    reconciliation_page: LazyPage[ReconciliationPage] = LazyPage()
    receivables_page: LazyPage[ReceivablesPage] = LazyPage()
    cashflow_page: LazyPage[CashflowPage] = LazyPage()
    contracts_page: LazyPage[ContractsPage] = LazyPage()
    logistics_page: LazyPage[LogisticsPage] = LazyPage()
    gaps_page: LazyPage[GapsPage] = LazyPage()
    runs_page: LazyPage[RunsPage] = LazyPage()
    schedules_page: LazyPage[SchedulesPage] = LazyPage()
    settings_page: LazyPage[SettingsPage] = LazyPage()

    def page_at(self, row: int) -> Page:
        """The page in row ``row`` of the list, built now if it never was."""
        page = self._built[row]
        if page is None:
            page = PAGE_SPECS[row].build(self)
            placeholder = self.stack.widget(row)
            assert placeholder is not None  # every row has a page or its placeholder
            current = self.stack.currentIndex()
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.insertWidget(row, page)
            self.stack.setCurrentIndex(current)
            self._built[row] = page
            self._connect_page(PAGE_SPECS[row].key, page)
        return page

    def page_named(self, key: str) -> Page:
        return self.page_at(self._row_of(key))

    @property
    def pages(self) -> list[Page]:
        """Every page, building those never shown."""
        return [self.page_at(row) for row in range(len(PAGE_SPECS))]

    def built_pages(self) -> list[Page]:
        return [page for page in self._built if page is not None]

    def _connect_page(self, key: str, page: Page) -> None:
        if key == "settings":
            page.credentials_button.clicked.connect(self.show_credentials)  # type: ignore[attr-defined]
        elif key == "sync":
            page.sync_finished.connect(self._after_sync)  # type: ignore[attr-defined]

    def show_page(self, row: int) -> None:
        if not 0 <= row < len(PAGE_SPECS):
            return
        page = self.page_at(row)
        self.stack.setCurrentIndex(row)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)
        page.page_shown()

    def open_filtered(self, key: str, contains: dict[str, str]) -> None:
        """A card of Inicio: its page, showing only the rows it summarised where the page's
        table can filter by that column."""
        row = self._row_of(key)
        self.show_page(row)
        table = getattr(self.page_at(row), "table", None)
        if contains and table is not None:
            table.show_only(contains)

    def current_page(self) -> Page:
        return self.page_at(self.stack.currentIndex())

    def focus_search(self) -> None:
        """Ctrl+F: the search box of the table in front, if the page has one."""
        table = getattr(self.current_page(), "table", None)
        search = getattr(table, "filter_edit", None)
        if search is not None:
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            search.selectAll()

    def export_shown(self) -> None:
        """Ctrl+E: export what the page in front shows, in the first format it offers."""
        bar = getattr(self.current_page(), "export_bar", None)
        if bar is None:
            return
        button = bar.excel_button if not bar.excel_button.isHidden() else bar.csv_button
        if button.isEnabled():
            button.click()

    def refresh(self) -> None:
        """F5: the status bar and the page in front."""
        self.refresh_status()
        self.current_page().refresh()

    def _after_sync(self) -> None:
        self.refresh_status()
        # Pages that compute ahead after a sync (the Conciliación) are built for it, hidden.
        for row, spec in enumerate(PAGE_SPECS):
            if spec.warm_after_sync:
                self.page_at(row)
        for page in self.built_pages():
            page.invalidate()

    # -- status -----------------------------------------------------------------------------

    def refresh_status(self) -> None:
        """Re-read the warehouse; a failure is shown in the window, not in a modal box."""
        try:
            status = self.access.status()
        except UserError as error:
            log.warning("warehouse status unreadable: %s | %s", error.es, error.details)
            self.status = None
            message = error.message(self.lang)
            self.status_problem = message
            self.home_page.show_problem(message)
            if self.diagnostics_dialog is not None:
                self.diagnostics_dialog.show_problem(message)
            self.warehouse_label.setText(message)
            return
        self._show_status(status)

    def _show_status(self, status: WarehouseStatus) -> None:
        self.status = status
        if self.status_problem is not None:
            self.home_page.clear_problem()
        self.status_problem = None
        if self.diagnostics_dialog is not None:
            self.diagnostics_dialog.show_counts(str(status.warehouse), status.tables)
        self.warehouse_label.setText(self.status_text(status))
        self.warehouse_label.setToolTip(str(status.warehouse))

    def status_text(self, status: WarehouseStatus) -> str:
        rows = (
            self.tr("1 fila")
            if status.total_rows == 1
            else self.tr("{count} filas").format(count=f"{status.total_rows:,}")
        )
        return " · ".join(
            [
                # The folder's name only: a full path is long, and says where a test ran.
                self.tr("Datos: {folder}").format(folder=self.context.paths.data_dir.name),
                self.tr("Esquema {version}").format(version=status.schema_version),
                rows,
            ]
        )

    # -- messages ---------------------------------------------------------------------------

    def show_message(self, message: Message) -> None:
        if message.level == "info":
            self.statusBar().showMessage(message.text, STATUS_MESSAGE_MS)
            return
        title = (
            self.tr("Error interno de o2c_desktop")
            if message.level == "bug"
            else self.tr("o2c_desktop")
        )
        text = message.text
        if message.level == "bug":
            text = self.tr(
                "Ocurrió un error interno del programa. Copie los detalles y envíelos a soporte; "
                "el trabajo en curso se detuvo.\n\n{error}"
            ).format(error=message.text)
        dialog = ErrorDialog(title, text, message.details, self)
        self.error_dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self.error_dialogs.remove(dialog))
        dialog.show()

    def bring_to_front(self) -> None:
        """Another start on the same data folder: show this window instead of a second one."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # -- dialogs ----------------------------------------------------------------------------

    def show_credentials(self) -> None:
        if self.credentials_dialog is None:
            from o2c_desktop.ui.dialogs.credentials_dialog import CredentialsDialog

            self.credentials_dialog = CredentialsDialog(self.context, self.lang, self)
        self.credentials_dialog.show()
        self.credentials_dialog.raise_()

    def show_diagnostics(self) -> DiagnosticsDialog:
        """Ayuda → Diagnóstico: the warehouse's tables and their row counts, read again now."""
        if self.diagnostics_dialog is None:
            from o2c_desktop.ui.dialogs.diagnostics_dialog import DiagnosticsDialog

            self.diagnostics_dialog = DiagnosticsDialog(self)
            self.diagnostics_dialog.addAction(self.refresh_action)  # F5 re-reads it too
        self.refresh_status()
        if self.diagnostics_dialog.isVisible():
            self.diagnostics_dialog.raise_()  # already open behind the window
        self.diagnostics_dialog.show()
        return self.diagnostics_dialog

    def about_text(self) -> str:
        return self.tr(
            "<b>o2c_desktop</b> {version}<br>"
            "El ciclo Orden a Cobro de un proveedor de instituciones públicas de salud: "
            "órdenes, altas, facturas, contrarecibos y pagos en una sola vista.<br>"
            "Licencia Apache 2.0."
        ).format(version=__version__)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("Acerca de o2c_desktop"), self.about_text())

    # -- geometry ---------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = ui_settings(self.context).value(_GEOMETRY_KEY)
        if not isinstance(geometry, QByteArray) or not self.restoreGeometry(geometry):
            self.resize(1100, 700)

    def save_geometry(self) -> None:
        settings = ui_settings(self.context)
        settings.setValue(_GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(_PAGE_KEY, self.stack.currentIndex())
        settings.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.scheduler_host.running and self.scheduler_host.problem is None:
            # After the first paint: the scheduler's imports and job store are not what the
            # clerk opened the window to see.
            QTimer.singleShot(0, self._host_scheduler)

    def _host_scheduler(self) -> None:
        if self.scheduler_host.running or self.scheduler_host.problem is not None:
            return
        self.access.share_with_read_write_opener(self._start_scheduler)
        schedules = self._built[self._row_of("schedules")]
        if schedules is not None:
            schedules.show_host_state()  # type: ignore[attr-defined]

    @staticmethod
    def _row_of(key: str) -> int:
        return next(row for row, spec in enumerate(PAGE_SPECS) if spec.key == key)

    def _start_scheduler(self) -> bool:
        self.scheduler_host.start()
        return self.scheduler_host.running

    def closeEvent(self, event: QCloseEvent) -> None:
        self.scheduler_host.shutdown()
        self.save_geometry()
        for page in self.built_pages():
            page.save_state()
        sync = self._built[self._row_of("sync")]
        if sync is not None:
            sync.cancel()  # type: ignore[attr-defined]
        bridge = message_bridge.bridge()
        if bridge is not None:
            bridge.detach(self.show_message)
        super().closeEvent(event)
