"""The scheduler's persistent job store on Python's own ``sqlite3``.

The same table, columns and index as APScheduler's SQLAlchemy job store (``apscheduler_jobs``:
id, next run as a UTC timestamp, the pickled job), so a job store file written by either reads in
the other. SQLAlchemy cost the desktop window about 22 MB of memory and a second or two of
start-up to do these few statements. Every call opens its own connection: APScheduler calls the
store from its own thread and from whoever adds or changes a job.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from apscheduler.job import Job
from apscheduler.jobstores.base import BaseJobStore, ConflictingIdError, JobLookupError
from apscheduler.util import datetime_to_utc_timestamp, utc_timestamp_to_datetime

_BUSY_TIMEOUT_S = 30.0


class SqliteJobStore(BaseJobStore):  # type: ignore[misc]  # APScheduler is untyped
    def __init__(self, path: Path, pickle_protocol: int = pickle.HIGHEST_PROTOCOL) -> None:
        super().__init__()
        self.path = path
        self.pickle_protocol = pickle_protocol

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One connection, committed on success and rolled back on error, then closed."""
        opened = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S)
        with closing(opened) as connection, connection:
            yield connection

    def start(self, scheduler: Any, alias: str) -> None:
        super().start(scheduler, alias)
        with self._transaction() as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS apscheduler_jobs (id VARCHAR(191) NOT NULL, "
                "next_run_time FLOAT, job_state BLOB NOT NULL, PRIMARY KEY (id))"
            )
            connection.execute(
                "CREATE INDEX IF NOT EXISTS ix_apscheduler_jobs_next_run_time "
                "ON apscheduler_jobs (next_run_time)"
            )

    def lookup_job(self, job_id: str) -> Job | None:
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT job_state FROM apscheduler_jobs WHERE id = ?", (job_id,)
            ).fetchone()
        return self._reconstitute_job(row[0]) if row and row[0] else None

    def get_due_jobs(self, now: datetime) -> list[Job]:
        return self._get_jobs(due_by=datetime_to_utc_timestamp(now))

    def get_next_run_time(self) -> datetime | None:
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT next_run_time FROM apscheduler_jobs WHERE next_run_time IS NOT NULL "
                "ORDER BY next_run_time LIMIT 1"
            ).fetchone()
        return utc_timestamp_to_datetime(row[0] if row else None)  # type: ignore[no-any-return]

    def get_all_jobs(self) -> list[Job]:
        jobs = self._get_jobs()
        self._fix_paused_jobs_sorting(jobs)
        return jobs

    def add_job(self, job: Job) -> None:
        try:
            with self._transaction() as connection:
                connection.execute(
                    "INSERT INTO apscheduler_jobs (id, next_run_time, job_state) VALUES (?, ?, ?)",
                    (job.id, datetime_to_utc_timestamp(job.next_run_time), self._state(job)),
                )
        except sqlite3.IntegrityError as exc:
            raise ConflictingIdError(job.id) from exc

    def update_job(self, job: Job) -> None:
        with self._transaction() as connection:
            changed = connection.execute(
                "UPDATE apscheduler_jobs SET next_run_time = ?, job_state = ? WHERE id = ?",
                (datetime_to_utc_timestamp(job.next_run_time), self._state(job), job.id),
            ).rowcount
        if changed == 0:
            raise JobLookupError(job.id)

    def remove_job(self, job_id: str) -> None:
        with self._transaction() as connection:
            removed = connection.execute(
                "DELETE FROM apscheduler_jobs WHERE id = ?", (job_id,)
            ).rowcount
        if removed == 0:
            raise JobLookupError(job_id)

    def remove_all_jobs(self) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM apscheduler_jobs")

    def shutdown(self) -> None:
        """Nothing stays open between calls."""

    def _state(self, job: Job) -> bytes:
        return pickle.dumps(job.__getstate__(), self.pickle_protocol)

    def _reconstitute_job(self, job_state: bytes) -> Job:
        # The program's own file, written by this store (as APScheduler's own stores do).
        state = pickle.loads(job_state)  # noqa: S301
        state["jobstore"] = self
        job = Job.__new__(Job)
        job.__setstate__(state)
        job._scheduler = self._scheduler
        job._jobstore_alias = self._alias
        return job

    def _get_jobs(self, due_by: float | None = None) -> list[Job]:
        """Every job, or only those due by the timestamp ``due_by``, soonest first."""
        jobs: list[Job] = []
        failed: list[str] = []
        with self._transaction() as connection:
            rows = connection.execute(
                "SELECT id, job_state FROM apscheduler_jobs WHERE ? IS NULL OR next_run_time <= ? "
                "ORDER BY next_run_time",
                (due_by, due_by),
            ).fetchall()
            for job_id, state in rows:
                try:
                    jobs.append(self._reconstitute_job(state))
                except BaseException:
                    self._logger.exception('Unable to restore job "%s" -- removing it', job_id)
                    failed.append(job_id)
            connection.executemany(
                "DELETE FROM apscheduler_jobs WHERE id = ?", [(i,) for i in failed]
            )
        return jobs

    def __repr__(self) -> str:
        return f"<{type(self).__name__} (path={self.path})>"
