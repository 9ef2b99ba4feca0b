"""Processes that parse big sheets' slices beside this one while an import is under way.

python-calamine holds Python's interpreter lock while it parses, so a thread cannot parse one
slice while this process stages the previous one; another process can. ``reading_processes()``
keeps a pool open for the length of an import; imports nest (one from the window, one from a
scheduled sync) and share it, and the last to end closes it. Outside one (and on a machine of
one core) ``executor`` gives None, and slices are parsed in this process by the same function.

Processes are spawned (the only way on Windows, and the safe one beside DuckDB's threads
elsewhere) and import ``services.xlsx_slice_parser`` alone. One that dies (calamine aborting on
a hostile slice, the system out of memory) fails the sheet being read; the next sheet gets a
fresh pool, so the batch's other files still load.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from o2c_desktop.services.xlsx_slice_parser import end_with_parent

log = logging.getLogger(__name__)

# Two already parse faster than the one reading thread here takes their rows in (a 190 MB sheet:
# about 6 s of parsing shared by the two, 4-5.5 s of taking in and staging here); a third would
# only wait, holding memory.
MOST_PROCESSES = 2

_lock = threading.Lock()
_users = 0
_pool: ProcessPoolExecutor | None = None


def process_count() -> int:
    return min(MOST_PROCESSES, os.cpu_count() or 1)


def _open() -> bool:
    # One core parses no faster beside this process than in it, and pays for the copies.
    return _users > 0 and process_count() > 1


@contextmanager
def reading_processes() -> Iterator[None]:
    """Big sheets read meanwhile are parsed in other processes, started on first use."""
    global _users, _pool
    with _lock:
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            closing, _pool = (_pool, None) if _users == 0 else (None, _pool)
        if closing is not None:
            closing.shutdown(wait=True, cancel_futures=True)


def executor() -> ProcessPoolExecutor | None:
    """The open pool, started on first use; None when no import holds the processes open.

    A sheet sends all its slices to the one pool it got: should a process die, none of that
    sheet's slices reaches a fresh pool (where it could kill again) after ``discard``.
    """
    global _pool
    with _lock:
        if not _open():
            return None
        if _pool is None:
            _pool = _new_pool()
        return _pool


def discard(pool: ProcessPoolExecutor) -> None:
    """A process of ``pool`` died: it is closed, and the next ``executor()`` starts new ones."""
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    log.warning("a reading process ended unexpectedly; the next sheet gets new ones")
    pool.shutdown(wait=False, cancel_futures=True)


def _new_pool() -> ProcessPoolExecutor:
    log.info("%d reading processes for big sheets", process_count())
    return ProcessPoolExecutor(
        process_count(),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=end_with_parent,
    )
