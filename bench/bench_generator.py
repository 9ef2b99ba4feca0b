"""Benchmark of the synthetic data generator.

Generates a small baseline world and a large one (default 1,000,000 order lines) with every
linked dataset into temporary folders, then prints wall time, peak RSS and the scaling ratio.
The 10,000,000-invoice store feed used by gap-analysis benchmarks is timed too.

    .venv/bin/python bench/bench_generator.py [--scale N] [--baseline N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import psutil

from o2c_desktop.services.generator import generate, store_invoice_table


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run(scale: int, folder: Path) -> float:
    last = [""]

    def progress(label: str, fraction: float) -> None:
        if label != last[0]:
            print(f"  {fraction:5.0%} {label}", flush=True)
            last[0] = label

    result = generate(folder, seed=42, scale=scale, progress=progress)
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    print(
        f"scale {scale:>9,}: {result.seconds:7.1f} s, {len(result.files)} files, "
        f"{size / 1e6:,.0f} MB on disk, RSS now {psutil.Process().memory_info().rss / 1e6:,.0f} MB"
    )
    return result.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--store-invoices", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path, default=None, help="write the large run here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        base = run(args.baseline, Path(tmp) / "baseline")
    print(f"peak RSS after baseline: {peak_rss_mb():,.0f} MB")

    started = time.perf_counter()
    table = store_invoice_table(seed=42, stores=20_000, invoices=args.store_invoices)
    print(
        f"store_invoice_table({args.store_invoices:,}): {time.perf_counter() - started:.1f} s, "
        f"{table.nbytes / 1e6:,.0f} MB in Arrow"
    )
    del table

    if args.keep is not None:
        big = run(args.scale, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            big = run(args.scale, Path(tmp) / "large")
    print(f"peak RSS (whole process): {peak_rss_mb():,.0f} MB")
    print(
        f"scaling: {args.scale / args.baseline:,.0f}x the rows took {big / base:,.1f}x the time "
        f"({big:.1f} s vs {base:.1f} s)"
    )


if __name__ == "__main__":
    main()
