"""Knowing that a download is really finished and is the file it claims to be.

Browsers give no "download done" event to Selenium. A file counts as complete when no temporary
download file is left in the folder, its size is the same on two consecutive polls, and it opens
as its type. The folder is polled every 50 ms (listing a folder of a few files is cheap), so a
finished download is taken within a tenth of a second of its arrival; Chromium gives the file its
final name only once the transfer ended, and a broken transfer leaves its ``.crdownload``.
Types: an ``.xlsx`` is a readable zip holding a workbook; an ``.xls`` is a BIFF compound
document that the Excel reader opens, or an HTML table saved with an ``.xls`` name (some
portals do that).
"""

from __future__ import annotations

import fnmatch
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from o2c_desktop.services.portals.engine.waiting import poll_until

TEMPORARY_SUFFIXES = (".crdownload", ".tmp", ".part", ".download")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
EXPORT_SUFFIXES = (".xlsx", ".xls", ".csv")


class DownloadProblem(Exception):
    """A download that finished but is not usable; the message says why (in English)."""

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(reason)
        self.path = path


@dataclass(frozen=True)
class FolderState:
    names: frozenset[str]


def snapshot(folder: Path) -> FolderState:
    return FolderState(
        frozenset(p.name for p in folder.iterdir()) if folder.is_dir() else frozenset()
    )


def is_temporary(name: str) -> bool:
    return name.lower().endswith(TEMPORARY_SUFFIXES) or name.startswith(".com.google.Chrome")


def clean_leftovers(folder: Path) -> list[str]:
    """Delete unfinished downloads and export files left by an earlier run; return their names."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        if path.is_file() and (is_temporary(path.name) or path.suffix.lower() in EXPORT_SUFFIXES):
            path.unlink()
            removed.append(path.name)
    return removed


def sniff_kind(path: Path) -> str:
    """``xlsx``, ``xls`` (BIFF), ``html`` or ``unknown`` from the first bytes."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        return "xls"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        return "html"
    return "unknown"


def verify_file(path: Path, expected: str) -> None:
    """Raise ``DownloadProblem`` unless ``path`` opens as the ``expected`` type."""
    size = path.stat().st_size
    if size == 0:
        raise DownloadProblem("the file is empty")
    kind = sniff_kind(path)
    if expected == "xlsx":
        if kind != "xlsx":
            raise DownloadProblem(f"expected an xlsx workbook, found {kind} content")
        try:
            with zipfile.ZipFile(path) as archive:
                bad = archive.testzip()
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise DownloadProblem(f"the xlsx zip is truncated or damaged: {exc}") from exc
        if bad is not None or "[Content_Types].xml" not in names:
            raise DownloadProblem("the xlsx zip does not hold a complete workbook")
        return
    if expected == "xls":
        if kind == "html":
            return
        if kind not in ("xls", "xlsx"):
            raise DownloadProblem(f"expected an xls workbook, found {kind} content")
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            for name in workbook.sheet_names:
                workbook.get_sheet_by_name(name).to_python()
        except Exception as exc:  # the reader raises assorted error types on damaged files
            raise DownloadProblem(f"the xls workbook cannot be read: {exc}") from exc
        return
    raise ValueError(f"unknown expected file type {expected!r}")


def _matching(folder: Path, pattern: str, before: FolderState) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.name not in before.names
        and not is_temporary(p.name)
        and fnmatch.fnmatch(p.name, pattern)
    )


def wait_for_download(
    folder: Path,
    *,
    pattern: str,
    before: FolderState,
    expected: str,
    timeout_s: float,
    cancel: threading.Event,
    interval_s: float = 0.05,
) -> Path:
    """Wait for one new file matching ``pattern`` to be complete, then verify it.

    Raises ``WaitTimeout`` when nothing complete appeared in time (a temporary file left behind
    means the transfer broke off) and ``DownloadProblem`` when the file is not readable.
    """
    sizes: dict[Path, int] = {}

    def complete() -> Path | None:
        if any(is_temporary(p.name) for p in folder.iterdir()):
            return None
        for path in _matching(folder, pattern, before):
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                continue
            if size > 0 and sizes.get(path) == size:
                return path
            sizes[path] = size
        return None

    path = poll_until(
        complete,
        timeout_s=timeout_s,
        cancel=cancel,
        what=f"download {pattern} in {folder}",
        interval_s=interval_s,
    )
    try:
        verify_file(path, expected)
    except DownloadProblem as exc:
        raise DownloadProblem(str(exc), path) from exc
    return path


def leftover_temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if is_temporary(p.name))


def discard(folder: Path, names: list[str]) -> None:
    """Remove broken downloads so that a retry's file gets the same name again."""
    for name in names:
        (folder / name).unlink(missing_ok=True)
