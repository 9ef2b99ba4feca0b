"""The CSV DuckDB writes (lines built in SQL, COPY) is byte for byte the Python writer's."""

from __future__ import annotations

import random
import string
from pathlib import Path

import duckdb
import pytest

from o2c_desktop.services.exports.csv_export import EXPORT_DIALECT, _write_csv_rows, write_csv
from o2c_desktop.services.exports.csv_sql import CsvCopy, plan_copy

TRICKY_TEXT = [
    None, "", " ", "plain", 'say "hi"', "a,b", "line\nbreak", "cr\rhere", "crlf\r\nx", '"',
    '""', ",", "Tláhuac Ñuñoa ü €", "=SUM(A1)", "+52 55", "-3", "@user", "\tTab", "\rCR",
    "'already", "x=1", "   leading", "trailing   ", "émoji 🙂", "semi;colon", "back\\slash",
    "#hash", "a#b", "tab\tinside", "\\N", "NULL", "-", "=",
]  # fmt: skip

TRICKY_SQL = """
    SELECT * FROM (VALUES
      (1, 'a', -1234567890123.45::DECIMAL(18,2), DATE '2024-01-31',
       TIMESTAMP '2025-06-30 23:59:59', true, 0.1::DOUBLE,
       170141183460469231731687303715884105727::HUGEINT),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, '', 0.00::DECIMAL(18,2), DATE '1999-12-31', TIMESTAMP '2025-01-02 03:04:05.12', false,
       -0.0::DOUBLE, -5::HUGEINT),
      (4, 'x', -0.5::DECIMAL(18,2), DATE '2025-02-28', TIMESTAMP '2025-01-02 03:04:05.000001',
       false, 'nan'::DOUBLE, 0::HUGEINT),
      (5, 'y', 9999999999999999.99::DECIMAL(18,2), DATE '0999-01-01',
       TIMESTAMP '1960-01-01 00:00:00.5', true, 1e16::DOUBLE, 12::HUGEINT),
      (6, 'z', 1.5::DECIMAL(18,2), DATE '2025-01-01', TIMESTAMP '2025-01-01', true,
       '-inf'::DOUBLE, 1::HUGEINT)
    ) t(n, texto, importe, fecha, momento, activo, razon, grande)
"""

COLUMNS = ["n", "texto", "importe", "fecha", "momento", "activo", "razon", "grande"]


def _both(tmp_path: Path, relation: duckdb.DuckDBPyRelation, columns: list[str],
          headers: list[str] | None = None, bom: bool = True) -> tuple[bytes, bytes]:  # fmt: skip
    assert plan_copy(relation, columns, headers or columns, EXPORT_DIALECT, bom=bom) is not None
    ours, old = tmp_path / "sql.csv", tmp_path / "python.csv"
    assert write_csv(ours, relation, columns, headers=headers, bom=bom) == _write_csv_rows(
        old, relation, columns, headers=headers, bom=bom
    )
    return ours.read_bytes(), old.read_bytes()


def test_tricky_text_is_written_exactly_as_the_python_writer_does(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (k INTEGER, texto VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(TRICKY_TEXT)))
    ours, old = _both(tmp_path, con.sql("SELECT * FROM t ORDER BY k"), ["texto", "k"])
    assert ours == old
    assert b'"say ""hi"""' in ours and b"'=SUM(A1)" in ours and ours.startswith(b"\xef\xbb\xbf")


def test_every_typed_value_matches_the_python_writer(tmp_path: Path) -> None:
    con = duckdb.connect()
    ours, old = _both(tmp_path, con.sql(TRICKY_SQL + " ORDER BY n"), COLUMNS)
    assert ours == old
    text = ours.decode("utf-8-sig")
    assert "-1234567890123.45,2024-01-31,2025-06-30 23:59:59,true,0.1" in text
    assert "2025-01-02 03:04:05.120000" in text and "\r\n2,,,,,,,\r\n" in text


def test_titles_a_single_column_and_no_bom_match(tmp_path: Path) -> None:
    con = duckdb.connect()
    relation = con.sql("SELECT * FROM (VALUES (''), (NULL), ('a')) t(texto)")
    ours, old = _both(tmp_path, relation, ["texto"], headers=['Título, "uno"'], bom=False)
    assert ours == old
    assert ours == b'"T\xc3\xadtulo, ""uno"""\r\n""\r\n""\r\na\r\n'


