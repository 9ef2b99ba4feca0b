"""Python's cycle collector held off while a batch of files is imported.

Reading a sheet makes millions of short-lived lists and tuples (a row, a column, a cell); none
of them is part of a cycle, so reference counting frees each one, yet every allocation counts
towards the collector's next pass, and a full pass walks every live object while no other
thread runs: about 0.6 s of a 9.5 s import of 200,000 rows, and more the bigger the sheet.

The collector belongs to the whole process (the window's thread too), so pauses nest: it
resumes when the last import running ends, and only if it was on when the first one began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.resume = False


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    with _PAUSES.lock:
        if _PAUSES.holders == 0:
            _PAUSES.resume = gc.isenabled()
            gc.disable()
        _PAUSES.holders += 1
    try:
        yield
    finally:
        with _PAUSES.lock:
            _PAUSES.holders -= 1
            if _PAUSES.holders == 0 and _PAUSES.resume:
                gc.enable()
