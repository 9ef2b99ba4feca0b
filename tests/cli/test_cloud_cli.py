"""``o2c push``, ``o2c outbox`` and ``o2c snowflake ddl`` end to end on a data folder, with moto
S3 and the fakesnow server on 127.0.0.1 and secrets in an in-memory keyring."""

from __future__ import annotations

import importlib.util
import json
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import keyring
import pytest
from click.testing import CliRunner
from memory_keyring import MemoryKeyring

from o2c_desktop.cli import cli
from o2c_desktop.paths import AppPaths
from o2c_desktop.settings import Settings, save_settings


def _fakes() -> ModuleType:
    name = "o2c_cloud_fakes"
    if name not in sys.modules:
        path = Path(__file__).parents[1] / "services" / "cloud" / "cloud_fakes.py"
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


fakes = _fakes()


@pytest.fixture(scope="module")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fakes.build_world(tmp_path_factory.mktemp("cli-cloud-world"))


@pytest.fixture
def env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, world_template: Path
) -> Iterator[dict[str, Any]]:
    for key, value in fakes.AWS_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    with fakes.moto_s3() as endpoint, fakes.snowflake_emulator() as sf:
        data = fakes.copy_world(world_template, tmp_path / "data")
        bucket = f"o2c-cli-{uuid.uuid4().hex[:8]}"
        reader = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        reader.create_bucket(Bucket=bucket)
        cloud = fakes.cloud_settings(
            endpoint=endpoint,
            bucket=bucket,
            snowflake=sf,
            database=f"O2C_{uuid.uuid4().hex[:8].upper()}",
        )
        cloud.retry_base_s = 0
        save_settings(Settings(cloud=cloud), AppPaths.under(data).settings_file)
        yield {"data": data, "reader": reader, "bucket": bucket, "backend": backend}
    keyring.set_keyring(previous)


def o2c(data: Path, *args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(cli, ["--data-dir", str(data), *args], input=stdin)


def test_push_puts_objects_and_rows_then_second_push_adds_nothing(env: dict[str, Any]) -> None:
    data = env["data"]
    stored = o2c(
        data,
        "snowflake",
        "secret",
        "set",
        "password",
        "--stdin",
        stdin=fakes.SNOWFLAKE_PASSWORD + "\n",
    )
    assert stored.exit_code == 0, stored.output
    assert fakes.SNOWFLAKE_PASSWORD not in stored.output

    ddl = o2c(data, "snowflake", "ddl")
    assert ddl.exit_code == 0 and "CREATE TABLE IF NOT EXISTS sai_alta" in ddl.output

    dry = o2c(data, "push", "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    planned = json.loads(dry.stdout)["queued"]
    assert {p["destination"] for p in planned} == {"s3", "snowflake"}

    # The emulator lacks a few of Snowflake's date functions some views use; the tables go in.
    from o2c_desktop.services.cloud.ddl import apply_ddl
    from o2c_desktop.services.cloud.secrets import CloudSecrets
    from o2c_desktop.services.warehouse import Warehouse
    from o2c_desktop.settings import load_settings

    settings = load_settings(AppPaths.under(data).settings_file)
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        apply_ddl(
            warehouse,
            settings.cloud,
            CloudSecrets(env["backend"]),
            sections=("schema", "format", "stage", "ledger", "table", "staging"),
        )

    first = o2c(data, "push", "--format", "json")
    assert first.exit_code == 0, first.output
    result = json.loads(first.stdout)
    assert result["still_queued"] == 0
    assert len(result["queued"]) == len(planned)
    pages = env["reader"].get_paginator("list_objects_v2").paginate(Bucket=env["bucket"])
    keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
    assert len(keys) == sum(1 for p in planned if p["destination"] == "s3")

    second = o2c(data, "push", "--format", "json")
    assert second.exit_code == 0 and json.loads(second.stdout)["queued"] == []
    listed = o2c(data, "outbox", "list")
    assert listed.exit_code == 0 and "No hay envíos en cola." in listed.output


def test_push_with_snowflake_down_says_why_and_retry_completes(
    env: dict[str, Any], tmp_path: Path
) -> None:
    data = env["data"]
    paths = AppPaths.under(data)
    from o2c_desktop.settings import load_settings

    settings = load_settings(paths.settings_file)
    good_port = settings.cloud.snowflake.port
    settings.cloud.snowflake.port = 9  # discard port: nothing listens on 127.0.0.1:9
    settings.cloud.snowflake.login_timeout_s = 2
    save_settings(settings, paths.settings_file)
    o2c(data, "snowflake", "secret", "set", "password", "--stdin", stdin="pw\n")

    failed = o2c(data, "push", "--snowflake")
    assert failed.exit_code == 1
    assert "No hay conexión con Snowflake" in failed.output
    listed = o2c(data, "outbox", "list", "--format", "json")
    queued = json.loads(listed.stdout)
    assert queued and all(i["status"] == "queued" and i["attempts"] <= 1 for i in queued)

    settings.cloud.snowflake.port = good_port
    save_settings(settings, paths.settings_file)
    from o2c_desktop.services.cloud.ddl import apply_ddl
    from o2c_desktop.services.cloud.secrets import CloudSecrets
    from o2c_desktop.services.warehouse import Warehouse

    with Warehouse(data / "warehouse.duckdb") as warehouse:
        apply_ddl(
            warehouse,
            settings.cloud,
            CloudSecrets(env["backend"]),
            sections=("schema", "format", "stage", "ledger", "table", "staging"),
        )
    retried = o2c(data, "outbox", "retry")
    assert retried.exit_code == 0, retried.output
    assert f"snowflake: {len(queued)} enviados" in retried.output
