"""Team mode: the same analytics and gap queries on Snowflake (after a push) return the same
records as the local warehouse."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import snowflake.connector

from o2c_desktop.services.analytics.asof import make_cut, relation
from o2c_desktop.services.cloud import team
from o2c_desktop.services.cloud.ddl import apply_ddl
from o2c_desktop.services.cloud.push import PushRequest, PushService
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snowflake import connect_kwargs
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings

TEAM_SECTIONS = ("schema", "format", "stage", "ledger", "table", "staging", "view")


def normal(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted((tuple(sorted(r.items())) for r in rows), key=repr)


@pytest.fixture
def pushed(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    snowflake_server: dict[str, Any],
    snowflake_db: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> Any:
    settings = cloud.cloud_settings(snowflake=snowflake_server, database=snowflake_db)
    apply_ddl(warehouse, settings, secrets, sections=TEAM_SECTIONS)
    service = PushService(
        warehouse,
        settings,
        archive_dir=data_dir_with_world / "archive",
        spool_dir=data_dir_with_world / "outbox",
        secrets=secrets,
    )
    assert service.run(PushRequest(snowflake=True)).ok
    with snowflake.connector.connect(**connect_kwargs(settings.snowflake, secrets)) as con:
        yield con


# recon_exception is left out: fakesnow renders CAST(<decimal> AS VARCHAR) as '135705.0' where
# Snowflake and DuckDB write '135705.00'.
COMPARED_VIEWS = (
    "reconciliation",
    "receivable_state_days",
    "recon_payment",
    "receivable_item",
    "contract_balance",
    "logistics_line",
)


def test_analytics_views_give_the_same_records_on_snowflake(
    warehouse: Warehouse, pushed: Any
) -> None:
    settings = AnalyticsSettings()
    cut = make_cut(None)
    for view in COMPARED_VIEWS:
        local_rel = relation(warehouse.cursor(), view, cut, settings)
        local = [dict(zip(local_rel.columns, row, strict=True)) for row in local_rel.fetchall()]
        remote = team.records(pushed, view, cut, settings)
        assert local, f"the world has {view} rows to compare"
        assert normal(remote) == normal(local), view


def test_views_created_on_snowflake_answer_like_the_local_views(
    warehouse: Warehouse, pushed: Any
) -> None:
    """The views made by the DDL (date + days written as DATEADD) hold the same rows."""
    for view in ("contract_balance", "receivable_item", "logistics_line"):
        local_rel = warehouse.cursor().sql(f"SELECT * FROM {view}")
        local = [dict(zip(local_rel.columns, row, strict=True)) for row in local_rel.fetchall()]
        with pushed.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {view}")
            names = [str(d[0]).lower() for d in cursor.description]
            remote = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        assert local, f"the world has {view} rows to compare"
        assert normal(remote) == normal(local), view


def test_date_plus_days_is_written_as_dateadd() -> None:
    from o2c_desktop.services.cloud.dialect import to_snowflake

    sql = to_snowflake(
        "SELECT p.as_of_date - p.burn_window_days, l.fecha_limite + 5, "
        "a.bucket_1 + 1, regexp_replace(x, '[- ]', '.', 'g') FROM t"
    )
    assert "DATEADD(DAY, -(p.burn_window_days), CAST(p.as_of_date AS DATE))" in sql
    assert "DATEADD(DAY, 5, CAST(l.fecha_limite AS DATE))" in sql
    assert "a.bucket_1 + 1" in sql
    assert "REGEXP_REPLACE(x, '[- ]', '.')" in sql


def test_historical_cut_is_bound_into_the_snowflake_query() -> None:
    from datetime import date

    sql = team.snowflake_sql("reconciliation", make_cut(date(2025, 6, 30)), AnalyticsSettings())
    assert "CAST('2025-06-30' AS DATE)" in sql and "$as_of_date" not in sql
    assert "CAST('2025-07-01 00:00:00' AS TIMESTAMP" in sql


def test_a_computed_number_cast_to_whole_days_rounds_half_to_even_as_duckdb_does() -> None:
    """A median lag of 2.5 days is 2 days in DuckDB; Snowflake's plain cast would make it 3."""
    import duckdb

    from o2c_desktop.services.cloud.dialect import to_snowflake

    local = "SELECT CAST(greatest(0, coalesce(x - 0, 0)) AS INTEGER) AS d FROM (SELECT 2.5 AS x)"
    assert duckdb.sql(local.replace("2.5", "CAST(2.5 AS DOUBLE)")).fetchall() == [(2,)]
    sql = to_snowflake(
        "SELECT p.as_of_date + CAST(greatest(0, coalesce(l.lag - o.days, 0)) AS INTEGER), "
        "CAST(year(d) AS BIGINT) FROM t"
    )
    assert (
        "DATEADD(DAY, CAST(ROUND(GREATEST_IGNORE_NULLS(0, COALESCE(l.lag - o.days, 0)), 0, "
        "'HALF_TO_EVEN') AS INT), CAST(p.as_of_date AS DATE))" in sql
    )
    assert "CAST(YEAR(d) AS BIGINT)" in sql
