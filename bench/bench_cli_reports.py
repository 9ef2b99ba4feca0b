"""CLI report benchmark: ``o2c reconcile --format csv`` against the view's own query.

    .venv/bin/python bench/bench_cli_reports.py [--order-lines 120000] [--repeat 3]
        [--keep /tmp/o2c_cli_reports]

Fills a data folder's warehouse with the generator's world (bench_reconcile's set-based fill;
120,000 IMSS order lines give about 161,000 reconciliation records), then times, each in a
fresh process of its own, median of --repeat runs after a first run reported apart:

1. ours: ``o2c reconcile --format csv`` writing the report to a file (what a clerk pipes);
2. the strongest baseline: the same ``reconciliation`` view at the same cut into Arrow, in a
   Python process that imports only what it needs (no CSV written);
3. the floor: one hand-written DuckDB query of the same joins writing CSV with ``COPY``.

Then ``--format json`` and ``--export x.csv`` of the same report, each with its peak RSS, and
``--format csv`` again once the Conciliación screen's report cache holds the rows.
Prints the load average, every run, and the ratios. --keep reuses the data folder.

Every process reads its modules' bytecode from a cache the first run fills (as an installed
program does), even where PYTHONDONTWRITEBYTECODE is set: compiling some 230 modules from source
would add about a second to every side. --phases first times, in this process, where the CSV's
time goes: building the report, the view into Arrow, the CSV lines into Arrow, writing them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench_reconcile import AS_OF, PLAIN_CHAIN, build

from o2c_desktop.paths import resolve_paths
from o2c_desktop.services.generator.world import IMSS_SHARE

VIEW_INTO_ARROW = """
import sys
from pathlib import Path
from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.reconcile import chain
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings
from datetime import date
with Warehouse(Path(sys.argv[1]), read_only=True) as warehouse:
    report = chain(warehouse.connection, make_cut(date.fromisoformat(sys.argv[2])),
                   AnalyticsSettings(), {})
    table = report.relation.select(*report.columns).to_arrow_table()
print(table.num_rows)
"""

WARM_CACHE = """
import sys
from pathlib import Path
from datetime import date
from o2c_desktop.paths import resolve_paths
from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.reconcile import COLUMNS, chain
from o2c_desktop.services.analytics.report_cache import ReportCache
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings
paths, settings = resolve_paths(sys.argv[1]), AnalyticsSettings()
cache, cut = ReportCache(paths.cache_dir / "reports"), make_cut(date.fromisoformat(sys.argv[2]))
with Warehouse(paths.warehouse_file, read_only=True) as warehouse:
    con = warehouse.connection
    key = cache.key(con, paths.warehouse_file, "reconciliation", COLUMNS, cut, settings, {})
    rows = chain(con, cut, settings).relation.select(*COLUMNS).to_arrow_table()
cache.store("reconciliation", key, rows)
"""

PLAIN_COPY = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute(f"COPY ({sys.argv[2]}) TO '{sys.argv[3]}' (FORMAT csv, HEADER true)")
"""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


PHASES = """
import sys, time
from datetime import date
from pathlib import Path
from o2c_desktop.cli.output import CLI_CSV_DIALECT
from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.reconcile import chain
from o2c_desktop.services.exports.csv_sql import line_expression
from o2c_desktop.services.exports.line_stream import column_types, stream_lines
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings
with Warehouse(Path(sys.argv[1]), read_only=True) as warehouse:
    warehouse.connection.execute("SET enable_progress_bar = false")
    for attempt in (1, 2):
        started = time.perf_counter()
        report = chain(warehouse.connection, make_cut(date.fromisoformat(sys.argv[2])),
                       AnalyticsSettings(), {})
        built = time.perf_counter()
        report.relation.select(*report.columns).to_arrow_table()
        viewed = time.perf_counter()
        selected, types = column_types(report.relation, report.columns)
        chunks = list(stream_lines(selected, line_expression(types, CLI_CSV_DIALECT), "\\n"))
        lined = time.perf_counter()
        with open(sys.argv[3], "w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(str(chunk, "utf-8"))
        print(f"  run {attempt}: build {built - started:.2f} s, view into Arrow "
              f"{viewed - built:.2f} s, CSV lines into Arrow {lined - viewed:.2f} s, "
              f"write {time.perf_counter() - lined:.2f} s")
"""

