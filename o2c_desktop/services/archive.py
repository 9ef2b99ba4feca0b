"""The raw archive: every input file kept unchanged, once, under its SHA-256.

Files live at ``<archive>/<first two hex>/<sha256><ext>`` and are written through a temporary file
(``.incoming-*``) and an atomic rename, so a crash never leaves half a file under a real name; the
temporary files a killed process left are removed the next time the archive is opened, once they
are too old to belong to a copy still in progress. ``raw_file`` holds
one row per content; ``raw_file_source`` one row per distinct way the content arrived (name,
portal, report, query range, run), so the same bytes from two downloads are stored once and
remembered twice. Nothing is ever deleted.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from o2c_desktop.services.hashing import file_sha256
from o2c_desktop.services.warehouse import Warehouse

log = logging.getLogger(__name__)

INCOMING_PREFIX = ".incoming-"
# A copy in progress writes its temporary file all the time, so its modification time stays
# recent; one untouched for this long was left by a process that died (killed, power cut).
STALE_INCOMING_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class SourceInfo:
    """How a file arrived. Everything but the name is optional (a manual import knows little)."""

    original_name: str
    portal: str | None = None
    report: str | None = None
    range_from: date | None = None
    range_to: date | None = None
    run_id: str | None = None
    downloaded_at: datetime | None = None


@dataclass(frozen=True)
class ArchivedFile:
    sha256: str
    size_bytes: int
    path: Path  # where the archived copy is
    newly_stored: bool  # False when the same content was already in the archive


def discard(path: Path) -> None:
    """Delete a file even if it was made read-only (Windows refuses to delete those); a failure
    is logged, never raised over the error that led here."""
    try:
        path.chmod(stat.S_IREAD | stat.S_IWRITE)
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not remove %s: %s", path, exc)


def write_read_only(source: Path, target: Path, sha256: str) -> None:
    """Copy ``source`` to ``target`` (named by its content) through a temporary file, read-only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=INCOMING_PREFIX)
    os.close(handle)
    temp = Path(temp_name)
    try:
        shutil.copyfile(source, temp)
        with temp.open("rb") as check:
            os.fsync(check.fileno())
        temp.chmod(0o444)
        try:
            temp.replace(target)
        except PermissionError:
            # Windows will not replace a read-only file: another process archived the same
            # content meanwhile, and its copy is as good as ours.
            if not (target.is_file() and file_sha256(target) == sha256):
                raise
            log.info("%s was archived meanwhile by another process", target.name)
            discard(temp)
    except BaseException:
        discard(temp)
        raise


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class RawArchive:
    """The content-addressed store of raw files, with its metadata in the warehouse."""

    def __init__(self, root: Path, warehouse: Warehouse) -> None:
        self.root = root
        self.warehouse = warehouse
        self.remove_stale_incoming()

    def remove_stale_incoming(self) -> list[Path]:
        """Delete the temporary files of copies that never finished; never a recent one, which
        may be another process's copy in progress. Returns what was deleted."""
        oldest_allowed = time.time() - STALE_INCOMING_AFTER.total_seconds()
        removed: list[Path] = []
        for temp in self.root.glob(f"*/{INCOMING_PREFIX}*"):
            try:
                if temp.stat().st_mtime > oldest_allowed:
                    continue
                temp.chmod(0o644)  # it may have been made read-only just before the rename
                temp.unlink()
            except FileNotFoundError:
                continue  # its own process finished or removed it meanwhile
            except OSError as exc:  # e.g. still open in another process on Windows
                log.info("left %s in the archive: %s", temp, exc)
                continue
            removed.append(temp)
        if removed:
            log.info("removed %d unfinished archive copies: %s", len(removed), removed)
        return removed

    def relative_path(self, sha256: str, suffix: str) -> str:
        return f"{sha256[:2]}/{sha256}{suffix.lower()}"

    def path_of(self, sha256: str) -> Path | None:
        rows = (
            self.warehouse.cursor()
            .execute("SELECT stored_path FROM raw_file WHERE sha256 = ?", [sha256])
            .fetchall()
        )
        return self.root / rows[0][0] if rows else None

    def store(self, path: Path, source: SourceInfo | None = None) -> ArchivedFile:
        """Archive ``path`` (if its content is new) and record where it came from."""
        info = source or SourceInfo(original_name=path.name)
        sha256 = file_sha256(path)
        size = path.stat().st_size
        relative = self.relative_path(sha256, path.suffix)
        con = self.warehouse.cursor()
        try:
            known = con.execute(
                "SELECT stored_path FROM raw_file WHERE sha256 = ?", [sha256]
            ).fetchall()
            stored = self.root / (known[0][0] if known else relative)
            if not stored.exists():
                write_read_only(path, stored, sha256)
            now = _now()
            with self.warehouse.transaction(con):
                if not known:
                    con.execute(
                        "INSERT INTO raw_file VALUES (?, ?, ?, ?)", [sha256, size, relative, now]
                    )
                values = [
                    info.original_name,
                    info.portal,
                    info.report,
                    info.range_from,
                    info.range_to,
                    info.run_id,
                    info.downloaded_at,
                ]
                seen = con.execute(
                    "SELECT count(*) FROM raw_file_source WHERE sha256 = ?"
                    " AND original_name IS NOT DISTINCT FROM ?"
                    " AND portal IS NOT DISTINCT FROM ? AND report IS NOT DISTINCT FROM ?"
                    " AND range_from IS NOT DISTINCT FROM ? AND range_to IS NOT DISTINCT FROM ?"
                    " AND run_id IS NOT DISTINCT FROM ?"
                    " AND downloaded_at IS NOT DISTINCT FROM ?",
                    [sha256, *values],
                ).fetchall()[0][0]
                if not seen:
                    con.execute(
                        "INSERT INTO raw_file_source VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [sha256, *values, now],
                    )
        finally:
            con.close()
        return ArchivedFile(sha256, size, stored, newly_stored=not known)
