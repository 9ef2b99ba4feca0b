"""Set-based, versioned loads of clean rows into the canonical tables.

Each canonical table keeps versions per business key over [valid_from, valid_to). A file is a
snapshot taken at time t. For each key in the file, the version in force at t decides:

- no version at all: a new key (inserted);
- the version in force has the same content hash: nothing to do (unchanged);
- it has another hash and began before t: it is closed at t and the new version runs from t to
  where the old one ended (changed) — also right for a snapshot older than the latest one;
- it began exactly at t: another file of the same snapshot already spoke; the first one wins
  (unchanged, reported as a conflict);
- no version in force but a later one exists (an older snapshot loaded late): if the later one
  has the same content its valid_from moves back to t, else a version [t, later) is inserted.

Everything is a handful of SQL statements over the whole file; there is no per-row Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from o2c_desktop.services.ingest.schemas import Target
from o2c_desktop.services.sqlquote import quote_literal

LINEAGE = ("valid_from", "valid_to", "row_hash", "load_id", "archive_sha256", "sheet", "source_row")


@dataclass
class MergeCounts:
    read: int = 0
    inserted: int = 0
    changed: int = 0
    unchanged: int = 0
    conflicts: int = 0
    duplicate_keys: int = 0

    def add(self, other: MergeCounts) -> None:
        self.read += other.read
        self.inserted += other.inserted
        self.changed += other.changed
        self.unchanged += other.unchanged
        self.conflicts += other.conflicts
        self.duplicate_keys += other.duplicate_keys


@dataclass(frozen=True)
class Lineage:
    load_id: int
    archive_sha256: str
    sheet: str | None
    snapshot_at: datetime


def _same_key(keys: tuple[str, ...], left: str, right: str) -> str:
    return " AND ".join(f"{left}.{k} IS NOT DISTINCT FROM {right}.{k}" for k in keys)


def _ts(value: datetime) -> str:
    return f"TIMESTAMP {quote_literal(value.isoformat(sep=' '))}"


def merge_target(
    con: duckdb.DuckDBPyConnection,
    source_table: str,
    target: Target,
    lineage: Lineage,
) -> MergeCounts:
    keys = target.key
    tracked = tuple(c for c in target.columns if c not in keys)
    columns = (*keys, *tracked)
    hash_input = ", ".join(f"coalesce(CAST({c} AS VARCHAR), '\x01')" for c in columns)
    t = _ts(lineage.snapshot_at)
    partition = ", ".join(keys)
    computed = dict(target.expressions)
    projection = ", ".join(f"{computed.get(c, c)} AS {c}" for c in columns)
    # The incoming rows (one per key, hashed) are joined to the versions as they are computed:
    # only the classified rows are written down.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _classified AS
        WITH incoming AS (
            SELECT *, md5(concat_ws('\x1f', {hash_input})) AS row_hash,
                   count(*) OVER (PARTITION BY {partition}) AS _copies
            FROM (SELECT {projection}, src_row AS source_row, src_sheet, extra
                  FROM {source_table} WHERE {target.where})
            QUALIFY row_number() OVER (PARTITION BY {partition} ORDER BY {target.winner_order}) = 1
        ),
        later AS (
            SELECT {partition}, min(valid_from) AS next_from,
                   arg_min(row_hash, valid_from) AS next_hash
            FROM {target.table} WHERE valid_from > {t} GROUP BY {partition}
        )
        SELECT i.*, c.valid_from AS cover_from, c.valid_to AS cover_to, c.row_hash AS cover_hash,
               n.next_from, n.next_hash,
               CASE
                 WHEN c.valid_from IS NULL AND n.next_from IS NULL THEN 'insert'
                 WHEN c.valid_from IS NOT NULL AND c.row_hash = i.row_hash THEN 'unchanged'
                 WHEN c.valid_from IS NOT NULL AND c.valid_from = {t} THEN 'conflict'
                 WHEN c.valid_from IS NOT NULL THEN 'split'
                 WHEN n.next_hash = i.row_hash THEN 'extend'
                 ELSE 'before'
               END AS action
        FROM incoming i
        LEFT JOIN {target.table} c ON {_same_key(keys, "c", "i")}
             AND c.valid_from <= {t} AND (c.valid_to IS NULL OR c.valid_to > {t})
        LEFT JOIN later n ON {_same_key(keys, "n", "i")}"""  # noqa: S608 - schema names; texts quoted
    )
    con.execute(
        f"""UPDATE {target.table} AS v SET valid_to = {t}
        FROM _classified k
        WHERE k.action = 'split' AND {_same_key(keys, "v", "k")} AND v.valid_from = k.cover_from"""  # noqa: S608 - schema names; texts quoted
    )
    con.execute(
        f"""UPDATE {target.table} AS v SET valid_from = {t}
        FROM _classified k
        WHERE k.action = 'extend' AND {_same_key(keys, "v", "k")} AND v.valid_from = k.next_from"""  # noqa: S608 - schema names; texts quoted
    )
    sheet = "NULL" if lineage.sheet is None else quote_literal(lineage.sheet)
    sheet = f"coalesce(src_sheet, {sheet})"  # a split export names each row's own sheet
    con.execute(
        f"""INSERT INTO {target.table} ({", ".join(columns)}, {", ".join(LINEAGE)}, extra)
        SELECT {", ".join(columns)}, {t},
               CASE action WHEN 'split' THEN cover_to WHEN 'before' THEN next_from END,
               row_hash, {lineage.load_id}, {quote_literal(lineage.archive_sha256)}, {sheet},
               source_row, extra
        FROM _classified WHERE action IN ('insert', 'split', 'before')"""  # noqa: S608 - schema names; texts quoted
    )
    row = con.execute(
        """SELECT count(*) FILTER (WHERE action = 'insert'),
                  count(*) FILTER (WHERE action IN ('split', 'before', 'extend')),
                  count(*) FILTER (WHERE action IN ('unchanged', 'conflict')),
                  count(*) FILTER (WHERE action = 'conflict'),
                  coalesce(sum(_copies - 1), 0),
                  -- every source row is one of its key's copies: the rows read
                  coalesce(sum(_copies), 0)
           FROM _classified"""
    ).fetchall()[0]
    con.execute("DROP TABLE _classified")
    return MergeCounts(
        read=int(row[5]),
        inserted=int(row[0]),
        changed=int(row[1]),
        unchanged=int(row[2]),
        conflicts=int(row[3]),
        duplicate_keys=int(row[4]),
    )
