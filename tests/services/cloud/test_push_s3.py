"""Push to the S3 landing zone (moto over HTTP): objects, keys, checksums, idempotence."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from types import ModuleType
from typing import Any

from o2c_desktop.services.cloud.outbox import Outbox
from o2c_desktop.services.cloud.push import PushRequest, PushService
from o2c_desktop.services.cloud.s3 import LandingZone
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import CloudSettings


def service(
    warehouse: Warehouse, settings: CloudSettings, data: Path, secrets: CloudSecrets
) -> PushService:
    return PushService(
        warehouse,
        settings,
        archive_dir=data / "archive",
        spool_dir=data / "outbox",
        secrets=secrets,
    )


def all_objects(reader: Any, bucket: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for page in reader.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for entry in page.get("Contents", []):
            found[entry["Key"]] = entry
    return found


def test_push_puts_raw_files_and_snapshots_with_verified_checksums(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    s3_endpoint: str,
    bucket: str,
    reader: Any,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    settings = cloud.cloud_settings(endpoint=s3_endpoint, bucket=bucket)
    summary = service(warehouse, settings, data_dir_with_world, secrets).run(PushRequest(s3=True))

    assert summary.ok and summary.destinations == ("s3",)
    raw_files = warehouse.connection.execute("SELECT sha256, stored_path FROM raw_file").fetchall()
    objects = all_objects(reader, bucket)
    raw_keys = {k for k in objects if k.startswith("o2c/raw/")}
    table_keys = {k for k in objects if k.startswith("o2c/tables/")}
    assert len(raw_keys) == len(raw_files) > 10
    assert {Path(k).name for k in raw_keys} == {Path(p).name for _, p in raw_files}
    # Every key names its dataset, load date and content hash, and the bytes hash to that name.
    for key in raw_keys | table_keys:
        parts = key.split("/")
        assert parts[3].startswith("load_date=20") and len(parts) == 5, key
        body = reader.get_object(Bucket=bucket, Key=key)["Body"].read()
        digest = hashlib.sha256(body).hexdigest()
        assert Path(key).name.split(".")[0] == digest, key
        head = reader.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
        assert head["Metadata"]["sha256"] == digest
        assert (
            head["ChecksumSHA256"].split("-")[0]
            == base64.b64encode(hashlib.sha256(body).digest()).decode()
        )
    tables = {k.split("/")[2] for k in table_keys}
    assert {"sai_alta", "invoice_register", "contrarecibo_status", "raw_file"} <= tables
    assert "invoice" not in tables, "an empty table that was never pushed is not pushed"
    assert any(k.split("/")[2] == "sai-altas" for k in raw_keys), sorted(raw_keys)[:3]

    second = service(warehouse, settings, data_dir_with_world, secrets).run(PushRequest(s3=True))
    assert second.enqueued == [] and all_objects(reader, bucket).keys() == objects.keys()
    assert list((data_dir_with_world / "outbox").glob("*/*.parquet")) == []


def test_changed_table_pushes_a_new_snapshot_only_for_that_table(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    s3_endpoint: str,
    bucket: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    settings = cloud.cloud_settings(endpoint=s3_endpoint, bucket=bucket)
    service(warehouse, settings, data_dir_with_world, secrets).run(PushRequest(s3=True))
    warehouse.connection.execute(
        "UPDATE sai_alta SET valid_to = TIMESTAMP '2030-01-01' WHERE no_alta = "
        "(SELECT min(no_alta) FROM sai_alta)"
    )
    again = service(warehouse, settings, data_dir_with_world, secrets).run(PushRequest(s3=True))
    assert [(i.destination, i.dataset) for i in again.enqueued] == [("s3", "sai_alta")]
    assert again.results["s3"].done == 1 and again.ok


def test_multipart_upload_is_verified_part_by_part(
    tmp_path: Path, s3_endpoint: str, bucket: str, reader: Any, cloud: ModuleType
) -> None:
    settings = cloud.cloud_settings(endpoint=s3_endpoint, bucket=bucket)
    settings.s3.multipart_threshold_mb = 5
    settings.s3.multipart_chunk_mb = 5
    big = tmp_path / "big.parquet"
    big.write_bytes(hashlib.sha256(b"seed").digest() * (12 * 1024 * 1024 // 32 + 7))
    digest = hashlib.sha256(big.read_bytes()).hexdigest()
    zone = LandingZone(settings.s3)
    assert zone.upload(big, f"o2c/tables/big/load_date=2025-01-01/{digest}.parquet", digest) == (
        "uploaded"
    )
    head = reader.head_object(
        Bucket=bucket, Key=f"o2c/tables/big/load_date=2025-01-01/{digest}.parquet"
    )
    assert head["ETag"].endswith('-3"'), "three parts"
    assert zone.upload(big, f"o2c/tables/big/load_date=2025-01-01/{digest}.parquet", digest) == (
        "already-present"
    )


def test_outbox_keeps_the_history_of_every_item(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    s3_endpoint: str,
    bucket: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    settings = cloud.cloud_settings(endpoint=s3_endpoint, bucket=bucket)
    service(warehouse, settings, data_dir_with_world, secrets).run(PushRequest(s3=True))
    items = Outbox(warehouse).items()
    assert items and all(i.status == "done" and i.outcome == "uploaded" for i in items)
    assert all(i.attempts == 1 and i.done_at is not None for i in items)
