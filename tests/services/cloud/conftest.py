"""Fixtures of the cloud tests: moto S3 and the fakesnow server on 127.0.0.1, a small ingested
world copied per test, and cloud secrets in an in-memory keyring."""

from __future__ import annotations

import importlib.util
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest
from memory_keyring import MemoryKeyring

from o2c_desktop.services.cloud.secrets import CloudSecrets
from o2c_desktop.services.warehouse import Warehouse


def _load_fakes() -> ModuleType:
    name = "o2c_cloud_fakes"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).with_name("cloud_fakes.py")
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


fakes = _load_fakes()


@pytest.fixture(autouse=True)
def aws_test_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key, value in fakes.AWS_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with fakes.moto_s3() as url:
        yield url


@pytest.fixture
def bucket(s3_endpoint: str, aws_test_credentials: None) -> str:
    name = f"o2c-team-{uuid.uuid4().hex[:10]}"
    client(s3_endpoint).create_bucket(Bucket=name)
    return name


def client(endpoint: str) -> Any:
    """A second, independent client: what another reader of the landing zone sees."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="reader",
        aws_secret_access_key="reader",
    )


@pytest.fixture(scope="session")
def snowflake_server() -> Iterator[dict[str, Any]]:
    with fakes.snowflake_emulator() as kwargs:
        yield kwargs


@pytest.fixture
def snowflake_db() -> str:
    """A Snowflake database of the test's own on the shared emulator."""
    return f"O2C_{uuid.uuid4().hex[:10].upper()}"


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fakes.world_once(tmp_path_factory)


@pytest.fixture
def data_dir_with_world(world_template: Path, tmp_path: Path) -> Path:
    return fakes.copy_world(world_template, tmp_path / "data")


@pytest.fixture
def warehouse(data_dir_with_world: Path) -> Iterator[Warehouse]:
    with Warehouse(data_dir_with_world / "warehouse.duckdb") as opened:
        yield opened


@pytest.fixture
def secrets() -> CloudSecrets:
    store = CloudSecrets(MemoryKeyring())
    store.set("snowflake-password", fakes.SNOWFLAKE_PASSWORD)
    return store


@pytest.fixture
def cloud() -> ModuleType:
    """The helpers of cloud_fakes.py (settings builders, the fault proxy)."""
    return fakes


@pytest.fixture
def reader(s3_endpoint: str) -> Any:
    return client(s3_endpoint)
