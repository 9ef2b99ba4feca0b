"""Importing files, decided once for ``o2c import`` and the window.

The request names what the clerk gave: paths, the kind when detection by headers is not enough,
a saved column mapping, or a new one to save first. The result is one outcome per file, each
with its message as a code and parameters (:mod:`o2c_desktop.messages`); the command and the
window word it in their language and only decide how to show it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.ingest import ColumnMapping, FileOutcome, ingest_paths, save_mapping
from o2c_desktop.services.ingest.batch import Progress
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import Settings

__all__ = ["ImportRequest", "ImportResult", "Progress", "import_files"]


@dataclass(frozen=True)
class ImportRequest:
    paths: tuple[Path, ...]
    kind: str | None = None
    mapping: str | None = None  # the name of a saved column mapping
    # Save these headers (field -> header of the file) under this name, then import with them.
    save_mapping_as: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    outcomes: list[FileOutcome]
    quarantine_dir: Path  # where the reports of quarantined files are

    @property
    def troubled(self) -> list[FileOutcome]:
        """Files not loaded: quarantined, refused or met by a defect."""
        return [o for o in self.outcomes if o.needs_attention]

    @property
    def defect(self) -> bool:
        return any(o.status == "failed" for o in self.outcomes)

    def summary(self) -> Message | None:
        """What to tell the clerk beside the table when some file was not loaded."""
        if not self.troubled:
            return None
        return msg("import.files_not_loaded", count=len(self.troubled), folder=self.quarantine_dir)


def import_files(
    settings: Settings,
    paths: AppPaths,
    warehouse: Warehouse,
    request: ImportRequest,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ImportResult:
    """Archive, check and load the request's files and folders; a new mapping is saved first."""
    mapping = request.mapping
    if request.save_mapping_as:
        if not request.kind or not request.headers:
            raise UserError(msg("import.save_mapping_needs_kind_and_map"))
        headers = dict(request.headers)
        save_mapping(warehouse, ColumnMapping(request.save_mapping_as, request.kind, headers))
        mapping = request.save_mapping_as
    outcomes = ingest_paths(
        warehouse,
        RawArchive(paths.archive_dir, warehouse),
        list(request.paths),
        kind=request.kind,
        mapping=mapping,
        progress=progress,
        cancel=cancel,
        quarantine_dir=paths.quarantine_dir,
        supplier_rfc=settings.general.supplier_rfc,
        own_paths=paths.own_locations(),
    )
    return ImportResult(outcomes, paths.quarantine_dir)
