"""Starting the desktop program from its entry point, as the installed copy is started: in a
process of its own (the window's event loop runs and quits, which a test's shared QApplication
must not do)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TITLE = "o2c_desktop — Orden a Cobro"


def test_quit_after_show_prints_the_title_and_exits_cleanly(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    program = Path(sys.executable).with_name("o2c-desktop")

    done = subprocess.run(
        [str(program), "--data-dir", str(data_dir), "--quit-after-show"],
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == TITLE
    log_text = (data_dir / "logs" / "o2c.log").read_text(encoding="utf-8")
    assert f"window shown: {TITLE}" in log_text
    assert (data_dir / "warehouse.duckdb").is_file()
