"""A new warehouse is created in one pass (each view once); it must equal a file migrated step by
step from the first migration, and a failure must leave no half-made schema behind."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from o2c_desktop.services.warehouse import Migration, Warehouse, bundled_migrations
from o2c_desktop.services.warehouse.fresh import (
    FreshSchemaError,
    fresh_schema_statements,
    view_name,
)

CATALOGUE = {
    "tables": "SELECT table_name, sql FROM duckdb_tables() WHERE NOT temporary ORDER BY 1",
    "columns": (
        "SELECT table_name, column_name, column_index, data_type, column_default, is_nullable "
        "FROM duckdb_columns() WHERE NOT internal ORDER BY 1, 3"
    ),
    "views": "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1",
    "indexes": "SELECT index_name, table_name, sql FROM duckdb_indexes() ORDER BY 1",
    "constraints": (
        "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() ORDER BY ALL"
    ),
    "sequences": "SELECT sequence_name, start_value FROM duckdb_sequences() ORDER BY 1",
    "schema_version": "SELECT version, name FROM schema_version ORDER BY 1",
}


def _catalogue(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(path), read_only=True) as con:
        found = {name: con.execute(sql).fetchall() for name, sql in CATALOGUE.items()}
        for (table,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name <> 'schema_version'"
        ).fetchall():
            found[f"rows of {table}"] = con.execute(
                f'SELECT * FROM "{table}" ORDER BY ALL'
            ).fetchall()
    return found


def test_new_file_equals_a_file_migrated_step_by_step(tmp_path: Path) -> None:
    migrations = bundled_migrations()
    Warehouse(tmp_path / "stepwise.duckdb", migrations=migrations[:1]).close()
    Warehouse(tmp_path / "stepwise.duckdb").close()  # every later migration, one by one
    Warehouse(tmp_path / "new.duckdb").close()
    stepwise, new = _catalogue(tmp_path / "stepwise.duckdb"), _catalogue(tmp_path / "new.duckdb")
    assert len(new["views"]) >= 30
    assert [v for v, _ in new["views"]] == [v for v, _ in stepwise["views"]]
    assert new == stepwise


def test_each_view_is_created_once_after_the_views_it_reads() -> None:
    statements = fresh_schema_statements(bundled_migrations())
    views = [view_name(s) for s in statements if view_name(s)]
    assert len(views) == len(set(views))
    assert views.index("recon_record_issue") < views.index("reconciliation")
    assert views.index("analytics_params") < views.index("asof_sai_order")
    first_view = next(i for i, s in enumerate(statements) if view_name(s))
    assert all(view_name(s) for s in statements[first_view:]), "tables come first"


def test_a_later_definition_of_a_view_is_the_one_created(tmp_path: Path) -> None:
    migrations = [
        Migration(1, "one", "CREATE TABLE fruit (name VARCHAR, qty INTEGER);"
                  "CREATE TABLE schema_version (version INT, name VARCHAR, applied_at TIMESTAMP);"
                  "CREATE VIEW stock AS SELECT name FROM fruit;"
                  "CREATE VIEW report AS SELECT * FROM stock;"),
        Migration(2, "two", "CREATE OR REPLACE VIEW stock AS SELECT name, qty FROM fruit;"),
    ]  # fmt: skip
    with Warehouse(tmp_path / "w.duckdb", migrations=migrations) as warehouse:
        con = warehouse.connection
        con.execute("INSERT INTO fruit VALUES ('mango', 3)")
        assert con.execute("SELECT * FROM report").fetchall() == [("mango", 3)]
        assert warehouse.schema_version() == 2


def test_a_view_a_later_migration_drops_is_not_created(tmp_path: Path) -> None:
    migrations = [
        Migration(1, "one", "CREATE TABLE fruit (name VARCHAR, qty INTEGER);"
                  "CREATE TABLE schema_version (version INT, name VARCHAR, applied_at TIMESTAMP);"
                  "CREATE VIEW stock AS SELECT name FROM fruit;"),
        Migration(2, "two", "DROP VIEW stock;"
                  "CREATE VIEW stock_by_name AS SELECT name FROM fruit;"),
    ]  # fmt: skip
    with Warehouse(tmp_path / "w.duckdb", migrations=migrations) as warehouse:
        views = warehouse.connection.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
        assert views == [("stock_by_name",)]


def test_views_that_read_each_other_are_refused() -> None:
    migrations = [
        Migration(1, "one", "CREATE VIEW a AS SELECT * FROM b; CREATE VIEW b AS SELECT * FROM a;")
    ]
    with pytest.raises(FreshSchemaError, match="a, b"):
        fresh_schema_statements(migrations)


def test_a_failure_while_creating_leaves_no_schema(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    broken = Migration(3, "broken", "ALTER TABLE fruit ADD COLUMN x INT; SELECT * FROM nowhere;")
    fruit = Migration(2, "fruit", "CREATE TABLE fruit (name VARCHAR PRIMARY KEY, qty INTEGER);")
    with pytest.raises(duckdb.Error):
        Warehouse(path, migrations=[bundled_migrations()[0], fruit, broken])
    with duckdb.connect(str(path)) as con:
        assert con.execute("SELECT table_name FROM duckdb_tables()").fetchall() == []
    with Warehouse(path, migrations=[bundled_migrations()[0], fruit]) as warehouse:
        assert warehouse.schema_version() == 2
        columns = [r[0] for r in warehouse.connection.execute("DESCRIBE fruit").fetchall()]
        assert "x" not in columns
