"""Every command's ``--format json`` and ``--format csv`` keep the contract of README "Machine
output (JSON/CSV contract)": snake_case keys, the same keys in a CSV header as in each JSON
record, exactly the keys the README lists. Run on the real exports plus a demo-portal sync, with
an S3 endpoint where nothing listens (so a push leaves its items queued) and an in-memory keyring.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import keyring
import pytest
from click.testing import CliRunner
from memory_keyring import MEMORY_KEYRING, MemoryKeyring

from o2c_desktop.cli import cli
from o2c_desktop.paths import AppPaths
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.generator import generate
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import Settings, save_settings

REPO = Path(__file__).resolve().parents[2]
REAL_SAMPLES = REPO.parent / "shared" / "samples" / "real"
KEY = re.compile(r"^[a-z][a-z0-9_]*$")
PERIOD = ("--from", "2024-01-01", "--to", "2025-12-31")


@dataclass(frozen=True)
class Contract:
    """One README row: the JSON's top-level keys (none when it is a list of records), the key
    holding the records a CSV prints, and the keys of each record kind."""

    top_keys: tuple[str, ...]
    records_key: str | None
    record_keys: dict[str, tuple[str, ...]]


# README command → the arguments that run it here, and the exit status it ends with.
INVOCATIONS: list[tuple[str, tuple[str, ...], int]] = [
    ("o2c sync", ("sync", "--portal", "sagi"), 0),
    ("o2c demo", ("demo",), 0),
    ("o2c status", ("status",), 0),
    ("o2c generate", ("generate", "--scale", "10", "--out", "{tmp}/generated"), 0),
    ("o2c import", ("import", str(REAL_SAMPLES / "sai_altas_2025-08-25.xlsx")), 0),
    ("o2c credentials list", ("credentials", "list"), 0),
    ("o2c schedule list", ("schedule", "list"), 0),
    ("o2c runs", ("runs",), 0),
    ("o2c runs --run", ("runs", "--run", "1"), 0),
    ("o2c gaps refresh", ("gaps", "refresh"), 0),
    ("o2c gaps", ("gaps", *PERIOD), 0),
    ("o2c gaps --per-folio", ("gaps", *PERIOD, "--per-folio"), 0),
    ("o2c gaps --top", ("gaps", *PERIOD, "--top", "3"), 0),
    ("o2c gaps monthly", ("gaps", "monthly", "--since", "2025-07"), 0),
    ("o2c reconcile", ("reconcile",), 0),
    ("o2c reconcile --exceptions", ("reconcile", "--exceptions"), 0),
    ("o2c receivables", ("receivables",), 0),
    ("o2c receivables --view dso", ("receivables", "--view", "dso"), 0),
    ("o2c receivables --view states", ("receivables", "--view", "states"), 0),
    ("o2c receivables --view collections", ("receivables", "--view", "collections"), 0),
    ("o2c contracts", ("contracts",), 0),
    ("o2c contracts --view versions", ("contracts", "--view", "versions"), 0),
    ("o2c logistics", ("logistics",), 0),
    ("o2c logistics --by institucion", ("logistics", "--by", "institucion"), 0),
    ("o2c logistics --by unidad", ("logistics", "--by", "unidad"), 0),
    ("o2c logistics --by semana", ("logistics", "--by", "semana"), 0),
    ("o2c cashflow", ("cashflow",), 0),
    ("o2c cashflow --detail", ("cashflow", "--detail"), 0),
    ("o2c push --dry-run", ("push", "--dry-run"), 0),
    ("o2c push", ("push",), 1),  # nothing listens at the S3 endpoint: the items stay queued
    ("o2c outbox list", ("outbox", "list"), 0),
]


def readme_contracts() -> dict[str, Contract]:
    """The table of README "Machine output": | `command` | `json shape` | `csv columns` |."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Machine output (JSON/CSV contract)", 1)[1].split("\n## ", 1)[0]
    contracts: dict[str, Contract] = {}
    for command, shape, columns in re.findall(
        r"^\| `(o2c [^`]+)` \| `([^`]+)` \| `([^`]+)` \|$", section, flags=re.MULTILINE
    ):
        csv_keys = tuple(k.strip() for k in columns.split(","))
        if shape == "[record]":
            contracts[command] = Contract((), None, {"record": csv_keys})
            continue
        assert shape.startswith("{") and shape.endswith("}"), shape
        lists = dict(re.findall(r"(\w+): \[([^\]]*)\]", shape))
        top = tuple(k.split(":")[0].strip() for k in re.sub(r"\[[^\]]*\]", "", shape[1:-1])
                    .split(","))  # fmt: skip
        records_key = next(k for k, v in lists.items() if v == "record")
        kinds = {k: tuple(x.strip() for x in v.split(",")) for k, v in lists.items()}
        contracts[command] = Contract(top, records_key, {**kinds, records_key: csv_keys})
    return contracts


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("machine-output")
    world = generate(root / "world", seed=7, scale=10)  # every export, contracts included
    with Warehouse(root / "warehouse.duckdb") as warehouse:
        ingest_paths(
            warehouse, RawArchive(root / "archive", warehouse), [world.out_dir],
            quarantine_dir=root / "quarantine",
        )  # fmt: skip
    settings = Settings()
    settings.demo.scale = 100
    settings.portals.demo_export_delay_s = 0.2
    settings.keyring.allowed_backends = [MEMORY_KEYRING]
    settings.cloud.s3.bucket = "o2c-equipo"
    settings.cloud.s3.endpoint_url = "http://127.0.0.1:9"  # the discard port: nothing listens
    settings.cloud.s3.max_attempts = 1
    settings.cloud.s3.timeout_s = 2
    save_settings(settings, AppPaths.under(root).settings_file)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        assert o2c(root, "credentials", "set", "prei", "--user", "proveedor", "--password-stdin",
                   stdin="secreto\n").exit_code == 0  # fmt: skip
        assert o2c(root, "schedule", "add", "diaria", "--at", "07:30").exit_code == 0
        yield root
    finally:
        keyring.set_keyring(previous)


