"""Ingest benchmark: generated SAI order lines, altas and the IMSS invoice register, from xlsx.

    .venv/bin/python bench/bench_ingest.py                # about 1,000,000 order lines
    .venv/bin/python bench/bench_ingest.py --scale 20000  # a quick run

Two approaches run side by side, each in its own process so that peak RSS is its own:

- fast: the program's ingest (python-calamine -> Arrow chunks -> set-based SQL in DuckDB);
- naive: pandas.read_excel(engine="openpyxl") and one INSERT per row.

The naive side first times a sample (--naive-sample rows per file); when the full run would
take longer than --naive-limit seconds, its figures are extrapolated from the sample and marked
so. Generated data is kept under --work and reused on the next run with the same seed/scale.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATASETS = ("sai-ordenes", "sai-altas", "invoice-register")


def _peak_rss_mb() -> float:
    """This process's own peak RSS. Linux's ru_maxrss carries the parent's peak over fork and
    exec, so the per-process high-water mark (VmHWM) is read where it exists."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    from o2c_desktop.services.warehouse import Warehouse

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        warehouse = Warehouse(root / "warehouse.duckdb")
        try:
            started = time.perf_counter()
            outcomes = ingest_paths(warehouse, RawArchive(root / "archive", warehouse), files)
            seconds = time.perf_counter() - started
            rows = sum(o.rows_read for o in outcomes)
            bad = [o.message for o in outcomes if o.status != "loaded"]
        finally:
            warehouse.close()
    return {"rows": rows, "seconds": seconds, "peak_rss_mb": _peak_rss_mb(), "problems": bad}


def worker_naive(files: list[Path], sample: int | None) -> dict[str, object]:
    import duckdb
    import pandas as pd

    con = duckdb.connect()
    rows = 0
    started = time.perf_counter()
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
    return {"rows": rows, "seconds": seconds, "peak_rss_mb": _peak_rss_mb()}


def run_worker(mode: str, files: list[Path], sample: int | None = None) -> dict[str, object]:
    command = [sys.executable, __file__, "--worker", mode, *map(str, files)]
    if sample is not None:
        command += ["--naive-sample", str(sample)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # At the default scale the generator writes about 1,000,000 SAI order lines.
    parser.add_argument("--scale", type=int, default=1_700_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "o2c-bench")
    parser.add_argument("--naive-sample", type=int, default=20_000)
    parser.add_argument("--naive-limit", type=float, default=15 * 60)
    parser.add_argument("--worker", choices=["fast", "naive"])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()

    if args.worker == "fast":
        print(json.dumps(worker_fast(args.files)))
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

    fast = run_worker("fast", files)
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

    fast_rate = float(fast["rows"]) / float(fast["seconds"])  # type: ignore[arg-type]
    naive_rate = float(naive["rows"]) / float(naive["seconds"])  # type: ignore[arg-type]
    print()
    print(f"{'approach':<10} {'rows':>11} {'seconds':>9} {'rows/s':>10} {'peak RSS MB':>12}")
    for name, figures, rows_per_s in (("fast", fast, fast_rate), ("naive", naive, naive_rate)):
        note = ""
        if "extrapolated_from_rows" in figures:
            note = f"  (extrapolated from {figures['extrapolated_from_rows']:,} rows)"
        print(
            f"{name:<10} {int(figures['rows']):>11,d} {float(figures['seconds']):>9.1f} "  # type: ignore[arg-type]
            f"{rows_per_s:>10,.0f} {float(figures['peak_rss_mb']):>12,.0f}{note}"  # type: ignore[arg-type]
        )
    print(f"speed-up: {fast_rate / naive_rate:.1f}x")
    if fast.get("problems"):
        print(f"fast-path problems: {fast['problems']}")


if __name__ == "__main__":
    main()
