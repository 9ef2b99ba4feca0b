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

    def guarded(name: str, job: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                job()
            except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread below
                errors[name] = exc

        return run

    threads: list[threading.Thread] = []
    try:
        for name, job in jobs.items():
            thread = threading.Thread(target=guarded(name, job), name=f"sync-{name}")
            threads.append(thread)
            thread.start()
        for thread in threads:
            while thread.is_alive():
                # Short waits: Ctrl+C reaches this thread only between them.
                thread.join(0.2)
    except BaseException:
        cancel.set()
        for thread in threads:
            if thread.ident is not None:  # started
                thread.join()
        raise
    for name in jobs:
        if name in errors:
            raise errors[name]
