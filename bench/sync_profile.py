"""Where a demo sync spends its time: every WebDriver command and every recipe step, timed.

Used by ``bench/bench_sync.py --profile``. It wraps Selenium's command transport and the engine's
step actions for the duration of one run and prints the totals, largest first.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from selenium.webdriver.remote.remote_connection import RemoteConnection

from o2c_desktop.services.portals.demo.data import DemoData
from o2c_desktop.services.portals.engine import downloads, steps, table
from o2c_desktop.services.portals.engine.portal_browser import PortalBrowser

# (owner, attribute, label): functions timed besides the step actions. The demo portal's own
# work (building an export file) is the portal's time, shown so that it is not taken for ours.
TIMED: list[tuple[Any, str, str]] = [
    (downloads, "wait_for_download", "  wait_for_download"),
    (downloads, "verify_file", "    verify_file"),
    (table, "read_all_pages", "SAGI table read_all_pages"),
    (PortalBrowser, "_driver_for", "browser start / download dir"),
    (PortalBrowser, "_quit", "browser quit"),
    (DemoData, "sai_export", "portal: build SAI xlsx"),
    (DemoData, "prei_export", "portal: build PREI xls"),
]


class Profile:
    def __init__(self) -> None:
        self.commands: dict[str, list[float]] = defaultdict(list)
        self.steps: dict[str, list[float]] = defaultdict(list)

    def report(self, wall: float) -> str:
        lines = []
        for title, timings in (("WebDriver command", self.commands), ("step / phase", self.steps)):
            # Indented names run inside another line; the portal's own work runs in its threads.
            total = sum(sum(v) for k, v in timings.items() if not k.startswith((" ", "portal:")))
            lines.append(f"\n{title:40} {'calls':>6} {'total s':>8} {'mean ms':>8}")
            for name, times in sorted(timings.items(), key=lambda kv: -sum(kv[1])):
                mean_ms = 1000 * sum(times) / len(times)
                lines.append(f"{name:40} {len(times):6d} {sum(times):8.2f} {mean_ms:8.1f}")
            lines.append(f"{'all (of ' + f'{wall:.1f} s wall)':40} {'':6} {total:8.2f}")
        return "\n".join(lines)


def _timed(into: dict[str, list[float]], name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            into[name].append(time.perf_counter() - started)

    return wrapper


@contextmanager
def profiled() -> Iterator[Profile]:
    profile = Profile()
    original_execute = RemoteConnection.execute
    original_actions = dict(steps.ACTIONS)
    originals = [(owner, name, getattr(owner, name)) for owner, name, _ in TIMED]

    def execute(self: RemoteConnection, command: str, params: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return original_execute(self, command, params)
        finally:
            profile.commands[command].append(time.perf_counter() - started)

    RemoteConnection.execute = execute  # type: ignore[method-assign]
    for name, action in original_actions.items():
        steps.ACTIONS[name] = _timed(profile.steps, f"step {name}", action)
    for (owner, name, label), (_, _, func) in zip(TIMED, originals, strict=True):
        setattr(owner, name, _timed(profile.steps, label, func))
    try:
        yield profile
    finally:
        RemoteConnection.execute = original_execute  # type: ignore[method-assign]
        steps.ACTIONS.clear()
        steps.ACTIONS.update(original_actions)
        for owner, name, func in originals:
            setattr(owner, name, func)
