"""Importing a batch of files and folders: ``o2c import``, the portal sync and the demo.

One outcome per file, in order; whatever goes wrong with one file, the others are imported.
The next file is read while the current one is cleaned and loaded (``readahead``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from o2c_desktop.errors import InputFileError, UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.archive import RawArchive, SourceInfo
from o2c_desktop.services.ingest.collector import collector_paused
from o2c_desktop.services.ingest.inputs import display_name, expand_paths, storable_text
from o2c_desktop.services.ingest.mappings import load_mapping
from o2c_desktop.services.ingest.readahead import read_ahead
from o2c_desktop.services.ingest.reading_processes import reading_processes
from o2c_desktop.services.ingest.schemas import KINDS
from o2c_desktop.services.ingest.service import FileOutcome, Ingestor, PreparedFile
from o2c_desktop.services.sqlquote import quote_literal
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import DEFAULT_SUPPLIER_RFC

log = logging.getLogger(__name__)

Progress = Callable[[Message, float], None]  # (what is being read, fraction done)

# DuckDB may use most of the machine's memory for temporary tables; a big sheet already costs
# about 1 GB in python-calamine, so while importing DuckDB spills to disk beyond this.
INGEST_MEMORY_LIMIT = "512MB"


@contextmanager
def _memory_limit(warehouse: Warehouse, limit: str) -> Iterator[None]:
    con = warehouse.cursor()
    try:
        previous = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        con.execute(f"SET memory_limit = {quote_literal(limit)}")
        try:
            yield
        finally:
            con.execute(f"SET memory_limit = {quote_literal(previous)}")
    finally:
        con.close()


def _ingest_one(
    ingestor: Ingestor,
    path: Path,
    name: str,
    prepared: Future[PreparedFile],
    snapshot_at: datetime | None,
) -> FileOutcome:
    """One file of a batch: whatever goes wrong with it, the other files are still imported."""
    try:
        return ingestor.finish(prepared.result(), snapshot_at=snapshot_at)
    except InputFileError as exc:
        log.warning("refused %s: %s | %s", name, exc.es, exc.details)
        return FileOutcome(path, name, "refused", exc.reason)
    except OSError as exc:  # the file vanished or became unreadable while it was read
        log.warning("refused %s: %r", name, exc)
        cause = storable_text(exc.strerror or str(exc))
        return FileOutcome(path, name, "refused", msg("ingest.vanished", name=name, cause=cause))
    except UserError:
        raise  # the warehouse or the settings: every other file would fail the same way
    except Exception:
        log.exception("defect while importing %s", name)
        return FileOutcome(path, name, "failed", msg("ingest.defect", name=name))


def ingest_paths(
    warehouse: Warehouse,
    archive: RawArchive,
    paths: Iterable[Path],
    *,
    kind: str | None = None,
    mapping: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    quarantine_dir: Path | None = None,
    snapshot_at: datetime | None = None,
    sources: Mapping[Path, SourceInfo] | None = None,
    supplier_rfc: str = DEFAULT_SUPPLIER_RFC,
    own_paths: Sequence[Path] = (),
) -> list[FileOutcome]:
    """Import files and folders; one outcome per file, in order. Stops early when cancelled.

    ``own_paths`` are the program's own files and folders (logs, settings, evidence...), never
    imported from a folder that holds them; the archive, quarantine and warehouse always are.

    ``sources`` says how a file arrived (portal, report, range, run), for the archive.
    ``supplier_rfc`` (settings) is the issuer of the invoice register's folios.
    """
    if kind is not None and kind not in KINDS:
        raise InputFileError(msg("ingest.unknown_kind", kind=kind, kinds=", ".join(KINDS)))
    column_mapping = load_mapping(warehouse, mapping) if mapping else None
    quarantine_dir = quarantine_dir or archive.root.parent / "quarantine"
    wal = warehouse.path.with_name(warehouse.path.name + ".wal")
    own = [*own_paths, archive.root, quarantine_dir, warehouse.path, wal]
    files = expand_paths(paths, own)
    ingestor = Ingestor(
        warehouse,
        archive,
        quarantine_dir,
        supplier_rfc=supplier_rfc,
    )
    sources = sources or {}

    def prepare(path: Path) -> PreparedFile:
        return ingestor.prepare(path, kind=kind, mapping=column_mapping, source=sources.get(path))

    outcomes: list[FileOutcome] = []
    with (
        _memory_limit(warehouse, INGEST_MEMORY_LIMIT),
        collector_paused(),
        reading_processes(),
    ):
        # The next file is read while this one is cleaned and loaded; loads stay in order.
        batch = read_ahead(files, prepare, discard=PreparedFile.close, cancel=cancel)
        for index, (path, prepared) in enumerate(batch):
            source = sources.get(path)
            name = source.original_name if source else display_name(path)
            if progress is not None:
                label = msg("ingest.progress_file", name=display_name(path))
                progress(label, index / max(len(files), 1))
            outcomes.append(_ingest_one(ingestor, path, name, prepared, snapshot_at))
    if progress is not None:
        progress(msg("ingest.progress_done"), 1.0)
    return outcomes
