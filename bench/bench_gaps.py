"""Invoice-sequence gap benchmark: the engine against a naive Python loop and a bare LEAD() query.

    .venv/bin/python bench/bench_gaps.py [--invoices 10000000] [--stores 2000] [--repeat 3]

What runs, on the generator's store feed (about 15 % of folios missing):

1. A child process generates the feed, holds back 1,000 invoices of 10 stores (the late upload)
   and writes both parts to Parquet, then exits; its peak RSS is reported apart. The measuring
   process never holds the feed in Python: DuckDB streams the Parquet file into a fresh warehouse
   in its own chunks, with ``memory_limit`` set to 1 GB.
2. The first refresh parses every folio into ``gap_folio`` and builds the ledger (timed once).
3. Three figures, each the median of ``--repeat`` rounds, for:
   (a) naive: for each store, one ``SELECT folio, fecha ... WHERE store_id = ?`` to Python, then
       ``int()`` on the all-digit folios, ``sorted(set(...))`` and a walk over neighbours; top 5
       and the month are then filtered from that Python list. Per store, not per (issuer, store,
       serie): the feed has one issuer and one serie per store, so the answers agree; it knows
       nothing of prefixes, duplicates, restarts, jumps or late uploads.
   (b) bare LEAD: the DOMAIN §8.2 query straight over ``sequence_invoice`` (cast folio, DISTINCT,
       LEAD over the text domain key), with a GROUP BY or a date filter on top.
   (c) the engine: ``refresh(full=True)`` recomputes every domain from ``gap_folio`` and diffs
       the ledger; top 5 and the month are that refresh plus the report query on the ledger. The
       report queries alone (what a screen pays between refreshes) are listed too.
   Each round runs (c), (b) and (a) one after the other, so that a burst of load from other
   processes falls on a figure and its baselines alike. The CPU seconds of the gap ranges are
   printed too: on a shared machine they move less than the wall clock.
4. The held-back invoices arrive as a new load; the incremental refresh is timed and what it
   touched (loads parsed, rows changed, domains recomputed) is printed, then a full refresh.

The load average is printed at the start and the end: other processes skew every figure.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period, month_period
from o2c_desktop.services.gaps.report import GapQuery, ranges, top_stores
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

MONTH = "2025-03"
LATE_STORES = 10
LATE_INVOICES = 1_000
ROW_GROUP = 1 << 20
_INSERT = (
    "INSERT INTO sequence_invoice SELECT 'store-feed', emisor_rfc, tienda, serie, folio, NULL, "
    "uuid, fecha_emision, {uploaded}, estado, TIMESTAMP '{valid_from}', NULL, 'h', {load}, "
    "'bench', NULL, NULL, NULL FROM read_parquet('{path}')"
)


def kib_to_mb(kib: int) -> float:
    return kib / 1024 if sys.platform != "darwin" else kib / 1024 / 1024


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall seconds, CPU seconds of this process (every thread, DuckDB's included), result."""
    cpu = time.process_time()
    seconds, result = timed(fn)
    return seconds, time.process_time() - cpu, result


