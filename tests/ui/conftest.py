"""Fixtures for the desktop window: a throw-away data folder, its context and the window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.ui.app import create_main_window
from o2c_desktop.ui.main_window import MainWindow

# Read when pytest-qt creates the QApplication, so setting it here is early enough. Offscreen
# unless the caller chose a platform; the screenshot test runs its own X server in a subprocess.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def context(data_dir: Path) -> AppContext:
    return open_context(data_dir)


@pytest.fixture
def main_window(qtbot, context: AppContext) -> Iterator[MainWindow]:
    window = create_main_window(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
