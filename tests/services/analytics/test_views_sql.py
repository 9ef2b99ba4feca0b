"""The views are created by a migration from the sql/ files and transpile to Snowflake."""

from __future__ import annotations

from typing import Any

import sqlglot

from o2c_desktop.services.analytics.views import ASOF_TABLES, VIEWS, migration_sql, view_sql
from o2c_desktop.services.warehouse.warehouse import bundled_migrations


def _latest_analytics_migration() -> str:
    found = [m for m in bundled_migrations() if "VIEW reconciliation AS" in m.sql]
    assert found
    return found[-1].sql


def test_latest_views_migration_is_generated_from_the_sql_files() -> None:
    # A change to sql/*.sql needs a new migration with migration_sql()'s text.
    assert _latest_analytics_migration() == migration_sql()


def test_every_view_transpiles_to_snowflake() -> None:
    statements = sqlglot.parse(migration_sql(), read="duckdb")
    assert len(statements) == 1 + len(ASOF_TABLES) + len(VIEWS)
    for statement in statements:
        assert statement is not None
        out = statement.sql(dialect="snowflake")
        assert "CREATE OR REPLACE VIEW" in out
    for name in VIEWS:
        [text] = sqlglot.transpile(view_sql(name), read="duckdb", write="snowflake")
        assert "FILTER (" not in text
    assert len(ASOF_TABLES) >= 10


def test_warehouse_views_answer_with_current_defaults(world: Any) -> None:
    con = world.warehouse.connection
    for name in ("reconciliation", "receivable_item", "contract_balance", "logistics_line"):
        rows = con.execute(f"SELECT count(*) FROM {name}").fetchall()
        assert rows[0][0] > 0, name
