"""Push throughput: a canonical table (1,000,000 rows) → Parquet → S3 (moto) and → Snowflake
(fakesnow), each beside what a competent engineer would write by hand and the floor, measured in
the same run, median of --repeat runs, the load average printed beside every figure:

- Parquet snapshot (ours: every column in a total order, fixed writer options and a SHA-256, so
  an unchanged table is never pushed twice) against the floor, DuckDB ``COPY table TO x.parquet``.
- S3 (ours: snapshot, checksummed upload, read back and compared) against the hand-written push,
  ``COPY`` to Parquet + one boto3 ``upload_file``; the upload alone against ``upload_file`` of the
  same file, and the naive ``put_object`` of its bytes.
- Snowflake (ours: PUT, COPY INTO staging, MERGE, delete-missing, ledger) against the hand-written
  load, PUT + COPY INTO the table, and ``write_pandas`` when fakesnow takes it; the naive
  ``executemany`` INSERT of a sample.

Where our time goes is printed step by step.

    .venv/bin/python bench/bench_push.py [--rows 1000000] [--sample 1000] [--repeat 3]

Everything runs on 127.0.0.1; the figures measure this program and the emulators, not AWS or
Snowflake (see docs/cloud.md for what they mean there).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

import boto3
import fakesnow
import pyarrow.parquet as pq
import snowflake.connector.errors
from keyring.backend import KeyringBackend
from moto.server import ThreadedMotoServer

from o2c_desktop.services.cloud import snapshot as snapshot_module
from o2c_desktop.services.cloud.ddl import LEDGER_TABLE, apply_ddl, stage_name
from o2c_desktop.services.cloud.outbox import NewItem, Outbox
from o2c_desktop.services.cloud.s3 import LandingZone, object_key
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.cloud.snapshot import write_snapshot
from o2c_desktop.services.cloud.snowflake import connect
from o2c_desktop.services.cloud.snowflake_load import SnowflakeLoader
from o2c_desktop.services.cloud.tables import pushed_table
from o2c_desktop.services.credentials import allow_keyring_backends, backend_name
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


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def timed(repeat: int, work: Callable[[int], object]) -> float:
    """The median wall time of ``repeat`` runs of ``work(run_number)``."""
    times = []
    for run in range(repeat):
        started = time.perf_counter()
        work(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def line(label: str, rows: int, seconds: float, baseline: float | None = None) -> None:
    ratio = f"  {seconds / baseline:5.2f}× the baseline" if baseline else ""
    print(f"  {label:<44}{rows / seconds:>12,.0f} rows/s ({seconds:6.2f} s){ratio}  [{load()}]")


class StepClock:
    """Where the time of our snapshot and load goes: seconds per step, summed over the runs."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, owner: object, name: str, step: Callable[[tuple, dict], str]) -> None:
        original = getattr(owner, name)

        def clocked(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[step(args, kwargs)] += time.perf_counter() - started

        setattr(owner, name, clocked)

    def show(self, title: str, runs: int) -> None:
        total = sum(self.seconds.values())
        print(f"  where our {title} time goes (mean of {runs} runs):")
        for step, seconds in sorted(self.seconds.items(), key=lambda item: -item[1]):
            print(f"    {step:<40}{seconds / runs:6.2f} s  {seconds / total:4.0%}")


def sql_step(args: tuple, kwargs: dict) -> str:
    sql = str(args[2] if len(args) > 2 else kwargs.get("sql", "")).lstrip()
    words = sql.split()
    return "snowflake " + " ".join(words[:1] if words[:1] == ["PUT"] else words[:2]).upper()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    repeat = args.repeat
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's one line per request
    root = Path(tempfile.mkdtemp(prefix="o2c-bench-push-"))
    warehouse = Warehouse(root / "warehouse.duckdb")
    con = warehouse.connection
    con.execute(FILL, [args.rows])
    rows = args.rows
    print(f"{rows:,} rows of sai_alta in {root}; median of {repeat} runs  [{load()}]")

    # -- Parquet ------------------------------------------------------------------------------
    clock = StepClock()
    clock.wrap(snapshot_module, "table_columns", lambda a, k: "snapshot: list columns")
    clock.wrap(snapshot_module, "file_sha256", lambda a, k: "snapshot: SHA-256 of the file")
    clock.wrap(snapshot_module.pq, "write_table", lambda a, k: "snapshot: pyarrow writes Parquet")
    snaps = []
    ours_parquet = timed(
        repeat, lambda run: snaps.append(write_snapshot(con, "sai_alta", root / f"outbox{run}"))
    )
    snap = snaps[-1]
    sorted_s = timed(
        repeat,
        lambda run: con.sql("SELECT * FROM sai_alta ORDER BY ALL").to_arrow_table(),
    )
    clock.seconds["snapshot: rows in total order to Arrow"] = sorted_s * repeat

    def copy_parquet(run: int) -> Path:
        target = root / f"hand{run}.parquet"
        con.execute(f"COPY sai_alta TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
        return target

    floor_parquet = timed(repeat, copy_parquet)
    print(f"\nParquet ({snap.size_bytes / 1e6:.1f} MB; hand-written COPY "
          f"{(root / 'hand0.parquet').stat().st_size / 1e6:.1f} MB)")  # fmt: skip
    line("floor: DuckDB COPY table TO parquet", rows, floor_parquet)
    line("ours: ordered snapshot + SHA-256", rows, ours_parquet, floor_parquet)
    clock.show("snapshot", repeat)
    assert pq.read_metadata(snap.path).num_rows == rows

    # -- S3 -----------------------------------------------------------------------------------
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    s3 = S3Settings(bucket="o2c-bench", endpoint_url=endpoint, region="us-east-1")
    plain = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    plain.create_bucket(Bucket="o2c-bench")
    zone = LandingZone(s3)
    key = object_key("o2c", "table", "sai_alta", snap_date(), snap.path.name)

    def our_s3(run: int) -> None:
        made = write_snapshot(con, "sai_alta", root / f"outbox{run}")
        outcome = zone.upload(made.path, f"run{run}/{key}", made.sha256)
        assert outcome == "uploaded", outcome

    def hand_s3(run: int) -> None:
        plain.upload_file(str(copy_parquet(run)), "o2c-bench", f"hand/{run}.parquet")

    data = snap.path.read_bytes()
    for client in (zone.client, plain):  # the first request of a client opens its connection
        client.put_object(Bucket="o2c-bench", Key="warm-up", Body=b"")
    upload_only = timed(repeat, lambda run: zone.upload(snap.path, f"up{run}/{key}", snap.sha256))
    plain_upload = timed(
        repeat,
        lambda run: plain.upload_file(str(snap.path), "o2c-bench", f"plain/{run}.parquet"),
    )
    naive_put = timed(
        repeat,
        lambda run: plain.put_object(Bucket="o2c-bench", Key=f"put/{run}.parquet", Body=data),
    )
    hand = timed(repeat, hand_s3)
    ours = timed(repeat, our_s3)
    print("\nS3 (moto), snapshot and upload")
    line("hand-written: COPY to parquet + upload_file", rows, hand)
    line("ours: snapshot + checksummed, verified upload", rows, ours, hand)
    print("S3, the upload alone (same file)")
    line("boto3 upload_file", rows, plain_upload)
    line("ours: upload with SHA-256 checksums, verify", rows, upload_only, plain_upload)
    line("naive: put_object of the bytes in memory", rows, naive_put, plain_upload)
    local_sha = timed(repeat, lambda run: hashlib.sha256(snap.path.read_bytes()).digest())
    print(f"  of which hashing the file once in Python: {local_sha:.2f} s  [{load()}]")

    # -- Snowflake ----------------------------------------------------------------------------
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
        bench_keyring = BenchKeyring()
        # The bench's own in-memory keyring, allowed for this process only.
        allow_keyring_backends([backend_name(bench_keyring)])
        secrets = CloudSecrets(bench_keyring)
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
        cursor = connection.cursor()
        table = pushed_table("sai_alta").name

        def fresh_target() -> None:
            cursor.execute(f"TRUNCATE TABLE {table}")
            cursor.execute(f"DELETE FROM {LEDGER_TABLE}")

        loads = []

        def our_load(run: int) -> None:
            fresh_target()
            loads.append(SnowflakeLoader(connection, settings).load(item))

        sf_clock = StepClock()
        sf_clock.wrap(SnowflakeLoader, "_run", sql_step)
        ours_sf = timed(repeat, our_load)
        result = loads[-1]
        cursor.execute(f"CREATE TABLE hand_alta LIKE {table}")
        folder = f"{stage_name(settings)}/hand"

        def hand_load(run: int) -> None:
            cursor.execute("TRUNCATE TABLE hand_alta")
            local = snap.path.resolve().as_posix()
            cursor.execute(
                f"PUT 'file://{local}' @{folder}/ AUTO_COMPRESS = FALSE OVERWRITE = TRUE"
            )
            cursor.execute(
                f"COPY INTO hand_alta FROM @{folder}/{snap.path.name} "
                "FILE_FORMAT = (FORMAT_NAME = 'O2C_PARQUET') "
                "MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE FORCE = TRUE"
            )

        hand_sf = timed(repeat, hand_load)
        cursor.execute("SELECT count(*) FROM hand_alta")
        assert cursor.fetchall()[0][0] == rows
        print(f"\nSnowflake (fakesnow), the same snapshot; ours ended {result.outcome}, "
              f"{result.rows:,} rows")  # fmt: skip
        line("hand-written: PUT + COPY INTO the table", rows, hand_sf)
        line("ours: PUT, COPY staging, MERGE, delete, ledger", rows, ours_sf, hand_sf)
        frame = con.sql("SELECT * FROM sai_alta").df()
        try:
            from snowflake.connector.pandas_tools import write_pandas

            cursor.execute(f"CREATE TABLE pandas_alta LIKE {table}")
            pandas_s = timed(
                repeat,
                lambda run: write_pandas(
                    connection, frame, "PANDAS_ALTA", quote_identifiers=False, overwrite=True
                ),
            )
            line("write_pandas (DataFrame already built)", rows, pandas_s, hand_sf)
        except Exception as exc:  # noqa: BLE001 - a figure the emulator cannot give
            print(f"  write_pandas: not measured, fakesnow refused it ({type(exc).__name__})")
        sf_clock.show("Snowflake load", repeat)
        started = time.perf_counter()
        again = SnowflakeLoader(connection, settings).load(item)
        print(f"  re-push of the same snapshot: {again.outcome} in "
              f"{time.perf_counter() - started:.2f} s  [{load()}]")  # fmt: skip
        sample = con.execute(
            f"SELECT no_alta, no_orden, importe FROM sai_alta LIMIT {args.sample}"
        ).fetchall()
        cursor.execute(
            "CREATE TABLE baseline (no_alta VARCHAR, no_orden VARCHAR, importe NUMBER(18,2))"
        )
        started = time.perf_counter()
        try:
            cursor.executemany("INSERT INTO baseline VALUES (%s, %s, %s)", sample)
        except snowflake.connector.errors.Error as exc:  # the emulator gave up (read timeout)
            print(f"  naive executemany INSERT: not measured, {type(exc).__name__} "
                  f"after {time.perf_counter() - started:.0f} s  [{load()}]")  # fmt: skip
            sample = []
        if sample:
            line(f"naive: executemany INSERT ({len(sample):,} rows)", len(sample),
                 time.perf_counter() - started)  # fmt: skip
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
