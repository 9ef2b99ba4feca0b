"""Invoice-sequence gap benchmark: the engine against a naive Python loop and a bare LEAD() query.

    .venv/bin/python bench/bench_gaps.py [--invoices 10000000] [--stores 2000] [--repeat 3]

Builds the generator's store table (about 15 % of folios missing), loads it into a fresh
warehouse holding back 1,000 invoices of 10 stores, then times, with medians of --repeat runs:
gap ranges, top 5 stores and one month's report for (a) a per-store Python loop, (b) a bare
DuckDB LEAD() query over the same table and (c) the engine; then the incremental refresh after
the held-back invoices arrive late, against a full refresh. Prints peak RSS at the end.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from o2c_desktop.services.gaps.ledger import refresh
from o2c_desktop.services.gaps.periods import Period, month_period
from o2c_desktop.services.gaps.report import GapQuery, ranges, top_stores
from o2c_desktop.services.generator.stores_world import store_invoice_table
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import GapsSettings

MONTH = "2025-03"
LATE_STORES = 10
LATE_INVOICES = 1_000


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(warehouse: Warehouse, table: pa.Table) -> pa.Table:
    """Load all but 1,000 invoices of 10 stores; return the held-back ones."""
    stores = pc.cast(table["tienda"], pa.string())
    chosen = pa.array([f"T{s:05d}" for s in range(100, 100 + LATE_STORES)])
    candidates = pc.indices_nonzero(pc.is_in(stores, chosen)).to_numpy()
    late_rows = candidates[:: max(1, len(candidates) // LATE_INVOICES)][:LATE_INVOICES]
    mask = pc.invert(pc.is_in(pa.array(range(table.num_rows)), pa.array(late_rows)))
    con = warehouse.connection
    on_time, late = table.filter(mask), table.take(late_rows)  # noqa: F841 (read by DuckDB)
    con.execute(
        "INSERT INTO sequence_invoice SELECT 'store-feed', emisor_rfc::VARCHAR, tienda::VARCHAR, "
        "serie::VARCHAR, folio, NULL, uuid, fecha_emision, fecha_carga, estado::VARCHAR, "
        "TIMESTAMP '2025-09-01', NULL, 'h', 1, 'bench', NULL, NULL, NULL FROM on_time"
    )
    return late


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


def lead_baseline(warehouse: Warehouse, month: tuple[date, date]) -> dict[str, Any]:
    con = warehouse.connection
    out: dict[str, Any] = {}
    out["ranges"] = timed(lambda: con.execute(f"SELECT count(*), sum(missing) FROM ({LEAD_SQL})")
                          .fetchall()[0], 1)  # fmt: skip
    out["top5"] = timed(lambda: con.execute(
        f"SELECT store_id, sum(missing) m, count(*) r FROM ({LEAD_SQL}) GROUP BY store_id "
        "ORDER BY m DESC, r DESC, store_id LIMIT 5").fetchall(), 1)  # fmt: skip
    out["month"] = timed(lambda: con.execute(
        f"SELECT count(*), sum(missing) FROM ({LEAD_SQL}) "
        "WHERE CAST(next_fecha AS DATE) BETWEEN ? AND ?", list(month)).fetchall()[0],
        1)  # fmt: skip
    return out


def naive_loop(warehouse: Warehouse, month: tuple[date, date]) -> dict[str, Any]:
    """What a script would do: one query per store, then sort and walk the folios in Python."""
    con = warehouse.connection
    stores = [
        r[0] for r in con.execute("SELECT DISTINCT store_id FROM sequence_invoice").fetchall()
    ]
    start = time.perf_counter()
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
    t_ranges = time.perf_counter() - start
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
        "ranges": (t_ranges, len(found)),
        "top5": (t_top, top),
        "month": (t_month, len(in_month)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=10_000_000)
    parser.add_argument("--stores", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()

    t0 = time.perf_counter()
    table = store_invoice_table(seed=1, stores=args.stores, invoices=args.invoices)
    print(f"generated {table.num_rows:,} invoices in {time.perf_counter() - t0:.1f} s")
    settings = GapsSettings()
    period = month_period(MONTH)
    month = (period.start, period.end)
    with tempfile.TemporaryDirectory() as folder, Warehouse(Path(folder) / "w.duckdb") as warehouse:
        warehouse.connection.execute("SET memory_limit = '1GB'")
        late = load(warehouse, table)
        del table
        print(f"loaded in {time.perf_counter() - t0:.1f} s; {late.num_rows} invoices held back")

        first = refresh(warehouse, settings, as_of=datetime(2026, 1, 1), trigger="bench")
        print(f"first refresh (builds the ledger): {first.seconds:.2f} s, "
              f"{first.domains_recomputed} domains, {first.gaps_opened:,} ranges")  # fmt: skip
        instants = iter(datetime(2026, 1, 2, 0, i) for i in range(60))
        engine: dict[str, Any] = {}
        engine["ranges"] = timed(lambda: refresh(warehouse, settings, as_of=next(instants),
                                                 trigger="bench", full=True).gaps_opened,
                                 args.repeat)  # fmt: skip
        as_of = datetime(2026, 1, 3)
        whole = GapQuery(Period("range", date(2024, 1, 1), date(2025, 12, 31)), as_of)
        engine["top5"] = timed(lambda: top_stores(warehouse.connection, whole, 5), args.repeat)
        monthly = GapQuery(period, as_of)
        engine["month"] = timed(
            lambda: ranges(warehouse.connection, monthly).to_arrow_table().num_rows, args.repeat
        )
        runs = [lead_baseline(warehouse, month) for _ in range(args.repeat)]
        lead = {k: (statistics.median(r[k][0] for r in runs), runs[0][k][1]) for k in runs[0]}
        naive = None if args.skip_naive else naive_loop(warehouse, month)

        print("\nfigure                 engine     (b) LEAD   engine/(b)   (a) naive   (a)/engine")
        for key, label in (("ranges", "gap ranges"), ("top5", "top 5 stores"),
                           ("month", f"month {MONTH}")):  # fmt: skip
            e, b = engine[key][0], lead[key][0]
            a = naive[key][0] if naive else float("nan")
            print(f"{label:<20} {e:8.3f} s {b:8.3f} s {e / b:10.2f}× {a:10.2f} s {a / e:10.1f}×")
        print(f"\n(b) LEAD ranges: {lead['ranges'][1]}; engine month rows: {engine['month'][1]}")
        if naive:
            print(f"(a) naive ranges: {naive['ranges'][1]}; top 5: {naive['top5'][1]}")
        top = [(t["tienda"], t["faltantes"], t["rangos"]) for t in engine["top5"][1]]
        print(f"engine top 5: {top}")

        con = warehouse.connection
        con.execute(
            "INSERT INTO sequence_invoice SELECT 'store-feed', emisor_rfc::VARCHAR, "
            "tienda::VARCHAR, serie::VARCHAR, folio, NULL, uuid, fecha_emision, "
            "TIMESTAMP '2026-01-04 10:00', estado::VARCHAR, TIMESTAMP '2025-09-04', NULL, 'h', 2, "
            "'bench', NULL, NULL, NULL FROM late"
        )
        incremental = refresh(warehouse, settings, as_of=datetime(2026, 1, 5), trigger="bench")
        full = refresh(warehouse, settings, as_of=datetime(2026, 1, 5, 0, 1), trigger="bench",
                       full=True)  # fmt: skip
        print(
            f"\nlate upload of {late.num_rows} invoices of {LATE_STORES} stores: incremental "
            f"refresh {incremental.seconds:.3f} s recomputed {incremental.domains_recomputed} of "
            f"{incremental.domains_total} domains ({incremental.gaps_closed} ranges closed, "
            f"{incremental.gaps_opened} opened); full refresh {full.seconds:.3f} s "
            f"({full.seconds / incremental.seconds:.1f}× slower)"
        )
    print(f"peak RSS: {peak_rss_mb():,.0f} MB")


if __name__ == "__main__":
    main()
