"""The test suite, or part of it, run one test after another and then on pytest-xdist workers.

    .venv/bin/python bench/bench_tests.py [--workers 2] [--repeat 1] [PATH ...]

PATH defaults to tests/services/analytics (a generated world and 66 tests). Each repeat runs
pytest serially (``-n 0``) and then with ``-n WORKERS``, one after the other, and prints for each:
wall time, CPU seconds of pytest and everything it started (user + system), the load average
before and after, and the result line. Then the median speed-up (serial wall / parallel wall).

Workers help only when cores are idle: on a machine whose load average is already at or above its
number of cores, the parallel run pays a second collection and gains nothing; read the load
figures beside the times.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(paths: list[str], workers: int) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the run's processes, pytest's last line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", str(workers), *paths],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = result.stdout.strip().splitlines()
    return wall, cpu, lines[-1] if lines else f"exit {result.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["tests/services/analytics"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    print(f"cores {os.cpu_count()}, paths {' '.join(args.paths)}")
    ratios = []
    for _ in range(args.repeat):
        walls = {}
        for workers in (0, args.workers):
            load = load_average()
            wall, cpu, last = run(args.paths, workers)
            walls[workers] = wall
            label = "serial" if workers == 0 else f"-n {workers}"
            print(f"{label:7s} wall {wall:7.1f} s  CPU {cpu:7.1f} s  "
                  f"load {load} -> {load_average()}  | {last}")  # fmt: skip
        ratios.append(walls[0] / walls[args.workers])
    median = statistics.median(ratios)
    print(f"speed-up (serial wall / -n {args.workers} wall), median: {median:.2f}x")


if __name__ == "__main__":
    main()
