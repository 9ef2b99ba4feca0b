"""Writing a file so that readers see either the old file or the complete new one, never half.

On Windows a file open in Excel cannot be replaced (``PermissionError``: access denied or sharing
violation); the clerk is told to close it, and the old file stays as it was.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from o2c_desktop.errors import OutputFileError
from o2c_desktop.messages import msg

log = logging.getLogger(__name__)


def target_in_use(target: Path, error: OSError) -> OutputFileError:
    """The replace of an existing export was refused: another program has it open."""
    return OutputFileError(
        msg("export.target_in_use", target=target, name=target.name), details=repr(error)
    )


def folder_not_writable(folder: Path, error: OSError) -> OutputFileError:
    return OutputFileError(msg("export.folder_not_writable", folder=folder), details=repr(error))


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed over it only if the block succeeds."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except PermissionError as exc:
        raise folder_not_writable(target.parent, exc) from exc
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        try:
            temporary.replace(target)
        except PermissionError as exc:
            raise target_in_use(target, exc) from exc
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError as exc:
            # The first error is the one that matters; a leftover temporary file is harmless.
            log.warning("could not remove the temporary file %s: %s", temporary, exc)
