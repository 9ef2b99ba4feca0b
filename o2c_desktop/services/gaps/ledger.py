"""The gap ledger: what each refresh saw, so any report can be rerun as of a past instant.

A refresh at instant T first brings ``gap_folio`` up to ``sequence_invoice`` (only the loads that
changed are parsed, see ``folios``), then looks at the invoices known before T (upload time, else
issue time) and recomputes only the domains whose known invoices changed since the last refresh:
those with a row added, withdrawn or altered by a load, and those with an invoice that became
known between the last refresh's instant and T. It compares the new ranges with the open ledger
rows of those domains:

- a range seen again unchanged stays open, untouched;
- an open range no longer there is closed at T: ``split`` when smaller ranges remain inside it,
  ``filled`` when invoices now fill it, ``reshaped`` otherwise (a withdrawn neighbour, a setting);
  ``closed_by_uuid`` is the earliest-known invoice inside it;
- a new range is opened at T; it keeps the earliest ``first_detected_at`` of the ledger ranges it
  overlaps (so the pieces of a split gap keep the original detection time).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import duckdb

from o2c_desktop.errors import UserError
from o2c_desktop.messages import msg
from o2c_desktop.services.gaps.domain import FolioRules
from o2c_desktop.services.gaps.engine import (
    EngineInput,
    compute_domain_figures,
    compute_gaps,
    same_domain,
    with_neighbour_dates,
    written_rows,
)
from o2c_desktop.services.gaps.folios import ensure_domains, sync_folios
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefreshResult:
    refresh_id: int
    as_of: datetime
    domains_total: int
    domains_recomputed: int
    gaps_opened: int
    gaps_closed: int
    seconds: float
    loads_parsed: int = 0  # loads of sequence_invoice (re)parsed into gap_folio
    folio_rows_changed: int = 0  # gap_folio rows added or withdrawn (all of them on a rebuild)


def last_refresh_as_of(con: duckdb.DuckDBPyConnection) -> datetime | None:
    row = con.execute("SELECT max(as_of) FROM gap_refresh WHERE finished_at IS NOT NULL").fetchall()
    value = row[0][0]
    return value if isinstance(value, datetime) else None


def _last_refresh(con: duckdb.DuckDBPyConnection) -> tuple[datetime | None, str | None]:
    """The instant of the latest finished refresh and the settings hash of the last one."""
    value, settings_hash = con.execute(
        "SELECT max(as_of), arg_max(settings_hash, refresh_id) FROM gap_refresh "
        "WHERE finished_at IS NOT NULL"
    ).fetchall()[0]
    return (
        value if isinstance(value, datetime) else None,
        str(settings_hash) if settings_hash is not None else None,
    )


def _load_exclusions(con: duckdb.DuckDBPyConnection, settings: GapsSettings) -> tuple[bool, bool]:
    """Mirror the configured voided folios and start folios; say which ones exist.

    ``_gap_starts`` and ``_gap_synthetic`` are built only when a setting names a folio: the
    engine reads them only then."""
    con.execute("DELETE FROM gap_exclusion")
    if not (settings.voided_folios or settings.start_folios):
        return False, False
    for voided in settings.voided_folios:
        con.execute(
            "INSERT INTO gap_exclusion VALUES (?, ?, ?, ?, ?, ?)",
            [
                voided.issuer_rfc.strip().upper(),
                voided.store_id.strip(),
                voided.serie.strip().upper(),
                voided.folio_from,
                voided.folio_to if voided.folio_to is not None else voided.folio_from,
                voided.reason,
            ],
        )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _gap_start_names "
        "(issuer_rfc VARCHAR, store_id VARCHAR, serie VARCHAR, start_folio BIGINT)"
    )
    for start in settings.start_folios:
        con.execute(
            "INSERT INTO _gap_start_names VALUES (?, ?, ?, ?)",
            [start.issuer_rfc.strip().upper(), start.store_id.strip(), start.serie.strip().upper(),
             start.start_folio],
        )  # fmt: skip
    # A setting may name a domain with no invoice yet: it still needs an id.
    ensure_domains(con, "gap_exclusion")
    ensure_domains(con, "_gap_start_names")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_starts AS
        SELECT d.domain_id, s.start_folio
        FROM _gap_start_names s JOIN gap_domain d ON {same_domain("d", "s")}
        """  # noqa: S608 - constant SQL; values bound
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_synthetic AS
        SELECT d.domain_id, unnest(range(e.folio_from, e.folio_to + 1)) AS folio_num
        FROM gap_exclusion e JOIN gap_domain d ON {same_domain("d", "e")}
        UNION ALL
        SELECT domain_id, start_folio - 1 FROM _gap_starts WHERE start_folio > 0
        """  # noqa: S608 - constant SQL; values bound
    )
    return bool(settings.voided_folios or settings.start_folios), bool(settings.start_folios)


def _choose_scope(
    con: duckdb.DuckDBPyConnection, as_of: datetime, previous: datetime | None, everything: bool
) -> int:
    """``_gap_scope`` (domain_id and names): the domains to recompute; returns how many.

    Every domain with known invoices or a stored state when ``everything`` (the domains with
    known invoices are those of ``_gap_fp``, computed before for every domain); else the domains
    of the rows the folio sync changed that are known before ``as_of``, and those with an invoice
    that became known in [``previous``, ``as_of``).
    """
    params: dict[str, datetime] = {}
    if everything or previous is None:
        # Every stored state has a domain id: refreshes write states of gap_domain's domains only,
        # and migration 0011 gave one to the states written before domain ids existed.
        chosen = f"""
            SELECT domain_id FROM _gap_fp
            UNION SELECT d.domain_id FROM gap_domain_state s JOIN gap_domain d
                  ON {same_domain("d", "s")}"""  # noqa: S608 - constant SQL; values bound
    else:
        chosen = """
            SELECT domain_id FROM _gap_touched WHERE known_at < $as_of
            UNION SELECT domain_id FROM gap_folio WHERE known_at >= $previous AND known_at < $as_of
        """
        params = {"as_of": as_of, "previous": previous}
    return written_rows(
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _gap_scope AS
            SELECT d.domain_id, d.issuer_rfc, d.store_id, d.serie
            FROM gap_domain d WHERE d.domain_id IN ({chosen})
            """,  # noqa: S608 - constant SQL; values bound
            params,
        )
    )


