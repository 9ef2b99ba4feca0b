"""`o2c sync` from the command line against the demo portal (settings mode "demo")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def o2c(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_sync_one_portal_and_list_the_run(data_dir: Path) -> None:
    (data_dir / "config").mkdir()
    (data_dir / "config" / "settings.toml").write_text(
        "[demo]\nscale = 100\n[portals]\ndemo_export_delay_s = 0.2\n", encoding="utf-8"
    )
    result = o2c(data_dir, "sync", "--portal", "sagi", "--format", "json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "ok"
    [step] = summary["steps"]
    assert (step["portal"], step["report"], step["status"]) == ("sagi", "sagi.facturas2024", "ok")
    assert step["files"] == 1
    assert step["rows_loaded"] > 0

    runs = json.loads(o2c(data_dir, "runs", "--format", "json").stdout)
    assert [(r["run_id"], r["trigger"], r["status"]) for r in runs] == [(1, "cli", "ok")]
    steps = json.loads(o2c(data_dir, "runs", "--run", "1", "--format", "json").stdout)
    assert [(s["report"], s["status"], s["files"]) for s in steps] == [
        ("sagi.facturas2024", "ok", 1)
    ]
    assert Path(steps[0]["evidence_dir"], "run.log").exists()


def test_bad_dates_are_refused_before_any_browser_starts(data_dir: Path) -> None:
    bad = o2c(data_dir, "sync", "--from", "32/01/2025")
    assert bad.returncode == 1
    assert "La fecha --from «32/01/2025» no es válida: use dd/mm/aaaa" in bad.stderr
    reversed_range = o2c(data_dir, "sync", "--from", "01/02/2025", "--to", "01/01/2025")
    assert reversed_range.returncode == 1
    assert "La fecha inicial 01/02/2025 es posterior a la final 01/01/2025" in reversed_range.stderr
    assert json.loads(o2c(data_dir, "runs", "--format", "json").stdout) == []