# Bytecode cached as an installed program has it (see the module's docstring).
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], stdout_path: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh process."""
    out = stdout_path.open("wb") if stdout_path else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=ENVIRONMENT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    finally:
        if stdout_path:
            out.close()  # type: ignore[union-attr]
    if status != 0:
        assert process.stderr is not None
        sys.exit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def timed(label: str, command: list[str], repeat: int, out: Path | None) -> float:
    runs = [run(command, out) for _ in range(repeat + 1)]
    median = statistics.median(s for s, _ in runs[1:])
    every = ", ".join(f"{s:.2f}" for s, _ in runs)
    print(f"  {label:<40} {median:7.2f} s   peak RSS {max(m for _, m in runs):6.0f} MB   "
          f"(every run, first first: {every})")  # fmt: skip
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--order-lines", type=int, default=120_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="data folder to fill once and reuse")
    parser.add_argument("--phases", action="store_true", help="time the CSV's phases first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ENVIRONMENT["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        folder = args.keep or Path(tmp) / "data"
        warehouse = folder / "warehouse.duckdb"
        if warehouse.exists():
            print(f"Data folder kept from an earlier run: {folder}")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            build(warehouse, round(args.order_lines / IMSS_SHARE))
        python, o2c = sys.executable, [sys.executable, "-m", "o2c_desktop"]
        cli = [*o2c, "--data-dir", str(folder), "reconcile", "--as-of", AS_OF.isoformat()]
        known = f"TIMESTAMP '{(AS_OF + timedelta(days=1)).isoformat()}'"
        current = f"valid_from < {known} AND (valid_to IS NULL OR valid_to >= {known})"
        plain = " ".join(PLAIN_CHAIN.format(known=known, current=current).split())
        out = Path(tmp) / "out"
        if args.phases:
            print(f"\nWhere the CSV's time goes, in one process  [load {load()}]")
            phases = [python, "-c", PHASES, str(warehouse), AS_OF.isoformat(), str(out)]
            print(subprocess.run(phases, check=True, capture_output=True, text=True).stdout, end="")
        print(f"\nReconciliation at {AS_OF}, each command in a fresh process, median of "
              f"{args.repeat} after a first run; load average before: {load()}")  # fmt: skip
        ours = timed("o2c reconcile --format csv > file", [*cli, "--format", "csv"],
                     args.repeat, out)  # fmt: skip
        rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
        view = timed("the view into Arrow (strongest baseline)",
                     [python, "-c", VIEW_INTO_ARROW, str(warehouse), AS_OF.isoformat()],
                     args.repeat, None)  # fmt: skip
        floor = timed("plain DuckDB query, COPY to CSV (floor)",
                      [python, "-c", PLAIN_COPY, str(warehouse), plain, str(out)],
                      args.repeat, None)  # fmt: skip
        json_seconds = timed("o2c reconcile --format json > file", [*cli, "--format", "json"],
                             args.repeat, out)  # fmt: skip
        export = Path(tmp) / "conciliacion.csv"
        export_seconds = timed("o2c reconcile --export x.csv",
                               [*cli, "--export", str(export)], args.repeat, None)  # fmt: skip
        run([python, "-c", WARM_CACHE, str(folder), AS_OF.isoformat()])
        cached = timed("o2c reconcile --format csv, screen's cache",
                       [*cli, "--format", "csv"], args.repeat, out)  # fmt: skip
        for kept in (resolve_paths(str(folder)).cache_dir / "reports").glob("reconciliation-*"):
            kept.unlink()  # the next run measures the computed report again
        print(f"  records: {rows:,}; load average after: {load()}")
        print(f"  csv: {ours / view:.2f}× the view into Arrow (goal ≤ 1.5×), "
              f"{ours / floor:.2f}× the floor")  # fmt: skip
        print(f"  csv from the screen's report cache: {cached / view:.2f}× the view")
        print(
            f"  json: {json_seconds / view:.2f}× the view; export: "
            f"{export_seconds / view:.2f}× the view, {export_seconds / floor:.2f}× the floor"
        )


if __name__ == "__main__":
    main()
