"""Explicit waits that a cancel interrupts at once.

Browser waits use ``WebDriverWait`` with conditions; waits on the file system or between retries
use ``poll_until`` / ``backoff``, which pace themselves on the cancel event so that a cancel ends
them immediately instead of after the full delay.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Cancelled(Exception):
    """The run's cancel event was set; the engine turns this into ``RunCancelled``."""


class WaitTimeout(Exception):
    def __init__(self, what: str, timeout_s: float) -> None:
        super().__init__(f"{what} (waited {timeout_s:.1f} s)")
        self.what = what
        self.timeout_s = timeout_s


def poll_until(
    condition: Callable[[], T | None],
    *,
    timeout_s: float,
    cancel: threading.Event,
    what: str,
    interval_s: float = 0.2,
) -> T:
    """Call ``condition`` until it returns something other than None/False."""
    deadline = time.monotonic() + timeout_s
    while True:
        if cancel.is_set():
            raise Cancelled(what)
        result = condition()
        if result is not None and result is not False:
            return result
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WaitTimeout(what, timeout_s)
        if cancel.wait(min(interval_s, remaining)):
            raise Cancelled(what)


def backoff(attempt: int, base_s: float, cancel: threading.Event, cap_s: float = 60.0) -> None:
    """Wait ``base * 2**(attempt-1)`` seconds (capped) unless cancelled first."""
    delay = min(cap_s, base_s * (2 ** max(0, attempt - 1)))
    if cancel.wait(delay):
        raise Cancelled("backoff")