def o2c(data_dir: Path, *args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], input=stdin)


def _records(output: Any, contract: Contract) -> list[dict[str, Any]]:
    if contract.records_key is None:
        assert isinstance(output, list)
        return output
    assert isinstance(output, dict)
    assert tuple(output) == contract.top_keys
    for key, keys in contract.record_keys.items():
        assert all(tuple(record) == keys for record in output[key]), key
    records: list[dict[str, Any]] = output[contract.records_key]
    return records


@pytest.mark.expected_log_warnings  # the push to an S3 endpoint where nothing listens
def test_every_command_prints_the_documented_snake_case_keys(data_dir: Path) -> None:
    contracts = readme_contracts()
    assert sorted(contracts) == sorted(name for name, _, _ in INVOCATIONS), "README rows"
    for name, template, status in INVOCATIONS:
        contract = contracts[name]
        args = tuple(a.replace("{tmp}", str(data_dir.parent)) for a in template)
        as_json = o2c(data_dir, *args, "--format", "json")
        assert as_json.exit_code == status, (name, as_json.output)
        records = _records(json.loads(as_json.stdout), contract)
        as_csv = o2c(data_dir, *args, "--format", "csv")
        assert as_csv.exit_code == status, (name, as_csv.output)
        header, *rows = list(csv.reader(io.StringIO(as_csv.stdout)))

        csv_keys = (
            contract.record_keys.get("record") or contract.record_keys[contract.records_key or ""]
        )
        assert tuple(header) == csv_keys, name
        assert records, f"{name} prints records to compare"
        # A second push has nothing new to queue: its CSV is the header alone.
        assert rows or name == "o2c push", f"{name} prints rows to compare"
        assert all(tuple(record) == csv_keys for record in records), name
        every_key = {*contract.top_keys, *(k for ks in contract.record_keys.values() for k in ks)}
        assert all(KEY.match(key) for key in every_key), (name, every_key)


def test_the_readme_documents_only_snake_case_keys() -> None:
    for name, contract in readme_contracts().items():
        keys = [*contract.top_keys, *(k for ks in contract.record_keys.values() for k in ks)]
        assert keys and all(KEY.match(k) for k in keys), (name, keys)
