"""The scheduler's own behaviour: persistence, catch-up, one run at a time, skips with reasons.

The job body is replaced by a small recorder registered as the "sync" executor: what is under test
here is when and how often the scheduler runs a schedule; the real sync has its own end-to-end test.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.errors import UserError
from o2c_desktop.messages import render
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler import O2cScheduler, SyncBusy, jobs
from o2c_desktop.services.scheduler.triggers import build_trigger, describe, last_due_before
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import ScheduleSpec, Settings


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.done = threading.Event()

    def __call__(
        self,
        settings: Settings,
        paths: AppPaths,
        warehouse: Warehouse,
        spec: ScheduleSpec,
        trigger: str,
    ) -> int:
        history = RunHistory(warehouse)
        run_id = history.start_run(trigger=trigger, portals=["sai"], schedule_id=spec.id)
        history.finish_run(run_id, status="ok")
        self.calls.append((spec.id, trigger))
        self.done.set()
        return run_id


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    saved = dict(jobs._EXECUTORS)
    rec = Recorder()
    jobs.register_executor("sync", rec)
    yield rec
    jobs._EXECUTORS.clear()
    jobs._EXECUTORS.update(saved)


def scheduler_at(data_dir: Path) -> O2cScheduler:
    context = open_context(data_dir)
    return O2cScheduler(context.settings, context.paths)


def context_with(data_dir: Path, *specs: ScheduleSpec) -> AppContext:
    context = open_context(data_dir)
    context.settings.schedules = list(specs)
    context.save_settings()
    return context


def events(context: AppContext, schedule_id: str) -> list[tuple[str, str | None]]:
    with context.open_warehouse() as warehouse:
        found = RunHistory(warehouse).schedule_events(schedule_id)
    return [(e.kind, e.reason.es if e.reason else None) for e in reversed(found)]


def test_schedules_persist_and_follow_the_settings(data_dir: Path, recorder: Recorder) -> None:
    context = context_with(
        data_dir,
        ScheduleSpec(id="diaria", at="23:59"),
        ScheduleSpec(id="semanal", frequency="weekly", weekdays=["mon", "thu"], at="06:30"),
    )
    scheduler = O2cScheduler(context.settings, context.paths)
    scheduler.start()
    try:
        times = scheduler.next_run_times()
        assert set(times) == {"diaria", "semanal"}
        assert times["diaria"] is not None
        assert (times["diaria"].hour, times["diaria"].minute) == (23, 59)
        assert str(times["diaria"].tzinfo) == "America/Mexico_City"
    finally:
        scheduler.shutdown()
    assert context.paths.job_store_file.exists()

    reopened = open_context(data_dir)
    reopened.settings.schedules = [s for s in reopened.settings.schedules if s.id == "semanal"]
    reopened.settings.schedules[0].enabled = False
    scheduler = O2cScheduler(reopened.settings, reopened.paths)
    scheduler.start()
    try:
        assert scheduler.next_run_times() == {"semanal": None}, "paused, and 'diaria' removed"
    finally:
        scheduler.shutdown()
    assert recorder.calls == []


def test_missed_runs_are_caught_up_once(data_dir: Path, recorder: Recorder) -> None:
    three_days_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=3)
    context = context_with(
        data_dir, ScheduleSpec(id="diaria", at="07:00", created_at=three_days_ago)
    )
    scheduler = O2cScheduler(context.settings, context.paths)
    scheduler.start()
    try:
        assert recorder.done.wait(timeout=60), "the missed run is caught up at start"
    finally:
        scheduler.shutdown()
    assert recorder.calls == [("diaria", "catch-up")], "three missed days, one run"
    assert events(context, "diaria") == [("catch-up", None)]

    recorder.done.clear()
    scheduler = scheduler_at(data_dir)
    assert scheduler.catch_up() == [], "the run history shows nothing is due any more"
    assert recorder.calls == [("diaria", "catch-up")]


def test_a_run_while_another_sync_runs_is_skipped_with_its_reason(
    data_dir: Path, recorder: Recorder
) -> None:
    context = context_with(data_dir, ScheduleSpec(id="diaria"))
    with jobs.sync_lock_for(context.paths, holder="sincronización manual"):
        jobs.run_schedule("diaria", str(data_dir))
    assert recorder.calls == []
    [(kind, reason)] = events(context, "diaria")
    assert kind == "skipped"
    assert reason is not None
    assert "Ya hay una sincronización en curso (sincronización manual" in reason

    jobs.run_schedule("diaria", str(data_dir))
    assert recorder.calls == [("diaria", "schedule")]


def test_a_second_scheduler_on_the_same_folder_is_refused(data_dir: Path) -> None:
    context = context_with(data_dir)
    first = O2cScheduler(context.settings, context.paths)
    first.start()
    try:
        with pytest.raises(SyncBusy) as caught:
            scheduler_at(data_dir).start()
        assert "otro programador de tareas" in caught.value.es
    finally:
        first.shutdown()
    again = scheduler_at(data_dir)
    again.start()
    again.shutdown()


def test_removed_schedule_firing_is_recorded_as_skipped(data_dir: Path, recorder: Recorder) -> None:
    context = context_with(data_dir)
    jobs.run_schedule("ya-no-existe", str(data_dir))
    assert events(context, "ya-no-existe") == [
        ("skipped", "El horario ya no existe o está en pausa.")
    ]
    assert recorder.calls == []


def test_triggers_in_mexico_city_time() -> None:
    spec = ScheduleSpec(id="mensual", frequency="monthly", day_of_month=5, at="06:15")
    trigger = build_trigger(spec, "America/Mexico_City")
    since = datetime(2026, 1, 1, tzinfo=UTC)
    now = datetime(2026, 3, 10, tzinfo=UTC)
    due = last_due_before(trigger, since, now)
    assert due is not None
    assert (due.month, due.day, due.hour, due.minute) == (3, 5, 6, 15)
    assert due.utcoffset() == timedelta(hours=-6)
    assert last_due_before(trigger, datetime(2026, 3, 6, tzinfo=UTC), now) is None
    assert describe(spec) == "mensual día 5 06:15"
    weekly = ScheduleSpec(id="s", frequency="weekly", weekdays=["mon", "thu"], at="07:00")
    assert describe(weekly) == "semanal lun,jue 07:00"


def test_invalid_cron_gets_a_clear_message() -> None:
    spec = ScheduleSpec(id="raro", frequency="cron", cron="99 7 * *")
    with pytest.raises(UserError) as caught:
        build_trigger(spec, "America/Mexico_City")
    assert "La expresión cron «99 7 * *» del horario «raro» no es válida" in caught.value.es


def test_a_run_left_running_is_closed_only_when_no_sync_holds_the_folder(data_dir: Path) -> None:
    context = context_with(data_dir)
    with context.open_warehouse() as warehouse:
        run_id = RunHistory(warehouse).start_run(trigger="cli", portals=["sai"])

    with jobs.sync_lock_for(context.paths, holder="o2c sync"):
        scheduler_at(data_dir).catch_up()
    with context.open_warehouse() as warehouse:
        assert RunHistory(warehouse).run(run_id).status == "running", "a live sync is left alone"

    scheduler_at(data_dir).catch_up()
    with context.open_warehouse() as warehouse:
        run = RunHistory(warehouse).run(run_id)
    assert run is not None
    assert run.status == "failed"
    assert (
        render(run.message)
        == "La ejecución se interrumpió (el programa se cerró antes de terminar)."
    )


@contextmanager
def warehouse_held_by_another_process(context: AppContext) -> Iterator[None]:
    """A real second process holding the DuckDB file, as a running ``o2c`` command does."""
    with context.open_warehouse():
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WAREHOUSE, str(context.paths.warehouse_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.communicate("release\n", timeout=30)


def wait_for_log(context: AppContext, text: str, count: int = 1) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for handler in logging.getLogger("o2c_desktop").handlers:
            handler.flush()
        log_file = context.paths.log_file
        if log_file.exists() and log_file.read_text(encoding="utf-8").count(text) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"{text!r} not logged {count} time(s)")


HOLD_WAREHOUSE = (
    "import duckdb, sys\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "print('held', flush=True)\n"
    "sys.stdin.readline()\n"
    "con.close()\n"
)


def test_a_run_that_meets_the_warehouse_busy_is_recorded_and_retried_once_when_free(
    data_dir: Path, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    context = context_with(data_dir, ScheduleSpec(id="diaria"))
    scheduler = O2cScheduler(
        context.settings, context.paths, busy_retry_every=timedelta(milliseconds=300)
    )
    with warehouse_held_by_another_process(context):
        scheduler.start()  # its catch-up waits for the warehouse too
        try:
            scheduler.run_now("diaria", trigger="schedule")
            wait_for_log(context, "schedule diaria (schedule) waits for the warehouse")
            scheduler.run_now("diaria", trigger="schedule")  # fires again while still busy
            wait_for_log(context, "schedule diaria (schedule) waits for the warehouse", 2)
            time.sleep(1.0)
            assert recorder.calls == [], "nothing runs while another process holds the file"
        except BaseException:
            scheduler.shutdown()
            raise
    try:
        assert recorder.done.wait(timeout=60), "the schedule runs once the warehouse is free"
        time.sleep(1.0)  # no second retry may follow
    finally:
        scheduler.shutdown()
    assert recorder.calls == [("diaria", "retry")]
    assert events(context, "diaria") == [
        ("skipped", jobs.WAREHOUSE_BUSY_REASON.es),
        ("skipped", jobs.WAREHOUSE_BUSY_REASON.es),
        ("retry", None),
    ]
    assert "abierto por otro programa" in jobs.WAREHOUSE_BUSY_REASON.es
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert noisy == [], "no traceback, no warning: the wait is an expected event"


def test_a_catch_up_that_meets_the_warehouse_busy_runs_when_it_is_free(
    data_dir: Path, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    three_days_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=3)
    context = context_with(
        data_dir, ScheduleSpec(id="diaria", at="07:00", created_at=three_days_ago)
    )
    scheduler = O2cScheduler(
        context.settings, context.paths, busy_retry_every=timedelta(milliseconds=300)
    )
    with warehouse_held_by_another_process(context):
        scheduler.start()
        time.sleep(1.0)
        assert recorder.calls == []
    try:
        assert recorder.done.wait(timeout=60), "the missed run is caught up once free"
    finally:
        scheduler.shutdown()
    assert recorder.calls == [("diaria", "catch-up")]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


def test_a_skip_still_waiting_when_the_scheduler_stops_is_recorded_at_the_next_start(
    data_dir: Path, recorder: Recorder
) -> None:
    context = context_with(data_dir, ScheduleSpec(id="diaria"))
    scheduler = O2cScheduler(
        context.settings, context.paths, busy_retry_every=timedelta(seconds=30)
    )
    with warehouse_held_by_another_process(context):
        scheduler.start()
        try:
            scheduler.run_now("diaria", trigger="schedule")
            wait_for_log(context, "schedule diaria (schedule) waits for the warehouse")
        finally:
            scheduler.shutdown()
    assert recorder.calls == []

    scheduler_at(data_dir).catch_up()
    assert events(context, "diaria") == [("skipped", jobs.WAREHOUSE_BUSY_REASON.es)]
    scheduler_at(data_dir).catch_up()
    assert len(events(context, "diaria")) == 1, "recorded once"
