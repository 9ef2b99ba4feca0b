"""Preparing the next item in the background while the caller works on the current one.

An import reads each file (python-calamine and Python, which hold the interpreter) and then
cleans, checks and loads it (DuckDB, which lets the interpreter go). Reading file N+1 while
file N is cleaned keeps a second core busy. One item at most is prepared ahead, so memory holds
at most two files in flight; results come back in the items' order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Prepared = TypeVar("Prepared")


def read_ahead(
    items: Sequence[Item],
    prepare: Callable[[Item], Prepared],
    *,
    discard: Callable[[Prepared], None],
    cancel: threading.Event | None = None,
) -> Iterator[tuple[Item, Future[Prepared]]]:
    """Each item with the future of its preparation, in order.

    ``future.result()`` returns what ``prepare`` returned or raises what it raised; the caller
    owns that result. While the caller handles an item, the next one is being prepared. Once
    ``cancel`` is set no item is handed out; when the caller stops early (a break, an exception,
    ``cancel``), a preparation already made or under way is waited for and given to
    ``discard``.
    """
    if not items:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-read") as pool:
        following: Future[Prepared] | None = pool.submit(prepare, items[0])
        try:
            for index, item in enumerate(items):
                current, following = following, None
                assert current is not None
                if cancel is not None and cancel.is_set():
                    _discard_when_done(current, discard)
                    return
                if index + 1 < len(items):
                    # Queued behind ``current`` on the one worker: it starts when that one ends.
                    following = pool.submit(prepare, items[index + 1])
                yield item, current
        finally:
            if following is not None and not following.cancel():
                _discard_when_done(following, discard)


def _discard_when_done(future: Future[Prepared], discard: Callable[[Prepared], None]) -> None:
    try:
        prepared = future.result()
    except BaseException:  # noqa: BLE001 - the caller stopped; this item's error is moot
        return
    discard(prepared)
