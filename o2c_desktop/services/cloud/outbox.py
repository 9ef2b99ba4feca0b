"""The durable outbox: every file to push, per destination, until the destination confirmed it.

Items are rows of ``cloud_outbox`` in the warehouse, so they survive a crash, a reboot or weeks
offline. Enqueueing the same content for the same destination twice is a no-op. A failed attempt
only records the reason (for the clerk), the details (for the log) and when to try again, with
exponential backoff; an item leaves the queue only as ``done`` (confirmed by its destination) or
``superseded`` (a newer full snapshot of the same table is queued for the same destination).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message
from o2c_desktop.services.warehouse import Warehouse

Destination = Literal["s3", "snowflake"]
DESTINATIONS: tuple[Destination, ...] = ("s3", "snowflake")

_COLUMNS = (
    "item_id, destination, kind, dataset, content_sha256, object_key, local_path, size_bytes, "
    "row_count, status, attempts, reason, outcome, enqueued_at, last_attempt_at, "
    "next_attempt_at, done_at"
)
# The keys of an item's record (``o2c outbox list``'s JSON and CSV: README "Machine output").
RECORD_COLUMNS: tuple[str, ...] = tuple(name.strip() for name in _COLUMNS.split(","))


class DestinationUnavailable(UserError):
    """A destination could not take an item now. ``blocking``: the destination itself is out
    (offline, throttling, rejected sign-in), so the rest of its queue waits too."""

    def __init__(self, reason: Message, *, details: str = "", blocking: bool = True) -> None:
        super().__init__(reason, details=details)
        self.blocking = blocking


def _item(row: tuple[Any, ...]) -> OutboxItem:
    values = dict(zip(RECORD_COLUMNS, row, strict=True))
    values["reason"] = Message.from_stored(values["reason"])
    return OutboxItem(**values)


@dataclass(frozen=True)
class OutboxItem:
    item_id: int
    destination: str
    kind: str  # raw | table
    dataset: str
    content_sha256: str
    object_key: str
    local_path: str
    size_bytes: int
    row_count: int | None
    status: str
    attempts: int
    reason: Message | None  # stored as its code and parameters
    outcome: str | None
    enqueued_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    done_at: datetime | None

    def as_record(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in RECORD_COLUMNS}


@dataclass(frozen=True)
class NewItem:
    destination: Destination
    kind: str
    dataset: str
    content_sha256: str
    object_key: str
    local_path: str
    size_bytes: int
    row_count: int | None = None


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def backoff(attempts: int, base_s: float, max_s: float) -> timedelta:
    """Wait before the next attempt: base, 2·base, 4·base, ... up to max."""
    return timedelta(seconds=min(max_s, base_s * (2 ** max(0, attempts - 1))))


class Outbox:
    """The queue of pushes in one warehouse."""

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[OutboxItem]:
        con = self.warehouse.cursor()
        try:
            rows = con.execute(f"SELECT {_COLUMNS} FROM cloud_outbox {sql}", list(params))  # noqa: S608 - constant clauses; values bound
            return [_item(row) for row in rows.fetchall()]
        finally:
            con.close()

    def enqueue(self, item: NewItem, *, supersede: bool = False) -> OutboxItem | None:
        """Queue ``item`` unless the same content is already known for its destination.

        With ``supersede``, older still-queued items of the same dataset and destination are
        retired: the new item (a full snapshot) contains them.
        """
        con = self.warehouse.cursor()
        try:
            with self.warehouse.transaction(con):
                known = con.execute(
                    "SELECT count(*) FROM cloud_outbox WHERE destination = ? AND dataset = ? "
                    "AND content_sha256 = ? AND status <> 'superseded'",
                    [item.destination, item.dataset, item.content_sha256],
                ).fetchall()[0][0]
                if known:
                    return None
                now = utc_now()
                if supersede:
                    con.execute(
                        "UPDATE cloud_outbox SET status = 'superseded', reason = NULL, "
                        "next_attempt_at = NULL WHERE destination = ? AND dataset = ? "
                        "AND kind = ? AND status = 'queued'",
                        [item.destination, item.dataset, item.kind],
                    )
                row = con.execute(
                    "INSERT INTO cloud_outbox (destination, kind, dataset, content_sha256, "
                    "object_key, local_path, size_bytes, row_count, status, enqueued_at, "
                    "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) "
                    "RETURNING item_id",
                    [
                        item.destination,
                        item.kind,
                        item.dataset,
                        item.content_sha256,
                        item.object_key,
                        item.local_path,
                        item.size_bytes,
                        item.row_count,
                        now,
                        now,
                    ],
                ).fetchall()
        finally:
            con.close()
        return self.get(int(row[0][0]))

    def get(self, item_id: int) -> OutboxItem:
        found = self._rows("WHERE item_id = ?", [item_id])
        if not found:
            raise KeyError(item_id)
        return found[0]

    def items(self, *, status: str | None = None, limit: int | None = None) -> list[OutboxItem]:
        where = "WHERE status = ?" if status else ""
        params: list[object] = [status] if status else []
        tail = f" LIMIT {int(limit)}" if limit else ""
        return self._rows(f"{where} ORDER BY item_id DESC{tail}", params)

    def due(self, destination: str, *, now: datetime | None = None) -> list[OutboxItem]:
        """Queued items of ``destination`` whose wait is over, oldest first."""
        return self._rows(
            "WHERE status = 'queued' AND destination = ? "
            "AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY item_id",
            [destination, now or utc_now()],
        )

    def pending(self) -> list[OutboxItem]:
        return self._rows("WHERE status = 'queued' ORDER BY item_id")

    def is_known(self, destination: str, dataset: str, sha256: str) -> bool:
        return bool(
            self._rows(
                "WHERE destination = ? AND dataset = ? AND content_sha256 = ? "
                "AND status <> 'superseded'",
                [destination, dataset, sha256],
            )
        )

    def is_done(self, destination: str, dataset: str, sha256: str) -> bool:
        return bool(
            self._rows(
                "WHERE destination = ? AND dataset = ? AND content_sha256 = ? AND status = 'done'",
                [destination, dataset, sha256],
            )
        )

    def _update(self, sql: str, params: Sequence[object]) -> None:
        con = self.warehouse.cursor()
        try:
            with self.warehouse.transaction(con):
                con.execute(f"UPDATE cloud_outbox SET {sql}", list(params))  # noqa: S608 - constant clauses; values bound
        finally:
            con.close()

    def mark_done(self, item_id: int, outcome: str) -> None:
        now = utc_now()
        self._update(
            "status = 'done', outcome = ?, reason = NULL, reason_details = NULL, "
            "attempts = attempts + 1, last_attempt_at = ?, done_at = ?, next_attempt_at = NULL "
            "WHERE item_id = ? AND status = 'queued'",
            [outcome, now, now, item_id],
        )

    def mark_failed(
        self, item_id: int, reason: Message, details: str, *, retry_in: timedelta
    ) -> None:
        now = utc_now()
        self._update(
            "attempts = attempts + 1, reason = ?, reason_details = ?, last_attempt_at = ?, "
            "next_attempt_at = ? WHERE item_id = ? AND status = 'queued'",
            [reason.to_json(), details, now, now + retry_in, item_id],
        )

    def mark_waiting(self, item_id: int, reason: Message) -> None:
        """Not attempted (e.g. waiting for another destination): say why, keep it due."""
        self._update(
            "reason = ? WHERE item_id = ? AND status = 'queued'", [reason.to_json(), item_id]
        )

    def retry_now(self, item_ids: Sequence[int] = ()) -> int:
        """Make queued items due at once (all of them when no ids are given)."""
        con = self.warehouse.cursor()
        try:
            with self.warehouse.transaction(con):
                ids = [int(i) for i in item_ids]
                rows = con.execute(
                    "UPDATE cloud_outbox SET next_attempt_at = ? WHERE status = 'queued' AND "
                    "(len(CAST(? AS BIGINT[])) = 0 OR list_contains(CAST(? AS BIGINT[]), item_id)) "
                    "RETURNING item_id",
                    [utc_now(), ids, ids],
                ).fetchall()
        finally:
            con.close()
        return len(rows)

    def files_still_needed(self) -> set[str]:
        con = self.warehouse.cursor()
        try:
            rows = con.execute(
                "SELECT DISTINCT local_path FROM cloud_outbox WHERE status = 'queued'"
            ).fetchall()
        finally:
            con.close()
        return {str(r[0]) for r in rows}
