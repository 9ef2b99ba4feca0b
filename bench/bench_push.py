"""Push throughput: 1,000,000 rows of a canonical table → Parquet → S3 (moto) and → Snowflake
(fakesnow: PUT, COPY INTO staging, MERGE, delete-missing, ledger), each next to a baseline from
the same run: a plain ``put_object`` of the same Parquet bytes, and a plain ``executemany``
INSERT of a sample through the same connector.

    .venv/bin/python bench/bench_push.py [--rows 1000000] [--sample 5000]

Everything runs on 127.0.0.1; the figures measure this program and the emulators, not AWS or
Snowflake (see docs/cloud.md for what they mean there).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path

import boto3
import fakesnow
from keyring.backend import KeyringBackend
from moto.server import ThreadedMotoServer

from o2c_desktop.services.cloud.ddl import apply_ddl
from o2c_desktop.services.cloud.outbox import NewItem, Outbox
from o2c_desktop.services.cloud.s3 import LandingZone, object_key
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snapshot import write_snapshot
from o2c_desktop.services.cloud.snowflake import connect
from o2c_desktop.services.cloud.snowflake_load import SnowflakeLoader
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import CloudSettings, S3Settings, SnowflakeSettings

FILL = """
INSERT INTO sai_alta
SELECT
    lpad(CAST(i AS VARCHAR), 9, '0') AS no_alta,
    DATE '2024-01-01' + CAST(i % 600 AS INTEGER) AS fecha_alta,
    'C-' || CAST(i % 40 AS VARCHAR) AS no_contrato,
    lpad(CAST(i // 2 AS VARCHAR), 8, '0') AS no_orden,
    ['4411', '0246', '4224', '4242', '4154', '5319.01'][1 + i % 6] AS clave,
    10 + i % 500 AS cant_recibida,
    CAST((i % 100000) * 1.37 AS DECIMAL(18, 2)) AS importe,
    DATE '2024-02-15' + CAST(i % 600 AS INTEGER) AS fpp,
    'U' || CAST(i % 62 AS VARCHAR), 'Unidad ' || CAST(i % 62 AS VARCHAR),
    'D' || CAST(i % 9 AS VARCHAR), 'Distribuidor ' || CAST(i % 9 AS VARCHAR),
    CAST(1 + i % 3 AS VARCHAR), NULL,
    TIMESTAMP '2024-01-01 12:00:00' + to_hours(CAST(i % 5000 AS BIGINT)) AS valid_from,
    NULL AS valid_to, md5(CAST(i AS VARCHAR)) AS row_hash, 1 AS load_id,
    repeat('a', 64) AS archive_sha256, 'data', i AS source_row, NULL AS extra
FROM range(?) AS t(i)
"""


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:>12,.0f} rows/s  ({seconds:6.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=5_000)
    args = parser.parse_args()
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    root = Path(tempfile.mkdtemp(prefix="o2c-bench-push-"))
    warehouse = Warehouse(root / "warehouse.duckdb")
    warehouse.connection.execute(FILL, [args.rows])
    print(f"{args.rows:,} rows of sai_alta in {root}")

    started = time.perf_counter()
    snap = write_snapshot(warehouse.connection, "sai_alta", root / "outbox")
    parquet_s = time.perf_counter() - started
    print(f"Parquet snapshot ({snap.size_bytes / 1e6:.1f} MB)  {rate(snap.rows, parquet_s)}")

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3 = S3Settings(bucket="o2c-bench", endpoint_url=endpoint, region="us-east-1")
    plain = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    plain.create_bucket(Bucket="o2c-bench")
    key = object_key("o2c", "table", "sai_alta", snap_date(), snap.path.name)
    started = time.perf_counter()
    LandingZone(s3).upload(snap.path, key, snap.sha256)
    upload_s = time.perf_counter() - started
    data = snap.path.read_bytes()
    started = time.perf_counter()
    plain.put_object(Bucket="o2c-bench", Key="baseline.parquet", Body=data)
    baseline_s = time.perf_counter() - started
    print(f"S3 push (checksums, verify)  {rate(snap.rows, upload_s)}")
    print(f"S3 baseline put_object       {rate(snap.rows, baseline_s)}")

    with fakesnow.server() as kw:
        sf = SnowflakeSettings(
            account="fakesnow",
            user="fake",
            authenticator="password",
            host=kw["host"],
            port=kw["port"],
            protocol="http",
            database="O2C_BENCH",
            login_timeout_s=60,
        )
        settings = CloudSettings(s3=s3, snowflake=sf)
        secrets = CloudSecrets(BenchKeyring())
        secrets.set("snowflake-password", "fakesnow-bench")
        apply_ddl(
            warehouse,
            settings,
            secrets,
            sections=("schema", "format", "stage", "ledger", "table", "staging"),
        )
        item = Outbox(warehouse).enqueue(
            NewItem(
                "snowflake",
                "table",
                "sai_alta",
                snap.sha256,
                key,
                str(snap.path),
                snap.size_bytes,
                snap.rows,
            )
        )
        assert item is not None
        connection = connect(sf, secrets)
        started = time.perf_counter()
        result = SnowflakeLoader(connection, settings).load(item)
        load_s = time.perf_counter() - started
        print(f"Snowflake PUT+COPY+MERGE      {rate(result.rows, load_s)}  {result.outcome}")
        started = time.perf_counter()
        again = SnowflakeLoader(connection, settings).load(item)
        repush_s = time.perf_counter() - started
        print(f"Snowflake re-push (ledger)    {again.outcome} in {repush_s:.2f} s")
        sample = warehouse.connection.execute(
            f"SELECT no_alta, no_orden, importe FROM sai_alta LIMIT {args.sample}"
        ).fetchall()
        cursor = connection.cursor()
        cursor.execute(
            "CREATE TABLE baseline (no_alta VARCHAR, no_orden VARCHAR, importe NUMBER(18,2))"
        )
        started = time.perf_counter()
        cursor.executemany("INSERT INTO baseline VALUES (%s, %s, %s)", sample)
        insert_s = time.perf_counter() - started
        label = f"Snowflake baseline INSERT ({len(sample):,})"
        print(f"{label:<30}{rate(len(sample), insert_s)}")
        connection.close()
    moto.stop()
    warehouse.close()


def snap_date() -> date:
    return date.today()


class BenchKeyring(KeyringBackend):
    """The emulator's password lives in memory only: the bench never touches the user's keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


if __name__ == "__main__":
    main()
