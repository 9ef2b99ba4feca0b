"""Never two syncs (or two schedulers) at once: a lock per data folder, across threads and
processes. The operating system releases it if the holder dies, so a crash never leaves a lock
that needs cleaning by hand.

The exclusion itself is ``filelock`` (``flock`` on Linux and macOS, ``LockFileEx`` on Windows).
Who holds the lock is written beside it (``<lock>.holder``), not into the lock file: on Windows the
locked file cannot be read by the process that finds it busy, and it is removed on release.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg

log = logging.getLogger(__name__)

_process_locks: dict[Path, threading.Lock] = {}
_registry_guard = threading.Lock()


class SyncBusy(UserError):
    """Another sync holds the lock."""


def _thread_lock(path: Path) -> threading.Lock:
    with _registry_guard:
        return _process_locks.setdefault(path, threading.Lock())


def holder_file(lock_path: Path) -> Path:
    return lock_path.with_name(lock_path.name + ".holder")


class SyncLock:
    """``with SyncLock(path, holder="..."):`` — refuses at once when another sync runs."""

    def __init__(
        self,
        path: Path,
        *,
        holder: str | Message,  # who holds it, as a second one is told (a program's name or words)
        what: Message | None = None,
    ) -> None:
        self.path = path.resolve()
        self.holder = holder
        self.what = what or msg("sync.busy_what_sync")  # what is running, said to the next one
        self._thread_lock = _thread_lock(self.path)
        # Not thread-local: the scheduler takes its lock on one thread and may release it on
        # another (the window's quit).
        self._file_lock = FileLock(self.path, timeout=0, thread_local=False)
        self._held = False

    def _busy(self) -> SyncBusy:
        who: Message | str = ""
        try:
            info = json.loads(holder_file(self.path).read_text(encoding="utf-8") or "{}")
            holder: Message | str = info.get("holder", "?")
            if "holder_message" in info:  # the holder named in either language
                holder = Message.from_json(info["holder_message"])
            who = msg("sync.busy_holder", holder=holder, since=info.get("since", "?"))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return SyncBusy(msg("sync.busy", what=self.what, who=who))

    def acquire(self) -> None:
        if not self._thread_lock.acquire(blocking=False):
            raise self._busy()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._file_lock.acquire()
            except Timeout:
                raise self._busy() from None
            self._held = True
            since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
            named = self.holder
            record: dict[str, object] = {"pid": os.getpid(), "since": since}
            # The words for older versions, and the message for this one's either language.
            record["holder"] = named.es if isinstance(named, Message) else named
            if isinstance(named, Message):
                record["holder_message"] = named.to_json()
            try:
                holder_file(self.path).write_text(json.dumps(record), encoding="utf-8")
            except OSError as exc:
                # Only the "who" of a later busy message depends on it; the lock is held.
                log.warning("cannot record the holder of %s: %s", self.path, exc)
        except BaseException:
            if self._held:
                self._file_lock.release()
                self._held = False
            self._thread_lock.release()
            raise

    def release(self) -> None:
        if not self._held:
            return
        with suppress(OSError):
            holder_file(self.path).unlink(missing_ok=True)
        self._file_lock.release()
        self._held = False
        self._thread_lock.release()

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
