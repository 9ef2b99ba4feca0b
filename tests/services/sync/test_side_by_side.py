"""Portals side by side: every job in its own thread, all waited for, errors and Ctrl+C handled;
and the run history numbers steps by their place in the run, whichever finishes first."""

from __future__ import annotations

import _thread
import signal
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from o2c_desktop.messages import msg
from o2c_desktop.services.portals import HumanRequest
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.sync.portal_worker import one_question_at_a_time
from o2c_desktop.services.sync.side_by_side import run_side_by_side
from o2c_desktop.services.warehouse import Warehouse


def test_every_job_runs_at_the_same_time_and_all_are_waited_for() -> None:
    # Each job waits until all three are running: only true if they run side by side.
    everyone_started = threading.Barrier(3, timeout=10)
    done: list[str] = []

    def job(name: str) -> None:
        everyone_started.wait()
        done.append(name)

    run_side_by_side({name: lambda n=name: job(n) for name in ("sai", "prei", "sagi")},
                     threading.Event())  # fmt: skip
    assert sorted(done) == ["prei", "sagi", "sai"]


def test_a_job_that_fails_leaves_the_others_to_finish_then_its_error_is_raised() -> None:
    finished: list[str] = []
    failed = threading.Event()

    def broken() -> None:
        failed.set()
        raise RuntimeError("a bug in prei")

    def slow() -> None:
        assert failed.wait(10)
        finished.append("sagi")

    with pytest.raises(RuntimeError, match="a bug in prei"):
        run_side_by_side({"prei": broken, "sagi": slow}, threading.Event())
    assert finished == ["sagi"], "the other portal's work is kept"


@pytest.fixture
def python_handles_ctrl_c() -> Iterator[None]:
    """Python's own SIGINT handler, as in the command line: ``interrupt_main()`` does nothing
    under any other, and a library used earlier in the same test process may leave another."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _jobs_stopped_by_ctrl_c_after(delay_s: float) -> list[str]:
    """Two jobs that run until cancelled; Ctrl+C reaches the waiting caller ``delay_s`` after
    both started. Returns the jobs that had stopped when the caller went on."""
    cancel = threading.Event()
    stopped: list[str] = []
    running = threading.Barrier(3, timeout=10)

    def until_cancelled(name: str) -> None:
        running.wait()
        assert cancel.wait(10), "the interrupt reached the job"
        time.sleep(0.01)  # a job's last work after the cancel: the caller has to wait it out
        stopped.append(name)

    def interrupt_the_caller() -> None:
        running.wait()
        time.sleep(delay_s)  # where in the caller's wait the interrupt lands is the variable
        _thread.interrupt_main()  # what Ctrl+C does to the waiting caller

    threading.Thread(target=interrupt_the_caller).start()
    with pytest.raises(KeyboardInterrupt):
        run_side_by_side({name: lambda n=name: until_cancelled(n) for name in ("sai", "prei")},
                         cancel)  # fmt: skip
    assert cancel.is_set()
    return sorted(stopped)


@pytest.mark.usefixtures("python_handles_ctrl_c")
def test_an_interrupt_while_waiting_cancels_every_job_and_waits_for_them() -> None:
    # Ctrl+C lands at a different moment of the caller's wait each time: landing inside
    # Thread.join() once let the caller go on while a job still ran.
    for moment in range(20):
        stopped = _jobs_stopped_by_ctrl_c_after(moment / 100)
        assert stopped == ["prei", "sai"], f"every job ended first (Ctrl+C at {moment * 10} ms)"


def test_steps_read_in_run_order_whichever_was_started_first(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "w.duckdb") as warehouse:
        history = RunHistory(warehouse)
        run = history.start_run(trigger="cli", portals=["sai", "prei", "sagi"])
        # SAGI and PREI start before SAI's reports: each takes the number of its place.
        history.start_step(run, portal="sagi", report="sagi.facturas2024", step_no=4)
        history.start_step(run, portal="prei", report="prei.facturas_vs_cr", step_no=3)
        history.start_step(run, portal="sai", report="sai.altas", step_no=1)
        reason = msg("run.step_interrupted")
        history.skip_step(run, portal="sai", report="sai.ordenes", reason=reason, step_no=2)
        steps = history.steps(run)
        assert [(s.step_no, s.report) for s in steps] == [
            (1, "sai.altas"), (2, "sai.ordenes"), (3, "prei.facturas_vs_cr"),
            (4, "sagi.facturas2024"),
        ]  # fmt: skip
        assert steps[1].status == "skipped"
        # Without a number, a step still comes after the run's last one.
        assert history.start_step(run, portal="sai", report="sai.altas") == 5
        other = history.start_run(trigger="cli", portals=["sai"], range_from=date(2025, 1, 1))
        assert history.start_step(other, portal="sai", report="sai.altas") == 1


def test_a_person_is_asked_one_captcha_at_a_time() -> None:
    asking: list[str] = []
    most_at_once = 0
    both_asked = threading.Barrier(2, timeout=10)

    def clerk(request: HumanRequest) -> str | None:
        nonlocal most_at_once
        asking.append(request.portal)
        most_at_once = max(most_at_once, len(asking))
        time.sleep(0.2)  # reading the picture
        asking.remove(request.portal)
        return "4821"

    ask = one_question_at_a_time(clerk)
    answers: list[str | None] = []

    def portal(name: str) -> None:
        both_asked.wait()
        answers.append(ask(HumanRequest(portal=name, prompt="captcha", timeout_s=10)))

    run_side_by_side({n: lambda n=n: portal(n) for n in ("sai", "prei")}, threading.Event())
    assert answers == ["4821", "4821"]
    assert most_at_once == 1, "the second question waited for the first answer"