# What a refresh writes of a new range; closed_at, closed_by_uuid, close_reason and
# closed_refresh stay NULL.
_LEDGER_COLUMNS = (
    "gap_id, issuer_rfc, store_id, serie, gap_start, gap_end, missing, "
    "prev_folio, prev_issued_at, prev_uploaded_at, next_folio, next_issued_at, next_uploaded_at, "
    "first_detected_at, opened_at, opened_refresh, parent_gap_id, domain_id"
)


def _apply_diff(
    con: duckdb.DuckDBPyConnection, spec: EngineInput, refresh_id: int
) -> tuple[int, int]:
    """Close what vanished, open what appeared, in the domains of ``_gap_scope``."""
    as_of = spec.as_of
    # One join of the open ranges with the new ones, on integers; a side left without a partner
    # is a range to close or to open. A scoped run finds ranges in the scope only. The join
    # carries the keys alone: a new range's other figures follow from its bounds.
    narrow = "AND domain_id IN (SELECT domain_id FROM _gap_scope)" if spec.scoped else ""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_unmatched AS
        SELECT w.gap_id, w.domain_id AS was_domain_id, w.gap_start AS was_start,
               w.gap_end AS was_end, n.*
        FROM (SELECT gap_id, domain_id, gap_start, gap_end
              FROM gap_ledger WHERE closed_at IS NULL {narrow}) w
        FULL JOIN (SELECT domain_id, gap_start, gap_end FROM _gap_new) n
          ON n.domain_id = w.domain_id AND n.gap_start = w.gap_start AND n.gap_end = w.gap_end
        WHERE w.gap_id IS NULL OR n.domain_id IS NULL
        """  # noqa: S608 - constant SQL; values bound
    )
    closed = written_rows(
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _gap_close AS
            SELECT gap_id, was_domain_id AS domain_id, was_start AS gap_start, was_end AS gap_end
            FROM _gap_unmatched
            WHERE domain_id IS NULL AND was_domain_id IN (SELECT domain_id FROM _gap_scope)
            """
        )
    )
    opened = written_rows(
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _gap_open AS
            SELECT domain_id, gap_start, gap_end, gap_end - gap_start + 1 AS missing,
                   gap_start - 1 AS prev_folio, gap_end + 1 AS next_folio
            FROM _gap_unmatched WHERE gap_id IS NULL
            """
        )
    )
    if closed:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _gap_filler AS
            SELECT c.gap_id, arg_min(n.uuid, (n.known_at, n.folio_num)) AS uuid
            FROM _gap_close c
            JOIN gap_folio n ON n.domain_id = c.domain_id
             AND n.folio_num BETWEEN c.gap_start AND c.gap_end
            WHERE n.uuid IS NOT NULL AND n.known_at < $as_of
            GROUP BY c.gap_id
            """,
            {"as_of": as_of},
        )
        con.execute(
            """
            UPDATE gap_ledger SET
                closed_at = $as_of,
                closed_refresh = $refresh,
                closed_by_uuid = f.uuid,
                close_reason = CASE
                    WHEN EXISTS (SELECT 1 FROM _gap_open o WHERE o.domain_id = c.domain_id
                                 AND o.gap_start >= c.gap_start AND o.gap_end <= c.gap_end)
                        THEN 'split'
                    WHEN f.uuid IS NOT NULL THEN 'filled'
                    ELSE 'reshaped' END
            FROM _gap_close c LEFT JOIN _gap_filler f ON f.gap_id = c.gap_id
            WHERE gap_ledger.gap_id = c.gap_id
            """,
            {"as_of": as_of, "refresh": refresh_id},
        )
    if not opened:
        return opened, closed
    with_neighbour_dates(con, spec, "_gap_open")
    # Ids follow domain and folio order; nextval inside a parallel SELECT would number the rows
    # in whatever order the threads reach them. So ``opened`` consecutive values are taken, and
    # the rows numbered from the first of them.
    first_id = int(
        con.execute(f"SELECT min(nextval('gap_id_seq')) FROM range({opened})").fetchall()[0][0]  # noqa: S608 - constant SQL; values bound
    )
    con.execute(
        f"""
        INSERT INTO gap_ledger ({_LEDGER_COLUMNS})
        SELECT $first_id - 1 + row_number() OVER (
                   ORDER BY d.issuer_rfc, d.store_id, d.serie, o.gap_start),
               d.issuer_rfc, d.store_id, d.serie, o.gap_start, o.gap_end,
               o.missing, o.prev_folio, o.prev_issued_at, o.prev_uploaded_at,
               o.next_folio, o.next_issued_at, o.next_uploaded_at,
               coalesce(h.first_detected_at, $as_of), $as_of, $refresh, h.parent_gap_id,
               o.domain_id
        FROM _gap_open o
        JOIN gap_domain d ON d.domain_id = o.domain_id
        LEFT JOIN (
            SELECT o.domain_id, o.gap_start,
                   min(g.first_detected_at) AS first_detected_at,
                   max(g.gap_id) FILTER (WHERE g.closed_refresh = $refresh) AS parent_gap_id
            FROM _gap_open o
            JOIN gap_ledger g ON g.domain_id = o.domain_id
             AND g.gap_start <= o.gap_end AND g.gap_end >= o.gap_start
            GROUP BY ALL
        ) h ON h.domain_id = o.domain_id AND h.gap_start = o.gap_start
        """,  # noqa: S608 - constant SQL; values bound
        {"as_of": as_of, "refresh": refresh_id, "first_id": first_id},
    )
    return opened, closed


