"""Team mode, the read side: the analytics and gap queries run on Snowflake.

The query is the very text the local warehouse runs (:func:`analytics.views.compose` for the
analytics views, the view name for the gap views) with its ``$name`` parameters bound as
literals — Snowflake's connector binds by position, the composed text by name — and then
written as Snowflake SQL by sqlglot. Rows come back with the local column names (Snowflake
folds unquoted names to upper case), so callers get the same records from either place.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlglot
from snowflake.connector import SnowflakeConnection
from sqlglot import exp

from o2c_desktop.services.analytics.asof import Cut, parameters
from o2c_desktop.services.analytics.views import VIEWS, compose
from o2c_desktop.settings import AnalyticsSettings

GAP_VIEWS = ("gap_open", "gap_store_totals")


def _literal(value: Any) -> exp.Expression:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, datetime):
        return exp.cast(exp.Literal.string(value.isoformat(sep=" ")), "TIMESTAMP")
    if isinstance(value, date):
        return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
    if isinstance(value, int | Decimal | float):
        return exp.Literal.number(str(value))
    return exp.Literal.string(str(value))


def bind(sql: str, values: Mapping[str, Any]) -> exp.Expression:
    """The DuckDB query with every ``$name`` replaced by its value as a literal."""
    tree = sqlglot.parse_one(sql, read="duckdb")

    def replace(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder) and node.name in values:
            return _literal(values[node.name])
        return node

    return tree.transform(replace)


def snowflake_sql(view: str, cut: Cut | None, settings: AnalyticsSettings) -> str:
    """What team mode sends to Snowflake for ``view``."""
    if view in GAP_VIEWS:
        return f"SELECT * FROM {view}"
    if view not in VIEWS:
        raise KeyError(view)
    if cut is None:
        raise ValueError("analytics views need a cut")
    return bind(compose(view), parameters(cut, settings)).sql(dialect="snowflake")


def records(
    connection: SnowflakeConnection,
    view: str,
    cut: Cut | None,
    settings: AnalyticsSettings,
    *,
    order_by: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """The rows of ``view`` computed by Snowflake, keyed by the local column names."""
    sql = snowflake_sql(view, cut, settings)
    if order_by:
        sql = f"SELECT * FROM ({sql}) AS v ORDER BY {', '.join(order_by)}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = [str(d[0]).lower() for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
