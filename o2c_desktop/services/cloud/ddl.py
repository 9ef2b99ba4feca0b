"""The Snowflake DDL of the team warehouse, generated from the local one.

Tables: every pushed table with the columns and types DuckDB's information_schema reports,
translated by sqlglot; a transient staging twin ``STG_<table>`` per table for COPY; the push
ledger. Views: every ``CREATE VIEW`` of the warehouse migrations (the analytics and gap views),
read as DuckDB SQL and written as Snowflake SQL by sqlglot and the rewrites of dialect.py, so
both places run the same text. Also the Parquet file format, the stage (internal, or external
on the S3 bucket through a storage integration) and, optionally, Snowpipe with auto-ingest into
landing tables.

Tables are created if missing and never recreated; applying the DDL also adds to an existing
team table any column a later local migration brought (``column_additions``). Its old rows get
the value with the table's next push.

Identifiers are left unquoted, so Snowflake folds them to upper case and the view texts, written
in lower case, resolve to the same objects. The names that come from the settings (schema,
storage integration, bucket, prefix) are checked by ``sqlquote`` before they are written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import duckdb
import sqlglot
from sqlglot import exp

from o2c_desktop.services.analytics.views import view_definitions
from o2c_desktop.services.cloud.dialect import to_snowflake
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.tables import PushedTable, pushed_tables
from o2c_desktop.services.sqlquote import (
    quote_literal,
    setting_bucket,
    setting_identifier,
    setting_prefix,
)
from o2c_desktop.services.warehouse import Warehouse, bundled_migrations
from o2c_desktop.settings import CloudSettings

FILE_FORMAT = "O2C_PARQUET"
INTERNAL_STAGE = "O2C_STAGE"
EXTERNAL_STAGE = "O2C_S3_STAGE"
LEDGER_TABLE = "O2C_PUSH_LEDGER"


@dataclass(frozen=True)
class Statement:
    section: str  # schema | format | stage | table | staging | ledger | pipe | view | column
    name: str
    sql: str


def snowflake_type(duckdb_type: str) -> str:
    """A DuckDB column type as Snowflake spells it (timestamps without zone → TIMESTAMP_NTZ)."""
    parsed = exp.DataType.build(duckdb_type, dialect="duckdb")
    if parsed.this in (exp.DataType.Type.TIMESTAMP, exp.DataType.Type.TIMESTAMPNTZ):
        return "TIMESTAMP_NTZ"
    if parsed.this in (exp.DataType.Type.VARCHAR, exp.DataType.Type.TEXT):
        return "VARCHAR"  # lengths are not enforced locally either
    return parsed.sql(dialect="snowflake")


def local_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [(str(name), str(kind)) for name, kind in rows]


def stage_name(settings: CloudSettings) -> str:
    return EXTERNAL_STAGE if settings.snowflake.stage == "external" else INTERNAL_STAGE


def staging_table(table: str) -> str:
    return f"STG_{table.upper()}"


def _table_sql(name: str, columns: list[tuple[str, str]], *, transient: bool = False) -> str:
    body = ",\n    ".join(f"{column} {snowflake_type(kind)}" for column, kind in columns)
    kind = "TRANSIENT TABLE" if transient else "TABLE"
    return f"CREATE {kind} IF NOT EXISTS {name} (\n    {body}\n)"


def stage_sql(settings: CloudSettings) -> str:
    if settings.snowflake.stage == "internal":
        return (
            f"CREATE STAGE IF NOT EXISTS {INTERNAL_STAGE} "
            f"FILE_FORMAT = (FORMAT_NAME = '{FILE_FORMAT}')"
        )
    bucket = setting_bucket(settings.s3.bucket)
    prefix = setting_prefix(settings.s3.prefix).strip("/")
    url = f"s3://{bucket}/{prefix}/".replace("//", "/").replace("s3:/", "s3://")
    integration = settings.snowflake.storage_integration
    if integration:
        setting_identifier(integration, "cloud.snowflake.storage_integration")
    else:
        integration = "<STORAGE_INTEGRATION>"  # the DDL shown to an administrator to finish
    return (
        f"CREATE STAGE IF NOT EXISTS {EXTERNAL_STAGE} URL = {quote_literal(url, 'snowflake')} "
        f"STORAGE_INTEGRATION = {integration} FILE_FORMAT = (FORMAT_NAME = '{FILE_FORMAT}')"
    )


def pipe_sql(table: PushedTable) -> str:
    """Snowpipe: new snapshot files land in ``LANDING_<table>`` as S3 announces them."""
    return (
        f"CREATE PIPE IF NOT EXISTS O2C_PIPE_{table.name.upper()} AUTO_INGEST = TRUE AS "
        f"COPY INTO LANDING_{table.name.upper()} FROM @{EXTERNAL_STAGE}/tables/{table.name}/ "
        f"FILE_FORMAT = (FORMAT_NAME = '{FILE_FORMAT}') MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
    )


def view_statements() -> list[Statement]:
    """Every view of the warehouse migrations as Snowflake SQL, each once, from the last migration
    that (re)creates it. Snowflake checks a view's sources when it is created, and a migration
    recreates only the views it changed, so the analytics views follow their dependency order
    (``view_definitions``) after the others, in the order of the migrations."""
    found: dict[str, Statement] = {}
    for migration in bundled_migrations():
        for parsed in sqlglot.parse(migration.sql, read="duckdb"):
            if isinstance(parsed, exp.Create) and str(parsed.kind).upper() == "VIEW":
                parsed.set("replace", True)
                name = parsed.this.name
                found.pop(name, None)
                found[name] = Statement("view", name, to_snowflake(parsed))
    analytics = list(view_definitions())
    others = [s for s in found.values() if s.name not in analytics]
    return others + [found[name] for name in analytics if name in found]


def ledger_sql() -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {LEDGER_TABLE} (\n"
        "    content_sha256 VARCHAR NOT NULL,\n"
        "    dataset VARCHAR NOT NULL,\n"
        "    object_key VARCHAR,\n"
        "    row_count NUMBER(38, 0),\n"
        "    merged_rows NUMBER(38, 0),\n"
        "    deleted_rows NUMBER(38, 0),\n"
        "    loaded_at TIMESTAMP_NTZ NOT NULL,\n"
        "    loaded_by VARCHAR,\n"
        "    PRIMARY KEY (dataset, content_sha256)\n"
        ")"
    )


def build_ddl(con: duckdb.DuckDBPyConnection, settings: CloudSettings) -> list[Statement]:
    """Everything the team warehouse needs, in the order it must run; idempotent."""
    schema = setting_identifier(settings.snowflake.schema_name, "cloud.snowflake.schema_name")
    statements = [
        Statement("schema", schema, f"CREATE SCHEMA IF NOT EXISTS {schema}"),
        Statement(
            "format",
            FILE_FORMAT,
            f"CREATE FILE FORMAT IF NOT EXISTS {FILE_FORMAT} TYPE = PARQUET",
        ),
        Statement("stage", stage_name(settings), stage_sql(settings)),
        Statement("ledger", LEDGER_TABLE, ledger_sql()),
    ]
    for section, name, columns, table in _team_tables(con, settings):
        transient = section == "staging"
        statements.append(Statement(section, name, _table_sql(name, columns, transient=transient)))
        if section == "pipe":
            statements.append(Statement("pipe", f"O2C_PIPE_{table.name.upper()}", pipe_sql(table)))
    statements += view_statements()
    return statements


def _team_tables(
    con: duckdb.DuckDBPyConnection, settings: CloudSettings
) -> Iterator[tuple[str, str, list[tuple[str, str]], PushedTable]]:
    """(DDL section, Snowflake name, local columns, pushed table) of every table the DDL
    creates: each pushed table, its staging twin, and its landing table when Snowpipe is on."""
    pipes = settings.snowflake.snowpipe and settings.snowflake.stage == "external"
    for table in pushed_tables():
        columns = local_columns(con, table.name)
        if not columns:
            continue
        yield "table", table.name, columns, table
        yield "staging", staging_table(table.name), columns, table
        if pipes:
            yield "pipe", f"LANDING_{table.name.upper()}", columns, table


def column_additions(
    con: duckdb.DuckDBPyConnection,
    settings: CloudSettings,
    remote: dict[str, set[str]],
) -> list[Statement]:
    """``ALTER TABLE … ADD COLUMN`` for every local column a team table lacks: the tables are
    created if missing, never recreated, so a column a later migration added locally arrives
    this way. ``remote`` maps each existing Snowflake table (upper case) to its column names
    (lower case); tables not there yet are left to their CREATE."""
    statements = []
    for _, name, columns, _ in _team_tables(con, settings):
        have = remote.get(name.upper())
        if have is None:
            continue
        for column, kind in columns:
            if column.lower() not in have:
                sql = f"ALTER TABLE {name.upper()} ADD COLUMN {column} {snowflake_type(kind)}"
                statements.append(Statement("column", f"{name.upper()}.{column}", sql))
    return statements


def render(statements: list[Statement]) -> str:
    return "".join(f"{s.sql};\n\n" for s in statements)


def apply_ddl(
    warehouse: Warehouse,
    settings: CloudSettings,
    secrets: CloudSecrets | None = None,
    *,
    sections: tuple[str, ...] | None = None,
) -> list[Statement]:
    """Run the DDL (or only the given sections) on the configured Snowflake account."""
    from snowflake.connector.errors import Error as ConnectorError

    from o2c_desktop.services.cloud import snowflake

    con = warehouse.cursor()
    try:
        statements = [
            s for s in build_ddl(con, settings) if sections is None or s.section in sections
        ]
    finally:
        con.close()
    connection = snowflake.connect(settings.snowflake, secrets)
    try:
        with connection.cursor() as cursor:

            def run(statement: Statement) -> None:
                try:
                    cursor.execute(statement.sql)
                except Exception as exc:
                    if not isinstance(exc, ConnectorError):
                        raise
                    raise snowflake.translate(exc, settings.snowflake) from exc

            for statement in statements:
                run(statement)
            if sections is None or {"table", "staging", "pipe"} & set(sections):
                cursor.execute(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = %s",
                    (settings.snowflake.schema_name.upper(),),
                )
                remote: dict[str, set[str]] = {}
                for table, column in cursor.fetchall():
                    remote.setdefault(str(table).upper(), set()).add(str(column).lower())
                con = warehouse.cursor()
                try:
                    added = column_additions(con, settings, remote)
                finally:
                    con.close()
                for statement in added:
                    run(statement)
                statements += added
    finally:
        connection.close()
    return statements
