"""Team mode, the read side: the analytics and gap queries run on Snowflake.

The query is the very text the local warehouse runs (:func:`analytics.views.compose` for the
analytics views, the view name for the gap views, :mod:`gaps.report`'s queries for the gap
reports) with its ``$name`` parameters bound as literals — Snowflake's connector binds by
position, the composed text by name — and then written as Snowflake SQL (dialect.py). Rows come
back with the local column names (Snowflake folds unquoted names to upper case), so callers get
the same records from either place.
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
from o2c_desktop.services.analytics.cashflow import CashEvent, events_from_view_records
from o2c_desktop.services.analytics.views import VIEWS, compose
from o2c_desktop.services.cloud.dialect import to_snowflake
from o2c_desktop.services.gaps import report
from o2c_desktop.services.gaps.report import GapQuery
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
        return f"SELECT * FROM {view}"  # noqa: S608 - constant names
    if view not in VIEWS:
        raise KeyError(view)
    if cut is None:
        raise ValueError("analytics views need a cut")
    return to_snowflake(bind(compose(view), parameters(cut, settings)))


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
        sql = f"SELECT * FROM ({sql}) AS v ORDER BY {', '.join(order_by)}"  # noqa: S608 - constant names
    return _fetch(connection, sql)


def view_columns(
    connection: SnowflakeConnection, view: str, cut: Cut | None, settings: AnalyticsSettings
) -> list[str]:
    """The local column names of ``view`` as Snowflake computes it (for a result with no rows,
    whose header must still be printed)."""
    sql = f"SELECT * FROM ({snowflake_sql(view, cut, settings)}) AS v LIMIT 0"  # noqa: S608 - constant names
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [str(d[0]).lower() for d in cursor.description]


def cashflow_events(
    connection: SnowflakeConnection, cut: Cut, settings: AnalyticsSettings
) -> list[CashEvent]:
    """The cash projection's events (``cashflow_item``) computed by Snowflake."""
    return events_from_view_records(records(connection, "cashflow_item", cut, settings))


def gap_ranges(connection: SnowflakeConnection, query: GapQuery) -> list[dict[str, Any]]:
    """:func:`gaps.report.ranges` computed by Snowflake from the pushed gap ledger."""
    sql, values = report.ranges_sql(query)
    ordered = f"{sql} ORDER BY {report.RANGE_ORDER}"
    return _fetch(connection, to_snowflake(bind(ordered, values)))


def gap_top_stores(
    connection: SnowflakeConnection, query: GapQuery, n: int
) -> list[dict[str, Any]]:
    """:func:`gaps.report.top_stores` computed by Snowflake from the pushed gap ledger."""
    sql, values = report.top_stores_sql(query, n)
    rows = _fetch(connection, to_snowflake(bind(sql, values)))
    return report.ranked([tuple(row.values()) for row in rows])


def _fetch(connection: SnowflakeConnection, sql: str) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        names = [str(d[0]).lower() for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
