"""Faults: S3 throttling (503 SlowDown), dropped connections, no network, rejected credentials,
Snowflake unreachable. The outbox keeps every item with its reason, and a later run completes
each one exactly once."""

from __future__ import annotations

import socket
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from o2c_desktop.messages import render
from o2c_desktop.services.cloud.outbox import Outbox
from o2c_desktop.services.cloud.push import PushRequest, PushService
from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import CloudSettings

LOAD_SECTIONS = ("schema", "format", "stage", "ledger", "table", "staging")


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


def object_count(reader: Any, bucket: str) -> int:
    pages = reader.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sum(len(page.get("Contents", [])) for page in pages)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("fault", ["slowdown", "drop"])
def test_s3_fault_keeps_everything_queued_then_completes_exactly_once(
    fault: str,
    warehouse: Warehouse,
    data_dir_with_world: Path,
    s3_endpoint: str,
    bucket: str,
    reader: Any,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    with cloud.FaultProxy(s3_endpoint) as proxy:
        settings = cloud.cloud_settings(endpoint=proxy.url, bucket=bucket)
        push = service(warehouse, settings, data_dir_with_world, secrets)
        proxy.mode = fault
        failed = push.run(PushRequest(s3=True))
        queued = Outbox(warehouse).pending()
        assert not failed.ok and len(queued) == len(failed.enqueued) > 10
        assert object_count(reader, bucket) == 0
        reason = render(queued[0].reason)
        expected = "bajar el ritmo" if fault == "slowdown" else "No hay conexión"
        assert expected in reason and "queda en cola" in reason
        assert render(failed.results["s3"].reason) == reason
        # The destination was not pressed further once it was out: one item tried, the rest wait.
        assert Counter(i.attempts for i in queued) == {1: 1, 0: len(queued) - 1}

        proxy.mode = "pass"
        later = push.run(PushRequest(s3=True))
    assert later.ok and later.enqueued == []
    items = Outbox(warehouse).items()
    assert {i.status for i in items} == {"done"}
    assert object_count(reader, bucket) == len(items)
    keys = [i.object_key for i in items]
    assert len(keys) == len(set(keys))


def test_s3_offline_then_online(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    s3_endpoint: str,
    bucket: str,
    reader: Any,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    offline = cloud.cloud_settings(endpoint=f"http://127.0.0.1:{closed_port()}", bucket=bucket)
    first = service(warehouse, offline, data_dir_with_world, secrets).run(PushRequest(s3=True))
    assert first.queued_after == len(first.enqueued) > 0
    assert "No hay conexión" in render(Outbox(warehouse).pending()[0].reason)

    online = cloud.cloud_settings(endpoint=s3_endpoint, bucket=bucket)
    second = service(warehouse, online, data_dir_with_world, secrets).run(PushRequest(s3=True))
    assert second.ok and second.results["s3"].done == len(first.enqueued)
    assert object_count(reader, bucket) == len(first.enqueued)


def test_rejected_aws_credentials_say_so(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    s3_endpoint: str,
    bucket: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    with cloud.FaultProxy(s3_endpoint) as proxy:
        proxy.mode = "reject"
        settings = cloud.cloud_settings(endpoint=proxy.url, bucket=bucket)
        result = service(warehouse, settings, data_dir_with_world, secrets).run(
            PushRequest(s3=True)
        )
    reason = render(Outbox(warehouse).pending()[0].reason)
    assert "rechazó las credenciales de AWS" in reason and not result.ok


def test_retry_waits_for_backoff_unless_asked(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    s3_endpoint: str,
    bucket: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    offline = cloud.cloud_settings(endpoint=f"http://127.0.0.1:{closed_port()}", bucket=bucket)
    offline.retry_base_s = offline.retry_max_s = 3600
    service(warehouse, offline, data_dir_with_world, secrets).run(PushRequest(s3=True))
    online = cloud.cloud_settings(endpoint=s3_endpoint, bucket=bucket)
    online.retry_base_s = online.retry_max_s = 3600
    push = service(warehouse, online, data_dir_with_world, secrets)
    waiting = push.run(PushRequest(s3=True))
    # Only the item that met the fault backs off; the ones never tried go out at once.
    assert waiting.queued_after == 1, "the failed item waits for its backoff"
    assert Outbox(warehouse).retry_now() == 1
    assert push.run(PushRequest(s3=True)).ok


def test_snowflake_unreachable_keeps_items_then_loads_once(
    warehouse: Warehouse,
    data_dir_with_world: Path,
    snowflake_server: dict[str, Any],
    snowflake_db: str,
    cloud: ModuleType,
    secrets: CloudSecrets,
) -> None:
    from o2c_desktop.services.cloud.ddl import apply_ddl

    down = dict(snowflake_server, port=closed_port())
    offline = cloud.cloud_settings(snowflake=down, database=snowflake_db)
    offline.snowflake.login_timeout_s = 2
    failed = service(warehouse, offline, data_dir_with_world, secrets).run(
        PushRequest(snowflake=True)
    )
    pending = Outbox(warehouse).pending()
    assert not failed.ok and len(pending) == len(failed.enqueued) > 5
    assert all("No hay conexión con Snowflake" in render(i.reason) for i in pending)

    online = cloud.cloud_settings(snowflake=snowflake_server, database=snowflake_db)
    apply_ddl(warehouse, online, secrets, sections=LOAD_SECTIONS)
    done = service(warehouse, online, data_dir_with_world, secrets).run(PushRequest(snowflake=True))
    assert done.ok and done.results["snowflake"].done == len(pending)
    again = service(warehouse, online, data_dir_with_world, secrets).run(
        PushRequest(snowflake=True)
    )
    assert again.enqueued == [] and again.ok
