"""Progress on stderr, so that stdout stays clean for JSON and CSV."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import click


class TerminalProgress:
    """A one-line bar on a terminal; one line per step when stderr is redirected.

    Updates may come from several threads (portals synced side by side); while a question is
    asked at the terminal (:meth:`held`) none is drawn, so the bar never overwrites the prompt.
    """

    def __init__(self, title: str) -> None:
        self.title = title
        self._tty = sys.stderr.isatty()
        self._last_label = ""
        self._last_draw = 0.0
        self._lock = threading.Lock()
        self._held = False
        self._missed: tuple[str, float] | None = None

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._tty:
            click.echo("", err=True)

    def update(self, label: str, fraction: float) -> None:
        with self._lock:
            if self._held:
                self._missed = (label, fraction)
                return
            self._draw(label, fraction)

    @contextmanager
    def held(self) -> Iterator[None]:
        """No progress drawn meanwhile (a question is being asked); the latest update missed is
        drawn afterwards."""
        with self._lock:
            self._held = True
        try:
            yield
        finally:
            with self._lock:
                self._held = False
                missed, self._missed = self._missed, None
                if missed is not None:
                    self._last_draw = 0.0
                    self._draw(*missed)

    def _draw(self, label: str, fraction: float) -> None:
        if self._tty:
            now = time.monotonic()
            if now - self._last_draw < 0.1 and fraction < 1.0:
                return
            self._last_draw = now
            filled = int(max(0.0, min(1.0, fraction)) * 30)
            bar = "#" * filled + "-" * (30 - filled)
            click.echo(
                f"\r{self.title}: [{bar}] {fraction:4.0%} {label[:40]:<40}", err=True, nl=False
            )
        elif label != self._last_label:
            click.echo(f"{self.title}: {label}", err=True)
        self._last_label = label
