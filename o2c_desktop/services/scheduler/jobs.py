"""What a schedule does when it fires. APScheduler stores jobs by the text reference of
:func:`run_schedule`, so the job store holds no pickled objects, only ids and plain values.

Each schedule kind (``sync``, ``gaps``, ``push``) has an executor registered here by whoever
hosts the scheduler; this module never imports what it runs.

A job that finds the warehouse held by another process (a CLI command, another window) cannot
even record that it was skipped; it returns a :class:`HeldOver` instead, and the scheduler
records it, and runs the schedule once, when the warehouse is free again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from o2c_desktop.errors import UserError, WarehouseBusy
from o2c_desktop.messages import Message, msg
from o2c_desktop.paths import AppPaths, resolve_paths
from o2c_desktop.services.credentials import allow_keyring_backends
from o2c_desktop.services.runs import RunHistory, utc_now
from o2c_desktop.services.scheduler.lock import SyncBusy, SyncLock
from o2c_desktop.services.warehouse import Warehouse, open_warehouse
from o2c_desktop.settings import ScheduleSpec, Settings, load_settings

log = logging.getLogger(__name__)

JOB_REFERENCE = "o2c_desktop.services.scheduler.jobs:run_schedule"

# (settings, paths, warehouse, schedule, trigger) -> run id of what it started, if any
Executor = Callable[[Settings, AppPaths, Warehouse, ScheduleSpec, str], int | None]
_EXECUTORS: dict[str, Executor] = {}


WAREHOUSE_BUSY_REASON = msg("schedule.warehouse_busy")


@dataclass(frozen=True)
class HeldOver:
    """A schedule event that could not be recorded when it happened: the warehouse was busy."""

    schedule_id: str
    at: datetime  # naive UTC
    kind: str = "skipped"
    reason: Message = WAREHOUSE_BUSY_REASON


def register_executor(kind: str, executor: Executor, *, keep_existing: bool = False) -> None:
    """What a schedule of ``kind`` runs; the program's own are registered by the front end that
    hosts the scheduler (``app.schedules.ensure_default_executors``)."""
    if keep_existing and kind in _EXECUTORS:
        return
    _EXECUTORS[kind] = executor


def sync_lock_for(paths: AppPaths, holder: str | Message) -> SyncLock:
    return SyncLock(paths.data_dir / "sync.lock", holder=holder)


# The sync lock excludes other processes, and also this one's other threads (a file lock per
# open file). Threads of the scheduler queue here first, so its own brief look at the lock
# (the catch-up closing abandoned runs) never makes a run starting that moment look like a
# second sync.
_IN_PROCESS_TURN = threading.Lock()


@contextmanager
def in_process_turn(wait_s: float) -> Iterator[bool]:
    """True when this thread has the process's turn at the sync lock (waited for ``wait_s``)."""
    got = (
        _IN_PROCESS_TURN.acquire(timeout=wait_s) if wait_s > 0 else _IN_PROCESS_TURN.acquire(False)
    )
    try:
        yield got
    finally:
        if got:
            _IN_PROCESS_TURN.release()


def run_schedule(
    schedule_id: str,
    data_dir: str | None,
    trigger: str = "schedule",
    held_over: Sequence[HeldOver] = (),
) -> HeldOver | None:
    """The job body: run one schedule now, or record why it was skipped. ``held_over``: earlier
    events of this schedule to record first. Returns what it could not record: the warehouse
    was busy."""
    # The host (the window or ``o2c scheduler run``) set up logging; the job reads the settings
    # afresh, so a schedule edited since it was armed runs as it is now.
    paths = resolve_paths(data_dir).ensure()
    settings = load_settings(paths.settings_file)
    allow_keyring_backends(settings.keyring.allowed_backends)
    spec = next((s for s in settings.schedules if s.id == schedule_id), None)
    try:
        warehouse = open_warehouse(paths)
    except WarehouseBusy as exc:
        log.info("schedule %s (%s) waits for the warehouse: %s", schedule_id, trigger, exc.details)
        return HeldOver(schedule_id, utc_now())
    with warehouse:
        history = RunHistory(warehouse)
        for event in held_over:
            history.record_schedule_event(
                event.schedule_id, event.kind, reason=event.reason, at=event.at
            )
        if spec is None or not spec.enabled:
            history.record_schedule_event(
                schedule_id, "skipped", reason=msg("schedule.gone_or_paused")
            )
            return None
        executor = _EXECUTORS.get(spec.kind)
        if executor is None:
            history.record_schedule_event(
                schedule_id,
                "skipped",
                reason=msg("schedule.unknown_kind", kind=spec.kind),
            )
            return None
        try:
            with (
                in_process_turn(5.0),
                sync_lock_for(paths, holder=msg("sync.holder_schedule", id=schedule_id)),
            ):
                history.record_schedule_event(
                    schedule_id, "fired" if trigger == "schedule" else trigger
                )
                run_id = executor(settings, paths, warehouse, spec, trigger)
                log.info("schedule %s (%s) ran: run %s", schedule_id, trigger, run_id)
        except SyncBusy as exc:
            log.info("schedule %s skipped: %s", schedule_id, exc.es)
            history.record_schedule_event(schedule_id, "skipped", reason=exc.reason)
        except UserError as exc:
            log.error("schedule %s failed: %s | %s", schedule_id, exc.es, exc.details)
            history.record_schedule_event(schedule_id, "failed", reason=exc.reason)
    return None
