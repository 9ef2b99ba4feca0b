"""The scheduler: APScheduler 3 with a SQLite job store beside the warehouse.

Jobs are stored by text reference with plain arguments; ``coalesce`` and ``max_instances=1`` keep
one run per schedule; the settings file is the truth and the job store is reconciled with it at
start (paused first, then resumed). Missed runs are caught up once, from the run history, at start,
when APScheduler reports a miss, and after the computer wakes from sleep.
"""

from __future__ import annotations

import logging
import time
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from o2c_desktop.context import AppContext
from o2c_desktop.services.runs import RunHistory
from o2c_desktop.services.scheduler.jobs import JOB_REFERENCE, sync_lock_for
from o2c_desktop.services.scheduler.lock import SyncBusy, SyncLock
from o2c_desktop.services.scheduler.triggers import build_trigger, last_due_before
from o2c_desktop.settings import ScheduleSpec

log = logging.getLogger(__name__)

MISFIRE_GRACE = timedelta(hours=2)
HEARTBEAT = timedelta(seconds=60)
_VOLATILE = "volatile"


class O2cScheduler:
    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.zone = ZoneInfo(context.settings.general.timezone)
        self._lock = SyncLock(
            context.paths.data_dir / "scheduler.lock",
            holder="programador",
            what_es="otro programador de tareas",
            what_en="another scheduler",
        )
        self._scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(url=f"sqlite:///{context.paths.job_store_file}"),
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
        self._last_beat = time.time()
        self._data_dir = str(context.paths.data_dir) if context.paths.single_root else None

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
        log.info("scheduler started with %d schedules", len(self.context.settings.schedules))

    def shutdown(self, *, wait: bool = True) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=wait)
        self._lock.release()

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    # -- jobs -------------------------------------------------------------------------------

    def reconcile(self) -> None:
        """Make the job store say exactly what the settings say."""
        specs = {spec.id: spec for spec in self.context.settings.schedules}
        for job in self._scheduler.get_jobs(jobstore="default"):
            if job.id not in specs:
                job.remove()
        for spec in specs.values():
            self._scheduler.add_job(
                JOB_REFERENCE,
                build_trigger(spec, self.context.settings.general.timezone),
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
        with self.context.open_warehouse() as warehouse:
            history = RunHistory(warehouse)
            # A run still marked "running" while nobody holds the sync lock was left by a
            # process that died; with the lock held by a live sync it is really running.
            with suppress(SyncBusy), sync_lock_for(self.context, holder="programador"):
                history.close_abandoned_runs()
            for spec in self.context.settings.schedules:
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
        trigger = build_trigger(spec, self.context.settings.general.timezone)
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
        with self.context.open_warehouse() as warehouse:
            RunHistory(warehouse).record_schedule_event(
                event.job_id,
                "missed",
                reason=(
                    "El programa no estaba activo o el equipo estaba suspendido a la hora "
                    f"programada ({event.scheduled_run_time:%Y-%m-%d %H:%M}); se ejecuta una "
                    "sola vez para ponerse al día."
                ),
            )
        self.run_now(event.job_id, trigger="catch-up")

    def _heartbeat(self) -> None:
        """A wall-clock jump much longer than the beat means the computer slept."""
        now = time.time()
        slept = now - self._last_beat > 3 * HEARTBEAT.total_seconds()
        self._last_beat = now
        if slept:
            log.info("wake from sleep detected; catching up")
            self.catch_up()
