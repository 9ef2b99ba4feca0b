"""Long work off the GUI thread: a pure job function run by a thin QRunnable.

A job is any callable taking a :class:`JobControl` (progress reports and a cancel flag) and
returning its result. :func:`start` runs it in the thread pool and keeps the worker alive until it
has finished, so no widget owns a thread and closing a page never kills work half-way. A
``UserError`` arrives in ``errored`` for the page to show; anything else is a bug: it is logged,
reported through the message bridge and also sent to ``errored``.
"""

from __future__ import annotations

import logging
import threading
import traceback
import warnings
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from o2c_desktop.errors import UserError
from o2c_desktop.ui import message_bridge

log = logging.getLogger(__name__)


class JobControl:
    """What a job may use: report progress, and see whether it should stop."""

    def __init__(self, signals: WorkerSignals, cancel_event: threading.Event | None = None) -> None:
        self._signals = signals
        self.cancel_event = cancel_event or threading.Event()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def progress(self, value: object) -> None:
        self._signals.progress.emit(value)


Job = Callable[[JobControl], Any]


class WorkerSignals(QObject):
    started = Signal()
    progress = Signal(object)
    returned = Signal(object)
    errored = Signal(object)
    finished = Signal()


class Worker(QRunnable):
    def __init__(self, job: Job, name: str, cancel_event: threading.Event | None = None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps it (see _running) until ``finished``
        self.name = name
        self.signals = WorkerSignals()
        self.control = JobControl(self.signals, cancel_event)
        self._job = job
        self.done = threading.Event()

    def cancel(self) -> None:
        self.control.cancel_event.set()

    def run(self) -> None:
        self.signals.started.emit()
        try:
            result = self._job(self.control)
        except UserError as error:
            log.info("%s ended with a user error: %s | %s", self.name, error.es, error.details)
            self.signals.errored.emit(error)
        except Exception as error:  # a bug: never lost in the worker thread
            log.exception("%s failed", self.name)
            details = "".join(traceback.format_exception(error))
            message_bridge.post("bug", f"{type(error).__name__}: {error}", details)
            self.signals.errored.emit(error)
        else:
            self.signals.returned.emit(result)
        finally:
            # The job's closure may hold big things (a report's rows, a DuckDB connection):
            # they go now, not with the worker.
            self._job = _finished_job
            self.done.set()
            self.signals.finished.emit()


def _finished_job(_control: JobControl) -> None:
    raise RuntimeError("a worker runs its job once")


def _forget(worker: Worker, connected: list[Any]) -> None:
    """Drop a finished worker's connections. Qt holds the callbacks connected to its signals,
    and they (a page's methods, the lambda below) hold the worker: a cycle Python's collector
    cannot see, which kept every finished worker, its page and its data alive until exit."""
    _running.discard(worker)
    # Not from inside ``finished``'s own delivery: one turn of the event loop later.
    _to_disconnect.append(connected)
    QTimer.singleShot(0, _disconnect_finished)


def _disconnect_finished() -> None:
    # A callback whose object Qt has deleted is disconnected already; PySide warns about it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        while _to_disconnect:
            for signal in _to_disconnect.pop():
                signal.disconnect()


_to_disconnect: list[list[Any]] = []

_running: set[Worker] = set()
_pool: QThreadPool | None = None


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setObjectName("o2cWorkers")
    return _pool


def start(
    job: Job,
    *,
    name: str,
    on_returned: Callable[[Any], None] | None = None,
    on_errored: Callable[[Any], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    cancel_event: threading.Event | None = None,
) -> Worker:
    """Run ``job`` in the pool; callbacks run in the GUI thread. ``cancel_event`` shares the
    job's cancel flag with something else that must stop with it."""
    worker = Worker(job, name, cancel_event)
    signals = worker.signals
    callbacks = (
        (signals.returned, on_returned),
        (signals.errored, on_errored),
        (signals.progress, on_progress),
    )
    connected = [signal for signal, callback in callbacks if callback is not None]
    for signal, callback in callbacks:
        if callback is not None:
            signal.connect(callback)
    if on_finished is not None:
        signals.finished.connect(on_finished)
    signals.finished.connect(partial(_forget, worker, [*connected, signals.finished]))
    _running.add(worker)
    pool().start(worker)
    return worker


def running() -> list[Worker]:
    return list(_running)


def shutdown(timeout_ms: int = 10_000) -> bool:
    """Cancel every job and wait for the pool; True when everything stopped in time."""
    for worker in list(_running):
        worker.cancel()
    done = pool().waitForDone(timeout_ms)
    # Drop the workers that ended now: the event loop that would deliver their ``finished``
    # may already be gone.
    for worker in list(_running):
        if worker.done.is_set():
            _running.discard(worker)
            signals = worker.signals
            _to_disconnect.append(
                [signals.returned, signals.errored, signals.progress, signals.finished]
            )
    _disconnect_finished()
    return done
