"""Loading one table snapshot into Snowflake: PUT, COPY INTO staging, MERGE, ledger.

The ledger (``O2C_PUSH_LEDGER``, keyed by dataset and content hash) decides whether a snapshot
was already loaded; Snowpipe's or COPY's memory of file names is not relied on (COPY runs with
FORCE so a retried file is read again). Each step is idempotent and the ledger row is written
last, so a load interrupted anywhere is simply repeated by the next attempt and ends in the same
state: the target table equal to the snapshot, the ledger holding one row for it.
"""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from snowflake.connector import SnowflakeConnection
from snowflake.connector.cursor import SnowflakeCursor

from o2c_desktop.messages import msg
from o2c_desktop.services.cloud.ddl import LEDGER_TABLE, stage_name, staging_table
from o2c_desktop.services.cloud.outbox import OutboxItem
from o2c_desktop.services.cloud.snowflake import SnowflakeUnavailable
from o2c_desktop.services.cloud.tables import pushed_table
from o2c_desktop.services.sqlquote import quote_literal, setting_prefix
from o2c_desktop.settings import CloudSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadResult:
    outcome: str  # loaded | already-loaded
    rows: int = 0
    merged: int = 0
    deleted: int = 0


def _same(columns: tuple[str, ...]) -> str:
    return " AND ".join(f"t.{c} IS NOT DISTINCT FROM s.{c}" for c in columns)


def merge_sql(table: str, columns: list[str], key: tuple[str, ...]) -> str:
    """Make the target hold the staged rows: update or insert on the key."""
    match_on = key or tuple(columns)
    others = [c for c in columns if c not in match_on]
    staging = staging_table(table)
    sql = f"MERGE INTO {table} AS t USING {staging} AS s ON {_same(match_on)}"
    if others:
        sql += " WHEN MATCHED THEN UPDATE SET " + ", ".join(f"{c} = s.{c}" for c in others)
    values = ", ".join(f"s.{c}" for c in columns)
    return sql + f" WHEN NOT MATCHED THEN INSERT ({', '.join(columns)}) VALUES ({values})"  # noqa: S608 - our own names; values bound


def delete_missing_sql(table: str, columns: list[str], key: tuple[str, ...]) -> str:
    """Rows the snapshot no longer has (a version whose start moved, a replaced gap flag)."""
    match_on = key or tuple(columns)
    return (
        f"DELETE FROM {table} AS t WHERE NOT EXISTS "  # noqa: S608 - our own names; values bound
        f"(SELECT 1 FROM {staging_table(table)} AS s WHERE {_same(match_on)})"
    )


def copy_sql(table: str, stage_path: str) -> str:
    return (
        f"COPY INTO {staging_table(table)} FROM @{stage_path} "
        "FILE_FORMAT = (FORMAT_NAME = 'O2C_PARQUET') MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE "
        "FORCE = TRUE"
    )


def stage_path(settings: CloudSettings, item: OutboxItem) -> str:
    """Where the file is on the stage: the S3 key under the prefix, or our internal folder."""
    if settings.snowflake.stage == "external":
        prefix = setting_prefix(settings.s3.prefix).strip("/")
        relative = item.object_key[len(prefix) + 1 :] if prefix else item.object_key
        return f"{stage_name(settings)}/{relative}"
    return f"{stage_name(settings)}/tables/{item.dataset}/{Path(item.local_path).name}"


class SnowflakeLoader:
    """Loads snapshots through one open connection."""

    def __init__(self, connection: SnowflakeConnection, settings: CloudSettings) -> None:
        self.connection = connection
        self.settings = settings

    def _run(self, cursor: SnowflakeCursor, sql: str, params: Any = None) -> list[Any]:
        cursor.execute(sql, params)
        return list(cursor.fetchall())

    def _columns(self, cursor: SnowflakeCursor, table: str) -> list[str]:
        rows = self._run(
            cursor,
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
            (self.settings.snowflake.schema_name.upper(), table.upper()),
        )
        return [str(r[0]).lower() for r in rows]

    def already_loaded(self, dataset: str, sha256: str) -> bool:
        with self.connection.cursor() as cursor:
            rows = self._run(
                cursor,
                f"SELECT count(*) FROM {LEDGER_TABLE} WHERE dataset = %s AND content_sha256 = %s",  # noqa: S608 - our own names; values bound
                (dataset, sha256),
            )
        return bool(rows[0][0])

    def load(self, item: OutboxItem) -> LoadResult:
        if self.already_loaded(item.dataset, item.content_sha256):
            return LoadResult("already-loaded", rows=item.row_count or 0)
        table = pushed_table(item.dataset)
        path = stage_path(self.settings, item)
        with self.connection.cursor() as cursor:
            columns = self._columns(cursor, table.name)
            if not columns:
                raise LookupError(table.name)
            if self.settings.snowflake.stage == "internal":
                folder = path.rsplit("/", 1)[0]
                local = Path(item.local_path).resolve().as_posix()
                source = quote_literal(f"file://{local}", "snowflake")  # O'Brien's profile
                put = f"PUT {source} @{folder}/ AUTO_COMPRESS = FALSE OVERWRITE = TRUE"
                self._run(cursor, put)
            self._run(cursor, f"TRUNCATE TABLE {staging_table(table.name)}")
            copied = self._run(cursor, copy_sql(table.name, path))
            staged = sum(int(r[3] or 0) for r in copied if len(r) > 3)
            if item.row_count is not None and staged != item.row_count:
                raise SnowflakeUnavailable(
                    msg(
                        "snowflake.rows_mismatch",
                        staged=staged,
                        table=table.name,
                        expected=item.row_count,
                    ),
                    details=f"item {item.item_id} stage path {path}",
                    blocking=False,
                )
            merged = self._run(cursor, merge_sql(table.name, columns, table.key))
            deleted = self._run(cursor, delete_missing_sql(table.name, columns, table.key))
            self._run(
                cursor,
                f"INSERT INTO {LEDGER_TABLE} (content_sha256, dataset, object_key, row_count, "
                "merged_rows, deleted_rows, loaded_at, loaded_by) "
                "SELECT %s, %s, %s, %s, %s, %s, CURRENT_TIMESTAMP()::TIMESTAMP_NTZ, %s",
                (
                    item.content_sha256,
                    item.dataset,
                    item.object_key,
                    staged,
                    sum(int(v or 0) for v in merged[0]) if merged else 0,
                    int(deleted[0][0] or 0) if deleted else 0,
                    socket.gethostname(),
                ),
            )
            self._run(cursor, f"TRUNCATE TABLE {staging_table(table.name)}")
        result = LoadResult(
            "loaded",
            rows=staged,
            merged=sum(int(v or 0) for v in merged[0]) if merged else 0,
            deleted=int(deleted[0][0] or 0) if deleted else 0,
        )
        log.info("snowflake: %s loaded from %s: %s", table.name, item.content_sha256[:12], result)
        return result
