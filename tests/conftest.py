"""Shared test fixtures. Every test runs against its own data folder, never the user's."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from memory_keyring import MEMORY_KEYRING

from o2c_desktop.services.credentials import allow_keyring_backends
from o2c_desktop.settings import KeyringSettings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
REAL_SAMPLES = SHARED_DIR / "samples" / "real"


# Fixtures whose setup generates and imports a world or starts the Snowflake emulator: tens of
# seconds, paid once per run. The tests that use them are slow: the fast loop leaves them out.
SLOW_FIXTURES = frozenset(
    {"world", "world_template", "world_context", "stamped_world", "snowflake_server"}
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "expected_log_warnings: the test provokes o2c_desktop warnings on purpose"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_unexpected_log_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """A warning or error logged by the program is a test failure unless the test expects it."""
    collector = _WarningCollector()
    logger = logging.getLogger("o2c_desktop")
    logger.addHandler(collector)
    try:
        yield
    finally:
        logger.removeHandler(collector)
    if request.node.get_closest_marker("expected_log_warnings"):
        return
    if collector.records:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in collector.records)
        pytest.fail(f"unexpected warnings were logged:\n{lines}")


@pytest.fixture(autouse=True)
def isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test reads or writes the real user's folders, whatever it forgets to pass."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("O2C_DATA_DIR", raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "o2c-data"
    folder.mkdir()
    return folder


@pytest.fixture
def real_samples() -> Path:
    assert REAL_SAMPLES.is_dir(), f"the real samples are expected at {REAL_SAMPLES}"
    return REAL_SAMPLES


@pytest.fixture(autouse=True)
def keyring_opt_in() -> Iterator[None]:
    """The suite's in-memory keyring is no system keyring: it is accepted the way a user would
    accept another backend, through the settings' explicit opt-in (``[keyring]``). A test that
    opens a context from its own settings file gets exactly what that file allows."""
    allow_keyring_backends(KeyringSettings(allowed_backends=[MEMORY_KEYRING]).allowed_backends)
    yield
    allow_keyring_backends(())
