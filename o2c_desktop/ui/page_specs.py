"""The window's pages in list order: a key, the title shown in the list, and how to build it.

A page's module is imported only when the page is first built, so starting the window does not
pay for the reports, the browser engine or the scheduler's job store before it is on screen.
Titles use the pages' own translation contexts, the ones their headings use.
"""

from __future__ import annotations

import importlib
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


def _page(module: str, class_name: str, *, shows_scheduler: bool = False) -> Callable[..., Page]:
    """A builder that imports the page's module only when the page is first shown."""

    def build(window: MainWindow) -> Page:
        page_class = getattr(importlib.import_module(f"o2c_desktop.ui.pages.{module}"), class_name)
        host = (window.scheduler_host,) if shows_scheduler else ()
        return cast("Page", page_class(window.page_deps, *host, window))

    return build


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
        _page("sync_page", "SyncPage"),
        QStyle.StandardPixmap.SP_BrowserReload,
    ),
    PageSpec(
        "reconciliation",
        lambda: QCoreApplication.translate("ReconciliationPage", "Conciliación"),
        _page("reconciliation_page", "ReconciliationPage"),
        QStyle.StandardPixmap.SP_FileDialogDetailedView,
        warm_after_sync=True,
    ),
    PageSpec(
        "receivables",
        lambda: QCoreApplication.translate("ReceivablesPage", "Cuentas por cobrar"),
        _page("analytics_pages", "ReceivablesPage"),
        QStyle.StandardPixmap.SP_FileDialogContentsView,
    ),
    PageSpec(
        "cashflow",
        lambda: QCoreApplication.translate("CashflowPage", "Flujo de efectivo"),
        _page("cashflow_page", "CashflowPage"),
        QStyle.StandardPixmap.SP_ArrowForward,
    ),
    PageSpec(
        "contracts",
        lambda: QCoreApplication.translate("ContractsPage", "Contratos"),
        _page("analytics_pages", "ContractsPage"),
        QStyle.StandardPixmap.SP_FileIcon,
    ),
    PageSpec(
        "logistics",
        lambda: QCoreApplication.translate("LogisticsPage", "Logística"),
        _page("analytics_pages", "LogisticsPage"),
        QStyle.StandardPixmap.SP_DriveNetIcon,
    ),
    PageSpec(
        "gaps",
        lambda: QCoreApplication.translate("GapsPage", "Folios faltantes"),
        _page("gaps_page", "GapsPage"),
        QStyle.StandardPixmap.SP_MessageBoxWarning,
    ),
    PageSpec(
        "runs",
        lambda: QCoreApplication.translate("RunsPage", "Ejecuciones"),
        _page("runs_page", "RunsPage"),
        QStyle.StandardPixmap.SP_FileDialogListView,
    ),
    PageSpec(
        "schedules",
        lambda: QCoreApplication.translate("SchedulesPage", "Horarios"),
        _page("schedules_page", "SchedulesPage", shows_scheduler=True),
        QStyle.StandardPixmap.SP_FileDialogInfoView,
    ),
    PageSpec(
        "settings",
        lambda: QCoreApplication.translate("SettingsPage", "Configuración"),
        _page("settings_page", "SettingsPage"),
        QStyle.StandardPixmap.SP_ComputerIcon,
    ),
)


def page_shortcuts() -> list[tuple[int, str]]:
    """(row, keys) of each page with a shortcut: digits in list order, ``Ctrl+,`` for settings."""
    digits = [f"Ctrl+{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 0)]
    rows = [row for row, spec in enumerate(PAGE_SPECS) if spec.key != "settings"]
    shortcuts = list(zip(rows, digits, strict=False))
    shortcuts += [(row, "Ctrl+,") for row, spec in enumerate(PAGE_SPECS) if spec.key == "settings"]
    return shortcuts
