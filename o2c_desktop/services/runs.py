"""Run history: every sync run, each report step, its files, and what the scheduler did.

Timestamps are stored as naive UTC. Any thread may record: each call uses its own cursor.
Messages (a run's outcome, a step's reason and error, a schedule event's reason) are stored as
their code and parameters (JSON), so they read in the person's language whenever shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from o2c_desktop.messages import Message, msg
from o2c_desktop.services.warehouse import Warehouse

RUN_STATUSES = ("running", "ok", "partial", "failed", "cancelled", "needs-human")
STEP_STATUSES = ("running", "ok", "failed", "cancelled", "needs-human", "skipped")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class StepFile:
    sha256: str
    original_name: str
    range_from: date | None
    range_to: date | None


@dataclass(frozen=True)
class RunRecord:
    run_id: int
    trigger: str
    schedule_id: str | None
    portals: str
    range_from: date | None
    range_to: date | None
    started_at: datetime
    finished_at: datetime | None
    status: str
    message: Message | None
    evidence_dir: str | None


@dataclass(frozen=True)
class StepRecord:
    run_id: int
    step_no: int
    portal: str
    report: str
    range_from: date | None
    range_to: date | None
    status: str
    reason: Message | None
    started_at: datetime
    finished_at: datetime | None
    seconds: float | None
    files: int
    error_message: Message | None
    evidence_dir: str | None


@dataclass(frozen=True)
class ScheduleEvent:
    schedule_id: str
    event_at: datetime
    kind: str
    reason: Message | None
    run_id: int | None


_RUN_COLUMNS = (
    "run_id, trigger, schedule_id, portals, range_from, range_to, started_at, finished_at,"
    " status, message, evidence_dir"
)
_STEP_COLUMNS = (
    "run_id, step_no, portal, report, range_from, range_to, status, reason, started_at,"
    " finished_at, seconds, files, error_message, evidence_dir"
)

_EVENT_COLUMNS = "schedule_id, event_at, kind, reason, run_id"


def _stored(message: Message | None) -> str | None:
    return message.to_json() if message is not None else None


def _with_messages(columns: str, row: Sequence[Any], messages: tuple[str, ...]) -> dict[str, Any]:
    """A row by column name, its stored messages read back as messages."""
    values = dict(zip((name.strip() for name in columns.split(",")), row, strict=True))
    for name in messages:
        values[name] = Message.from_stored(values[name])
    return values


def _run(row: Sequence[Any]) -> RunRecord:
    return RunRecord(**_with_messages(_RUN_COLUMNS, row, ("message",)))


def _step(row: Sequence[Any]) -> StepRecord:
    return StepRecord(**_with_messages(_STEP_COLUMNS, row, ("reason", "error_message")))


class RunHistory:
    def __init__(self, warehouse: Warehouse) -> None:
        self._warehouse = warehouse

    def _execute(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        cursor = self._warehouse.cursor()
        try:
            return cursor.execute(sql, list(params)).fetchall()
        finally:
            cursor.close()

    # -- writing ----------------------------------------------------------------------------

    def start_run(
        self,
        *,
        trigger: str,
        portals: Iterable[str],
        range_from: date | None = None,
        range_to: date | None = None,
        schedule_id: str | None = None,
        evidence_dir: str | None = None,
    ) -> int:
        rows = self._execute(
            "INSERT INTO sync_run (trigger, schedule_id, portals, range_from, range_to,"
            " started_at, status, evidence_dir) VALUES (?, ?, ?, ?, ?, ?, 'running', ?)"
            " RETURNING run_id",
            [
                trigger,
                schedule_id,
                ",".join(portals),
                range_from,
                range_to,
                utc_now(),
                evidence_dir,
            ],
        )
        return int(str(rows[0][0]))

    def start_step(
        self,
        run_id: int,
        *,
        portal: str,
        report: str,
        range_from: date | None = None,
        range_to: date | None = None,
        status: str = "running",
        reason: Message | None = None,
        step_no: int | None = None,
    ) -> int:
        """A new step, numbered ``step_no`` or else after the run's last one.

        A sync numbers its steps by their place in the run (portal order, then report order),
        so that portals synced side by side read in the same order whichever finished first.
        """
        rows = self._execute(
            "INSERT INTO sync_step (run_id, step_no, portal, report, range_from, range_to,"
            " status, reason, started_at)"
            " SELECT ?, coalesce(?, coalesce(max(step_no), 0) + 1), ?, ?, ?, ?, ?, ?, ?"
            " FROM sync_step WHERE run_id = ? RETURNING step_no",
            [
                run_id,
                step_no,
                portal,
                report,
                range_from,
                range_to,
                status,
                _stored(reason),
                utc_now(),
                run_id,
            ],
        )
        return int(str(rows[0][0]))

    def skip_step(
        self,
        run_id: int,
        *,
        portal: str,
        report: str,
        reason: Message,
        step_no: int | None = None,
    ) -> int:
        step_no = self.start_step(
            run_id, portal=portal, report=report, status="skipped", reason=reason, step_no=step_no
        )
        self._execute(
            "UPDATE sync_step SET finished_at = started_at, seconds = 0"
            " WHERE run_id = ? AND step_no = ?",
            [run_id, step_no],
        )
        return step_no

    def finish_step(
        self,
        run_id: int,
        step_no: int,
        *,
        status: str,
        files: Sequence[StepFile] = (),
        reason: Message | None = None,
        error_message: Message | None = None,
        error_details: str | None = None,
        evidence_dir: str | None = None,
        pages: int | None = None,
        split_points: Sequence[date] = (),
    ) -> None:
        if status not in STEP_STATUSES:
            raise ValueError(f"unknown step status {status!r}")
        now = utc_now()
        self._execute(
            "UPDATE sync_step SET status = ?, reason = ?, finished_at = ?,"
            " seconds = date_diff('millisecond', started_at, ?::TIMESTAMP) / 1000.0,"
            " files = ?, error_message = ?, error_details = ?, evidence_dir = ?, pages = ?,"
            " split_points = ? WHERE run_id = ? AND step_no = ?",
            [
                status,
                _stored(reason),
                now,
                now,
                len(files),
                _stored(error_message),
                error_details,
                evidence_dir,
                pages,
                json.dumps([d.isoformat() for d in split_points]) if split_points else None,
                run_id,
                step_no,
            ],
        )
        for item in files:
            self._execute(
                "INSERT INTO sync_step_file VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [run_id, step_no, item.sha256, item.original_name, item.range_from, item.range_to],
            )

    def finish_run(self, run_id: int, *, status: str, message: Message | None = None) -> None:
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        self._execute(
            "UPDATE sync_run SET status = ?, message = ?, finished_at = ? WHERE run_id = ?",
            [status, _stored(message), utc_now(), run_id],
        )

    def record_schedule_event(
        self,
        schedule_id: str,
        kind: str,
        *,
        reason: Message | None = None,
        run_id: int | None = None,
        at: datetime | None = None,
    ) -> None:
        """``at``: when it happened, if earlier than now (recorded late, e.g. when the
        warehouse was busy at the time)."""
        self._execute(
            "INSERT INTO schedule_event VALUES (?, ?, ?, ?, ?)",
            [schedule_id, at or utc_now(), kind, _stored(reason), run_id],
        )

    def close_abandoned_runs(self) -> int:
        """Runs left 'running' by a process that died are marked failed, with the reason."""
        rows = self._execute(
            "UPDATE sync_run SET status = 'failed', finished_at = ?, message = ?"
            " WHERE status = 'running' RETURNING run_id",
            [utc_now(), _stored(msg("run.interrupted"))],
        )
        self._execute(
            "UPDATE sync_step SET status = 'failed', finished_at = ?, reason = ?"
            " WHERE status = 'running'",
            [utc_now(), _stored(msg("run.step_interrupted"))],
        )
        return len(rows)

    # -- reading ----------------------------------------------------------------------------

    def runs(self, limit: int = 50) -> list[RunRecord]:
        rows = self._execute(
            f"SELECT {_RUN_COLUMNS} FROM sync_run ORDER BY run_id DESC LIMIT ?",  # noqa: S608 - constant columns; values bound
            [limit],
        )
        return [_run(row) for row in rows]

    def run(self, run_id: int) -> RunRecord | None:
        rows = self._execute(f"SELECT {_RUN_COLUMNS} FROM sync_run WHERE run_id = ?", [run_id])  # noqa: S608 - constant columns; values bound
        return _run(rows[0]) if rows else None

    def steps(self, run_id: int) -> list[StepRecord]:
        rows = self._execute(
            f"SELECT {_STEP_COLUMNS} FROM sync_step WHERE run_id = ? ORDER BY step_no",  # noqa: S608 - constant columns; values bound
            [run_id],
        )
        return [_step(row) for row in rows]

    def step_files(self, run_id: int, step_no: int) -> list[StepFile]:
        rows = self._execute(
            "SELECT sha256, original_name, range_from, range_to FROM sync_step_file"
            " WHERE run_id = ? AND step_no = ? ORDER BY original_name",
            [run_id, step_no],
        )
        return [StepFile(*row) for row in rows]  # type: ignore[arg-type]

    def last_step_per_portal(self) -> dict[str, StepRecord]:
        """The most recent step of each portal that has one (what "last sync" means per portal)."""
        rows = self._execute(
            f"SELECT {_STEP_COLUMNS} FROM sync_step"  # noqa: S608 - constant columns; values bound
            " QUALIFY row_number() OVER (PARTITION BY portal ORDER BY started_at DESC,"
            " run_id DESC, step_no DESC) = 1 ORDER BY portal"
        )
        steps = [_step(row) for row in rows]
        return {step.portal: step for step in steps}

    def last_run_started(self, schedule_id: str) -> datetime | None:
        """When the schedule last started a run (any outcome)."""
        rows = self._execute(
            "SELECT max(started_at) FROM sync_run WHERE schedule_id = ?", [schedule_id]
        )
        value = rows[0][0]
        return value if isinstance(value, datetime) else None

    def schedule_events(
        self, schedule_id: str | None = None, limit: int = 50
    ) -> list[ScheduleEvent]:
        rows = self._execute(
            f"SELECT {_EVENT_COLUMNS} FROM schedule_event"  # noqa: S608 - constant columns; values bound
            " WHERE ? IS NULL OR schedule_id = ? ORDER BY event_at DESC LIMIT ?",
            [schedule_id, schedule_id, limit],
        )
        return [ScheduleEvent(**_with_messages(_EVENT_COLUMNS, row, ("reason",))) for row in rows]

    def last_ok_memory(self, portal: str, report: str) -> tuple[int | None, list[date]]:
        """What the last successful step of a report left to remember: SAGI pages, PREI cuts."""
        rows = self._execute(
            "SELECT pages, split_points FROM sync_step WHERE portal = ? AND report = ?"
            " AND status = 'ok' ORDER BY run_id DESC, step_no DESC LIMIT 1",
            [portal, report],
        )
        if not rows:
            return None, []
        pages, cuts = rows[0]
        points = [date.fromisoformat(d) for d in json.loads(str(cuts))] if cuts else []
        return (int(str(pages)) if pages is not None else None), points

    def resumable_ranges(
        self, portal: str, report: str, *, within: timedelta
    ) -> list[tuple[date, date, list[StepFile]]]:
        """Ranges fetched by the latest unfinished run of this report, if it is recent enough.

        A run that failed or was cancelled keeps its files; the next run within ``within``
        reuses them and fetches only the ranges that are missing.
        """
        rows = self._execute(
            "SELECT r.run_id, r.status FROM sync_run r JOIN sync_step s USING (run_id)"
            " WHERE s.portal = ? AND s.report = ? AND r.started_at >= ?"
            " AND r.status <> 'running' ORDER BY r.run_id DESC LIMIT 1",
            [portal, report, utc_now() - within],
        )
        if not rows or rows[0][1] == "ok":
            return []
        run_id = int(str(rows[0][0]))
        found = self._execute(
            "SELECT f.range_from, f.range_to, f.sha256, f.original_name FROM sync_step s"
            " JOIN sync_step_file f USING (run_id, step_no)"
            " WHERE s.run_id = ? AND s.portal = ? AND s.report = ?"
            " AND f.range_from IS NOT NULL ORDER BY f.range_from",
            [run_id, portal, report],
        )
        grouped: dict[tuple[date, date], list[StepFile]] = {}
        for range_from, range_to, sha, name in found:
            assert isinstance(range_from, date) and isinstance(range_to, date)
            grouped.setdefault((range_from, range_to), []).append(
                StepFile(str(sha), str(name), range_from, range_to)
            )
        return [(a, b, files) for (a, b), files in grouped.items()]
