"""``o2c push``, ``o2c outbox`` and ``o2c snowflake ddl`` end to end on a data folder, with moto
S3 and the fakesnow server on 127.0.0.1 and secrets in an in-memory keyring."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import json
import os
import subprocess
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
from memory_keyring import MEMORY_KEYRING, MemoryKeyring

from o2c_desktop.cli import cli
from o2c_desktop.paths import AppPaths
from o2c_desktop.settings import KeyringSettings, Settings, save_settings


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
    return fakes.world_once(tmp_path_factory)


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
        keyrings = KeyringSettings(allowed_backends=[MEMORY_KEYRING])
        save_settings(Settings(cloud=cloud, keyring=keyrings), AppPaths.under(data).settings_file)
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

    applied = o2c(data, "snowflake", "ddl", "--apply")
    assert applied.exit_code == 0, applied.output
    assert "CREATE OR REPLACE VIEW contract_balance" in applied.stdout

    first = o2c(data, "push", "--format", "json")
    assert first.exit_code == 0, first.output
    result = json.loads(first.stdout)
    assert result["still_queued"] == 0
    assert len(result["queued"]) == len(planned)
    sent = {
        r["destination"]: (r["done"] + r["already"], r["still_queued"]) for r in result["results"]
    }
    assert sent == {
        "s3": (sum(1 for p in planned if p["destination"] == "s3"), 0),
        "snowflake": (sum(1 for p in planned if p["destination"] == "snowflake"), 0),
    }
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


def _in_secret_service(script: str, home: Path, timeout_s: int) -> subprocess.CompletedProcess[str]:
    """Run ``script`` under a private D-Bus session with an unlocked gnome-keyring: the Snowflake
    password the first ``o2c`` command stores is there for the ones after it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON_KEYRING")}
    env.update(fakes.AWS_ENV, HOME=str(home), PY=sys.executable)
    env["AWS_CONFIG_FILE"] = env["AWS_SHARED_CREDENTIALS_FILE"] = str(home / "no-aws")
    home.mkdir(exist_ok=True)
    unlocked = 'eval "$(printf unlock | gnome-keyring-daemon --unlock --components=secrets)"\n'
    return subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", unlocked + "set -e\n" + script],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout_s,
        check=False,
    )


def _between(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.slow
def test_demo_then_push_lands_every_object_and_row_and_a_second_push_adds_nothing(
    tmp_path: Path,
) -> None:
    import duckdb
    import pyarrow.parquet as pq
    import snowflake.connector

    from o2c_desktop.services.cloud.tables import pushed_tables
    from o2c_desktop.settings import load_settings

    data = tmp_path / "data"
    settings_file = AppPaths.under(data).settings_file
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(
        "[demo]\nscale = 120\n[portals]\ndemo_export_delay_s = 0.2\nhistory_start = 2024-01-01\n",
        encoding="utf-8",
    )
    with fakes.moto_s3() as endpoint, fakes.snowflake_emulator() as sf:
        bucket = f"o2c-e2e-{uuid.uuid4().hex[:8]}"
        reader = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="reader",
            aws_secret_access_key="reader",
        )
        reader.create_bucket(Bucket=bucket)
        settings = load_settings(settings_file)
        database = f"O2C_{uuid.uuid4().hex[:8].upper()}"
        settings.cloud = fakes.cloud_settings(
            endpoint=endpoint, bucket=bucket, snowflake=sf, database=database
        )
        save_settings(settings, settings_file)

        o2c = f'"$PY" -m o2c_desktop --data-dir "{data}"'
        script = f"""
        printf '%s\\n' '{fakes.SNOWFLAKE_PASSWORD}' | {o2c} snowflake secret set password --stdin
        {o2c} demo --format json > /dev/null
        {o2c} snowflake ddl --apply > /dev/null
        echo '--first--'
        {o2c} push --format json
        echo '--second--'
        {o2c} push --format json
        echo '--end--'
        """
        result = _in_secret_service(script, tmp_path / "home", timeout_s=900)
        assert result.returncode == 0, result.stderr[-3000:]
        first = json.loads(_between(result.stdout, "--first--", "--second--"))
        second = json.loads(_between(result.stdout, "--second--", "--end--"))
        assert first["still_queued"] == 0 and first["queued"]
        assert second["queued"] == [] and second["still_queued"] == 0

        with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as local:
            raw_files = {str(r[0]) for r in local.execute("SELECT sha256 FROM raw_file").fetchall()}
            present = {str(r[0]) for r in local.execute("SHOW TABLES").fetchall()}
            local_rows = {
                t.name: int(local.execute(f"SELECT count(*) FROM {t.name}").fetchall()[0][0])
                for t in pushed_tables()
                if t.name in present
            }
        filled = {name for name, rows in local_rows.items() if rows}
        assert raw_files and {"sai_alta", "sai_order", "raw_file"} <= filled

        # S3, as another reader sees it: one object per archived file and per non-empty table,
        # each one's bytes hashing to the sha256 its key and metadata name.
        pages = reader.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        keys = [o["Key"] for page in pages for o in page.get("Contents", [])]
        assert len(keys) == len(first["queued"]) - sum(
            1 for p in first["queued"] if p["destination"] == "snowflake"
        )
        raw_seen: set[str] = set()
        tables_seen: dict[str, int] = {}
        for key in keys:
            got = reader.get_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
            body = got["Body"].read()
            digest = hashlib.sha256(body).hexdigest()
            assert got["Metadata"]["sha256"] == digest, key
            assert got["ChecksumSHA256"] == base64.b64encode(bytes.fromhex(digest)).decode()
            assert key.rsplit("/", 1)[1].startswith(digest), key
            if key.startswith("o2c/raw/"):
                raw_seen.add(digest)
            else:
                table = key.split("/")[2]
                tables_seen[table] = pq.read_table(io.BytesIO(body)).num_rows
        assert raw_seen == raw_files
        assert tables_seen == {name: local_rows[name] for name in filled}

        # Snowflake: every pushed table holds the local table's rows, and one ledger row per
        # loaded snapshot (the second push added none).
        connection = snowflake.connector.connect(
            account="fakesnow",
            user="fake",
            password=fakes.SNOWFLAKE_PASSWORD,
            host=sf["host"],
            port=sf["port"],
            protocol="http",
            database=database,
            schema=settings.cloud.snowflake.schema_name,
        )
        with connection, connection.cursor() as cursor:
            for name, rows in local_rows.items():
                cursor.execute(f"SELECT count(*) FROM {name}")
                assert cursor.fetchone() == (rows,), name
            cursor.execute("SELECT count(*) FROM O2C_PUSH_LEDGER")
            loaded = sum(1 for p in first["queued"] if p["destination"] == "snowflake")
            assert cursor.fetchone() == (loaded,)


