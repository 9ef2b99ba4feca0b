"""Jobs off the GUI thread: results, progress, user errors, bugs and cancel arrive in the GUI
thread, and the worker is kept alive until it has finished."""

from __future__ import annotations

import threading

import pytest

from o2c_desktop.errors import UserError
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
            raise UserError("El portal no respondió.", "The portal did not answer.")

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
