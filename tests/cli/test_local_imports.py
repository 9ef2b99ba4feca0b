"""A local report loads nothing cloud-related: no Snowflake connector, no boto3, no keyring.

Each of those costs a fresh ``o2c`` process tenths of a second (the connector brings pandas
too) that a command reading the local warehouse never uses. The command runs in a fresh
interpreter and reports which modules it ended up with.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from o2c_desktop.services.warehouse import Warehouse

CLOUD_PACKAGES = ("snowflake", "boto3", "botocore", "s3transfer", "keyring")

RUN_AND_LIST = f"""
import json, sys
from o2c_desktop.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    status = stop.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {CLOUD_PACKAGES!r})
print(json.dumps({{"status": status, "cloud": loaded}}), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "command",
    [
        ["reconcile", "--format", "csv"],
        ["reconcile", "--format", "json", "--exceptions"],
        ["reconcile"],
        ["receivables", "--format", "csv"],
        ["contracts", "--format", "json"],
        ["logistics", "--format", "csv"],
    ],
)
def test_a_local_report_imports_nothing_cloud_related(data_dir: Path, command: list[str]) -> None:
    Warehouse(data_dir / "warehouse.duckdb").close()
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST, "--data-dir", str(data_dir), *command],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] in (0, None), done.stderr
    assert report["cloud"] == []


SPREADSHEET_PACKAGES = ("xlsxwriter", "openpyxl")


@pytest.mark.parametrize(
    "command",
    [["reconcile", "--format", "csv"], ["receivables", "--format", "csv"]],
)
def test_a_csv_report_loads_no_spreadsheet_writer(data_dir: Path, command: list[str]) -> None:
    Warehouse(data_dir / "warehouse.duckdb").close()
    listing = RUN_AND_LIST.replace(repr(CLOUD_PACKAGES), repr(SPREADSHEET_PACKAGES))
    done = subprocess.run(
        [sys.executable, "-c", listing, "--data-dir", str(data_dir), *command],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["status"] in (0, None), done.stderr
    assert report["cloud"] == []  # the listed packages: here the spreadsheet writers
