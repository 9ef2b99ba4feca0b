"""The gap engine: set-based SQL (gaps and islands) over the folios known before an instant.

It reads ``gap_folio`` (typed, one integer id per domain; see ``folios``) and leaves temporary
tables on the given connection:

``_gap_fp``     per domain in scope: fingerprint of its invoices, counts, first and last folio
``_gap_edges``  per domain, ordered by folio (never by date): the rows where something happens:
                a jump of more than one (a gap), a folio repeated by another UUID (a duplicate)
``_gap_cand``   every break ``folio → next`` with ``next − folio > 1``
``_gap_new``    the gaps to report (ranges with both neighbours), with the domain's names
``_gap_flags_new`` restarts and absurd jumps (flagged, not expanded) and duplicates

Cancelled CFDI keep their folio, so they are present. Known voided folios and the anchor below a
configured start folio are added as present rows without an invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from o2c_desktop.services.gaps.domain import FolioRules

_SAME_DOMAIN = (
    "{a}.issuer_rfc = {b}.issuer_rfc AND {a}.store_id = {b}.store_id AND {a}.serie = {b}.serie"
)
_NAMES = "d.issuer_rfc, d.store_id, d.serie"


def same_domain(a: str, b: str) -> str:
    return _SAME_DOMAIN.format(a=a, b=b)


@dataclass(frozen=True)
class EngineInput:
    rules: FolioRules
    as_of: datetime
    scoped: bool  # only the domains listed in ``_gap_scope`` (domain_id); else every domain
    has_synthetic: bool  # ``_gap_synthetic`` (domain_id, folio_num): voided folios, start anchors
    has_starts: bool  # ``_gap_starts`` (domain_id, start_folio): per-domain start folios


def compute_domain_figures(con: duckdb.DuckDBPyConnection, as_of: datetime) -> None:
    """``_gap_fp``: one row per domain of ``_gap_scope`` with invoices known before ``as_of``."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_fp AS
        SELECT f.domain_id, {_NAMES}, f.fingerprint, f.invoices, f.cancelled, f.non_numeric,
               f.first_folio, f.last_folio
        FROM (
            SELECT domain_id,
                   CAST(hash(count(*), bit_xor(h), sum(h >> 24)) >> 1 AS BIGINT) AS fingerprint,
                   count(*) AS invoices,
                   count(*) FILTER (WHERE cancelled) AS cancelled,
                   count(*) FILTER (WHERE folio_num IS NULL) AS non_numeric,
                   min(folio_num) AS first_folio,
                   max(folio_num) AS last_folio
            FROM (
                SELECT domain_id, cancelled, folio_num,
                       -- typed columns only: hashing the folio and UUID text costs 3× more
                       hash(folio_num, uuid_hash, issued_at, uploaded_at, cancelled) AS h
                FROM gap_folio
                WHERE known_at < $as_of AND domain_id IN (SELECT domain_id FROM _gap_scope)
            )
            GROUP BY domain_id
        ) f JOIN gap_domain d ON d.domain_id = f.domain_id
        """,
        {"as_of": as_of},
    )


def _present_rows_sql(spec: EngineInput, domains: str = "") -> str:
    """domain_id, folio_num, uuid_hash, issued_at, uploaded_at of the present folios; ``domains``
    optionally narrows them to a subquery of domain ids."""
    where = ["f.known_at < $as_of", "f.folio_num IS NOT NULL"]
    narrow = []
    if spec.scoped:
        narrow.append("domain_id IN (SELECT domain_id FROM _gap_scope)")
    if domains:
        narrow.append(f"domain_id IN {domains}")
    joins = ""
    if spec.has_starts:
        joins = " LEFT JOIN _gap_starts st ON st.domain_id = f.domain_id"
        where.append("(st.start_folio IS NULL OR f.folio_num >= st.start_folio)")
    where += [f"f.{condition}" for condition in narrow]
    present = (
        "SELECT f.domain_id, f.folio_num, f.uuid_hash, f.issued_at, f.uploaded_at "
        f"FROM gap_folio f{joins} WHERE {' AND '.join(where)}"
    )
    if spec.has_synthetic:
        synthetic = "SELECT domain_id, folio_num, NULL, NULL, NULL FROM _gap_synthetic"
        if narrow:
            synthetic += f" WHERE {' AND '.join(narrow)}"
        present += f" UNION ALL {synthetic}"
    return present


def compute_gaps(con: duckdb.DuckDBPyConnection, spec: EngineInput) -> None:
    """Fill ``_gap_edges``, ``_gap_cand``, ``_gap_new`` and ``_gap_flags_new``."""
    params = {"as_of": spec.as_of}
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_edges AS
        SELECT * FROM (
            SELECT domain_id, folio_num, uuid_hash, issued_at, uploaded_at,
                   LEAD(folio_num) OVER w AS next_num,
                   LEAD(issued_at) OVER w AS next_issued_at,
                   LEAD(uploaded_at) OVER w AS next_uploaded_at,
                   LEAD(uuid_hash) OVER w AS next_hash
            FROM ({_present_rows_sql(spec)})
            WINDOW w AS (PARTITION BY domain_id ORDER BY folio_num, issued_at, uuid_hash)
        )
        WHERE next_num - folio_num > 1 OR (next_num = folio_num AND next_hash <> uuid_hash)
        """,
        params,
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _gap_cand AS
        SELECT domain_id, folio_num + 1 AS gap_start, next_num - 1 AS gap_end,
               next_num - folio_num - 1 AS missing,
               folio_num AS prev_folio, issued_at AS prev_issued_at,
               uploaded_at AS prev_uploaded_at,
               next_num AS next_folio, next_issued_at, next_uploaded_at
        FROM _gap_edges WHERE next_num - folio_num > 1
        """
    )
    _classify_breaks(con, spec)
    _collect_duplicates(con, spec)


def _classify_breaks(con: duckdb.DuckDBPyConnection, spec: EngineInput) -> None:
    """Split the breaks into gaps and flags (restart or suspect_jump).

    A break is big when it skips more than ``jump_threshold`` numbers, or more than the floor and
    ``jump_volume_factor`` times the domain's median daily volume. A big break where the folios
    below it were issued after those above it is a series restart; any other is an absurd jump.
    """
    rules, params = spec.rules, {"as_of": spec.as_of}
    volume_rule = "FALSE"
    con.execute("CREATE OR REPLACE TEMP TABLE _gap_volume (domain_id INTEGER, daily_median DOUBLE)")
    if rules.jump_volume_factor > 0:
        busy = f"(SELECT domain_id FROM _gap_cand WHERE missing > {rules.jump_volume_floor})"
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _gap_volume AS
            SELECT domain_id, median(n) AS daily_median FROM (
                SELECT domain_id, CAST(issued_at AS DATE) AS day, count(*) AS n
                FROM ({_present_rows_sql(spec, busy)})
                WHERE issued_at IS NOT NULL GROUP BY ALL
            ) GROUP BY ALL
            """,
            params,
        )
        volume_rule = (
            f"(c.missing > {rules.jump_volume_floor} AND "
            f"c.missing > {rules.jump_volume_factor} * v.daily_median)"
        )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_big AS
        SELECT c.*, row_number() OVER (PARTITION BY c.domain_id ORDER BY c.gap_start) AS k
        FROM _gap_cand c LEFT JOIN _gap_volume v ON v.domain_id = c.domain_id
        WHERE c.missing > {rules.jump_threshold} OR {volume_rule}
        """
    )
    has_big = con.execute("SELECT count(*) FROM _gap_big").fetchall()[0][0] > 0
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _gap_new AS
        SELECT c.*, {_NAMES} FROM _gap_cand c JOIN gap_domain d ON d.domain_id = c.domain_id
        WHERE NOT EXISTS (SELECT 1 FROM _gap_big b
                          WHERE b.domain_id = c.domain_id AND b.gap_start = c.gap_start)"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _gap_flags_new (
            issuer_rfc VARCHAR, store_id VARCHAR, serie VARCHAR, kind VARCHAR,
            folio_from BIGINT, folio_to BIGINT, skipped BIGINT,
            related_folio BIGINT, issued_at TIMESTAMP, detail VARCHAR)"""
    )
    if not has_big:
        return
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_blocks AS
        SELECT domain_id, block, min(issued_at) AS first_issued, max(issued_at) AS last_issued,
               max(folio_num) AS last_folio
        FROM (
            SELECT r.*, (SELECT count(*) FROM _gap_big b
                         WHERE b.domain_id = r.domain_id AND b.prev_folio < r.folio_num) AS block
            FROM ({_present_rows_sql(spec, "(SELECT domain_id FROM _gap_big)")}) r
        )
        GROUP BY ALL
        """,
        params,
    )
    con.execute(
        f"""
        INSERT INTO _gap_flags_new
        SELECT {_NAMES},
               CASE WHEN restart THEN 'restart' ELSE 'suspect_jump' END,
               b.prev_folio, b.next_folio, b.missing,
               CASE WHEN restart THEN upper_last END,
               CASE WHEN restart THEN lower_first ELSE b.next_issued_at END,
               NULL
        FROM (
            SELECT b.*, lo.first_issued AS lower_first, up.last_folio AS upper_last,
                   coalesce(lo.first_issued > up.first_issued
                            AND lo.last_issued > up.last_issued, FALSE) AS restart
            FROM _gap_big b
            JOIN _gap_blocks lo ON lo.domain_id = b.domain_id AND lo.block = b.k - 1
            JOIN _gap_blocks up ON up.domain_id = b.domain_id AND up.block = b.k
        ) b JOIN gap_domain d ON d.domain_id = b.domain_id
        """
    )


def _collect_duplicates(con: duckdb.DuckDBPyConnection, spec: EngineInput) -> None:
    """One flag per folio carried by more than one UUID, listing the UUIDs."""
    dup_count = con.execute(
        "SELECT count(*) FROM _gap_edges WHERE next_num = folio_num"
    ).fetchall()[0][0]
    if not dup_count:
        return
    con.execute(
        f"""
        INSERT INTO _gap_flags_new
        SELECT {_NAMES}, 'duplicate', n.folio_num, n.folio_num, 0, NULL, min(n.issued_at),
               string_agg(DISTINCT n.uuid, ',' ORDER BY n.uuid)
        FROM gap_folio n
        JOIN (SELECT DISTINCT domain_id, folio_num FROM _gap_edges WHERE next_num = folio_num) e
          ON e.domain_id = n.domain_id AND e.folio_num = n.folio_num
        JOIN gap_domain d ON d.domain_id = n.domain_id
        WHERE n.uuid IS NOT NULL AND n.known_at < $as_of
        GROUP BY ALL
        HAVING count(DISTINCT n.uuid) > 1
        """,
        {"as_of": spec.as_of},
    )
