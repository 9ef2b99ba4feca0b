"""Ingest benchmark: generated SAI order lines, altas and the IMSS invoice register, from xlsx.

    .venv/bin/python bench/bench_ingest.py                # about 1,000,000 order lines
    .venv/bin/python bench/bench_ingest.py --scale 20000  # a quick run

Each side runs in its own fresh process, so that its peak RSS is its own:

- ours: the program's ingest (python-calamine -> Arrow columns -> set-based SQL in DuckDB),
  with every check, hash, ledger row and lineage column; big sheets are parsed by reading
  processes, whose CPU time and memory are counted with ours;
- pandas+calamine: what a competent analyst writes, pandas.read_excel(engine="calamine") of
  every sheet and DuckDB CREATE TABLE AS from each frame (no checks, no history);
- floor: python-calamine's raw read of every sheet into Python values, nothing else;
- naive: pandas.read_excel(engine="openpyxl") and one INSERT per row.

ours, pandas+calamine and floor run once to warm the disk cache, then --repeat times; the
median is reported, with the load average before and after. The naive side first times a
sample (--naive-sample rows per file); when the full run would take longer than --naive-limit
seconds, its figures are extrapolated from the sample and marked so (--naive-sample 0 leaves it
out). Generated data is kept under --work and reused on the next run with the same seed/scale.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATASETS = ("sai-ordenes", "sai-altas", "invoice-register")
PEAK_RSS_GOAL_MB = 1536  # issue 17: under 1.5 GB for the world of a million order lines


def _peak_rss_mb() -> float:
    """This process's own peak RSS. Linux's ru_maxrss carries the parent's peak over fork and
    exec, so the per-process high-water mark (VmHWM) is read where it exists."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time of this process, all threads, and of its ended children (the reading processes
    an import starts): on a busy machine it moves far less than wall."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _children_peak_rss_mb() -> float:
    """The largest peak RSS of one ended child."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def generate_inputs(work: Path, seed: int, scale: int) -> list[tuple[str, Path, int]]:
    from o2c_desktop.services.generator import generate

    out = work / f"gen-seed{seed}-scale{scale}"
    manifest = out / "bench_manifest.json"
    if manifest.exists():
        return [(d, Path(p), n) for d, p, n in json.loads(manifest.read_text())]
    started = time.perf_counter()
    result = generate(out, seed=seed, scale=scale)
    files = [
        (f.dataset, str(f.path), f.rows)
        for f in result.files
        if f.dataset in DATASETS
        and f.path.suffix == ".xlsx"
        # The IMSS register is the one joined to altas; the IMSS-B one is another business.
        and "IMSS-B" not in f.path.name
    ]
    manifest.write_text(json.dumps(files))
    print(f"generated in {time.perf_counter() - started:.0f} s: {out}", file=sys.stderr)
    return [(d, Path(p), n) for d, p, n in files]


def worker_fast(files: list[Path]) -> dict[str, object]:
    from o2c_desktop.services.archive import RawArchive
    from o2c_desktop.services.ingest import ingest_paths
    from o2c_desktop.services.ingest.reading_processes import process_count
    from o2c_desktop.services.warehouse import Warehouse

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        warehouse = Warehouse(root / "warehouse.duckdb")
        try:
            started, cpu = time.perf_counter(), _cpu_seconds()
            outcomes = ingest_paths(warehouse, RawArchive(root / "archive", warehouse), files)
            seconds = time.perf_counter() - started
            rows = sum(o.rows_read for o in outcomes)
            bad = [o.message for o in outcomes if o.status != "loaded"]
        finally:
            warehouse.close()
    # The reading processes (ended with the import) count too: at most this many at once, each
    # taken at the largest peak any of them reached.
    return {
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu,
        "peak_rss_mb": _peak_rss_mb() + process_count() * _children_peak_rss_mb(),
        "problems": bad,
    }


def header_row(path: Path) -> int:
    """Where the header sits (the analyst knows: the register has a title block above it):
    the first of the top rows that fills as many cells as the widest of them."""
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    top = workbook.get_sheet_by_index(0).to_python(nrows=30)
    filled = [sum(v not in (None, "") for v in row) for row in top]
    return filled.index(max(filled))


def worker_pandas(files: list[Path]) -> dict[str, object]:
    import duckdb
    import pandas as pd

    headers = [header_row(path) for path in files]
    con = duckdb.connect()
    rows = 0
    started, cpu = time.perf_counter(), _cpu_seconds()
    for number, path in enumerate(files):
        frames = pd.read_excel(path, engine="calamine", sheet_name=None, header=headers[number])
        for index, frame in enumerate(frames.values()):
            con.register("frame", frame)
            con.execute(f"CREATE TABLE t{number}_{index} AS SELECT * FROM frame")
            con.unregister("frame")
            rows += len(frame)
    seconds = time.perf_counter() - started
    con.close()
    return {
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu,
        "peak_rss_mb": _peak_rss_mb(),
    }


def worker_floor(files: list[Path]) -> dict[str, object]:
    import python_calamine

    rows = 0
    started, cpu = time.perf_counter(), _cpu_seconds()
    for path in files:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            rows += len(workbook.get_sheet_by_name(name).to_python())
    seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu,
        "peak_rss_mb": _peak_rss_mb(),
    }


def worker_naive(files: list[Path], sample: int | None) -> dict[str, object]:
    import duckdb
    import pandas as pd

    con = duckdb.connect()
    rows = 0
    started, cpu = time.perf_counter(), _cpu_seconds()
    for number, path in enumerate(files):
        frame = pd.read_excel(path, engine="openpyxl", dtype=object, nrows=sample)
        table = f"t{number}"
        columns = ", ".join(f'"c{i}" VARCHAR' for i in range(frame.shape[1]))
        con.execute(f"CREATE TABLE {table} ({columns})")
        marks = ", ".join("?" for _ in range(frame.shape[1]))
        for record in frame.itertuples(index=False):
            con.execute(
                f"INSERT INTO {table} VALUES ({marks})",
                [None if pd.isna(v) else str(v) for v in record],
            )
        rows += len(frame)
    seconds = time.perf_counter() - started
    con.close()
    return {
        "rows": rows,
        "seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu,
        "peak_rss_mb": _peak_rss_mb(),
    }


def run_worker(mode: str, files: list[Path], sample: int | None = None) -> dict[str, object]:
    command = [sys.executable, __file__, "--worker", mode, *map(str, files)]
    if sample is not None:
        command += ["--naive-sample", str(sample)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _load_average() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def median_run(mode: str, files: list[Path], repeat: int) -> dict[str, object]:
    """One run to warm the page cache, then the median of ``repeat`` runs (peak RSS: largest)."""
    run_worker(mode, files)
    runs = [run_worker(mode, files) for _ in range(repeat)]
    result = dict(runs[0])
    result["seconds"] = statistics.median(float(r["seconds"]) for r in runs)  # type: ignore[arg-type]
    result["cpu_seconds"] = statistics.median(float(r["cpu_seconds"]) for r in runs)  # type: ignore[arg-type]
    result["peak_rss_mb"] = max(float(r["peak_rss_mb"]) for r in runs)  # type: ignore[arg-type]
    result["all_seconds"] = [round(float(r["seconds"]), 2) for r in runs]  # type: ignore[arg-type]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # At the default scale the generator writes about 1,000,000 SAI order lines.
    parser.add_argument("--scale", type=int, default=1_700_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "o2c-bench")
    parser.add_argument("--naive-sample", type=int, default=20_000)
    parser.add_argument("--naive-limit", type=float, default=15 * 60)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", choices=["fast", "pandas", "floor", "naive"])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()

    if args.worker == "fast":
        print(json.dumps(worker_fast(args.files)))
        return
    if args.worker == "pandas":
        print(json.dumps(worker_pandas(args.files)))
        return
    if args.worker == "floor":
        print(json.dumps(worker_floor(args.files)))
        return
    if args.worker == "naive":
        sample = args.naive_sample if args.naive_sample > 0 else None
        print(json.dumps(worker_naive(args.files, sample)))
        return

    inputs = generate_inputs(args.work, args.seed, args.scale)
    files = [path for _, path, _ in inputs]
    total_rows = sum(rows for _, _, rows in inputs)
    for dataset in DATASETS:
        count = sum(rows for d, _, rows in inputs if d == dataset)
        print(f"{dataset:18s} {count:>10,d} rows", file=sys.stderr)

    load_before = _load_average()
    sides: list[tuple[str, dict[str, object]]] = [
        ("ours", median_run("fast", files, args.repeat)),
        ("pandas+calamine", median_run("pandas", files, args.repeat)),
        ("floor", median_run("floor", files, args.repeat)),
    ]
    if args.naive_sample > 0:
        sampled = run_worker("naive", files, args.naive_sample)
        rate = float(sampled["rows"]) / float(sampled["seconds"])  # type: ignore[arg-type]
        estimate = total_rows / rate
        if estimate > args.naive_limit:
            naive = dict(sampled)
            naive["rows"] = total_rows
            naive["seconds"] = estimate
            naive["extrapolated_from_rows"] = sampled["rows"]
        else:
            naive = run_worker("naive", files, 0)
        sides.append(("naive", naive))
    load_after = _load_average()

    ours = float(sides[0][1]["seconds"])  # type: ignore[arg-type]
    print()
    print(f"{len(files)} xlsx files, {total_rows:,} data rows; median of {args.repeat} runs")
    print(
        f"{'approach':<16} {'rows':>11} {'seconds':>9} {'cpu s':>7} {'rows/s':>10} "
        f"{'peak RSS MB':>12} {'ours ÷ it':>10}  runs"
    )
    for name, figures in sides:
        seconds = float(figures["seconds"])  # type: ignore[arg-type]
        note = f"  {figures.get('all_seconds', '')}"
        if "extrapolated_from_rows" in figures:
            note = f"  (extrapolated from {figures['extrapolated_from_rows']:,} rows)"
        print(
            f"{name:<16} {int(figures['rows']):>11,d} {seconds:>9.2f} "  # type: ignore[call-overload]
            f"{float(figures.get('cpu_seconds', 'nan')):>7.1f} "  # type: ignore[arg-type]
            f"{total_rows / seconds:>10,.0f} {float(figures['peak_rss_mb']):>12,.0f} "  # type: ignore[arg-type]
            f"{ours / seconds:>9.2f}x{note}"
        )
    baseline = float(sides[1][1]["seconds"])  # type: ignore[arg-type]
    floor = float(sides[2][1]["seconds"])  # type: ignore[arg-type]
    print(
        f"ours vs pandas+calamine: {baseline / ours:.2f}x as fast (goal >= 1.0); "
        f"ours / floor: {ours / floor:.2f} (aim <= 1.5)"
    )
    ours_cpu = float(sides[0][1]["cpu_seconds"])  # type: ignore[arg-type]
    baseline_cpu = float(sides[1][1]["cpu_seconds"])  # type: ignore[arg-type]
    floor_cpu = float(sides[2][1]["cpu_seconds"])  # type: ignore[arg-type]
    print(
        f"in CPU seconds: {baseline_cpu / ours_cpu:.2f}x as fast as pandas+calamine; "
        f"ours / floor: {ours_cpu / floor_cpu:.2f}"
    )
    peaks = {name: float(figures["peak_rss_mb"]) for name, figures in sides}  # type: ignore[arg-type]
    print(
        f"peak RSS: ours {peaks['ours']:,.0f} MB (goal < {PEAK_RSS_GOAL_MB:,} MB), "
        f"pandas+calamine {peaks['pandas+calamine']:,.0f} MB, floor {peaks['floor']:,.0f} MB"
    )
    print(f"load average before: {load_before}; after: {load_after}")
    problems = sides[0][1].get("problems")
    if problems:
        print(f"problems in our ingest: {problems}")


if __name__ == "__main__":
    main()
