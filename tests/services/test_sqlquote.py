"""Names and values quoted for SQL come back exactly as they were, whatever they hold."""

from __future__ import annotations

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from o2c_desktop.services.sqlquote import quote_identifier, quote_literal, quote_qualified

HOSTILE = [
    "plain",
    "O'Brien",
    'say "hi"',
    "x'); DROP TABLE t; --",
    'a"; DROP TABLE t; --',
    "two\nlines",
    "back\\slash\\",
    "Número de contrato",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_literal_reads_back_as_the_text_in_duckdb(text: str) -> None:
    con = duckdb.connect()
    assert con.execute(f"SELECT {quote_literal(text)}").fetchall() == [(text,)]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_snowflake_literal_reads_back_as_the_text(text: str) -> None:
    # Snowflake reads a backslash in a string as an escape; sqlglot's Snowflake reader does too.
    parsed = sqlglot.parse_one(f"SELECT {quote_literal(text, 'snowflake')}", read="snowflake")
    literal = parsed.find(exp.Literal)
    assert literal is not None and literal.this == text
    assert len(parsed.expressions) == 1


@pytest.mark.parametrize("name", [n for n in HOSTILE if n])
def test_an_identifier_names_exactly_that_column(name: str) -> None:
    con = duckdb.connect()
    con.execute("CREATE SCHEMA tenant")
    con.execute(f"CREATE TABLE {quote_qualified('tenant', 't')} ({quote_identifier(name)} INT)")
    con.execute("INSERT INTO tenant.t VALUES (7)")
    selected = con.execute(f"SELECT {quote_identifier(name)} FROM tenant.t")
    assert [d[0] for d in selected.description] == [name]
    assert selected.fetchall() == [(7,)]
    assert [r[0] for r in con.execute("SHOW TABLES FROM tenant").fetchall()] == ["t"]


def test_a_nul_character_is_a_bug_not_quoted() -> None:
    with pytest.raises(ValueError, match="NUL"):
        quote_literal("a\x00b")
    with pytest.raises(ValueError, match="NUL"):
        quote_identifier("a\x00b")
