"""The gap engine: set-based SQL (gaps and islands) over the invoices known before an instant.

Every step leaves a temporary table on the given connection:

``_gap_fp``     per domain: fingerprint of its invoices, counts, first and last folio
``_gap_edges``  per domain, ordered by folio (never by date): the rows where something happens:
                first and last folio, a jump of more than one (a gap), a folio repeated by another
                UUID (a duplicate)
``_gap_cand``   every break ``folio → next`` with ``next − folio > 1``
``_gap_new``    the gaps to report (ranges with both neighbours)
``_gap_flags_new`` restarts and absurd jumps (flagged, not expanded) and duplicates

Cancelled CFDI keep their folio, so they are present. Known voided folios and the anchor below a
configured start folio are added as present rows without an invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from o2c_desktop.services.gaps.domain import FolioRules

_KEY = "issuer_rfc, store_id, serie"
_SAME_DOMAIN = (
    "{a}.issuer_rfc = {b}.issuer_rfc AND {a}.store_id = {b}.store_id AND {a}.serie = {b}.serie"
)


def same_domain(a: str, b: str) -> str:
    return _SAME_DOMAIN.format(a=a, b=b)


@dataclass(frozen=True)
class EngineInput:
    rules: FolioRules
    as_of: datetime
    scoped: bool  # only the domains listed in ``_gap_scope``; else every domain
    has_synthetic: bool  # ``_gap_synthetic`` holds voided folios / start anchors
    has_starts: bool  # ``_gap_starts`` holds per-domain start folios


def compute_fingerprints(
    con: duckdb.DuckDBPyConnection, rules: FolioRules, as_of: datetime
) -> None:
    """``_gap_fp``: one row per domain of the invoices known before ``as_of``."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_fp AS
        SELECT {_KEY},
               CAST(hash(count(*), bit_xor(h), sum(h >> 24)) >> 1 AS BIGINT) AS fingerprint,
               count(*) AS invoices,
               count(*) FILTER (WHERE cancelled) AS cancelled,
               count(*) FILTER (WHERE folio_num IS NULL) AS non_numeric,
               min(folio_num) AS first_folio,
               max(folio_num) AS last_folio
        FROM (
            SELECT *, hash(folio, uuid, issued_at, uploaded_at, cancelled) AS h
            FROM ({rules.normalized_rows_sql()})
        )
        GROUP BY ALL
        """,
        {"as_of": as_of},
    )


def _present_rows_sql(spec: EngineInput, raw_filter: str = "") -> str:
    rows = f"SELECT n.* FROM ({spec.rules.normalized_rows_sql(raw_filter=raw_filter)}) n"
    if spec.scoped:
        rows += f" JOIN _gap_scope s ON {same_domain('n', 's')}"
    if spec.has_starts:
        rows += (
            f" LEFT JOIN _gap_starts st ON {same_domain('n', 'st')}"
            " WHERE st.start_folio IS NULL OR n.folio_num >= st.start_folio"
        )
    present = (
        f"SELECT {_KEY}, folio_num, uuid_hash, issued_at, uploaded_at FROM ({rows}) "
        "WHERE folio_num IS NOT NULL"
    )
    if spec.has_synthetic:
        synthetic = f"SELECT {_KEY}, folio_num, NULL, NULL, NULL FROM _gap_synthetic y"
        if spec.scoped:
            synthetic += f" WHERE EXISTS (SELECT 1 FROM _gap_scope s WHERE {same_domain('y', 's')})"
        present += f" UNION ALL {synthetic}"
    return present


def compute_gaps(con: duckdb.DuckDBPyConnection, spec: EngineInput) -> None:
    """Fill ``_gap_edges``, ``_gap_cand``, ``_gap_new`` and ``_gap_flags_new``."""
    params = {"as_of": spec.as_of}
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_edges AS
        SELECT * FROM (
            SELECT {_KEY}, folio_num, uuid_hash, issued_at, uploaded_at,
                   LEAD(folio_num) OVER w AS next_num,
                   LEAD(issued_at) OVER w AS next_issued_at,
                   LEAD(uploaded_at) OVER w AS next_uploaded_at,
                   LEAD(uuid_hash) OVER w AS next_hash
            FROM ({_present_rows_sql(spec)})
            WINDOW w AS (PARTITION BY {_KEY} ORDER BY folio_num, issued_at, uuid_hash)
        )
        WHERE next_num - folio_num > 1 OR (next_num = folio_num AND next_hash <> uuid_hash)
        """,
        params,
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_cand AS
        SELECT {_KEY}, folio_num + 1 AS gap_start, next_num - 1 AS gap_end,
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
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gap_volume "
        "(issuer_rfc VARCHAR, store_id VARCHAR, serie VARCHAR, daily_median DOUBLE)"
    )
    if rules.jump_volume_factor > 0:
        busy = f"""(SELECT DISTINCT issuer_rfc, store_id FROM _gap_cand
                    WHERE missing > {rules.jump_volume_floor})"""
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _gap_volume AS
            SELECT {_KEY}, median(n) AS daily_median FROM (
                SELECT {_KEY}, CAST(issued_at AS DATE) AS day, count(*) AS n
                FROM ({_present_rows_sql(spec, f"(issuer_rfc, store_id) IN {busy}")})
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
        SELECT c.*, row_number() OVER (PARTITION BY c.issuer_rfc, c.store_id, c.serie
                                       ORDER BY c.gap_start) AS k
        FROM _gap_cand c LEFT JOIN _gap_volume v ON {same_domain("c", "v")}
        WHERE c.missing > {rules.jump_threshold} OR {volume_rule}
        """
    )
    has_big = con.execute("SELECT count(*) FROM _gap_big").fetchall()[0][0] > 0
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _gap_new AS
        SELECT c.* FROM _gap_cand c
        WHERE NOT EXISTS (SELECT 1 FROM _gap_big b
                          WHERE {same_domain("b", "c")} AND b.gap_start = c.gap_start)"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _gap_flags_new (
            issuer_rfc VARCHAR, store_id VARCHAR, serie VARCHAR, kind VARCHAR,
            folio_from BIGINT, folio_to BIGINT, skipped BIGINT,
            related_folio BIGINT, issued_at TIMESTAMP, detail VARCHAR)"""
    )
    if not has_big:
        return
    big_stores = "(SELECT DISTINCT issuer_rfc, store_id FROM _gap_big)"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_blocks AS
        SELECT {_KEY}, block, min(issued_at) AS first_issued, max(issued_at) AS last_issued,
               max(folio_num) AS last_folio
        FROM (
            SELECT r.*, (SELECT count(*) FROM _gap_big b
                         WHERE {same_domain("b", "r")} AND b.prev_folio < r.folio_num) AS block
            FROM ({_present_rows_sql(spec, f"(issuer_rfc, store_id) IN {big_stores}")}) r
            WHERE EXISTS (SELECT 1 FROM _gap_big b WHERE {same_domain("b", "r")})
        )
        GROUP BY ALL
        """,
        params,
    )
    con.execute(
        f"""
        INSERT INTO _gap_flags_new
        SELECT b.issuer_rfc, b.store_id, b.serie,
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
            JOIN _gap_blocks lo ON {same_domain("lo", "b")} AND lo.block = b.k - 1
            JOIN _gap_blocks up ON {same_domain("up", "b")} AND up.block = b.k
        ) b
        """
    )


def _collect_duplicates(con: duckdb.DuckDBPyConnection, spec: EngineInput) -> None:
    """One flag per folio carried by more than one UUID, listing the UUIDs."""
    dup_count = con.execute(
        "SELECT count(*) FROM _gap_edges WHERE next_num = folio_num"
    ).fetchall()[0][0]
    if not dup_count:
        return
    stores = "(SELECT DISTINCT issuer_rfc, store_id FROM _gap_edges WHERE next_num = folio_num)"
    normalized = spec.rules.normalized_rows_sql(raw_filter=f"(issuer_rfc, store_id) IN {stores}")
    con.execute(
        f"""
        INSERT INTO _gap_flags_new
        SELECT n.issuer_rfc, n.store_id, n.serie, 'duplicate', n.folio_num, n.folio_num, 0,
               NULL, min(n.issued_at),
               string_agg(DISTINCT upper(trim(n.uuid)), ',' ORDER BY upper(trim(n.uuid)))
        FROM ({normalized}) n
        JOIN (SELECT DISTINCT {_KEY}, folio_num FROM _gap_edges WHERE next_num = folio_num) d
          ON {same_domain("n", "d")} AND n.folio_num = d.folio_num
        WHERE n.uuid IS NOT NULL
        GROUP BY ALL
        HAVING count(DISTINCT upper(trim(n.uuid))) > 1
        """,
        {"as_of": spec.as_of},
    )
