"""The main window: menus, the Inicio page and a status bar with the warehouse's state."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSizePolicy, QWidget

from o2c_desktop import __version__
from o2c_desktop.context import AppContext
from o2c_desktop.errors import UserError
from o2c_desktop.services.status import WarehouseStatus
from o2c_desktop.ui.home_page import HomePage
from o2c_desktop.ui.warehouse_reader import read_warehouse_status

log = logging.getLogger(__name__)

_GEOMETRY_KEY = "main_window/geometry"


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
        self.status: WarehouseStatus | None = None
        self.setWindowTitle(self.tr("o2c_desktop — Orden a Cobro"))

        self.home_page = HomePage(self)
        self.setCentralWidget(self.home_page)

        self.warehouse_label = QLabel(self)
        self.warehouse_label.setObjectName("warehouseStatusLabel")
        # A long path must not force the window wider than the screen.
        self.warehouse_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(self.warehouse_label, stretch=1)

        self._build_menus()
        # Settle the layout (and so the minimum size) before the native window exists: restoring
        # the geometry then respects it, and the platform is not told of a change right after
        # showing, which platforms without size hints (offscreen) report as a warning.
        layout = self.layout()
        assert layout is not None  # a QMainWindow always has its own layout
        layout.activate()
        self._restore_geometry()
        if status is None:
            self.refresh()
        else:
            self._show_status(status)

    # -- building ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Archivo"))
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

        help_menu = self.menuBar().addMenu(self.tr("A&yuda"))
        self.about_action = QAction(self.tr("&Acerca de"), self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    # -- behaviour --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the warehouse; a failure is shown in the window, not in a modal box."""
        try:
            status = read_warehouse_status(self.context)
        except UserError as error:
            log.warning("warehouse status unreadable: %s | %s", error.es, error.details)
            self.status = None
            message = error.message(self.lang)
            self.home_page.show_problem(message)
            self.warehouse_label.setText(message)
            return
        self._show_status(status)

    def _show_status(self, status: WarehouseStatus) -> None:
        self.status = status
        self.home_page.show_counts(status.tables)
        self.warehouse_label.setText(self.status_text(status))

    def status_text(self, status: WarehouseStatus) -> str:
        rows = (
            self.tr("1 fila")
            if status.total_rows == 1
            else self.tr("{count} filas").format(count=f"{status.total_rows:,}")
        )
        return " · ".join(
            [
                self.tr("Almacén: {path}").format(path=status.warehouse),
                self.tr("Esquema {version}").format(version=status.schema_version),
                rows,
            ]
        )

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

    def _window_settings(self) -> QSettings:
        # An explicit file under the data folder: tests and --data-dir never touch the
        # user's real Qt settings (registry / ~/.config).
        path = self.context.paths.config_dir / "window.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._window_settings().value(_GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(960, 640)

    def save_geometry(self) -> None:
        settings = self._window_settings()
        settings.setValue(_GEOMETRY_KEY, self.saveGeometry())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        super().closeEvent(event)
