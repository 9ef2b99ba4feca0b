"""``--format csv|json`` straight from DuckDB prints byte for byte what the records printed.

The old way (every row fetched as Python values, then ``emit_records``) is the reference: each
report of a generated world, of the real samples and of the gaps ledger, and a table of tricky
values, is printed both ways and compared.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from shared_worlds import built_once, copy_folder, generated_once

from o2c_desktop.cli.output import emit_records, emit_relation
from o2c_desktop.services.analytics import Report, make_cut, records
from o2c_desktop.services.analytics import contracts as contracts_service
from o2c_desktop.services.analytics import logistics as logistics_service
from o2c_desktop.services.analytics import receivables as receivables_service
from o2c_desktop.services.analytics import reconcile as reconcile_service
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period
from o2c_desktop.services.gaps.report import (
    FOLIO_COLUMNS,
    RANGE_COLUMNS,
    GapQuery,
    ensure_invoices,
    missing_folios,
    ranges,
)
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings, Settings

REAL_SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "real"
SETTINGS = AnalyticsSettings()
# The generator's exports but the CFDI XMLs (half a second each; the chain reads the register).
FOLDERS = ("prei", "sagi", "pagos", "sai", "registro", "camunda", "contratos", "logistica",
           "penas")  # fmt: skip


def _cut(con: duckdb.DuckDBPyConnection) -> Any:
    [(latest,)] = con.execute("SELECT max(valid_from) FROM sai_alta").fetchall()
    return make_cut(latest.date() if latest else None)


def _logistics(by: str, con: duckdb.DuckDBPyConnection) -> Report:
    return logistics_service.kpis(con, _cut(con), SETTINGS, by, {})


Build = Callable[[duckdb.DuckDBPyConnection], Report]
REPORTS: dict[str, Build] = {
    "reconcile": lambda con: reconcile_service.chain(con, _cut(con), SETTINGS, {}),
    "exceptions": lambda con: reconcile_service.exceptions(con, _cut(con), SETTINGS, {}),
    "receivables": lambda con: receivables_service.open_items(con, _cut(con), SETTINGS, {}),
    "states": lambda con: receivables_service.state_days(con, _cut(con), SETTINGS, {}),
    "contracts": lambda con: contracts_service.balances(con, _cut(con), SETTINGS, {}),
    "versions": lambda con: contracts_service.versions(con, _cut(con), SETTINGS, {}),
    **{f"logistics-{by}": functools.partial(_logistics, by) for by in logistics_service.GROUPINGS},
}


def both_ways(
    capsys: pytest.CaptureFixture[str],
    relation: duckdb.DuckDBPyRelation,
    columns: Sequence[str],
    fmt: str,
) -> tuple[str, str]:
    """(the old output, the streamed output); the stream must have been used."""
    emit_records(records(relation, columns), columns, fmt)
    old = capsys.readouterr().out
    assert emit_relation(relation, columns, fmt), "the report streamed from DuckDB"
    return old, capsys.readouterr().out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    generation = generated_once(tmp_path_factory, seed=180, scale=120)

    def build(root: Path) -> None:
        stamp = datetime.combine(generation.as_of, datetime.min.time()).replace(hour=12)
        with Warehouse(root / "warehouse.duckdb") as warehouse:
            archive = RawArchive(root / "archive", warehouse)
            for folder in FOLDERS:
                ingest_paths(warehouse, archive, [generation.out_dir / folder],
                             quarantine_dir=root / "quarantine", snapshot_at=stamp)  # fmt: skip

    template = built_once(tmp_path_factory, "stream-world-180-120", build)
    root = copy_folder(template, tmp_path_factory.mktemp("stream-world") / "data")
    with Warehouse(root / "warehouse.duckdb") as warehouse:
        yield warehouse.connection


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    root = tmp_path_factory.mktemp("stream-real")
    with Warehouse(root / "warehouse.duckdb") as warehouse:
        ingest_paths(warehouse, RawArchive(root / "archive", warehouse), [REAL_SAMPLES],
                     quarantine_dir=root / "quarantine")  # fmt: skip
        yield warehouse.connection


@pytest.mark.slow  # its world takes tens of seconds to import
@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_of_a_generated_world_prints_the_same(
    generated: duckdb.DuckDBPyConnection, capsys: pytest.CaptureFixture[str], name: str, fmt: str
) -> None:
    report = REPORTS[name](generated)
    old, new = both_ways(capsys, report.relation, report.columns, fmt)
    assert new == old
    rows = report.relation.count("*").fetchall()[0][0]
    assert rows > 0 or name == "versions"
    if fmt == "json":
        assert len(json.loads(new)) == rows


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("name", ["reconcile", "exceptions", "receivables", "states"])
def test_the_real_samples_print_the_same(
    real: duckdb.DuckDBPyConnection, capsys: pytest.CaptureFixture[str], name: str, fmt: str
) -> None:
    report = REPORTS[name](real)
    old, new = both_ways(capsys, report.relation, report.columns, fmt)
    assert new == old and len(old) > 100


def test_gap_ranges_and_missing_folios_print_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        issued = [
            ("T1", 1, "2024-01-05"), ("T1", 4, "2024-01-06 10:11:12.5"), ("T1", 7, "2024-02-02"),
            ("T2", 10, "2024-01-05"), ("T2", 20, "2024-01-20"),
        ]  # fmt: skip
        for i, (store, folio, at) in enumerate(issued):
            warehouse.connection.execute(
                "INSERT INTO sequence_invoice VALUES ('store-feed', 'AAA010101AAA', ?, 'A', ?, "
                "NULL, ?, ?, ?, 'Vigente', TIMESTAMP '2020-01-01', NULL, 'h', 1, 't', NULL, ?, "
                "NULL)",
                [store, str(folio), f"UUID-{i}", datetime.fromisoformat(at),
                 datetime.fromisoformat(at), i],
            )  # fmt: skip
        con = warehouse.connection
        ensure_invoices(con)
        now = datetime(2024, 3, 1, 9, 0)
        refresh(warehouse, Settings().gaps, as_of=now, trigger="test")
        period = Period("month", datetime(2024, 1, 1).date(), datetime(2024, 1, 31).date())
        query = GapQuery(period, now)
        for relation, columns in ((ranges(con, query), RANGE_COLUMNS),
                                  (missing_folios(con, query), FOLIO_COLUMNS)):  # fmt: skip
            for fmt in ("csv", "json"):
                old, new = both_ways(capsys, relation, columns, fmt)
                assert new == old and "T2" in new


TRICKY_TEXT = [
    None, "", " ", "plain", 'say "hi"', "a,b", "line\nbreak", "cr\rhere", "crlf\r\nx", '"',
    '""', ",", "Tláhuac Ñuñoa ü €", "=SUM(A1)", "+52 55", "-3", "@user", "\tTab", "\rCR",
    "back\\slash", "\\u000b", "émoji 🙂", "bell\x07", "nul\x00here", "\x0b\x0c\x1f\x7f",
    "/slash", "\u2028 separator", "'quote'",
]  # fmt: skip

TRICKY_SQL = """
    SELECT * FROM (VALUES
      (1, 'a', -1234567890123.45::DECIMAL(18,2), DATE '2024-01-31',
       TIMESTAMP '2025-06-30 23:59:59', true, 0.1::DOUBLE,
       170141183460469231731687303715884105727::HUGEINT, 7::DECIMAL(9,0)),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, '', 0.00::DECIMAL(18,2), DATE '1999-12-31', TIMESTAMP '2025-01-02 03:04:05.12', false,
       -0.0::DOUBLE, -5::HUGEINT, -7::DECIMAL(9,0)),
      (4, 'x', -0.5::DECIMAL(18,2), DATE '2025-02-28', TIMESTAMP '2025-01-02 03:04:05.000001',
       false, 'nan'::DOUBLE, 0::HUGEINT, 0::DECIMAL(9,0)),
      (5, 'y', 9999999999999999.99::DECIMAL(18,2), DATE '0999-01-01',
       TIMESTAMP '1960-01-01 00:00:00.5', true, 1e16::DOUBLE, 12::HUGEINT, 1::DECIMAL(9,0)),
      (6, 'z', 1.5::DECIMAL(18,2), DATE '2025-01-01', TIMESTAMP '2025-01-01', true,
       '-inf'::DOUBLE, 1::HUGEINT, 2::DECIMAL(9,0)),
      (7, 'w', 2.5::DECIMAL(18,2), DATE '2025-01-01', TIMESTAMP '2025-01-01', true,
       'inf'::DOUBLE, 1::HUGEINT, 3::DECIMAL(9,0)),
      (8, 'v', 2.5::DECIMAL(18,2), DATE '2025-01-01', TIMESTAMP '2025-01-01', true,
       1.2345678901234568e+20::DOUBLE, 1::HUGEINT, 3::DECIMAL(9,0)),
      (9, 'u', 2.5::DECIMAL(18,2), DATE '2025-01-01', TIMESTAMP '2025-01-01', true,
       1.5e-07::DOUBLE, 1::HUGEINT, 3::DECIMAL(9,0))
    ) t(n, texto, importe, fecha, momento, activo, razon, grande, entero)