def _store_domain_state(
    con: duckdb.DuckDBPyConnection, as_of: datetime, refresh_id: int, now: datetime, flags: int
) -> None:
    """Replace the flags and states of the domains in scope; ``flags`` is how many rows
    ``_gap_flags_new`` holds."""
    in_scope = f"EXISTS (SELECT 1 FROM _gap_scope s WHERE {same_domain('g', 's')})"  # noqa: S608 - constant SQL; values bound
    kept = written_rows(
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _gap_flags_kept AS
            SELECT g.* FROM gap_flag g WHERE {in_scope}
            """  # noqa: S608 - constant SQL; values bound
        )
    )
    if kept:
        con.execute(f"DELETE FROM gap_flag g WHERE {in_scope}")  # noqa: S608 - constant SQL; values bound
    if flags:
        con.execute(
            f"""
            INSERT INTO gap_flag
            SELECT n.issuer_rfc, n.store_id, n.serie, n.kind, n.folio_from, n.folio_to,
                   n.skipped, n.related_folio, n.issued_at, n.detail,
                   coalesce(k.first_detected_at, $as_of), $refresh
            FROM _gap_flags_new n
            LEFT JOIN _gap_flags_kept k ON {same_domain("k", "n")} AND k.kind = n.kind
             AND k.folio_from = n.folio_from AND k.folio_to = n.folio_to
            """,  # noqa: S608 - constant SQL; values bound
            {"as_of": as_of, "refresh": refresh_id},
        )
    con.execute(f"DELETE FROM gap_domain_state g WHERE {in_scope}")  # noqa: S608 - constant SQL; values bound
    con.execute(
        f"""
        INSERT INTO gap_domain_state
        SELECT f.issuer_rfc, f.store_id, f.serie, f.invoices,
               f.first_folio, f.last_folio, coalesce(d.duplicates, 0),
               f.cancelled, f.non_numeric, $refresh, $now
        FROM _gap_fp f
        LEFT JOIN (SELECT issuer_rfc, store_id, serie, count(*) AS duplicates
                   FROM _gap_flags_new WHERE kind = 'duplicate' GROUP BY ALL) d
          ON {same_domain("d", "f")}
        """,  # noqa: S608 - constant SQL; values bound
        {"refresh": refresh_id, "now": now},
    )


def refresh(
    warehouse: Warehouse,
    settings: GapsSettings,
    *,
    as_of: datetime,
    trigger: str = "cli",
    full: bool = False,
) -> RefreshResult:
    """Bring the ledger up to ``as_of`` (local wall time): see the module docstring."""
    rules = FolioRules.from_settings(settings)
    started = time.perf_counter()
    now = datetime.now(UTC).replace(tzinfo=None)
    con = warehouse.cursor()
    try:
        previous, last_hash = _last_refresh(con)
        if previous is not None and as_of < previous:
            raise UserError(msg("gaps.ledger_ahead", previous=previous, as_of=as_of))
        everything = full or last_hash != rules.settings_hash
        with warehouse.transaction(con):
            refresh_id = int(
                con.execute(
                    "INSERT INTO gap_refresh (as_of, started_at, trigger_kind, settings_hash) "
                    "VALUES (?, ?, ?, ?) RETURNING refresh_id",
                    [as_of, now, trigger, rules.settings_hash],
                ).fetchall()[0][0]
            )
            # With no refresh on record nothing vouches for gap_folio: parse everything again.
            synced = sync_folios(con, rules, rebuild=previous is None)
            has_synthetic, has_starts = _load_exclusions(con, settings)
            everything = everything or previous is None
            if everything:
                compute_domain_figures(con, as_of, scoped=False)
            scoped = _choose_scope(con, as_of, previous, everything)
            opened = closed = 0
            if scoped:
                spec = EngineInput(rules, as_of, not everything, has_synthetic, has_starts)
                if not everything:
                    compute_domain_figures(con, as_of, scoped=True)
                flags = compute_gaps(con, spec)
                opened, closed = _apply_diff(con, spec, refresh_id)
                _store_domain_state(con, as_of, refresh_id, now, flags)
            total = int(con.execute("SELECT count(*) FROM gap_domain_state").fetchall()[0][0])
            seconds = time.perf_counter() - started
            con.execute(
                "UPDATE gap_refresh SET finished_at = ?, domains_total = ?, "
                "domains_recomputed = ?, gaps_opened = ?, gaps_closed = ?, seconds = ? "
                "WHERE refresh_id = ?",
                [datetime.now(UTC).replace(tzinfo=None), total, scoped, opened, closed, seconds,
                 refresh_id],
            )  # fmt: skip
    finally:
        con.close()
    log.info(
        "gap ledger refreshed to %s: %d of %d domains recomputed, %d opened, %d closed (%.2f s)",
        as_of, scoped, total, opened, closed, seconds,
    )  # fmt: skip
    return RefreshResult(refresh_id, as_of, total, scoped, opened, closed, seconds,
                         synced.loads_parsed, synced.rows_changed)  # fmt: skip


def replay(
    warehouse: Warehouse, settings: GapsSettings, *, since: date, until: datetime
) -> list[RefreshResult]:
    """Rebuild the ledger's history: one refresh at the end of every day since ``since`` on
    which some invoice became known, then one at ``until``. Days already covered are skipped."""
    con = warehouse.cursor()
    try:
        latest = last_refresh_as_of(con)
        days = con.execute(
            "SELECT DISTINCT CAST(coalesce(uploaded_at, fecha, valid_from) AS DATE) AS day "
            "FROM sequence_invoice WHERE valid_to IS NULL "
            "AND coalesce(uploaded_at, fecha, valid_from) >= ? ORDER BY day",
            [datetime.combine(since, datetime.min.time())],
        ).fetchall()
    finally:
        con.close()
    instants = [datetime.combine(d[0] + timedelta(days=1), datetime.min.time()) for d in days]
    instants = [i for i in instants if i < until] + [until]
    results = []
    for instant in instants:
        if latest is not None and instant <= latest:
            continue
        trigger = "replay" if instant < until else "cli"
        results.append(refresh(warehouse, settings, as_of=instant, trigger=trigger))
    return results
