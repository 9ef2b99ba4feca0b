"""Where the program keeps its things.

By default each kind of file goes to its platform folder (platformdirs). A data dir given by
``--data-dir`` or ``O2C_DATA_DIR`` puts *everything* under one folder instead: warehouse, raw
archive, logs, settings, job store, cache and the default export folder.
"""

from __future__ import annotations

import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from o2c_desktop import APP_AUTHOR, APP_NAME
from o2c_desktop.errors import DataFolderError
from o2c_desktop.messages import msg

DATA_DIR_ENV = "O2C_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    """Every folder and file location the program uses."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    cache_dir: Path
    exports_dir: Path
    single_root: bool

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def warehouse_file(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def warehouse_backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"

    @property
    def demo_dir(self) -> Path:
        return self.data_dir / "demo"

    @property
    def job_store_file(self) -> Path:
        return self.data_dir / "jobs.sqlite"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "o2c.log"

    def own_locations(self) -> list[Path]:
        """What the program writes for itself: never read back as an input by an import."""
        return [
            self.config_dir, self.log_dir, self.cache_dir, self.warehouse_backups_dir,
            self.archive_dir, self.quarantine_dir, self.runs_dir, self.demo_dir,
            self.warehouse_file, self.job_store_file,
        ]  # fmt: skip

    def ensure(self) -> AppPaths:
        """Creates the folders, and proves the data folder takes a file: a folder the program
        cannot write would otherwise fail later, mid-way through a sync or an import."""
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                if folder == self.data_dir:
                    with tempfile.TemporaryFile(dir=folder):
                        pass
            except OSError as exc:
                raise unusable_folder(folder, exc) from exc
        return self

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """Everything in one folder: what ``--data-dir`` asks for."""
        root = root.expanduser().resolve()
        return cls(
            data_dir=root,
            config_dir=root / "config",
            log_dir=root / "logs",
            cache_dir=root / "cache",
            exports_dir=root / "exports",
            single_root=True,
        )

    @classmethod
    def platform_default(cls) -> AppPaths:
        dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
        return cls(
            data_dir=Path(dirs.user_data_dir),
            config_dir=Path(dirs.user_config_dir),
            log_dir=Path(dirs.user_log_dir),
            cache_dir=Path(dirs.user_cache_dir),
            exports_dir=Path(platformdirs.user_documents_dir()) / "o2c_desktop",
            single_root=False,
        )


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The explicit option wins, then the environment variable, then the platform folders."""
    chosen = data_dir if data_dir else os.environ.get(DATA_DIR_ENV)
    if chosen:
        return AppPaths.under(Path(chosen))
    return AppPaths.platform_default()


def resources_dir() -> Path:
    """The shipped data files: inside the installed package, or beside it in a source tree."""
    package_dir = Path(__file__).resolve().parent
    packaged = package_dir / "resources"
    return packaged if packaged.is_dir() else package_dir.parent / "resources"


_FOLDER_REASONS = {
    errno.EACCES: "folder.reason.no_permission",
    errno.EPERM: "folder.reason.not_allowed",
    errno.EROFS: "folder.reason.read_only",
    errno.ENOSPC: "folder.reason.disk_full",
    errno.ENOTDIR: "folder.reason.not_a_folder",
    errno.ENAMETOOLONG: "folder.reason.path_too_long",
}


def unusable_folder(folder: Path, exc: OSError) -> DataFolderError:
    why = msg(_FOLDER_REASONS.get(exc.errno or 0, "folder.reason.refused"))
    return DataFolderError(
        msg("folder.unusable", folder=folder, why=why, env=DATA_DIR_ENV), details=repr(exc)
    )