def generate(folder: str, seed: int, stores: int, invoices: int) -> None:
    """Child process: the feed to Parquet, with the late invoices in a file of their own.

    The on-time rows are written a slice at a time: filtering or casting the whole table at once
    would hold a second copy of it."""
    from o2c_desktop.services.generator.stores_world import store_invoice_table

    table = store_invoice_table(seed=seed, stores=stores, invoices=invoices)
    plain = pa.schema([f.with_type(pa.string()) if pa.types.is_dictionary(f.type)
                       else f for f in table.schema])  # fmt: skip
    chosen = pa.array([f"T{s:05d}" for s in range(100, 100 + LATE_STORES)])
    stores_column = table["tienda"].cast(pa.string())
    candidates = pc.indices_nonzero(pc.is_in(stores_column, chosen)).to_numpy()
    del stores_column
    late_rows = candidates[:: max(1, len(candidates) // LATE_INVOICES)][:LATE_INVOICES]
    on_time = np.ones(table.num_rows, dtype=bool)
    on_time[late_rows] = False
    pq.write_table(table.take(late_rows).cast(plain), Path(folder) / "late.parquet")
    with pq.ParquetWriter(Path(folder) / "on_time.parquet", plain) as writer:
        for start in range(0, table.num_rows, ROW_GROUP):
            keep = pa.array(on_time[start : start + ROW_GROUP])
            writer.write_table(table.slice(start, ROW_GROUP).filter(keep).cast(plain))


LEAD_SQL = """
    SELECT issuer_rfc, store_id, serie, folio_num + 1 AS gap_start, next_num - 1 AS gap_end,
           next_num - folio_num - 1 AS missing, next_fecha
    FROM (SELECT *, LEAD(folio_num) OVER w AS next_num, LEAD(fecha) OVER w AS next_fecha
          FROM (SELECT DISTINCT issuer_rfc, store_id, serie, CAST(folio AS BIGINT) AS folio_num,
                       fecha
                FROM sequence_invoice WHERE valid_to IS NULL)
          WINDOW w AS (PARTITION BY issuer_rfc, store_id, serie ORDER BY folio_num))
    WHERE next_num - folio_num > 1
"""
LEAD_ON_FOLIOS_SQL = """
    SELECT count(*), sum(next_num - folio_num - 1)
    FROM (SELECT folio_num, LEAD(folio_num) OVER (PARTITION BY domain_id ORDER BY folio_num)
                 AS next_num FROM gap_folio WHERE folio_num IS NOT NULL)
    WHERE next_num - folio_num > 1
"""


def engine_round(
    warehouse: Warehouse, settings: GapsSettings, as_of: datetime, whole: GapQuery,
    monthly: GapQuery,
) -> dict[str, Any]:  # fmt: skip
    """Figures (c): see the module docstring."""
    con = warehouse.connection
    seconds, cpu, result = cpu_timed(
        lambda: refresh(warehouse, settings, as_of=as_of, trigger="bench", full=True)
    )
    top_query = timed(lambda: top_stores(con, whole, 5))
    month_query = timed(lambda: ranges(con, monthly).to_arrow_table().num_rows)
    return {
        "ranges": (seconds, result.domains_recomputed),
        "top5": (seconds + top_query[0], top_query[1]),
        "month": (seconds + month_query[0], month_query[1]),
        "top5 ledger": top_query,
        "month ledger": month_query,
        "cpu": (cpu, None),
    }


def lead_baseline(warehouse: Warehouse, month: tuple[date, date]) -> dict[str, Any]:
    con = warehouse.connection
    seconds, cpu, result = cpu_timed(
        lambda: con.execute(f"SELECT count(*), sum(missing) FROM ({LEAD_SQL})").fetchall()[0]
    )
    return {
        "ranges": (seconds, result),
        "top5": timed(lambda: con.execute(
            f"SELECT store_id, sum(missing) m, count(*) r FROM ({LEAD_SQL}) GROUP BY store_id "
            "ORDER BY m DESC, r DESC, store_id LIMIT 5").fetchall()),
        "month": timed(lambda: con.execute(
            f"SELECT count(*), sum(missing) FROM ({LEAD_SQL}) "
            "WHERE CAST(next_fecha AS DATE) BETWEEN ? AND ?", list(month)).fetchall()[0]),
        "cpu": (cpu, None),
    }  # fmt: skip


def naive_loop(warehouse: Warehouse, month: tuple[date, date]) -> dict[str, Any]:
    """Baseline (a): see the module docstring."""
    con = warehouse.connection
    stores = [
        r[0] for r in con.execute("SELECT DISTINCT store_id FROM sequence_invoice").fetchall()
    ]
    start, cpu = time.perf_counter(), time.process_time()
    found: list[tuple[str, int, int, datetime]] = []
    for store in stores:
        rows = con.execute(
            "SELECT folio, fecha FROM sequence_invoice WHERE store_id = ? AND valid_to IS NULL",
            [store],
        ).fetchall()
        folios = sorted({(int(f), d) for f, d in rows if f.isdigit()})
        for (a, _), (b, next_date) in itertools.pairwise(folios):
            if b - a > 1:
                found.append((store, a + 1, b - 1, next_date))
    t_ranges, cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    totals: dict[str, list[int]] = {}
    for store, s, e, _ in found:
        entry = totals.setdefault(store, [0, 0])
        entry[0] += e - s + 1
        entry[1] += 1
    top = sorted(totals.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:5]
    t_top = t_ranges + time.perf_counter() - start
    start = time.perf_counter()
    in_month = [g for g in found if month[0] <= g[3].date() <= month[1]]
    t_month = t_ranges + time.perf_counter() - start
    return {
        "ranges": (t_ranges, (len(found), sum(e - s + 1 for _, s, e, _ in found))),
        "top5": (t_top, [(s, v[0], v[1]) for s, v in top]),
        "month": (t_month, len(in_month)),
        "cpu": (cpu, None),
    }


def medians(runs: list[dict[str, Any]]) -> dict[str, tuple[float, Any]]:
    return {k: (statistics.median(r[k][0] for r in runs), runs[0][k][1]) for k in runs[0]}


def report(
    repeat: int, engine: dict[str, Any], lead: dict[str, Any], naive: dict[str, Any] | None,
    floor: tuple[float, Any],
) -> None:  # fmt: skip
    print(f"\nmedians of {repeat} rounds; load average now {load_average()}")
    print(f"{'figure':<36}{'(c) engine':>11}{'(b) LEAD':>11}{'(c)/(b)':>9}"
          f"{'(a) naive':>11}{'(a)/(c)':>9}")  # fmt: skip
    labels = {"ranges": "gap ranges (full recompute)", "top5": "top 5 stores (recompute+query)",
              "month": f"month {MONTH} (recompute+query)"}  # fmt: skip
    for key, label in labels.items():
        e, b = engine[key][0], lead[key][0]
        a = naive[key][0] if naive else float("nan")
        print(f"{label:<36}{e:10.2f}s{b:10.2f}s{e / b:8.2f}×{a:10.2f}s{a / e:8.1f}×")
    e, b = engine["cpu"][0], lead["cpu"][0]
    a = naive["cpu"][0] if naive else float("nan")
    print(
        f"{'gap ranges, CPU seconds':<36}{e:10.2f}s{b:10.2f}s{e / b:8.2f}×{a:10.2f}s{a / e:8.1f}×"
    )
    ledger_only = {"top 5 from the ledger only": engine["top5 ledger"][0],
                   f"month {MONTH} from the ledger only": engine["month ledger"][0]}  # fmt: skip
    for label, seconds in ledger_only.items():
        print(f"{label:<36}{seconds:10.3f}s")
    print(f"{'bare LEAD over gap_folio (floor)':<36}{floor[0]:10.2f}s")

    print(f"\n(b) ranges, missing: {lead['ranges'][1]}; over gap_folio: {floor[1]}")
    if naive:
        print(f"(a) ranges, missing: {naive['ranges'][1]}; month ranges {naive['month'][1]}")
        print(f"(a) top 5: {naive['top5'][1]}")
    top = [(t["tienda"], t["faltantes"], t["rangos"]) for t in engine["top5"][1]]
    print(f"(c) top 5: {top}; month ranges {engine['month'][1]} "
          f"(open or filled by the as-of; next folio's issue date)")  # fmt: skip
    print(f"(b) top 5: {[tuple(r) for r in lead['top5'][1]]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=10_000_000)
    parser.add_argument("--stores", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    print(f"load average at start (1/5/15 min): {load_average()}; {os.cpu_count()} CPUs")

    settings = GapsSettings()
    period = month_period(MONTH)
    month = (period.start, period.end)
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        child = multiprocessing.get_context("spawn").Process(
            target=generate, args=(folder, 1, args.stores, args.invoices)
        )
        child.start()
        child.join()
        assert child.exitcode == 0, "the generator process failed"
        child_mb = kib_to_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        print(f"generated in a child process in {time.perf_counter() - t0:.1f} s "
              f"(its peak RSS {child_mb:,.0f} MB)")  # fmt: skip

        warehouse = Warehouse(Path(folder) / "w.duckdb")
        con = warehouse.connection
        con.execute("SET memory_limit = '1GB'")
        t0 = time.perf_counter()
        on_time = Path(folder) / "on_time.parquet"
        con.execute(_INSERT.format(uploaded="fecha_carga", valid_from="2025-09-01", load=1,
                                   path=on_time))  # fmt: skip
        loaded = con.execute("SELECT count(*) FROM sequence_invoice").fetchall()[0][0]
        print(f"loaded {loaded:,} invoices from Parquet in {time.perf_counter() - t0:.1f} s; "
              f"{LATE_INVOICES} held back")  # fmt: skip

        first = refresh(warehouse, settings, as_of=datetime(2026, 1, 1), trigger="bench")
        print(f"first refresh (parses every folio, builds the ledger): {first.seconds:.2f} s, "
              f"{first.domains_recomputed} domains, {first.gaps_opened:,} ranges")  # fmt: skip

        instants = iter(datetime(2026, 1, 2, 0, i) for i in range(60))
        as_of = datetime(2026, 1, 3)
        whole = GapQuery(Period("range", date(2024, 1, 1), date(2025, 12, 31)), as_of)
        monthly = GapQuery(period, as_of)
        rounds: dict[str, list[dict[str, Any]]] = {"engine": [], "lead": [], "naive": []}
        floors = []
        for _ in range(args.repeat):
            rounds["engine"].append(engine_round(warehouse, settings, next(instants), whole,
                                                 monthly))  # fmt: skip
            rounds["lead"].append(lead_baseline(warehouse, month))
            floors.append(timed(lambda: con.execute(LEAD_ON_FOLIOS_SQL).fetchall()[0]))
            if not args.skip_naive:
                rounds["naive"].append(naive_loop(warehouse, month))
        floor = (statistics.median(f[0] for f in floors), floors[0][1])
        report(args.repeat, medians(rounds["engine"]), medians(rounds["lead"]),
               medians(rounds["naive"]) if rounds["naive"] else None, floor)  # fmt: skip

        con.execute(_INSERT.format(uploaded="TIMESTAMP '2026-01-04 10:00'",
                                   valid_from="2025-09-04", load=2,
                                   path=Path(folder) / "late.parquet"))  # fmt: skip
        con.execute("CHECKPOINT")
        incremental = refresh(warehouse, settings, as_of=datetime(2026, 1, 5), trigger="bench")
        full = refresh(warehouse, settings, as_of=datetime(2026, 1, 5, 0, 1), trigger="bench",
                       full=True)  # fmt: skip
        print(
            f"\nlate upload of {LATE_INVOICES} invoices of {LATE_STORES} stores (a new load): "
            f"incremental refresh {incremental.seconds:.3f} s, recomputed "
            f"{incremental.domains_recomputed} of {incremental.domains_total} domains "
            f"({incremental.gaps_closed} ranges closed, {incremental.gaps_opened} opened; "
            f"{incremental.loads_parsed} load parsed, {incremental.folio_rows_changed} folio "
            f"rows changed); "
            f"full refresh {full.seconds:.2f} s ({full.seconds / incremental.seconds:.0f}× slower)"
        )
        warehouse.close()
    print(f"peak RSS of the measuring process: "
          f"{kib_to_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss):,.0f} MB; "
          f"load average at the end: {load_average()}")  # fmt: skip


if __name__ == "__main__":
    main()
