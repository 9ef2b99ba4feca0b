"""The windowed program (pythonw, the frozen o2c-desktop.exe) has neither stdout nor stderr.

Each test starts the real window entry point in a process whose ``sys.stdout`` and ``sys.stderr``
are None from the first line, offscreen, and reads what reached the log.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

NO_CONSOLE = textwrap.dedent(
    """
    import sys
    sys.stdout = None
    sys.stderr = None
    from PySide6.QtCore import QTimer, qWarning
    from PySide6.QtWidgets import QApplication
    from o2c_desktop.ui.app import main

    app = QApplication(["o2c-desktop"])
    QTimer.singleShot(0, lambda: qWarning("aviso de Qt sin consola"))
    sys.exit(main(sys.argv[1:]))
    """
)
DEADLINE_S = 60.0


def start(data_dir: Path, *options: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "O2C_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.Popen(
        [sys.executable, "-c", NO_CONSOLE, "--data-dir", str(data_dir), *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def log_text(data_dir: Path) -> str:
    log_file = data_dir / "logs" / "o2c.log"
    return log_file.read_text(encoding="utf-8") if log_file.exists() else ""


def wait_for_log(data_dir: Path, line: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while line not in log_text(data_dir):
        assert process.poll() is None, f"exited {process.returncode}: {process.communicate()}"
        assert time.monotonic() < deadline, f"never logged {line!r}:\n{log_text(data_dir)}"
        time.sleep(0.2)


def test_the_window_starts_without_a_console_and_everything_reaches_the_log(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    first = start(data_dir, "--verbose")
    try:
        wait_for_log(data_dir, "WARNING o2c_desktop.qt [MainThread] aviso de Qt sin consola", first)
        assert f"o2c-desktop {_version()} started on {data_dir}" in log_text(data_dir)

        second = start(data_dir)
        second.communicate(timeout=DEADLINE_S)
        assert second.returncode == 0
        assert f"o2c-desktop ya está abierto con la carpeta {data_dir}" in log_text(data_dir)
        assert first.poll() is None, "the first window keeps running"
    finally:
        first.terminate()
        out, err = first.communicate(timeout=30)
    assert (out, err) == ("", ""), "nothing was written to the missing console"


def test_an_option_the_window_does_not_understand_is_logged(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    process = start(data_dir, "--lang", "fr")
    out, err = process.communicate(timeout=DEADLINE_S)
    assert process.returncode == 2
    assert "argument --lang: invalid choice: 'fr'" in log_text(data_dir)
    assert (out, err) == ("", "")


def _version() -> str:
    from o2c_desktop import __version__

    return __version__
