"""``gap_folio``: the current invoices of ``sequence_invoice`` parsed into sequence positions,
kept up to date load by load so that a refresh reads typed columns instead of re-running the folio
pattern over every row.

Ingest only ever appends rows under a new load id and closes or moves versions (``valid_to``,
``valid_from``) of earlier rows. Per load, four figures capture all of that: rows, closed rows and
the sums of both validity bounds. Reading them touches three fixed-width columns of the table;
only the loads whose figures moved are parsed again. The rows that differ between the old and the
new parse are left in ``_gap_touched`` (domain_id, known_at): their domains are the ones to
recompute.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from o2c_desktop.services.gaps.domain import FolioRules
from o2c_desktop.services.gaps.engine import written_rows
from o2c_desktop.services.sqlquote import quote_literal

_FOLIO_COLUMNS = (
    "domain_id, load_id, folio, folio_num, uuid, uuid_hash, issued_at, uploaded_at, known_at, "
    "cancelled"
)
_LOAD_FIGURES = """
    SELECT load_id, count(*) AS row_count, count(valid_to) AS closed_rows,
           CAST(sum(epoch_us(valid_from)) AS HUGEINT) AS valid_from_sum,
           CAST(coalesce(sum(epoch_us(valid_to)), 0) AS HUGEINT) AS valid_to_sum
    FROM sequence_invoice GROUP BY load_id
"""


@dataclass(frozen=True)
class FolioSync:
    rebuilt: bool
    loads_parsed: int
    rows_changed: int  # rows added to or removed from gap_folio (all of them when rebuilt)


def ensure_domains(con: duckdb.DuckDBPyConnection, names_table: str) -> None:
    """Give an id to every (issuer_rfc, store_id, serie) of ``names_table`` that has none yet."""
    con.execute(
        f"""
        INSERT INTO gap_domain
        SELECT nextval('gap_domain_id_seq'), issuer_rfc, store_id, serie
        FROM (SELECT DISTINCT issuer_rfc, store_id, serie FROM {names_table}) n
        WHERE NOT EXISTS (SELECT 1 FROM gap_domain d WHERE d.issuer_rfc = n.issuer_rfc
                          AND d.store_id = n.store_id AND d.serie = n.serie)
        ORDER BY issuer_rfc, store_id, serie
        """  # noqa: S608 - constant SQL; values bound
    )


def _parse(con: duckdb.DuckDBPyConnection, rules: FolioRules, raw_filter: str) -> None:
    """``_gap_fresh``: the rows of ``raw_filter`` parsed, with their domain ids."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _gap_parsed AS {rules.typed_rows_sql(raw_filter=raw_filter)}"
    )
    ensure_domains(con, "_gap_parsed")
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _gap_fresh AS
        SELECT {_FOLIO_COLUMNS.replace("domain_id", "d.domain_id")}
        FROM _gap_parsed p JOIN gap_domain d
          ON d.issuer_rfc = p.issuer_rfc AND d.store_id = p.store_id AND d.serie = p.serie
        """  # noqa: S608 - constant SQL; values bound
    )
    con.execute("DROP TABLE _gap_parsed")


def _record_loads(con: duckdb.DuckDBPyConnection, rules: FolioRules, which: str) -> None:
    con.execute(f"DELETE FROM gap_folio_load WHERE {which}")  # noqa: S608 - constant SQL; values bound
    con.execute(
        f"INSERT INTO gap_folio_load SELECT *, {quote_literal(rules.pattern)} FROM _gap_load_now "  # noqa: S608 - pattern quoted
        f"WHERE {which}"
    )


def sync_folios(
    con: duckdb.DuckDBPyConnection, rules: FolioRules, *, rebuild: bool = False
) -> FolioSync:
    """Bring ``gap_folio`` up to ``sequence_invoice``; see the module docstring.

    ``rebuild`` (or a changed folio pattern) parses every row again.
    """
    con.execute(f"CREATE OR REPLACE TEMP TABLE _gap_load_now AS {_LOAD_FIGURES}")
    pattern = quote_literal(rules.pattern)
    stale_pattern = con.execute(
        f"SELECT count(*) FROM gap_folio_load WHERE folio_pattern <> {pattern}"  # noqa: S608 - pattern quoted
    ).fetchall()[0][0]
    con.execute("CREATE OR REPLACE TEMP TABLE _gap_touched (domain_id INTEGER, known_at TIMESTAMP)")
    if rebuild or stale_pattern:
        con.execute("DELETE FROM gap_folio")
        _parse(con, rules, "")
        con.execute(f"INSERT INTO gap_folio SELECT {_FOLIO_COLUMNS} FROM _gap_fresh")  # noqa: S608 - constant SQL; values bound
        rows = int(con.execute("SELECT count(*) FROM _gap_fresh").fetchall()[0][0])
        con.execute("DROP TABLE _gap_fresh")
        _record_loads(con, rules, "TRUE")
        loads = int(con.execute("SELECT count(*) FROM _gap_load_now").fetchall()[0][0])
        return FolioSync(True, loads, rows)

    loads = written_rows(
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _gap_loads_changed AS
            SELECT coalesce(n.load_id, o.load_id) AS load_id
            FROM _gap_load_now n FULL JOIN gap_folio_load o ON o.load_id = n.load_id
            WHERE o.load_id IS NULL OR n.load_id IS NULL
               OR (n.row_count, n.closed_rows, n.valid_from_sum, n.valid_to_sum)
                  IS DISTINCT FROM (o.row_count, o.closed_rows, o.valid_from_sum, o.valid_to_sum)
            """
        )
    )
    if not loads:
        return FolioSync(False, 0, 0)
    changed = "load_id IN (SELECT load_id FROM _gap_loads_changed)"
    _parse(con, rules, changed)
    con.execute(
        f"""
        INSERT INTO _gap_touched
        SELECT domain_id, known_at FROM (
            (SELECT {_FOLIO_COLUMNS} FROM gap_folio WHERE {changed})
            EXCEPT ALL (SELECT {_FOLIO_COLUMNS} FROM _gap_fresh))
        UNION ALL
        SELECT domain_id, known_at FROM (
            (SELECT {_FOLIO_COLUMNS} FROM _gap_fresh)
            EXCEPT ALL (SELECT {_FOLIO_COLUMNS} FROM gap_folio WHERE {changed}))
        """  # noqa: S608 - constant SQL; values bound
    )
    con.execute(f"DELETE FROM gap_folio WHERE {changed}")  # noqa: S608 - constant SQL; values bound
    con.execute(f"INSERT INTO gap_folio SELECT {_FOLIO_COLUMNS} FROM _gap_fresh")  # noqa: S608 - constant SQL; values bound
    con.execute("DROP TABLE _gap_fresh")
    _record_loads(con, rules, changed)
    rows = int(con.execute("SELECT count(*) FROM _gap_touched").fetchall()[0][0])
    return FolioSync(False, loads, rows)
