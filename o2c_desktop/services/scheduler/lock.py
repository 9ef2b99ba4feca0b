"""Never two syncs (or two schedulers) at once: a lock per data folder, across threads and
processes. The operating system releases it if the holder dies."""

from __future__ import annotations

import json
import os
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from o2c_desktop.errors import UserError

_process_locks: dict[Path, threading.Lock] = {}
_registry_guard = threading.Lock()


class SyncBusy(UserError):
    """Another sync holds the lock."""


def _thread_lock(path: Path) -> threading.Lock:
    with _registry_guard:
        return _process_locks.setdefault(path, threading.Lock())


def _try_os_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _os_unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class SyncLock:
    """``with SyncLock(path, holder="..."):`` — refuses at once when another sync runs."""

    def __init__(
        self,
        path: Path,
        *,
        holder: str,
        what_es: str = "una sincronización",
        what_en: str = "a sync",
    ) -> None:
        self.path = path.resolve()
        self.holder = holder
        self.what_es = what_es
        self.what_en = what_en
        self._thread_lock = _thread_lock(self.path)
        self._handle: IO[str] | None = None

    def _busy(self) -> SyncBusy:
        who = ""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8") or "{}")
            who = f" ({info.get('holder', '?')}, desde {info.get('since', '?')} UTC)"
        except (OSError, ValueError):
            pass
        return SyncBusy(
            f"Ya hay {self.what_es} en curso{who}. Espere a que termine e intente de nuevo.",
            f"{self.what_en.capitalize()} is already running{who}. Wait for it to finish and try "
            "again.",
        )

    def acquire(self) -> None:
        if not self._thread_lock.acquire(blocking=False):
            raise self._busy()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = self.path.open("a+", encoding="utf-8")
            if not _try_os_lock(handle):
                handle.close()
                raise self._busy()
            handle.seek(0)
            handle.truncate()
            since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
            handle.write(json.dumps({"holder": self.holder, "pid": os.getpid(), "since": since}))
            handle.flush()
            self._handle = handle
        except BaseException:
            self._thread_lock.release()
            raise

    def release(self) -> None:
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            _os_unlock(self._handle)
            self._handle.close()
            self._handle = None
            self._thread_lock.release()

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