def test_an_empty_result_is_the_header_alone(tmp_path: Path) -> None:
    con = duckdb.connect()
    ours, old = _both(tmp_path, con.sql(TRICKY_SQL + " WHERE false"), COLUMNS)
    assert ours == old == ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode()


def test_random_text_and_doubles_match(tmp_path: Path) -> None:
    rng = random.Random(17)
    alphabet = string.printable + "áéíóúñÑ€\"'=+-@,"
    rows = [
        (i, "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))),
         rng.uniform(-1e9, 1e9) if i % 3 else rng.random())
        for i in range(3000)
    ]  # fmt: skip
    con = duckdb.connect()
    con.execute("CREATE TABLE t (k INTEGER, texto VARCHAR, x DOUBLE)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    ours, old = _both(tmp_path, con.sql("SELECT * FROM t ORDER BY k"), ["k", "texto", "x"])
    assert ours == old


@pytest.mark.parametrize("columns", [["texto", "k"], ["texto"]])
def test_every_first_character_is_escaped_as_the_python_writer_does(
    columns: list[str], tmp_path: Path
) -> None:
    # Text at or above 'A' skips the trigger tests: each side of that line, every ASCII
    # character and a few wider ones, alone and leading a word.
    firsts = [chr(c) for c in range(1, 128)] + ["é", "Ñ", "€", "🙂", "\u0080"]
    texts = [t for c in firsts for t in (c, c + "x=1")] + ["", None]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (k INTEGER, texto VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(texts)))
    ours, old = _both(tmp_path, con.sql("SELECT * FROM t ORDER BY k"), columns)
    assert ours == old
    assert b"'=x=1" in ours and b"'@x=1" in ours and b"Ax=1" in ours


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT [1, 2] AS v",
        "SELECT INTERVAL 1 DAY AS v",
        "SELECT 1.5::FLOAT AS v",
        "SELECT TIMESTAMPTZ '2025-01-01' AS v",
    ],
)
def test_types_sql_cannot_match_fall_back_to_the_python_writer(sql: str, tmp_path: Path) -> None:
    con = duckdb.connect()
    relation = con.sql(sql)
    assert plan_copy(relation, ["v"], ["v"], EXPORT_DIALECT, bom=True) is None
    target = tmp_path / "v.csv"
    assert write_csv(target, relation, ["v"]) == 1
    assert target.read_bytes().startswith(b"\xef\xbb\xbfv\r\n")


def test_a_large_ordered_relation_keeps_its_row_order(tmp_path: Path) -> None:
    con = duckdb.connect()
    relation = con.sql(
        "SELECT range AS folio, 'x' || range AS s FROM range(300000) ORDER BY 1 DESC"
    )
    ours, old = _both(tmp_path, relation, ["folio", "s"])
    assert ours == old


def _planned(relation: duckdb.DuckDBPyRelation, columns: list[str], titles: list[str]) -> CsvCopy:
    planned = plan_copy(relation, columns, titles, EXPORT_DIALECT, bom=True)
    assert planned is not None
    return planned


def test_plain_titles_let_copy_quote_the_cells(tmp_path: Path) -> None:
    con = duckdb.connect()
    relation = con.sql(TRICKY_SQL + " ORDER BY n")
    titles = ["Núm.", "Texto #1", "Importe (MXN)", "Fecha", "Momento", "¿Activo?", "Razón", "G"]
    assert _planned(relation, COLUMNS, titles).quoted_by_copy
    ours, old = _both(tmp_path, relation, COLUMNS, headers=titles)
    assert ours == old
    assert ours.startswith("\ufeffNúm.,Texto #1,Importe (MXN),".encode())


@pytest.mark.parametrize(
    "titles",
    [
        ["n", 'Texto "con comillas"'],  # COPY and Python quote a title alike, but then the BOM
        ["n", "Importe, MXN"],
        ["", "texto"],  # COPY would quote an empty title
        ["Folio", "folio"],  # not distinct as SQL names
        [" n", "texto "],
    ],
)
def test_titles_copy_would_write_otherwise_still_match(titles: list[str], tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (k INTEGER, texto VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(TRICKY_TEXT)))
    relation = con.sql("SELECT * FROM t ORDER BY k")
    ours, old = _both(tmp_path, relation, ["k", "texto"], headers=titles)
    assert ours == old
