"""Start-up of the desktop window: time to the first window, idle memory, memory after every page.

    .venv/bin/python bench/bench_startup.py [--rounds 5] [--data-dir DIR]

Each round starts two fresh processes, offscreen: ``o2c-desktop`` on a data folder holding the demo
data (made once with ``o2c demo`` when ``--data-dir`` is not given), and the floor: the same Python
and Qt showing an empty main window with the same title. The figure is the wall time from starting
the process to the window being shown (the first turn of the event loop after ``show()``); memory
is the resident set 3 s after the window appears (idle) and after visiting every page. Rounds
alternate the two sides; medians are printed next to the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETTLE_MS = 3000
PAGE_VISIT_MS = 1500

CHILD = r"""
import json, os, sys, time
t0 = float(os.environ["BENCH_T0"])
side = os.environ["BENCH_SIDE"]
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import psutil

app = QApplication(["o2c-desktop", "-platform", "offscreen"])
result = {}

def rss_mb():
    return psutil.Process().memory_info().rss / 1e6

def main_window():
    for widget in app.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            return widget
    return None

def shown():
    window = main_window()
    result["first_window_s"] = time.time() - t0
    result["title"] = window.windowTitle() if window else None
    QTimer.singleShot(SETTLE_MS, idle)

def idle():
    result["idle_rss_mb"] = rss_mb()
    window = main_window()
    pages = window.navigation.count() if hasattr(window, "navigation") else 0
    visit(window, 1, pages)

def visit(window, row, pages):
    if row < pages:
        window.navigation.setCurrentRow(row)
        QTimer.singleShot(PAGE_VISIT_MS, lambda: visit(window, row + 1, pages))
        return
    result["pages_rss_mb"] = rss_mb()
    print("BENCH " + json.dumps(result), flush=True)
    window.close()
    app.quit()

QTimer.singleShot(0, shown)
if side == "floor":
    window = QMainWindow()
    window.setWindowTitle("o2c_desktop — Orden a Cobro")
    window.resize(1200, 800)
    window.show()
    app.exec()
else:
    from o2c_desktop.ui.app import main
    main(["--data-dir", os.environ["BENCH_DATA_DIR"]])
"""


def run_child(side: str, data_dir: Path) -> dict[str, float]:
    env = dict(
        os.environ, BENCH_SIDE=side, BENCH_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen"
    )
    code = f"SETTLE_MS = {SETTLE_MS}\nPAGE_VISIT_MS = {PAGE_VISIT_MS}\n{CHILD}"
    env["BENCH_T0"] = repr(time.time())
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH "):
            return dict(json.loads(line[len("BENCH ") :]))
    raise SystemExit(f"{side} did not report (exit {done.returncode}):\n{done.stderr[-3000:]}")


def demo_data_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="o2c-bench-startup-"))
    o2c = Path(sys.executable).with_name("o2c")
    print(f"making the demo data in {folder} (o2c demo)…", flush=True)
    subprocess.run([str(o2c), "--data-dir", str(folder), "demo"], check=True, capture_output=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    data_dir = args.data_dir or demo_data_dir()
    print(f"load average {os.getloadavg()[0]:.2f}; data folder {data_dir}")
    runs: dict[str, list[dict[str, float]]] = {"o2c-desktop": [], "floor": []}
    for round_no in range(1, args.rounds + 1):
        for side in ("o2c-desktop", "floor"):
            result = run_child("app" if side == "o2c-desktop" else "floor", data_dir)
            runs[side].append(result)
            print(
                f"round {round_no} {side:12} first window {result['first_window_s']:.2f} s, "
                f"idle {result['idle_rss_mb']:.0f} MB, after pages {result['pages_rss_mb']:.0f} MB"
            )
    print(f"\nmedians of {args.rounds} rounds (load average now {os.getloadavg()[0]:.2f})")
    print(f"{'figure':22} {'o2c-desktop':>12} {'floor':>10} {'ratio':>7}")
    for key, unit in (
        ("first_window_s", "s"),
        ("idle_rss_mb", "MB"),
        ("pages_rss_mb", "MB"),
    ):
        ours = statistics.median(r[key] for r in runs["o2c-desktop"])
        floor = statistics.median(r[key] for r in runs["floor"])
        print(f"{key:22} {ours:>10.2f} {unit:<2}{floor:>7.2f} {unit:<2} {ours / floor:>6.1f}×")


if __name__ == "__main__":
    main()
