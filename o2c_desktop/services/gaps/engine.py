"""The gap engine: set-based SQL (gaps and islands) over the folios known before an instant.

It reads ``gap_folio`` (typed, one integer id per domain; see ``folios``) and leaves temporary
tables on the given connection:

``_gap_fp``     per domain in scope: counts of its invoices, first and last folio
``_gap_edges``  per domain, ordered by folio (never by date): the rows where something happens:
                a jump of more than one (a gap), a folio seen more than once (a duplicate
                when its rows carry different UUIDs)
``_gap_cand``   every break ``folio → next`` with ``next − folio > 1``; a view
``_gap_new``    the gaps to report (ranges with both neighbours' folios); a view
``_gap_flags_new`` restarts and absurd jumps (flagged, not expanded) and duplicates

The window that finds the breaks sorts every present folio, so it carries the two integers of
the sort key and nothing else. The neighbours' dates are looked up afterwards, and only for the
ranges that need them (``with_neighbour_dates``): the ledger keeps a range seen again unchanged
as it is, so in a steady state almost no range does.

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


def compute_domain_figures(con: duckdb.DuckDBPyConnection, as_of: datetime, scoped: bool) -> None:
    """``_gap_fp``: one row per domain with invoices known before ``as_of``; only the domains of
    ``_gap_scope`` when ``scoped``."""
    # Semi-joining every row with the scope costs more than the figures themselves.
    narrow = "AND domain_id IN (SELECT domain_id FROM _gap_scope)" if scoped else ""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_fp AS
        SELECT f.domain_id, {_NAMES}, f.invoices, f.cancelled, f.non_numeric,
               f.first_folio, f.last_folio
        FROM (
            SELECT domain_id,
                   count(*) AS invoices,
                   count(*) FILTER (WHERE cancelled) AS cancelled,
                   count(*) FILTER (WHERE folio_num IS NULL) AS non_numeric,
                   min(folio_num) AS first_folio,
                   max(folio_num) AS last_folio
            FROM gap_folio
            WHERE known_at < $as_of {narrow}
            GROUP BY domain_id
        ) f JOIN gap_domain d ON d.domain_id = f.domain_id
        """,  # noqa: S608 - constant SQL; values bound
        {"as_of": as_of},
    )


_PAYLOAD = ("uuid_hash", "issued_at", "uploaded_at")


def _present_rows_sql(spec: EngineInput, domains: str = "", *, keys_only: bool = False) -> str:
    """domain_id, folio_num, then (unless ``keys_only``) uuid_hash, issued_at, uploaded_at of the
    present folios; ``domains`` optionally narrows them to a subquery of domain ids."""
    payload = () if keys_only else _PAYLOAD
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
    columns = ", ".join(f"f.{c}" for c in ("domain_id", "folio_num", *payload))
    present = f"SELECT {columns} FROM gap_folio f{joins} WHERE {' AND '.join(where)}"  # noqa: S608 - constant SQL; values bound
    if spec.has_synthetic:
        nulls = "".join(", NULL" for _ in payload)
        synthetic = f"SELECT domain_id, folio_num{nulls} FROM _gap_synthetic"  # noqa: S608 - constant SQL; values bound
        if narrow:
            synthetic += f" WHERE {' AND '.join(narrow)}"
        present += f" UNION ALL {synthetic}"
    return present


def compute_gaps(con: duckdb.DuckDBPyConnection, spec: EngineInput) -> int:
    """Fill ``_gap_edges``, ``_gap_cand``, ``_gap_new`` and ``_gap_flags_new``; return how many
    flags ``_gap_flags_new`` holds."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_edges AS
        SELECT * FROM (
            SELECT domain_id, folio_num,
                   LEAD(folio_num) OVER (PARTITION BY domain_id ORDER BY folio_num) AS next_num
            FROM ({_present_rows_sql(spec, keys_only=True)})
        )
        WHERE next_num - folio_num > 1 OR next_num = folio_num
        """,  # noqa: S608 - constant SQL; values bound
        {"as_of": spec.as_of},
    )
    # A view: its few reads filter or scan the edges, cheaper than copying every break.
    con.execute(
        """
        CREATE OR REPLACE TEMP VIEW _gap_cand AS
        SELECT domain_id, folio_num + 1 AS gap_start, next_num - 1 AS gap_end,
               next_num - folio_num - 1 AS missing,
               folio_num AS prev_folio, next_num AS next_folio
        FROM _gap_edges WHERE next_num - folio_num > 1
        """
    )
    flags = _classify_breaks(con, spec)
    has_duplicates = con.execute(
        "SELECT count(*) FROM _gap_edges WHERE next_num = folio_num"
    ).fetchall()[0][0]
    if has_duplicates:
        flags += _collect_duplicates(con, spec)
    return flags


def written_rows(result: duckdb.DuckDBPyConnection) -> int:
    """The rows a CREATE TABLE AS or an INSERT wrote (DuckDB returns that count)."""
    return int(result.fetchall()[0][0])


