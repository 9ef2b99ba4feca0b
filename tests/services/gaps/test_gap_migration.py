"""Migration 0011: the ledger rows written before it get their domain's id, and keep the rest."""

from __future__ import annotations

from pathlib import Path

from o2c_desktop.services.warehouse import Warehouse, bundled_migrations

_LEDGER_ROW = (
    "INSERT INTO gap_ledger VALUES (?, 'AAA010101AAA', ?, '', 5, 6, 2, 4, NULL, NULL, 7, NULL, "
    "NULL, TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-02', 1, NULL, NULL, NULL, NULL, NULL)"
)


def test_ledger_rows_get_their_domain_id(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with Warehouse(path, migrations=bundled_migrations()[:10]) as old:
        con = old.connection
        con.execute("INSERT INTO gap_domain VALUES (7, 'AAA010101AAA', 'T1', '')")
        con.execute("SELECT setval('gap_domain_id_seq', 7)")
        con.execute(_LEDGER_ROW, [1, "T1"])
        con.execute(_LEDGER_ROW, [2, "T2"])  # a domain without an id yet
        con.execute(
            "INSERT INTO gap_domain_state VALUES ('AAA010101AAA', 'T3', '', 3, 1, 3, 0, 0, 0, 1, "
            "TIMESTAMP '2025-01-02')"
        )
    with Warehouse(path) as warehouse:
        con = warehouse.connection
        domains = dict(
            con.execute("SELECT store_id, domain_id FROM gap_domain ORDER BY 1").fetchall()
        )
        assert domains == {"T1": 7, "T2": 8, "T3": 9}
        rows = con.execute(
            "SELECT gap_id, store_id, domain_id, gap_start, gap_end, opened_refresh "
            "FROM gap_ledger ORDER BY gap_id"
        ).fetchall()
        assert rows == [(1, "T1", 7, 5, 6, 1), (2, "T2", 8, 5, 6, 1)]
        assert con.execute("SELECT count(*) FROM gap_open").fetchall() == [(2,)]
        nullable = con.execute(
            "SELECT column_name, is_nullable FROM information_schema.columns "
            "WHERE table_name = 'gap_ledger' AND column_name IN ('domain_id', 'gap_id') "
            "ORDER BY 1"
        ).fetchall()
        assert nullable == [("domain_id", "NO"), ("gap_id", "NO")]
