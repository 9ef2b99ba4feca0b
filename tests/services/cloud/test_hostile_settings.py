"""A cloud setting that would change the SQL it is written into (a quote, a semicolon, a line
break in a bucket, prefix, schema or storage integration) is refused with a message naming the
setting, both when the settings file is read and where the SQL is written."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from o2c_desktop.errors import SettingsError
from o2c_desktop.services.cloud.ddl import apply_ddl, build_ddl
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import S3Settings, SnowflakeSettings, load_settings

HOSTILE = [
    ("s3", "bucket", "o2c-team'; DROP SCHEMA core; --"),
    ("s3", "bucket", "o2c-team\nSTORAGE_INTEGRATION = other"),
    ("s3", "prefix", "o2c'/;x"),
    ("s3", "prefix", "o2c\n"),
    ("snowflake", "schema_name", "CORE; DROP DATABASE O2C"),
    ("snowflake", "schema_name", 'CORE"'),
    ("snowflake", "storage_integration", "O2C_S3_INT FILE_FORMAT = (TYPE = CSV)"),
    ("snowflake", "storage_integration", "O2C_S3_INT;"),
]


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@pytest.mark.parametrize(("section", "key", "value"), HOSTILE)
def test_reading_the_settings_file_refuses_it_and_names_the_setting(
    tmp_path: Path, section: str, key: str, value: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        f"schema_version = 1\n[cloud.{section}]\n{key} = {_toml_string(value)}\n",
        encoding="utf-8",
    )
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert f"cloud.{section}.{key}" in caught.value.es
    assert "Corríjalo" in caught.value.es
    assert "Input should" not in caught.value.es, "no English inside the Spanish message"


@pytest.mark.parametrize(("section", "key", "value"), HOSTILE)
def test_the_ddl_refuses_it_before_any_sql_is_written_or_sent(
    warehouse: Warehouse, cloud: ModuleType, section: str, key: str, value: str
) -> None:
    # The settings file cannot hold such a value; settings built in code skip that check
    # (model_construct), and the DDL must still not carry it into SQL.
    settings = cloud.cloud_settings(bucket="o2c-team", snowflake={"host": "127.0.0.1", "port": 9})
    settings.snowflake.stage = "external"
    settings.snowflake.storage_integration = "O2C_S3_INT"
    part = settings.s3 if section == "s3" else settings.snowflake
    model = S3Settings if section == "s3" else SnowflakeSettings
    hostile = model.model_construct(**{**part.model_dump(), key: value})
    settings.__dict__[section] = hostile

    with pytest.raises(SettingsError) as caught:
        build_ddl(warehouse.connection, settings)
    assert f"cloud.{section}.{key}" in caught.value.es
    assert "Corríjalo" in caught.value.es and "no se envió nada" in caught.value.es
    assert repr(value) in caught.value.es

    # Applying it stops there too: refused as a setting, not as a failed Snowflake sign-in
    # (port 9 is closed; a connection attempt would end in SnowflakeUnavailable).
    with pytest.raises(SettingsError):
        apply_ddl(warehouse, settings, CloudSecrets())


def test_good_names_still_make_the_stage(warehouse: Warehouse, cloud: ModuleType) -> None:
    settings = cloud.cloud_settings(bucket="o2c.team-1")
    settings.s3.prefix = "/exports/o2c(prod)/"
    settings.snowflake.stage = "external"
    settings.snowflake.storage_integration = "O2C_S3_INT"
    settings.snowflake.schema_name = "core_2"
    sql = [s.sql for s in build_ddl(warehouse.connection, settings)]
    assert sql[0] == "CREATE SCHEMA IF NOT EXISTS core_2"
    assert (
        "CREATE STAGE IF NOT EXISTS O2C_S3_STAGE URL = 's3://o2c.team-1/exports/o2c(prod)/' "
        "STORAGE_INTEGRATION = O2C_S3_INT" in sql[2]
    )