"""


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_tricky_text_prints_the_same(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    con = duckdb.connect()
    con.execute('CREATE TABLE t (k INTEGER, texto VARCHAR, "clave ""rara"", ñ" VARCHAR)')
    con.executemany("INSERT INTO t VALUES (?, ?, ?)",
                    [(k, text, text) for k, text in enumerate(TRICKY_TEXT)])  # fmt: skip
    relation = con.sql("SELECT * FROM t ORDER BY k")
    old, new = both_ways(capsys, relation, ["texto", "k", 'clave "rara", ñ'], fmt)
    assert new == old
    lone, lone_new = both_ways(capsys, relation, ["texto"], fmt)  # a lone empty cell is ""
    assert lone_new == lone


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_typed_value_prints_the_same(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    relation = duckdb.connect().sql(TRICKY_SQL + " ORDER BY n")
    old, new = both_ways(capsys, relation, relation.columns, fmt)
    assert new == old
    assert ("NaN" in new and "-Infinity" in new) if fmt == "json" else ",nan," in new


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_empty_report_prints_the_same(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    relation = duckdb.connect().sql(TRICKY_SQL + " WHERE n < 0")
    old, new = both_ways(capsys, relation, relation.columns, fmt)
    assert new == old


def test_many_batches_keep_their_order_and_separators(capsys: pytest.CaptureFixture[str]) -> None:
    relation = duckdb.connect().sql(
        "SELECT i, 'fila ' || i AS texto FROM range(200000) r(i) ORDER BY i DESC"
    )
    for fmt in ("csv", "json"):
        old, new = both_ways(capsys, relation, ["i", "texto"], fmt)
        assert new == old


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT [1, 2] AS lista",
        "SELECT TIMESTAMPTZ '2025-01-01 00:00:00+00' AS momento",
        "SELECT 1.5::FLOAT AS real32",
    ],
)
def test_types_sql_cannot_match_use_the_records(
    sql: str, capsys: pytest.CaptureFixture[str]
) -> None:
    relation = duckdb.connect().sql(sql)
    for fmt in ("csv", "json"):
        assert not emit_relation(relation, relation.columns, fmt)
    assert capsys.readouterr().out == ""
