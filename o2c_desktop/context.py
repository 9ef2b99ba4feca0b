"""The program's context: folders, settings and logging, the same for the CLI and the GUI."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from o2c_desktop.logging_setup import configure_logging
from o2c_desktop.paths import AppPaths, resolve_paths
from o2c_desktop.services.credentials import allow_keyring_backends
from o2c_desktop.services.warehouse import Warehouse, open_warehouse
from o2c_desktop.settings import Settings, load_settings, save_settings

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings

    def open_warehouse(self, *, read_only: bool = False) -> Warehouse:
        return open_warehouse(self.paths, read_only=read_only)

    def save_settings(self) -> None:
        save_settings(self.settings, self.paths.settings_file)


def open_context(
    data_dir: str | os.PathLike[str] | Path | None = None, *, verbose: bool = False
) -> AppContext:
    paths = resolve_paths(data_dir).ensure()
    configure_logging(paths.log_file, verbose=verbose)
    settings = load_settings(paths.settings_file)
    allow_keyring_backends(settings.keyring.allowed_backends)
    if not paths.settings_file.exists():
        save_settings(settings, paths.settings_file)
    log.debug("context opened: data=%s config=%s", paths.data_dir, paths.config_dir)
    return AppContext(paths=paths, settings=settings)
