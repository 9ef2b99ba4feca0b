"""Progress on stderr, so that stdout stays clean for JSON and CSV."""

from __future__ import annotations

import sys
import time

import click


class TerminalProgress:
    """A one-line bar on a terminal; one line per step when stderr is redirected."""

    def __init__(self, title: str) -> None:
        self.title = title
        self._tty = sys.stderr.isatty()
        self._last_label = ""
        self._last_draw = 0.0

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._tty:
            click.echo("", err=True)

    def update(self, label: str, fraction: float) -> None:
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
