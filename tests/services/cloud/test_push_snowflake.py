"""Snowflake through the real connector against the fakesnow server: DDL, PUT, COPY, MERGE and
the load ledger. What the emulator cannot run (external stage, Snowpipe) is checked as SQL."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import snowflake.connector

from o2c_desktop.services.cloud.ddl import (
    apply_ddl,
    build_ddl,
    local_columns,
    render,
    view_statements,
)
from o2c_desktop.services.cloud.push import PushRequest, PushService
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snowflake import connect_kwargs
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import CloudSettings

LOAD_SECTIONS = ("schema", "format", "stage", "ledger", "table", "staging")


def push(warehouse: Warehouse, settings: CloudSettings, data: Path, secrets: CloudSecrets) -> Any:
    service = PushService(
        warehouse,
        settings,
        archive_dir=data / "archive",
        spool_dir=data / "outbox",
        secrets=secrets,
    )
    return service.run(PushRequest(snowflake=True))


def remote(settings: CloudSettings, secrets: CloudSecrets, sql: str) -> list[tuple[Any, ...]]:
    with snowflake.connector.connect(**connect_kwargs(settings.snowflake, secrets)) as con:
        cur = con.cursor()
        cur.execute(sql)
        return list(cur.fetchall())


def local_rows(warehouse: Warehouse, table: str) -> list[tuple[Any, ...]]:
    return sorted(warehouse.connection.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def test_push_loads_every_table_and_a_second_push_changes_nothing(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    snowflake_server: dict[str, Any],
    snowflake_db: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    settings = cloud.cloud_settings(snowflake=snowflake_server, database=snowflake_db)
    apply_ddl(warehouse, settings, secrets, sections=LOAD_SECTIONS)
    first = push(warehouse, settings, data_dir_with_world, secrets)
    assert first.ok and first.results["snowflake"].done == len(first.enqueued) > 5

    for table in ("sai_alta", "contrarecibo_status", "invoice_register", "raw_file"):
        remote_rows = remote(settings, secrets, f"SELECT * FROM {table}")
        assert sorted(remote_rows, key=repr) == local_rows(warehouse, table), table
    ledger = remote(settings, secrets, "SELECT dataset, row_count FROM O2C_PUSH_LEDGER")
    assert len(ledger) == len(first.enqueued)

    second = push(warehouse, settings, data_dir_with_world, secrets)
    assert second.enqueued == [] and second.ok
    assert remote(settings, secrets, "SELECT count(*) FROM O2C_PUSH_LEDGER")[0][0] == len(ledger)

    # The local outbox forgot everything (a new PC, a restored backup): the ledger in Snowflake
    # still knows the content, so nothing is loaded twice.
    warehouse.connection.execute("DELETE FROM cloud_outbox")
    third = push(warehouse, settings, data_dir_with_world, secrets)
    assert third.results["snowflake"].already == len(first.enqueued)
    assert third.results["snowflake"].done == 0
    assert remote(settings, secrets, "SELECT count(*) FROM sai_alta")[0][0] == len(
        local_rows(warehouse, "sai_alta")
    )


def test_a_data_folder_with_a_quote_in_its_name_pushes_like_any_other(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    tmp_path: Path,
    snowflake_server: dict[str, Any],
    snowflake_db: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    """C:\\Users\\O'Brien is an ordinary Windows profile: the snapshot's path is a literal of the
    PUT command and must stay one."""
    settings = cloud.cloud_settings(snowflake=snowflake_server, database=snowflake_db)
    apply_ddl(warehouse, settings, secrets, sections=LOAD_SECTIONS)
    service = PushService(
        warehouse,
        settings,
        archive_dir=data_dir_with_world / "archive",
        spool_dir=tmp_path / "O'Brien; DROP TABLE sai_alta" / "outbox",
        secrets=secrets,
    )
    pushed = service.run(PushRequest(snowflake=True))
    assert pushed.ok and pushed.results["snowflake"].done == len(pushed.enqueued) > 5
    remote_rows = remote(settings, secrets, "SELECT * FROM sai_alta")
    assert sorted(remote_rows, key=repr) == local_rows(warehouse, "sai_alta")


def test_changed_and_removed_rows_reach_snowflake(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    snowflake_server: dict[str, Any],
    snowflake_db: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    settings = cloud.cloud_settings(snowflake=snowflake_server, database=snowflake_db)
    apply_ddl(warehouse, settings, secrets, sections=LOAD_SECTIONS)
    push(warehouse, settings, data_dir_with_world, secrets)
    con = warehouse.connection
    first_alta = con.execute("SELECT min(no_alta) FROM sai_alta").fetchall()[0][0]
    con.execute(
        "UPDATE sai_alta SET valid_to = TIMESTAMP '2030-01-01 00:00:00' WHERE no_alta = ?",
        [first_alta],
    )
    con.execute(
        "DELETE FROM contrarecibo_status WHERE uuid = (SELECT min(uuid) FROM contrarecibo_status)"
    )
    again = push(warehouse, settings, data_dir_with_world, secrets)
    assert sorted(i.dataset for i in again.enqueued) == ["contrarecibo_status", "sai_alta"]
    for table in ("sai_alta", "contrarecibo_status"):
        remote_rows = remote(settings, secrets, f"SELECT * FROM {table}")
        assert sorted(remote_rows, key=repr) == local_rows(warehouse, table), table


def test_ddl_covers_tables_stage_and_translated_views(
    warehouse: Warehouse, cloud: ModuleType
) -> None:
    settings = cloud.cloud_settings(bucket="o2c-team")
    internal = render(build_ddl(warehouse.connection, settings))
    assert (
        "CREATE STAGE IF NOT EXISTS O2C_STAGE FILE_FORMAT = (FORMAT_NAME = 'O2C_PARQUET')"
        in internal
    )
    assert "CREATE TABLE IF NOT EXISTS sai_alta (" in internal
    assert "CREATE TRANSIENT TABLE IF NOT EXISTS STG_SAI_ALTA (" in internal
    assert "importe DECIMAL(18, 2)" in internal and "valid_from TIMESTAMP_NTZ" in internal
    assert "CREATE OR REPLACE VIEW gap_open AS SELECT" in internal
    assert "CREATE PIPE" not in internal

    settings.snowflake.stage = "external"
    settings.snowflake.storage_integration = "O2C_S3_INT"
    settings.snowflake.snowpipe = True
    external = render(build_ddl(warehouse.connection, settings))
    assert (
        "CREATE STAGE IF NOT EXISTS O2C_S3_STAGE URL = 's3://o2c-team/o2c/' "
        "STORAGE_INTEGRATION = O2C_S3_INT" in external
    )
    assert (
        "CREATE PIPE IF NOT EXISTS O2C_PIPE_SAI_ALTA AUTO_INGEST = TRUE AS COPY INTO "
        "LANDING_SAI_ALTA FROM @O2C_S3_STAGE/tables/sai_alta/" in external
    )
    # DuckDB-only spellings are gone from the views: string_agg became LISTAGG.
    views = [s.sql for s in build_ddl(warehouse.connection, settings) if s.section == "view"]
    assert views and not any("string_agg" in v.lower() for v in views)
    assert any("LISTAGG" in v for v in views)
    # Each view once, as the last migration creating it defines it, after the views it reads.
    names = [s.name for s in view_statements()]
    assert len(names) == len(set(names))
    assert names.index("recon_alta_link") < names.index("recon_imss_record")
    # A view recreated by a later migration (recon_imss_record, 0010) still comes before the
    # views that read it and were created earlier (recon_record, 0008).
    assert names.index("recon_imss_record") < names.index("recon_record")
    assert names.index("recon_record_issue") < names.index("reconciliation")
    imss_record = next(s.sql for s in view_statements() if s.name == "recon_imss_record")
    assert "RECON_ALTA_LINK" in imss_record.upper()


def test_applying_the_ddl_again_adds_a_column_a_later_migration_brought(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    snowflake_server: dict[str, Any],
    snowflake_db: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    """A team warehouse made by an older version lacks a column (here: resguardo, dropped
    remotely to stand for it). Applying the DDL adds it to the table and its staging twin; the
    next push of the table fills it."""
    settings = cloud.cloud_settings(snowflake=snowflake_server, database=snowflake_db)
    apply_ddl(warehouse, settings, secrets, sections=LOAD_SECTIONS)
    push(warehouse, settings, data_dir_with_world, secrets)
    for table in ("SAI_ALTA", "STG_SAI_ALTA"):
        remote(settings, secrets, f"ALTER TABLE {table} DROP COLUMN resguardo")

    applied = apply_ddl(warehouse, settings, secrets, sections=LOAD_SECTIONS)

    assert [s.sql for s in applied if s.section == "column"] == [
        "ALTER TABLE SAI_ALTA ADD COLUMN resguardo VARCHAR",
        "ALTER TABLE STG_SAI_ALTA ADD COLUMN resguardo VARCHAR",
    ]
    con = warehouse.connection
    con.execute("UPDATE sai_alta SET resguardo = 'R-' || no_alta")
    again = push(warehouse, settings, data_dir_with_world, secrets)
    assert [i.dataset for i in again.enqueued] == ["sai_alta"] and again.ok
    # The added column comes last in Snowflake: compare by name.
    names = ", ".join(c for c, _ in local_columns(con, "sai_alta"))
    remote_rows = remote(settings, secrets, f"SELECT {names} FROM sai_alta")
    assert sorted(remote_rows, key=repr) == local_rows(warehouse, "sai_alta")
    assert {r[0] for r in remote(settings, secrets, "SELECT resguardo FROM sai_alta")} >= {
        "R-" + str(no_alta) for (no_alta,) in con.execute("SELECT no_alta FROM sai_alta").fetchall()
    }
    assert apply_ddl(warehouse, settings, secrets, sections=LOAD_SECTIONS)[-1].section != "column"
