"""Starting the desktop program from its entry point, as the installed copy is started."""

from __future__ import annotations

from pathlib import Path

import pytest

from o2c_desktop.ui import app as app_module

TITLE = "o2c_desktop — Orden a Cobro"


def test_quit_after_show_prints_the_title_and_exits_cleanly(
    qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"

    exit_code = app_module.main(["--data-dir", str(data_dir), "--quit-after-show"])

    assert exit_code == 0
    assert capsys.readouterr().out.strip() == TITLE
    log_text = (data_dir / "logs" / "o2c.log").read_text(encoding="utf-8")
    assert f"window shown: {TITLE}" in log_text
    assert (data_dir / "warehouse.duckdb").is_file()
