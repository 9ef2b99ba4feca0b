"""The scheduler: APScheduler 3 with a SQLite job store beside the warehouse.

Jobs are stored by text reference with plain arguments; ``coalesce`` and ``max_instances=1`` keep
one run per schedule; the settings file is the truth and the job store is reconciled with it at
start (paused first, then resumed). Missed runs are caught up once, from the run history, at start,
when APScheduler reports a miss, and after the computer wakes from sleep.

When another process holds the warehouse (a CLI command, another window), a job can neither run
nor record anything: what it could not record is held here, and the warehouse is tried again
every ``busy_retry_every``; once it is free the held events are recorded and the schedule runs
once, however many times it fired meanwhile. A catch-up that meets the warehouse busy waits the
same way. Events still held when the scheduler stops are kept in a file beside the job store and
recorded by the next catch-up (which also runs what fell due).
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from o2c_desktop.errors import WarehouseBusy
from o2c_desktop.messages import Message, msg
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.runs import RunHistory, utc_now
from o2c_desktop.services.scheduler.job_store import SqliteJobStore
from o2c_desktop.services.scheduler.jobs import (
    JOB_REFERENCE,
    HeldOver,
    in_process_turn,
    run_schedule,
    sync_lock_for,
)
from o2c_desktop.services.scheduler.lock import SyncBusy, SyncLock
from o2c_desktop.services.scheduler.triggers import build_trigger, last_due_before
from o2c_desktop.services.warehouse import open_warehouse
from o2c_desktop.settings import ScheduleSpec, Settings

log = logging.getLogger(__name__)

MISFIRE_GRACE = timedelta(hours=2)
HEARTBEAT = timedelta(seconds=60)
BUSY_RETRY_EVERY = timedelta(seconds=30)
_VOLATILE = "volatile"


class O2cScheduler:
    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        *,
        busy_retry_every: timedelta = BUSY_RETRY_EVERY,
    ) -> None:
        # The same Settings the window edits: a schedule changed there is seen at reconcile().
        self.settings = settings
        self.paths = paths
        self.busy_retry_every = busy_retry_every
        self._held: dict[str, list[HeldOver]] = {}  # per schedule, while the warehouse is busy
        self._held_guard = threading.Lock()
        self._retry_ids = itertools.count(1)
        self.zone = ZoneInfo(settings.general.timezone)
        self._lock = SyncLock(
            paths.data_dir / "scheduler.lock",
            holder=msg("sync.holder_scheduler"),
            what=msg("sync.busy_what_scheduler"),
        )
        self._scheduler = BackgroundScheduler(
            jobstores={
                "default": SqliteJobStore(paths.job_store_file),
                _VOLATILE: MemoryJobStore(),
            },
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
            },
            timezone=self.zone,
        )
        self._scheduler.add_listener(self._on_missed, EVENT_JOB_MISSED)
        self._scheduler.add_listener(self._on_executed, EVENT_JOB_EXECUTED)
        self._last_beat = time.time()
        self._data_dir = str(paths.data_dir) if paths.single_root else None

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Refuses (SyncBusy) when another process already hosts the scheduler."""
        self._lock.acquire()
        try:
            self._scheduler.start(paused=True)
            self.reconcile()
            self.catch_up()
            self._scheduler.add_job(
                self._heartbeat,
                "interval",
                seconds=HEARTBEAT.total_seconds(),
                id="heartbeat",
                jobstore=_VOLATILE,
                replace_existing=True,
            )
            self._scheduler.resume()
        except BaseException:
            self.shutdown(wait=False)
            raise
        log.info("scheduler started with %d schedules", len(self.settings.schedules))

    def shutdown(self, *, wait: bool = True) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)
        self._save_held()
        self._lock.release()

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    # -- jobs -------------------------------------------------------------------------------

    def reconcile(self) -> None:
        """Make the job store say exactly what the settings say."""
        specs = {spec.id: spec for spec in self.settings.schedules}
        for job in self._scheduler.get_jobs(jobstore="default"):
            if job.id not in specs:
                job.remove()
        for spec in specs.values():
            self._scheduler.add_job(
                JOB_REFERENCE,
                build_trigger(spec, self.settings.general.timezone),
                id=spec.id,
                name=spec.id,
                kwargs={"schedule_id": spec.id, "data_dir": self._data_dir},
                replace_existing=True,
                jobstore="default",
            )
            if not spec.enabled:
                self._scheduler.pause_job(spec.id, jobstore="default")

    def next_run_times(self) -> dict[str, datetime | None]:
        return {job.id: job.next_run_time for job in self._scheduler.get_jobs(jobstore="default")}

    def run_now(self, schedule_id: str, *, trigger: str = "manual") -> None:
        self._scheduler.add_job(
            JOB_REFERENCE,
            id=f"{trigger}-{schedule_id}",
            kwargs={"schedule_id": schedule_id, "data_dir": self._data_dir, "trigger": trigger},
            jobstore=_VOLATILE,
            replace_existing=True,
        )

    def catch_up(self) -> list[str]:
        """Run once, now, each enabled schedule that fell due while nobody was watching."""
        now = datetime.now(UTC)
        caught: list[str] = []
        try:
            warehouse = open_warehouse(self.paths)
        except WarehouseBusy as exc:
            log.info("catch-up waits for the warehouse: %s", exc.details)
            self._try_later(self.catch_up, "catch-up")
            return []
        with warehouse:
            history = RunHistory(warehouse)
            self._record_saved_held(history)
            # A run still marked "running" while nobody holds the sync lock was left by a
            # process that died; with the lock held by a live sync it is really running.
            with in_process_turn(0) as turn:
                # Without the turn, a run of this process holds the lock: it is really running.
                if turn:
                    with (
                        suppress(SyncBusy),
                        sync_lock_for(self.paths, holder=msg("sync.holder_scheduler")),
                    ):
                        history.close_abandoned_runs()
            for spec in self.settings.schedules:
                if spec.enabled and self._missed_since_last_run(spec, history, now):
                    caught.append(spec.id)
        for schedule_id in caught:
            log.info("catching up schedule %s", schedule_id)
            self.run_now(schedule_id, trigger="catch-up")
        return caught

    def _missed_since_last_run(
        self, spec: ScheduleSpec, history: RunHistory, now: datetime
    ) -> bool:
        last = history.last_run_started(spec.id)
        since = max(
            spec.created_at.replace(tzinfo=UTC),
            last.replace(tzinfo=UTC) if last else datetime.min.replace(tzinfo=UTC),
        )
        trigger = build_trigger(spec, self.settings.general.timezone)
        return last_due_before(trigger, since, now) is not None and not self._due_soon(spec.id)

    def _due_soon(self, schedule_id: str) -> bool:
        """A run APScheduler is about to start itself needs no catch-up."""
        job = self._scheduler.get_job(schedule_id, jobstore="default")
        if job is None or job.next_run_time is None:
            return False
        return bool(job.next_run_time <= datetime.now(UTC) + timedelta(seconds=1))

    def _on_missed(self, event: JobExecutionEvent) -> None:
        if event.jobstore != "default":
            return
        reason = msg("schedule.missed", when=f"{event.scheduled_run_time:%Y-%m-%d %H:%M}")
        try:
            warehouse = open_warehouse(self.paths)
        except WarehouseBusy:
            # The run that waits for the warehouse is the catch-up.
            self._hold(HeldOver(event.job_id, utc_now(), "missed", reason))
            return
        with warehouse:
            RunHistory(warehouse).record_schedule_event(event.job_id, "missed", reason=reason)
        self.run_now(event.job_id, trigger="catch-up")

    # -- a busy warehouse -------------------------------------------------------------------

    def _on_executed(self, event: JobExecutionEvent) -> None:
        if isinstance(event.retval, HeldOver):
            self._hold(event.retval)

    def _hold(self, event: HeldOver) -> None:
        with self._held_guard:
            waiting = event.schedule_id in self._held
            self._held.setdefault(event.schedule_id, []).append(event)
        if not waiting:
            self._try_later(lambda: self._run_held(event.schedule_id), "retry")

    def _run_held(self, schedule_id: str) -> None:
        """Record what was held and run the schedule once; if still busy, wait again."""
        with self._held_guard:
            held = list(self._held.get(schedule_id, []))
        try:
            still_busy = run_schedule(schedule_id, self._data_dir, trigger="retry", held_over=held)
        except BaseException:
            with self._held_guard:  # a bug, reported by APScheduler: the next fire starts afresh
                self._held.pop(schedule_id, None)
            raise
        with self._held_guard:
            if still_busy is None:
                del self._held[schedule_id][: len(held)]
            again = bool(self._held[schedule_id])
            if not again:
                del self._held[schedule_id]
        if again:
            self._try_later(lambda: self._run_held(schedule_id), "retry")

    @property
    def _held_file(self) -> Path:
        return self.paths.job_store_file.with_name("scheduler-held.json")

    def _save_held(self) -> None:
        with self._held_guard:
            held = [event for events in self._held.values() for event in events]
            self._held.clear()
        if not held:
            return
        saved = self._read_held_file() + [
            {"schedule_id": e.schedule_id, "at": e.at.isoformat(), "kind": e.kind,
             "reason": e.reason.to_json()}
            for e in held
        ]  # fmt: skip
        temp = self._held_file.with_suffix(".tmp")
        temp.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        temp.replace(self._held_file)
        log.info("scheduler stopped with %d events waiting for the warehouse", len(held))

    def _read_held_file(self) -> list[dict[str, str]]:
        try:
            saved = json.loads(self._held_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:  # a damaged file must not stop the scheduler
            log.info("ignored %s: %s", self._held_file, exc)
            return []
        return saved if isinstance(saved, list) else []

    def _record_saved_held(self, history: RunHistory) -> None:
        for item in self._read_held_file():
            history.record_schedule_event(
                item["schedule_id"],
                item["kind"],
                reason=Message.from_stored(item["reason"]),
                at=datetime.fromisoformat(item["at"]),
            )
        self._held_file.unlink(missing_ok=True)

    def _try_later(self, attempt: Callable[[], object], what: str) -> None:
        # One-shot jobs with ids never reused: APScheduler removes a finished date job after
        # submitting it, which could otherwise remove the job that attempt itself re-arms.
        self._scheduler.add_job(
            attempt,
            "date",
            run_date=datetime.now(UTC) + self.busy_retry_every,
            id=f"{what}-when-free-{next(self._retry_ids)}",
            jobstore=_VOLATILE,
            # However late it gets to run (a loaded machine, a sleep), it must run: a missed
            # one-shot would leave the held events waiting forever.
            misfire_grace_time=None,
        )

    def _heartbeat(self) -> None:
        """A wall-clock jump much longer than the beat means the computer slept."""
        now = time.time()
        slept = now - self._last_beat > 3 * HEARTBEAT.total_seconds()
        self._last_beat = now
        if slept:
            log.info("wake from sleep detected; catching up")
            self.catch_up()
