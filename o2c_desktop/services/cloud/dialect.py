"""DuckDB SQL written as Snowflake SQL: sqlglot's transpiler plus the rewrites it cannot make
without knowing column types or DuckDB's flags.

``date + n`` (days) is DuckDB's way of moving a date; sqlglot keeps the ``+`` because it does not
know the left side is a DATE. Snowflake's documented form is ``DATEADD(DAY, n, d)``, and it is
the form every reader of Snowflake SQL understands, the test emulator included (it types an
INTEGER as BIGINT and cannot add that to a DATE). Which columns are dates is read from the
warehouse schema itself: the bundled migrations applied to an empty in-memory DuckDB, once per
process. DuckDB's ``regexp_replace(..., 'g')`` flag has no place in Snowflake's call, and a cast
of a computed number to an integer rounds half to even in DuckDB, half up in Snowflake.
"""

from __future__ import annotations

from functools import cache

import duckdb
import sqlglot
from sqlglot import exp

from o2c_desktop.services.warehouse import bundled_migrations


@cache
def _column_types() -> dict[str, frozenset[str]]:
    """Every column name of the warehouse's tables and views, with the types it has."""
    con = duckdb.connect()
    try:
        for migration in bundled_migrations():
            con.execute(migration.sql)
        rows = con.execute(
            "SELECT column_name, list(DISTINCT data_type) FROM information_schema.columns "
            "GROUP BY column_name"
        ).fetchall()
    finally:
        con.close()
    return {str(name): frozenset(str(t) for t in types) for name, types in rows}


_INTEGER_TYPES = frozenset({"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"})


def _is_date(node: exp.Expression) -> bool:
    # A TIMESTAMP plus an integer is an error in DuckDB, so a name that is a DATE anywhere is
    # a DATE wherever it is moved by days.
    return isinstance(node, exp.Column) and "DATE" in _column_types().get(node.name, ())


def _is_integer(node: exp.Expression) -> bool:
    inner = node.unnest()
    if isinstance(inner, exp.Literal):
        return inner.is_int
    if isinstance(inner, exp.Cast):
        return inner.to.is_type(*exp.DataType.INTEGER_TYPES)
    if isinstance(inner, exp.Column):
        types = _column_types().get(inner.name, frozenset())
        return bool(types) and types <= _INTEGER_TYPES
    return False


def dateadd_for_date_arithmetic(node: exp.Expression) -> exp.Expression:
    """``d + n`` → ``DATEADD(DAY, n, d)`` and ``d - n`` → ``DATEADD(DAY, -(n), d)``."""
    if isinstance(node, exp.Add | exp.Sub) and _is_date(node.this):
        days = node.expression
        if not _is_integer(days):
            return node
        if isinstance(node, exp.Sub):
            days = exp.Neg(this=exp.paren(days.copy(), copy=False))
        # The DATE is spelled out: Snowflake's DATEADD returns the type of its argument, and a
        # reader that does not know the column types (the emulator) then returns a DATE too.
        day = exp.cast(node.this.copy(), exp.DataType.Type.DATE)
        # The new node's children are not visited again: the days get their rewrite here.
        days = days.copy().transform(half_even_integer_cast)
        return exp.DateAdd(this=day, expression=days, unit=exp.var("DAY"))
    return node


def global_regexp_replace(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``regexp_replace(s, p, r, 'g')`` replaces every match, which is what Snowflake's
    ``REGEXP_REPLACE(s, p, r)`` does; Snowflake reads a fourth argument as a position."""
    modifiers = node.args.get("modifiers") if isinstance(node, exp.RegexpReplace) else None
    if isinstance(modifiers, exp.Literal) and modifiers.name == "g":
        node = node.copy()
        node.set("modifiers", None)
        node.set("single_replace", False)
    return node


# Numeric expressions the views cast to whole days: a lag from median / quantile_cont is a DOUBLE.
_NUMERIC_EXPRESSIONS = (exp.Greatest, exp.Coalesce, exp.Add, exp.Sub, exp.Mul, exp.Div)


def half_even_integer_cast(node: exp.Expression) -> exp.Expression:
    """DuckDB casts a DOUBLE to an integer rounding half to even (2.5 → 2); Snowflake rounds
    half away from zero (2.5 → 3). A median lag of 2.5 days would move an expected payment date
    by a day, so the cast of a computed number is written as ``ROUND(x, 0, 'HALF_TO_EVEN')``."""
    if (
        type(node) is exp.Cast
        and node.to.is_type(*exp.DataType.INTEGER_TYPES)
        and isinstance(node.this.unnest(), _NUMERIC_EXPRESSIONS)
    ):
        rounded = exp.Round(
            this=node.this.copy(),
            decimals=exp.Literal.number(0),
            truncate=exp.Literal.string("HALF_TO_EVEN"),
        )
        return exp.Cast(this=rounded, to=node.to.copy())
    return node


def _rewrite(node: exp.Expression) -> exp.Expression:
    return half_even_integer_cast(global_regexp_replace(dateadd_for_date_arithmetic(node)))


def to_snowflake(query: str | exp.Expression) -> str:
    """A DuckDB statement (text or parsed) as Snowflake SQL."""
    tree = sqlglot.parse_one(query, read="duckdb") if isinstance(query, str) else query
    return tree.transform(_rewrite).sql(dialect="snowflake", comments=False)
