"""The scheduler's job store file: what an earlier version (APScheduler's SQLAlchemy store) wrote
is read unchanged, and jobs are kept, ordered, updated and removed as before."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from o2c_desktop.services.scheduler.job_store import SqliteJobStore


def noon_job() -> None:
    """A job's target must be importable by reference."""


def _scheduler(store: object) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(jobstores={"default": store}, timezone=UTC)
    scheduler.start(paused=True)
    return scheduler


def test_a_job_store_written_by_the_former_store_is_read_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "jobs.sqlite"
    former = _scheduler(SQLAlchemyJobStore(url=f"sqlite:///{path}"))
    former.add_job(noon_job, "cron", hour=12, id="sync-daily", name="Sincronización diaria")
    former.add_job(noon_job, "cron", hour=7, id="report-morning")
    expected = {job.id: job.next_run_time for job in former.get_jobs()}
    former.shutdown(wait=False)

    now = _scheduler(SqliteJobStore(path))
    jobs = now.get_jobs()
    assert [job.id for job in jobs] == ["report-morning", "sync-daily"]  # by next run
    assert {job.id: job.next_run_time for job in jobs} == expected
    assert now.get_job("sync-daily").name == "Sincronización diaria"
    now.shutdown(wait=False)


def test_jobs_are_added_updated_paused_and_removed(tmp_path: Path) -> None:
    store = SqliteJobStore(tmp_path / "jobs.sqlite")
    scheduler = _scheduler(store)
    scheduler.add_job(noon_job, "cron", hour=12, id="a")
    scheduler.add_job(noon_job, "cron", hour=9, id="b")
    with pytest.raises(ConflictingIdError):
        store.add_job(store.lookup_job("a"))
    scheduler.pause_job("b")
    assert [job.id for job in scheduler.get_jobs()] == ["a", "b"]  # paused ones last
    assert store.lookup_job("b").next_run_time is None
    next_run = store.get_next_run_time()
    assert next_run is not None and next_run.hour == 12
    assert store.get_due_jobs(datetime(2999, 1, 1, tzinfo=UTC))[0].id == "a"
    scheduler.remove_job("a")
    with pytest.raises(JobLookupError):
        store.remove_job("a")
    store.remove_all_jobs()
    assert scheduler.get_jobs() == [] and store.get_next_run_time() is None
    scheduler.shutdown(wait=False)
