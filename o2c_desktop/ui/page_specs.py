"""The window's pages in list order: a key, the title shown in the list, and how to build it.

A page's module is imported only when the page is first built, so starting the window does not
pay for the reports, the browser engine or the scheduler's job store before it is on screen.
Titles use the pages' own translation contexts, the ones their headings use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStyle

if TYPE_CHECKING:
    from o2c_desktop.ui.main_window import MainWindow
    from o2c_desktop.ui.pages.page_base import Page

PageT = TypeVar("PageT")


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: Callable[[], str]
    build: Callable[[MainWindow], Page]
    # Qt's own icons: drawn by the platform's style, so they match the rest of the window.
    icon: QStyle.StandardPixmap
    warm_after_sync: bool = False


class LazyPage(Generic[PageT]):
    """``window.sync_page`` and the like: the page of that name, built on first use."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name.removesuffix("_page")

    def __get__(self, window: Any, owner: type | None = None) -> PageT:
        return cast("PageT", window.page_named(self.key))


def _home(window: MainWindow) -> Page:
    return window.home_page


def _sync(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.sync_page import SyncPage

    return SyncPage(window.context, window.access, window.lang, window)


def _reconciliation(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.reconciliation_page import ReconciliationPage

    return ReconciliationPage(window.context, window.access, window.lang, window)


def _receivables(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.analytics_pages import ReceivablesPage

    return ReceivablesPage(window.context, window.access, window.lang, window)


def _contracts(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.analytics_pages import ContractsPage

    return ContractsPage(window.context, window.access, window.lang, window)


def _logistics(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.analytics_pages import LogisticsPage

    return LogisticsPage(window.context, window.access, window.lang, window)


def _gaps(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.gaps_page import GapsPage

    return GapsPage(window.context, window.access, window.lang, window)


def _runs(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.runs_page import RunsPage

    return RunsPage(window.context, window.access, window.lang, window)


def _schedules(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.schedules_page import SchedulesPage

    return SchedulesPage(window.context, window.access, window.scheduler_host, window.lang, window)


def _settings(window: MainWindow) -> Page:
    from o2c_desktop.ui.pages.settings_page import SettingsPage

    return SettingsPage(window.context, window.access, window.lang, window)


PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec(
        "home",
        lambda: QCoreApplication.translate("HomePage", "Inicio"),
        _home,
        QStyle.StandardPixmap.SP_DirHomeIcon,
    ),
    PageSpec(
        "sync",
        lambda: QCoreApplication.translate("SyncPage", "Sincronizar"),
        _sync,
        QStyle.StandardPixmap.SP_BrowserReload,
    ),
    PageSpec(
        "reconciliation",
        lambda: QCoreApplication.translate("ReconciliationPage", "Conciliación"),
        _reconciliation,
        QStyle.StandardPixmap.SP_FileDialogDetailedView,
        warm_after_sync=True,
    ),
    PageSpec(
        "receivables",
        lambda: QCoreApplication.translate("ReceivablesPage", "Cuentas por cobrar"),
        _receivables,
        QStyle.StandardPixmap.SP_FileDialogContentsView,
    ),
    PageSpec(
        "contracts",
        lambda: QCoreApplication.translate("ContractsPage", "Contratos"),
        _contracts,
        QStyle.StandardPixmap.SP_FileIcon,
    ),
    PageSpec(
        "logistics",
        lambda: QCoreApplication.translate("LogisticsPage", "Logística"),
        _logistics,
        QStyle.StandardPixmap.SP_DriveNetIcon,
    ),
    PageSpec(
        "gaps",
        lambda: QCoreApplication.translate("GapsPage", "Folios faltantes"),
        _gaps,
        QStyle.StandardPixmap.SP_MessageBoxWarning,
    ),
    PageSpec(
        "runs",
        lambda: QCoreApplication.translate("RunsPage", "Ejecuciones"),
        _runs,
        QStyle.StandardPixmap.SP_FileDialogListView,
    ),
    PageSpec(
        "schedules",
        lambda: QCoreApplication.translate("SchedulesPage", "Horarios"),
        _schedules,
        QStyle.StandardPixmap.SP_FileDialogInfoView,
    ),
    PageSpec(
        "settings",
        lambda: QCoreApplication.translate("SettingsPage", "Configuración"),
        _settings,
        QStyle.StandardPixmap.SP_ComputerIcon,
    ),
)
