"""A second ``o2c-desktop`` on the same data folder brings the first window forward and leaves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtNetwork import QLocalServer, QLocalSocket

from o2c_desktop.ui.single_instance import server_name

START_DEADLINE_S = 60.0
RAISED_LINE = "another start on the same data folder: showing this window"


def desktop_command(data_dir: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "o2c_desktop.ui.app",
        "--data-dir",
        str(data_dir),
    ]


def offscreen_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "O2C_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def wait_until_listening(name: str, first: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + START_DEADLINE_S
    while True:
        assert first.poll() is None, "the first o2c-desktop exited while starting"
        assert time.monotonic() < deadline, "the first o2c-desktop never started listening"
        probe = QLocalSocket()
        probe.connectToServer(name)
        if probe.waitForConnected(200):
            probe.disconnectFromServer()
            return
        time.sleep(0.2)


def test_second_start_on_same_folder_raises_the_first_and_exits(qapp, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = subprocess.Popen(desktop_command(data_dir), env=offscreen_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_until_listening(server_name(data_dir), first)
        second = subprocess.run(desktop_command(data_dir), env=offscreen_env(), text=True,
                                capture_output=True, timeout=60, check=False)  # fmt: skip
        assert second.returncode == 0, second.stderr
        assert f"ya está abierto con la carpeta {data_dir}" in second.stderr
        # The first window logs the request once it has read it (the log lives in the folder).
        log_file = data_dir / "logs" / "o2c.log"
        deadline = time.monotonic() + 20
        while RAISED_LINE not in _text_of(log_file):
            assert time.monotonic() < deadline, "the first window never heard the second start"
            time.sleep(0.1)
        assert first.poll() is None, "the first window must keep running"
    finally:
        first.terminate()
        first.communicate(timeout=30)


def _text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_a_different_data_folder_gets_its_own_window(tmp_path: Path) -> None:
    assert server_name(tmp_path / "one") != server_name(tmp_path / "two")
    assert server_name(tmp_path / "one") == server_name(tmp_path / "x" / ".." / "one")


def test_the_folder_lock_keeps_a_second_window_out_even_when_the_pipe_is_free(
    qapp, tmp_path: Path
) -> None:
    """On Windows a second server can listen on the same pipe name, so a socket cannot be the
    guard. Removing the first window's socket shows the same situation here: the second start
    must still find the folder taken (by its QLockFile) and leave."""
    data_dir = tmp_path / "data"
    first = subprocess.Popen(desktop_command(data_dir), env=offscreen_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_until_listening(server_name(data_dir), first)
        QLocalServer.removeServer(server_name(data_dir))
        second = subprocess.run(desktop_command(data_dir), env=offscreen_env(), text=True,
                                capture_output=True, timeout=60, check=False)  # fmt: skip
        assert second.returncode == 0, second.stderr
        assert f"ya está abierto con la carpeta {data_dir}; cambie a esa ventana" in second.stderr
        assert first.poll() is None, "the first window must keep running"
    finally:
        first.terminate()
        first.communicate(timeout=30)


def test_a_window_killed_without_closing_leaves_the_folder_free(qapp, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = subprocess.Popen(desktop_command(data_dir), env=offscreen_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    wait_until_listening(server_name(data_dir), first)
    first.kill()
    first.communicate(timeout=30)
    assert (data_dir / "o2c-desktop.lock").exists(), "the dead window's lock is still there"
    again = subprocess.Popen(desktop_command(data_dir), env=offscreen_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        wait_until_listening(server_name(data_dir), again)
    finally:
        again.terminate()
        again.communicate(timeout=30)