def with_neighbour_dates(con: duckdb.DuckDBPyConnection, spec: EngineInput, table: str) -> None:
    """Add prev_/next_ issued_at and uploaded_at to the rows of ``table`` (domain_id, prev_folio,
    next_folio, ...), in place.

    When several rows carry a neighbour's folio, the one below the gap is the last of them and
    the one above the first, ordered by issue date then UUID hash, NULLs last.
    """
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_neighbours AS
        WITH wanted AS (
            SELECT domain_id, prev_folio AS folio_num FROM {table}
            UNION SELECT domain_id, next_folio FROM {table}
        )
        SELECT r.domain_id, r.folio_num, r.issued_at, r.uploaded_at,
               row_number() OVER (PARTITION BY r.domain_id, r.folio_num
                                  ORDER BY r.issued_at NULLS LAST, r.uuid_hash NULLS LAST) AS rank,
               count(*) OVER (PARTITION BY r.domain_id, r.folio_num) AS carriers
        FROM ({_present_rows_sql(spec, f"(SELECT DISTINCT domain_id FROM {table})")}) r
        SEMI JOIN wanted w ON w.domain_id = r.domain_id AND w.folio_num = r.folio_num
        """,  # noqa: S608 - constant SQL; values bound
        {"as_of": spec.as_of},
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT t.*, p.issued_at AS prev_issued_at, p.uploaded_at AS prev_uploaded_at,
               n.issued_at AS next_issued_at, n.uploaded_at AS next_uploaded_at
        FROM {table} t
        LEFT JOIN _gap_neighbours p ON p.domain_id = t.domain_id AND p.folio_num = t.prev_folio
         AND p.rank = p.carriers
        LEFT JOIN _gap_neighbours n ON n.domain_id = t.domain_id AND n.folio_num = t.next_folio
         AND n.rank = 1
        """  # noqa: S608 - constant SQL; values bound
    )
    con.execute("DROP TABLE _gap_neighbours")


def _classify_breaks(con: duckdb.DuckDBPyConnection, spec: EngineInput) -> int:
    """Split the breaks into gaps and flags (restart or suspect_jump); return how many flags.

    A break is big when it skips more than ``jump_threshold`` numbers, or more than the floor and
    ``jump_volume_factor`` times the domain's median daily volume. A big break where the folios
    below it were issued after those above it is a series restart; any other is an absurd jump.
    """
    rules, params = spec.rules, {"as_of": spec.as_of}
    volume_rule = "FALSE"
    if rules.jump_volume_factor <= 0:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _gap_volume (domain_id INTEGER, daily_median DOUBLE)"
        )
    else:
        busy = f"(SELECT domain_id FROM _gap_cand WHERE missing > {rules.jump_volume_floor})"  # noqa: S608 - constant SQL; values bound
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _gap_volume AS
            SELECT domain_id, median(n) AS daily_median FROM (
                SELECT domain_id, CAST(issued_at AS DATE) AS day, count(*) AS n
                FROM ({_present_rows_sql(spec, busy)})
                WHERE issued_at IS NOT NULL GROUP BY ALL
            ) GROUP BY ALL
            """,  # noqa: S608 - constant SQL; values bound
            params,
        )
        volume_rule = (
            f"(c.missing > {rules.jump_volume_floor} AND "
            f"c.missing > {rules.jump_volume_factor} * v.daily_median)"
        )
    has_big = (
        written_rows(
            con.execute(
                f"""
                CREATE OR REPLACE TEMP TABLE _gap_big AS
                SELECT c.*, row_number() OVER (PARTITION BY c.domain_id ORDER BY c.gap_start) AS k
                FROM _gap_cand c LEFT JOIN _gap_volume v ON v.domain_id = c.domain_id
                WHERE c.missing > {rules.jump_threshold} OR {volume_rule}
                """  # noqa: S608 - constant SQL; values bound
            )
        )
        > 0
    )
    if has_big:
        with_neighbour_dates(con, spec, "_gap_big")
    # A view: the ledger diff reads it once, so copying the breaks would be work for nothing.
    if has_big:
        con.execute(
            """CREATE OR REPLACE TEMP VIEW _gap_new AS
            SELECT c.* FROM _gap_cand c
            ANTI JOIN _gap_big b ON b.domain_id = c.domain_id AND b.gap_start = c.gap_start"""
        )
    else:
        con.execute("CREATE OR REPLACE TEMP VIEW _gap_new AS SELECT * FROM _gap_cand")
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _gap_flags_new (
            issuer_rfc VARCHAR, store_id VARCHAR, serie VARCHAR, kind VARCHAR,
            folio_from BIGINT, folio_to BIGINT, skipped BIGINT,
            related_folio BIGINT, issued_at TIMESTAMP, detail VARCHAR)"""
    )
    if not has_big:
        return 0
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
        """,  # noqa: S608 - constant SQL; values bound
        params,
    )
    return written_rows(
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
        """  # noqa: S608 - constant SQL; values bound
        )
    )


def _collect_duplicates(con: duckdb.DuckDBPyConnection, spec: EngineInput) -> int:
    """One flag per folio carried by more than one UUID, listing the UUIDs; return how many."""
    return written_rows(
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
        """,  # noqa: S608 - constant SQL; values bound
            {"as_of": spec.as_of},
        )
    )
