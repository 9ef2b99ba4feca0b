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

from o2c_desktop.services.portals.engine import downloads, steps
from o2c_desktop.services.portals.engine.portal_browser import PortalBrowser


class Profile:
    def __init__(self) -> None:
        self.commands: dict[str, list[float]] = defaultdict(list)
        self.steps: dict[str, list[float]] = defaultdict(list)

    def report(self, wall: float) -> str:
        lines = []
        for title, table in (("WebDriver command", self.commands), ("step / phase", self.steps)):
            total = sum(sum(v) for v in table.values())
            lines.append(f"\n{title:40} {'calls':>6} {'total s':>8} {'mean ms':>8}")
            for name, times in sorted(table.items(), key=lambda kv: -sum(kv[1])):
                mean_ms = 1000 * sum(times) / len(times)
                lines.append(f"{name:40} {len(times):6d} {sum(times):8.2f} {mean_ms:8.1f}")
            lines.append(f"{'all (of ' + f'{wall:.1f} s wall)':40} {'':6} {total:8.2f}")
        return "\n".join(lines)


def _timed(
    table: dict[str, list[float]], name: str, func: Callable[..., Any]
) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            table[name].append(time.perf_counter() - started)

    return wrapper


@contextmanager
def profiled() -> Iterator[Profile]:
    profile = Profile()
    original_execute = RemoteConnection.execute
    original_actions = dict(steps.ACTIONS)
    original_wait = downloads.wait_for_download
    original_driver_for = PortalBrowser._driver_for

    def execute(self: RemoteConnection, command: str, params: dict[str, Any]) -> Any:
        started = time.perf_counter()
        try:
            return original_execute(self, command, params)
        finally:
            profile.commands[command].append(time.perf_counter() - started)

    RemoteConnection.execute = execute  # type: ignore[method-assign]
    for name, action in original_actions.items():
        steps.ACTIONS[name] = _timed(profile.steps, f"step {name}", action)
    downloads.wait_for_download = _timed(profile.steps, "  wait_for_download", original_wait)
    PortalBrowser._driver_for = _timed(  # type: ignore[method-assign]
        profile.steps, "browser start / download dir", original_driver_for
    )
    try:
        yield profile
    finally:
        RemoteConnection.execute = original_execute  # type: ignore[method-assign]
        steps.ACTIONS.clear()
        steps.ACTIONS.update(original_actions)
        downloads.wait_for_download = original_wait
        PortalBrowser._driver_for = original_driver_for  # type: ignore[method-assign]
