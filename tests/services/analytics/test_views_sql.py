"""The views are created by a migration from the sql/ files and transpile to Snowflake."""

from __future__ import annotations

import re
from typing import Any

import sqlglot

from o2c_desktop.services.analytics.views import (
    ASOF_TABLES,
    VIEWS,
    migration_sql,
    view_definitions,
    view_sql,
)
from o2c_desktop.services.warehouse.warehouse import bundled_migrations


def _last_definitions() -> dict[str, str]:
    """Each view's name → the text of the last migration that creates it."""
    found: dict[str, str] = {}
    for migration in bundled_migrations():
        for name in re.findall(r"CREATE (?:OR REPLACE )?VIEW (\w+) AS", migration.sql):
            found[name] = migration.sql
    return found


def test_the_last_definition_of_every_view_is_generated_from_the_sql_files() -> None:
    # A change to sql/*.sql needs a new migration with migration_sql(<changed views>)'s text.
    last = _last_definitions()
    for name, statement in view_definitions().items():
        assert name in last, f"no migration creates {name}"
        assert statement in last[name], f"the last migration creating {name} is out of date"


def test_a_migration_of_some_views_holds_only_those_in_dependency_order() -> None:
    text = migration_sql(["reconciliation", "recon_record"])
    assert re.findall(r"CREATE OR REPLACE VIEW (\w+) AS", text) == [
        "recon_record", "reconciliation",
    ]  # fmt: skip


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
