"""Jobs off the GUI thread: results, progress, user errors, bugs and cancel arrive in the GUI
thread, and the worker is kept alive until it has finished."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from o2c_desktop.errors import UserError
from o2c_desktop.messages import text
from o2c_desktop.ui import workers
from o2c_desktop.ui.message_bridge import Message
from o2c_desktop.ui.workers import JobControl


def test_result_and_progress_arrive_in_the_gui_thread(qtbot) -> None:
    gui_thread = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []

    def job(control: JobControl) -> str:
        control.progress(("sai", "descargando", 0.5))
        return f"hecho en otro hilo: {threading.get_ident() != gui_thread}"

    def record(kind: str):
        return lambda value=None: seen.append((kind, value, threading.get_ident() == gui_thread))

    worker = workers.start(
        job,
        name="test",
        on_progress=record("progress"),
        on_returned=record("returned"),
        on_errored=record("errored"),
    )
    assert worker in workers.running()
    qtbot.waitUntil(lambda: worker not in workers.running(), timeout=5000)
    assert seen == [
        ("progress", ("sai", "descargando", 0.5), True),
        ("returned", "hecho en otro hilo: True", True),
    ]


def test_a_user_error_is_handed_to_the_page_not_reported_as_a_bug(qtbot, bridge) -> None:
    errors: list[object] = []
    delivered: list[Message] = []
    bridge.attach(delivered.append)
    try:

        def job(_control: JobControl) -> None:
            raise UserError(text("El portal no respondió.", "The portal did not answer."))

        worker = workers.start(job, name="test", on_errored=errors.append)
        qtbot.waitUntil(lambda: worker not in workers.running(), timeout=5000)
    finally:
        bridge.detach(delivered.append)
    assert [e.es for e in errors if isinstance(e, UserError)] == ["El portal no respondió."]
    assert delivered == []


@pytest.mark.expected_log_warnings
def test_a_bug_in_a_job_reaches_the_bridge_with_its_traceback(qtbot, bridge) -> None:
    errors: list[object] = []
    delivered: list[Message] = []
    bridge.attach(delivered.append)
    try:

        def job(_control: JobControl) -> None:
            raise ZeroDivisionError("división entre cero")

        worker = workers.start(job, name="test", on_errored=errors.append)
        qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    finally:
        bridge.detach(delivered.append)
    assert isinstance(errors[0], ZeroDivisionError)
    assert delivered[0].level == "bug"
    assert "ZeroDivisionError: división entre cero" in delivered[0].text
    assert "Traceback" in delivered[0].details and "def job" not in delivered[0].text
    assert worker.done.is_set()


def test_cancel_reaches_the_job_and_shutdown_waits_for_it(qtbot) -> None:
    started = threading.Event()
    outcome: list[str] = []

    def job(control: JobControl) -> str:
        started.set()
        control.cancel_event.wait(10)
        return "cancelado" if control.cancelled else "terminado"

    worker = workers.start(job, name="test", on_returned=outcome.append)
    assert started.wait(5)
    assert workers.shutdown(5000)  # cancels every job, then waits
    qtbot.waitUntil(lambda: outcome == ["cancelado"], timeout=5000)
    assert worker.done.is_set()


class _Rows:
    """Stands for what a job's closure holds: a report's rows, a DuckDB connection."""


class _Page:
    """Holds its worker and gets the result in a method, as the pages do."""

    def __init__(self, rows: _Rows) -> None:
        self.result: object = None
        self.worker = workers.start(lambda _control: id(rows), name="test", on_returned=self.show)

    def show(self, result: object) -> None:
        self.result = result


def test_a_finished_job_lets_go_of_its_page_and_data(qtbot) -> None:
    rows = _Rows()
    page = _Page(rows)
    held_rows, held_page = weakref.ref(rows), weakref.ref(page)
    qtbot.waitUntil(lambda: not workers.running(), timeout=5000)
    qtbot.wait(50)  # the turn of the event loop after ``finished``
    assert page.result == id(rows)
    del rows, page
    gc.collect()
    assert held_rows() is None, "a finished worker kept its job's data alive"
    assert held_page() is None, "a finished worker kept the page that started it alive"
