"""A fresh X virtual framebuffer for a test that needs a real screen (a window, a browser)."""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_DEADLINE_S = 15.0


@contextmanager
def virtual_display(size: tuple[int, int]) -> Iterator[str]:
    """Xvfb on a display number it picks itself (``-displayfd``: no race for a number); yields
    the display name (``":7"``) and ends the server afterwards."""
    binary = shutil.which("Xvfb")
    assert binary is not None, "Xvfb is missing: scripts/setup.sh installs it (package xvfb)"
    screen = f"{size[0]}x{size[1]}x24"
    server = subprocess.Popen(
        [binary, "-displayfd", "1", "-screen", "0", screen, "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        number = _read_display_number(server)
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + START_DEADLINE_S
        while not socket.exists():
            assert server.poll() is None, "Xvfb exited while starting"
            assert time.monotonic() < deadline, f"Xvfb socket {socket} never appeared"
            time.sleep(0.02)
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        assert server.stdout is not None
        server.stdout.close()


def _read_display_number(server: subprocess.Popen[bytes]) -> int:
    """Xvfb writes its display number and a newline once it accepts connections."""
    assert server.stdout is not None
    received = b""
    deadline = time.monotonic() + START_DEADLINE_S
    with selectors.DefaultSelector() as selector:
        selector.register(server.stdout, selectors.EVENT_READ)
        while not received.endswith(b"\n"):
            left = deadline - time.monotonic()
            assert left > 0, "Xvfb did not report a display number in time"
            if selector.select(timeout=left):
                chunk = os.read(server.stdout.fileno(), 64)
                assert chunk, "Xvfb exited before reporting a display number"
                received += chunk
    return int(received.strip())
