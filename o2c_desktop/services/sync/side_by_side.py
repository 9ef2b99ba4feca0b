"""Jobs side by side, one thread each: the portals of one sync run at the same time, so the run
waits about as long as its slowest portal instead of the sum of all of them."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_side_by_side(jobs: dict[str, Callable[[], None]], cancel: threading.Event) -> None:
    """Run every job in a thread of its own (named after its key) and return once all ended.

    A job that raised does not stop the others (their work is kept); the first error, in the
    jobs' order, is raised here once every job has ended. Interrupted while waiting (Ctrl+C):
    ``cancel`` is set so that every job stops, and they are waited for before going on.
    """
    errors: dict[str, BaseException] = {}

    def guarded(name: str, job: Callable[[], None], done: threading.Event) -> Callable[[], None]:
        def run() -> None:
            try:
                job()
            except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread below
                errors[name] = exc
            finally:
                done.set()

        return run

    # Each job says when it has ended, and that is what is waited for, not Thread.join():
    # on Python 3.11, Ctrl+C landing inside join() can mark a thread that is still running
    # as stopped, and every later join() on it returns at once.
    threads: list[tuple[threading.Thread, threading.Event]] = []
    try:
        for name, job in jobs.items():
            done = threading.Event()
            thread = threading.Thread(target=guarded(name, job, done), name=f"sync-{name}")
            threads.append((thread, done))
            thread.start()
        for _, done in threads:
            # Short waits: Ctrl+C reaches this thread only between them.
            while not done.wait(0.2):
                pass
    except BaseException:
        cancel.set()
        for thread, done in threads:
            # A thread has its ident from its first moment on: without one after a wait,
            # Ctrl+C came before it was created and there is nothing to wait for.
            while not done.wait(0.2) and thread.ident is not None:
                pass
        raise
    for name in jobs:
        if name in errors:
            raise errors[name]
