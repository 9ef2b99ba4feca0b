"""Start-up of the desktop window: time to the first window, idle memory, memory after every page.

    .venv/bin/python bench/bench_startup.py [--rounds 5] [--data-dir DIR]

Each round starts three fresh processes, offscreen: ``o2c-desktop`` on a data folder holding the
demo data (made once with ``o2c demo`` when ``--data-dir`` is not given; give a generated world's
folder for a realistic size) opening on Inicio, the same program reopening on Conciliación (the
page it restores when the clerk left it there: the report's rows are then read and copied for
browsing before the window is idle), and the floor: the same Python and Qt showing an empty main
window with the same title. The figure is the wall time from starting the process to the window
being shown (the first turn of the event loop after ``show()``); idle memory is the resident set
(and the proportional set, PSS) once no worker has run for 2 s and the resident set stopped
moving, at least 3 s after the window appears; then memory after visiting every page. Rounds
alternate the sides; medians are printed next to the floor. Goal (issue 17): idle below 300 MB.
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
# The rows of PAGE_SPECS the sides open on (restored from the window's saved state).
SIDES = {"o2c-desktop": 0, "on Conciliación": 2, "floor": None}

CHILD = r"""
import json, os, sys, time
t0 = float(os.environ["BENCH_T0"])
side = os.environ["BENCH_SIDE"]
from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
import psutil

app = QApplication(["o2c-desktop", "-platform", "offscreen"])
result = {}

def rss_mb():
    return psutil.Process().memory_info().rss / 1e6

def pss_mb():
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024 / 1e6
    return 0.0

def main_window():
    for widget in app.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            return widget
    return None

def shown():
    window = main_window()
    result["first_window_s"] = time.time() - t0
    result["title"] = window.windowTitle() if window else None
    QTimer.singleShot(SETTLE_MS, lambda: settle([]))

def settle(samples):
    # Idle: no worker for the last 2 s (4 samples) and the resident set steady within 2 MB.
    busy = QThreadPool.globalInstance().activeThreadCount()
    samples.append(None if busy else rss_mb())
    last = samples[-4:]
    if len(last) == 4 and None not in last and max(last) - min(last) <= 2 or len(samples) > 240:
        idle()
    else:
        QTimer.singleShot(500, lambda: settle(samples))

def idle():
    result["idle_rss_mb"] = rss_mb()
    result["idle_pss_mb"] = pss_mb()
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
    state = os.path.join(os.environ["BENCH_DATA_DIR"], "config", "window.ini")
    saved = QSettings(state, QSettings.Format.IniFormat)
    saved.setValue("main_window/page", int(os.environ["BENCH_PAGE"]))
    saved.sync()
    from o2c_desktop.ui.app import main
    main(["--data-dir", os.environ["BENCH_DATA_DIR"]])
"""


def run_child(side: str, data_dir: Path) -> dict[str, float]:
    page = SIDES[side]
    env = dict(
        os.environ,
        BENCH_SIDE="floor" if page is None else "app",
        BENCH_PAGE=str(page or 0),
        BENCH_DATA_DIR=str(data_dir),
        QT_QPA_PLATFORM="offscreen",
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
    runs: dict[str, list[dict[str, float]]] = {side: [] for side in SIDES}
    for round_no in range(1, args.rounds + 1):
        for side in SIDES:
            result = run_child(side, data_dir)
            runs[side].append(result)
            print(
                f"round {round_no} {side:16} first window {result['first_window_s']:.2f} s, "
                f"idle {result['idle_rss_mb']:.0f} MB (PSS {result['idle_pss_mb']:.0f}), "
                f"after pages {result['pages_rss_mb']:.0f} MB, load {os.getloadavg()[0]:.2f}"
            )
    print(f"\nmedians of {args.rounds} rounds (load average now {os.getloadavg()[0]:.2f})")
    print(f"{'figure':16} {'Inicio':>11} {'Conciliación':>13} {'floor':>10}  ratios to floor")
    for key, unit in (
        ("first_window_s", "s"),
        ("idle_rss_mb", "MB"),
        ("idle_pss_mb", "MB"),
        ("pages_rss_mb", "MB"),
    ):
        home, recon, floor = (statistics.median(r[key] for r in runs[side]) for side in SIDES)
        print(
            f"{key:16} {home:>8.2f} {unit:<2} {recon:>10.2f} {unit:<2} {floor:>7.2f} {unit:<2}"
            f"  {home / floor:.1f}× / {recon / floor:.1f}×"
        )


if __name__ == "__main__":
    main()
