"""Fixtures for the desktop window: a throw-away data folder, its context and the window, and a
data folder filled once per session with a generated world for the pages that show data."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from shared_worlds import built_once, generated_once

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import local_now
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.ui import message_bridge, workers
from o2c_desktop.ui.app import create_main_window
from o2c_desktop.ui.main_window import MainWindow

# Read when pytest-qt creates the QApplication, so setting it here is early enough. Offscreen
# unless the caller chose a platform; the screenshot test runs its own X server in a subprocess.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORLD_SEED, WORLD_SCALE = 180, 200
_DATED = ("prei", "sagi", "pagos")
_UNDATED = ("sai", "registro", "camunda", "contratos", "logistica", "penas", "tiendas")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def context(data_dir: Path) -> AppContext:
    return open_context(data_dir)


@pytest.fixture(autouse=True)
def no_job_outlives_its_test() -> Iterator[None]:
    """Every job a test started has finished (and its callbacks ran) before the next test."""
    yield
    if not workers.running():
        return
    assert workers.pool().waitForDone(30_000), "a job was still running 30 s after its test"
    deadline = time.monotonic() + 5
    while workers.running() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
    assert not workers.running()


@pytest.fixture
def bridge(qapp) -> message_bridge.MessageBridge:
    return message_bridge.install_bridge()


@pytest.fixture
def main_window(qtbot, context: AppContext, bridge) -> Iterator[MainWindow]:
    window = create_main_window(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose warehouse holds a generated world (built once per run)."""
    generation = generated_once(tmp_path_factory, seed=WORLD_SEED, scale=WORLD_SCALE)

    def build(root: Path) -> None:
        context = open_context(root / "data")
        stamp = datetime.combine(generation.as_of, datetime.min.time()).replace(hour=12)
        with context.open_warehouse() as warehouse:
            archive = RawArchive(context.paths.archive_dir, warehouse)
            quarantine = context.paths.quarantine_dir
            for folder in _DATED:
                ingest_paths(warehouse, archive, [generation.out_dir / folder],
                             quarantine_dir=quarantine)  # fmt: skip
            ingest_paths(warehouse, archive, [generation.out_dir / f for f in _UNDATED],
                         quarantine_dir=quarantine, snapshot_at=stamp)  # fmt: skip
            refresh(warehouse, context.settings.gaps, as_of=local_now("America/Mexico_City"),
                    trigger="test")  # fmt: skip

    return built_once(tmp_path_factory, f"ui-world-{WORLD_SEED}-{WORLD_SCALE}", build) / "data"


@pytest.fixture
def world_context(world_template: Path, tmp_path: Path) -> AppContext:
    """A private copy of the world's data folder: tests may write to it."""
    target = tmp_path / "world-data"
    shutil.copytree(world_template, target)
    return open_context(target)
