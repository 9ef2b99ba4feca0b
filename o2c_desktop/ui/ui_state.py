"""Where the window keeps its own state (geometry, column widths and order, chosen page)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from o2c_desktop.context import AppContext


def ui_settings(context: AppContext) -> QSettings:
    # An explicit file under the data folder: tests and --data-dir never touch the
    # user's real Qt settings (registry / ~/.config).
    path = context.paths.config_dir / "window.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)
