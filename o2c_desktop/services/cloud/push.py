"""``o2c push``: queue what changed, then drain the outbox to S3 and Snowflake.

Enqueue: every archived raw file (S3 only) and a Parquet snapshot of every pushed table whose
content changed since it was last queued. Drain: S3 first (an external Snowflake stage reads
the files from there), then Snowflake; an item whose destination refuses it stays queued with
the reason and a backoff, and a destination that is out (offline, throttling, rejected sign-in)
is not pressed further in this run. Nothing is deleted from the outbox; a snapshot file is
removed only once no queued item needs it.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from o2c_desktop.errors import UserError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.cloud.outbox import (
    DESTINATIONS,
    DestinationUnavailable,
    NewItem,
    Outbox,
    OutboxItem,
    backoff,
    utc_now,
)
from o2c_desktop.services.cloud.s3 import LandingZone, object_key
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snapshot import write_snapshot
from o2c_desktop.services.cloud.tables import pushed_tables
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import CloudSettings

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class PushRequest:
    s3: bool = False
    snowflake: bool = False
    dry_run: bool = False


@dataclass
class DestinationResult:
    destination: str
    done: int = 0
    already: int = 0
    still_queued: int = 0
    reason: Message | None = None


@dataclass
class PushSummary:
    destinations: tuple[str, ...]
    dry_run: bool
    enqueued: list[OutboxItem | NewItem] = field(default_factory=list)
    results: dict[str, DestinationResult] = field(default_factory=dict)
    queued_after: int = 0

    @property
    def ok(self) -> bool:
        return self.queued_after == 0


class PushService:
    """Pushes one warehouse to the destinations its settings describe."""

    def __init__(
        self,
        warehouse: Warehouse,
        settings: CloudSettings,
        *,
        archive_dir: Path,
        spool_dir: Path,
        timezone: str = "America/Mexico_City",
        secrets: CloudSecrets | None = None,
    ) -> None:
        self.warehouse = warehouse
        self.settings = settings
        self.archive_dir = archive_dir
        self.spool_dir = spool_dir
        self.timezone = timezone
        self.secrets = secrets or CloudSecrets()
        self.outbox = Outbox(warehouse)

    # -- which destinations ------------------------------------------------------------------

    def destinations(self, request: PushRequest) -> tuple[str, ...]:
        """Asked-for destinations, or every configured one; an external stage implies S3."""
        wanted = {d for d, on in (("s3", request.s3), ("snowflake", request.snowflake)) if on}
        if not wanted:
            wanted.update(self.settings.configured_destinations())
        if "snowflake" in wanted and self.settings.snowflake.stage == "external":
            wanted.add("s3")
        if not wanted:
            raise UserError(msg("push.no_destination"))
        return tuple(d for d in DESTINATIONS if d in wanted)

    # -- enqueue -----------------------------------------------------------------------------

    def _today(self) -> date:
        return datetime.now(ZoneInfo(self.timezone)).date()

    def planned_items(self, destinations: tuple[str, ...], spool: Path) -> Iterator[NewItem]:
        prefix = self.settings.s3.prefix
        con = self.warehouse.cursor()
        try:
            if "s3" in destinations:
                raw = con.execute(
                    "SELECT r.sha256, r.size_bytes, r.stored_path, r.first_archived_at, "
                    "(SELECT l.kind FROM load_ledger AS l WHERE l.archive_sha256 = r.sha256 "
                    " AND l.kind IS NOT NULL ORDER BY l.load_id LIMIT 1) "
                    "FROM raw_file AS r ORDER BY r.first_archived_at, r.sha256"
                ).fetchall()
                for sha256, size, stored, archived_at, kind in raw:
                    dataset = str(kind or "sin-clasificar")
                    name = Path(str(stored)).name
                    yield NewItem(
                        "s3",
                        "raw",
                        dataset,
                        str(sha256),
                        object_key(prefix, "raw", dataset, archived_at.date(), name),
                        str(self.archive_dir / str(stored)),
                        int(size),
                    )
            existing = set(self.warehouse.table_names())
            today = self._today()
            for table in pushed_tables():
                if table.name not in existing:
                    continue
                snap = write_snapshot(con, table.name, spool)
                for destination in destinations:
                    if snap.rows == 0 and not self._ever_queued(destination, table.name):
                        continue
                    yield NewItem(
                        destination,  # type: ignore[arg-type]
                        "table",
                        table.name,
                        snap.sha256,
                        object_key(prefix, "table", table.name, today, snap.path.name),
                        str(snap.path),
                        snap.size_bytes,
                        snap.rows,
                    )
        finally:
            con.close()

    def _ever_queued(self, destination: str, dataset: str) -> bool:
        con = self.warehouse.cursor()
        try:
            rows = con.execute(
                "SELECT count(*) FROM cloud_outbox WHERE destination = ? AND dataset = ?",
                [destination, dataset],
            ).fetchall()
        finally:
            con.close()
        return bool(rows[0][0])

    def enqueue(self, destinations: tuple[str, ...]) -> list[OutboxItem]:
        added: list[OutboxItem] = []
        for new in self.planned_items(destinations, self.spool_dir):
            queued = self.outbox.enqueue(new, supersede=new.kind == "table")
            if queued is not None:
                added.append(queued)
        return added

    @contextmanager
    def _scratch(self) -> Iterator[Path]:
        folder = Path(tempfile.mkdtemp(prefix="o2c-push-dry-"))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def plan(self, destinations: tuple[str, ...]) -> list[NewItem]:
        """What a push would queue now, touching neither the outbox nor the network."""
        with self._scratch() as scratch:
            return [
                new
                for new in self.planned_items(destinations, scratch)
                if not self.outbox.is_known(new.destination, new.dataset, new.content_sha256)
            ]

    # -- drain -------------------------------------------------------------------------------

    def drain(
        self, destinations: tuple[str, ...], *, progress: Progress | None = None
    ) -> dict[str, DestinationResult]:
        results: dict[str, DestinationResult] = {}
        for destination in destinations:
            result = DestinationResult(destination)
            results[destination] = result
            due = self.outbox.due(destination)
            if not due:
                continue
            try:
                with self._sender(destination) as send:
                    for index, item in enumerate(due):
                        if progress:
                            progress(f"{destination}: {item.dataset}", index / len(due))
                        if not self._attempt(item, send, result):
                            break
            except DestinationUnavailable as exc:
                # The destination could not even be opened: every due item waits with the reason.
                result.reason = exc.reason
                for item in due:
                    if self.outbox.get(item.item_id).status == "queued":
                        self._failed(item, exc)
        for result in results.values():
            result.still_queued = sum(
                1 for i in self.outbox.pending() if i.destination == result.destination
            )
        self._clean_spool()
        return results

    def _attempt(
        self, item: OutboxItem, send: Callable[[OutboxItem], str], result: DestinationResult
    ) -> bool:
        """One item; False when the destination should not be pressed further now."""
        external = self.settings.snowflake.stage == "external"
        if (
            item.destination == "snowflake"
            and external
            and not self.outbox.is_done("s3", item.dataset, item.content_sha256)
        ):
            self.outbox.mark_waiting(item.item_id, msg("push.waits_for_s3"))
            return True
        if not Path(item.local_path).exists():
            self._failed(
                item,
                DestinationUnavailable(
                    msg("push.local_file_missing", path=item.local_path), blocking=False
                ),
            )
            return True
        try:
            outcome = send(item)
        except DestinationUnavailable as exc:
            self._failed(item, exc)
            result.reason = exc.reason
            return not exc.blocking
        self.outbox.mark_done(item.item_id, outcome)
        if outcome in ("already-present", "already-loaded"):
            result.already += 1
        else:
            result.done += 1
        return True

    def _failed(self, item: OutboxItem, exc: UserError) -> None:
        wait = backoff(item.attempts + 1, self.settings.retry_base_s, self.settings.retry_max_s)
        log.info(
            "push %s %s #%d stays queued: %s | %s",
            item.destination,
            item.dataset,
            item.item_id,
            exc.es,
            exc.details,
        )
        self.outbox.mark_failed(item.item_id, exc.reason, exc.details, retry_in=wait)

    @contextmanager
    def _sender(self, destination: str) -> Iterator[Callable[[OutboxItem], str]]:
        if destination == "s3":
            zone = LandingZone(self.settings.s3, self.secrets)

            def upload(item: OutboxItem) -> str:
                return zone.upload(Path(item.local_path), item.object_key, item.content_sha256)

            yield upload
            return
        from o2c_desktop.services.cloud import snowflake
        from o2c_desktop.services.cloud.snowflake_load import SnowflakeLoader

        connection = snowflake.connect(self.settings.snowflake, self.secrets)
        loader = SnowflakeLoader(connection, self.settings)

        def load(item: OutboxItem) -> str:
            try:
                done = loader.load(item)
            except DestinationUnavailable:
                raise
            except Exception as exc:
                if not _is_snowflake_error(exc):
                    raise
                raise snowflake.translate(exc, self.settings.snowflake) from exc
            self._record_load(item, done.rows, done.merged, done.deleted)
            return done.outcome

        try:
            yield load
        finally:
            try:
                connection.close()
            except Exception as exc:  # noqa: BLE001 - closing a dead session must not mask
                log.info("snowflake: closing the session failed: %s", exc)

    def _record_load(self, item: OutboxItem, rows: int, merged: int, deleted: int) -> None:
        con = self.warehouse.cursor()
        try:
            with self.warehouse.transaction(con):
                con.execute(
                    "INSERT INTO snowflake_load VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    [item.content_sha256, item.dataset, rows, merged, deleted, utc_now()],
                )
        finally:
            con.close()

    def _clean_spool(self) -> None:
        if not self.spool_dir.exists():
            return
        needed = {Path(p).resolve() for p in self.outbox.files_still_needed()}
        for path in self.spool_dir.glob("*/*.parquet"):
            if path.resolve() not in needed:
                path.unlink(missing_ok=True)

    # -- all of it ---------------------------------------------------------------------------

    def run(self, request: PushRequest, *, progress: Progress | None = None) -> PushSummary:
        destinations = self.destinations(request)
        summary = PushSummary(destinations, request.dry_run)
        if request.dry_run:
            summary.enqueued = list(self.plan(destinations))
            summary.queued_after = len(self.outbox.pending())
            return summary
        summary.enqueued = list(self.enqueue(destinations))
        summary.results = self.drain(destinations, progress=progress)
        summary.queued_after = len(self.outbox.pending())
        return summary


def _is_snowflake_error(exc: Exception) -> bool:
    import snowflake.connector.errors

    return isinstance(exc, snowflake.connector.errors.Error | OSError)


def push_service_for(
    warehouse: Warehouse, settings: CloudSettings, data_dir: Path, archive_dir: Path, timezone: str
) -> PushService:
    return PushService(
        warehouse,
        settings,
        archive_dir=archive_dir,
        spool_dir=data_dir / "outbox",
        timezone=timezone,
    )