def _json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_team_flag_reads_reports_from_snowflake_with_the_same_records(
    env: dict[str, Any], world_template: Path
) -> None:
    from datetime import date

    from o2c_desktop.services.archive import RawArchive
    from o2c_desktop.services.cloud.ddl import apply_ddl
    from o2c_desktop.services.cloud.secrets import CloudSecrets
    from o2c_desktop.services.ingest import ingest_paths
    from o2c_desktop.services.warehouse import Warehouse
    from o2c_desktop.settings import load_settings

    data = env["data"]
    o2c(data, "snowflake", "secret", "set", "password", "--stdin",
        stdin=fakes.SNOWFLAKE_PASSWORD + "\n")  # fmt: skip
    settings = load_settings(AppPaths.under(data).settings_file)
    with Warehouse(data / "warehouse.duckdb") as warehouse:
        stores = world_template.parent / "exports" / "tiendas"
        archive = RawArchive(data / "archive", warehouse)
        ingest_paths(warehouse, archive, [stores], quarantine_dir=data / "quarantine")
        apply_ddl(warehouse, settings.cloud, CloudSecrets(env["backend"]))
    assert o2c(data, "gaps", "refresh").exit_code == 0
    assert o2c(data, "push", "--snowflake").exit_code == 0

    period = ("--from", "2020-01-01", "--to", date.today().isoformat())
    for command in (
        ("contracts",),
        ("contracts", "--view", "versions"),
        ("reconcile",),
        ("reconcile", "--filter", "institucion=IMSS"),
        ("gaps", *period),
        ("gaps", *period, "--top", "5"),
        ("cashflow",),
        ("cashflow", "--detail"),
    ):
        local = _json(o2c(data, *command, "--format", "json"))
        remote = _json(o2c(data, *command, "--team", "--format", "json"))
        assert local, f"{command} has rows to compare"
        assert len(remote) == len(local), command
        for theirs, ours in zip(remote, local, strict=True):
            assert theirs == ours, (command, {k: (theirs[k], v) for k, v in ours.items()
                                              if theirs.get(k) != v})  # fmt: skip

    # Nothing known at a cut before the data: the same header line, from either side.
    empty = ("contracts", "--as-of", "01/01/2000", "--format", "csv")
    local_empty = o2c(data, *empty)
    assert local_empty.exit_code == 0
    assert local_empty.stdout.startswith("contrato,institucion,unidad,anio,clave,")
    assert local_empty.stdout.count("\n") == 1
    assert o2c(data, *empty, "--team").stdout == local_empty.stdout

    settings.cloud.team_mode = True
    save_settings(settings, AppPaths.under(data).settings_file)
    chosen = o2c(data, "gaps", *period)
    assert chosen.exit_code == 0 and "desde Snowflake" in chosen.output
    assert "desde Snowflake" not in o2c(data, "gaps", *period, "--local").output


def _user_error(result: Any) -> str:
    """The Spanish message ``o2c`` prints (``main`` turns a UserError into ``Error: ...``)."""
    from o2c_desktop.errors import UserError

    assert isinstance(result.exception, UserError), result.output
    return result.exception.es


def test_team_mode_without_snowflake_or_offline_says_why(env: dict[str, Any]) -> None:
    data = env["data"]
    paths = AppPaths.under(data)
    from o2c_desktop.settings import load_settings

    settings = load_settings(paths.settings_file)
    settings.cloud.snowflake.account = ""
    save_settings(settings, paths.settings_file)
    missing = _user_error(o2c(data, "contracts", "--team"))
    assert "Falta la cuenta o el usuario de Snowflake" in missing

    settings.cloud.snowflake.account = "fakesnow"
    settings.cloud.snowflake.port = 9  # discard port: nothing listens on 127.0.0.1:9
    settings.cloud.snowflake.login_timeout_s = 2
    settings.cloud.team_mode = True
    save_settings(settings, paths.settings_file)
    o2c(data, "snowflake", "secret", "set", "password", "--stdin", stdin="pw\n")
    for command in (("reconcile",), ("gaps", "--top", "5")):
        offline = _user_error(o2c(data, *command))
        assert offline.startswith("No se pudo leer de Snowflake 127.0.0.1 en modo equipo")
        assert "No hay conexión" in offline and "--local" in offline
