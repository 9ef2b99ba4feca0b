"""Real headless Chromium + chromedriver against the demo portal over HTTP on 127.0.0.1."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psutil
import pytest
from python_calamine import CalamineWorkbook

from o2c_desktop.services.portals import (
    BrowserOptions,
    HumanRequest,
    PortalCredentials,
    ReportOutcome,
    run_report,
)
from o2c_desktop.services.portals.demo import DemoPortal, PortalFaults

AS_OF = date(2025, 8, 25)
PREI_LIMIT = 25
FAST = {
    "element_s": 5,
    "page_load_s": 10,
    "export_start_s": 5,
    "export_done_s": 5,
    "download_s": 10,
    "human_s": 10,
    "attempts": 2,
    "backoff_s": 0.2,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.slow)
            # One Chromium at a time under pytest-xdist: their short timeouts stay honest.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def demo_portal() -> Iterator[DemoPortal]:
    with DemoPortal(seed=7, scale=250, as_of=AS_OF, export_delay_s=0.3, prei_limit=PREI_LIMIT) as p:
        yield p


@pytest.fixture
def portal(demo_portal: DemoPortal) -> Iterator[DemoPortal]:
    """The shared portal, put back to good behaviour after each test."""
    yield demo_portal
    for name in ("sai", "prei", "sagi"):
        demo_portal.set_faults(name, PortalFaults())
    demo_portal.set_export_delay(0.3)
    demo_portal.set_prei_limit(PREI_LIMIT)


def read_challenge(request: HumanRequest) -> str:
    """What a person would type: the number the captcha shows."""
    found = re.search(r"\d+", request.challenge)
    assert found, f"no number in the challenge {request.challenge!r}"
    return found.group(0)


class Runner:
    def __init__(self, portal: DemoPortal, tmp_path: Path) -> None:
        self.portal = portal
        self.tmp_path = tmp_path
        self.human_calls: list[HumanRequest] = []

    def human(self, request: HumanRequest) -> str:
        self.human_calls.append(request)
        return read_challenge(request)

    def __call__(
        self,
        recipe_id: str,
        date_from: date = date(2025, 1, 1),
        date_to: date = AS_OF,
        *,
        password: str | None = None,
        human: Callable[[HumanRequest], str | None] | None = None,
        cancel: threading.Event | None = None,
        timeouts: dict[str, float] | None = None,
        **kwargs: Any,
    ) -> ReportOutcome:
        user = self.portal.users[recipe_id.split(".")[0]]
        return run_report(
            recipe_id,
            base_url=self.portal.base_url,
            credentials=PortalCredentials(user.user, password or user.password),
            date_from=date_from,
            date_to=date_to,
            download_dir=self.tmp_path / "downloads",
            evidence_dir=self.tmp_path / "evidence",
            human=human or self.human,
            cancel=cancel or threading.Event(),
            browser=BrowserOptions(headless=True),
            timeouts={**FAST, **(timeouts or {})},
            **kwargs,
        )


@pytest.fixture
def run(portal: DemoPortal, tmp_path: Path) -> Runner:
    return Runner(portal, tmp_path)


def sheet_rows(path: Path, header_row: int = 0) -> tuple[list[str], list[list[Any]]]:
    workbook = CalamineWorkbook.from_path(str(path))
    values = workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    return [str(h) for h in values[header_row]], values[header_row + 1 :]


def as_key(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def assert_failure_evidence(outcome: ReportOutcome, *secrets: str) -> None:
    evidence = outcome.evidence_dir
    assert (evidence / "failure.png").stat().st_size > 0
    assert (evidence / "failure.html").stat().st_size > 0
    assert (evidence / "run.log").stat().st_size > 0
    for path in evidence.iterdir():
        if path.is_file():
            text = path.read_bytes().decode("utf-8", "replace")
            for secret in secrets:
                assert secret not in text, f"a password leaked into {path.name}"


def browser_processes() -> list[psutil.Process]:
    found = []
    for process in psutil.Process().children(recursive=True):
        try:
            name = process.name() or ""
        except psutil.NoSuchProcess:
            continue  # Chromium's short-lived helpers may end between listing and reading
        if "chrom" in name.lower():
            found.append(process)
    return found


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
