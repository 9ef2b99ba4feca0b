"""Which paths an import takes, and why one cannot be imported, decided before reading it.

A folder gives every entry that is not a folder, FIFOs and broken links included, so the import
reports them rather than skipping them in silence. A path is checked with ``stat`` before it is
opened, because opening a FIFO waits forever for a writer. The program's own files and folders
(warehouse, archive, quarantine, logs, settings, evidence) are never walked into: importing a
folder that holds them, such as Documents, would otherwise quarantine the program's own files.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from o2c_desktop.errors import InputFileError
from o2c_desktop.messages import Message, msg

IGNORED_SUFFIXES = (".crdownload", ".part", ".tmp", ".pdf", ".md", ".txt", ".json")


def storable_text(text: str) -> str:
    """Text that can be stored and shown: a byte of a file name that is not UTF-8 (a name made
    on another system) becomes U+FFFD instead of breaking the ledger and the report."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def storable_message(message: Message) -> Message:
    """A message whose texts can be stored: see :func:`storable_text`."""
    return Message(message.code, {k: _storable(v) for k, v in message.params.items()})


def _storable(value: Any) -> Any:
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, Message):
        return storable_message(value)
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def display_name(path: Path) -> str:
    return storable_text(path.name)


def _walked(folder: Path, own: set[str]) -> list[Path]:
    # Everything that is not a folder is listed, FIFOs and broken links too, so that the
    # import reports them instead of skipping them silently; linked folders are not followed.
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        here = Path(root)
        dirs[:] = [
            d for d in dirs if not (here / d).is_symlink() and os.path.realpath(here / d) not in own
        ]
        found += (here / name for name in names if os.path.realpath(here / name) not in own)
    return [
        p
        for p in sorted(found)
        if not p.name.startswith((".", "~$")) and p.suffix.lower() not in IGNORED_SUFFIXES
    ]


def expand_paths(paths: Iterable[Path], own_paths: Sequence[Path] = ()) -> list[Path]:
    """Files as given, and every file under given folders (sorted), minus partial downloads and
    the program's own files and folders (``own_paths``) found inside them; a path named on its
    own is taken, even one of those (re-importing a run's download)."""
    own = {os.path.realpath(location) for location in own_paths}
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += _walked(path, own)
        elif path.exists() or path.is_symlink():  # a broken or looping link is reported later
            files.append(path)
        else:
            raise InputFileError(msg("ingest.path_missing", path=storable_text(str(path))))
    return files


def unreadable(path: Path, name: str) -> InputFileError | None:
    """Why ``path`` cannot be imported as a file, checked without opening anything that could
    block (a FIFO waits forever for a writer)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            why = msg("input.symlink_loop")
        elif exc.errno == errno.ENOENT and path.is_symlink():
            why = msg("input.symlink_broken", target=str(path.readlink()))
        elif exc.errno in (errno.EACCES, errno.EPERM):
            why = msg("input.not_permitted")
        else:
            why = msg("input.os_refused", cause=exc.strerror)
        return InputFileError(msg("input.cannot_import", name=name, why=why), details=repr(exc))
    if stat.S_ISREG(mode):
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            return InputFileError(
                msg("input.cannot_open", name=name, cause=exc.strerror), details=repr(exc)
            )
        return None
    kind = msg("input.fifo") if stat.S_ISFIFO(mode) else msg("input.device")
    return InputFileError(
        msg("input.not_a_file", name=name, kind=kind), details=f"st_mode={mode:o}"
    )
