"""Cash projection back-test: what the projection said at past cuts against what was paid.

    .venv/bin/python bench/bench_cashflow.py [--seed 180] [--scale 200] [--weeks 8]
        [--cuts 3] [--repeat 5]

Generates a world (services.generator) and imports it. The files whose names carry a snapshot
date (PREI, SAGI, OAP payments) are known from that date; the others (orders, altas, invoice
register, contracts) are stamped at the start of the world so that a past cut sees them. A cut
would then also see invoices issued after it, so the projection at cut D keeps only the invoices
issued on or before D (their events, summed per week by the service's own ``project_events``).

For each of --cuts cuts a week apart, the latest ending its window at the world's as-of date
(D = as_of − weeks, − weeks − 1 week, ...), projects --weeks weeks and compares each week's
institution_p50 and _p90 with what was actually paid that week on those same invoices: the
first PREI snapshot showing the invoice ``Pagado`` (IMSS) or the first OAP payment notice
(IMSS-B), read at the world's as-of date. The paid amount is the OAP notice's amount when there
is one; PREI shows no amount, so an IMSS invoice counts what the projection expected of it
(Total − expected penalty): the back-test measures timing, and for IMSS-B amount too. A payment
seen before the cut's first week (paid but not yet known at the cut) counts in week 1; one after
the window is left out.

Prints per week: P50, P90, actual, error (P50 − actual) and |error| / actual; per cut: MAPE over
the weeks with payments, bias (Σ error / Σ actual), and the share of weeks whose actual lies
between the P50 and P90 figures (either order). Then the time of ``project()`` against the floor:
one SQL query over the same view summing the P50 amounts per week in DuckDB. Load average at the
start and the end.

The generated world's weekly PREI snapshots cover only its last weeks (from mid-June 2025 for the
default as-of), so the default 8 weeks keep every cut inside that history; an earlier cut knows no
PREI stage at all and projects every IMSS invoice at max(fpp, cut).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from o2c_desktop.services.analytics import make_cut, relation
from o2c_desktop.services.analytics.cashflow import load_events, project, project_events
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.generator import generate
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings

SETTINGS = AnalyticsSettings()
DATED = ("prei", "sagi", "pagos")
UNDATED = ("sai", "registro", "camunda", "contratos", "logistica", "penas")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def build(root: Path, seed: int, scale: int) -> tuple[Warehouse, date]:
    generation = generate(root / "exports", seed=seed, scale=scale)
    warehouse = Warehouse(root / "warehouse.duckdb")
    archive = RawArchive(root / "archive", warehouse)
    exports, quarantine = generation.out_dir, root / "quarantine"
    dated = [exports / f for f in DATED if (exports / f).exists()]
    undated = [exports / f for f in UNDATED if (exports / f).exists()]
    ingest_paths(warehouse, archive, dated, quarantine_dir=quarantine)
    start = datetime(2000, 1, 1, 12)
    ingest_paths(warehouse, archive, undated, quarantine_dir=quarantine, snapshot_at=start)
    return warehouse, generation.as_of


def actual_payments(warehouse: Warehouse, as_of: date) -> dict[str, tuple[date, Decimal | None]]:
    """Invoice → (day first seen paid, amount paid when a notice states it), at the as-of date."""
    con, cut = warehouse.connection, make_cut(as_of)
    paid: dict[str, tuple[date, Decimal | None]] = {}
    prei = relation(con, "recon_prei", cut, SETTINGS, select="uuid, f_pagado",
                    where="f_pagado IS NOT NULL")  # fmt: skip
    for uuid, when in prei.fetchall():
        paid[uuid] = (when.date(), None)
    oap = relation(con, "recon_payment", cut, SETTINGS, select="uuid, primer_pago, pagado")
    for uuid, when, amount in oap.fetchall():
        if uuid not in paid or when.date() < paid[uuid][0]:
            paid[uuid] = (when.date(), amount)
    return paid


def back_test(
    warehouse: Warehouse, cut_day: date, weeks: int, paid: dict[str, tuple[date, Decimal | None]]
) -> dict[str, Any]:
    con, cut = warehouse.connection, make_cut(cut_day)
    issued = {
        u
        for (u,) in con.execute(
            "SELECT DISTINCT uuid FROM invoice_register WHERE CAST(fecha AS DATE) <= ?", [cut_day]
        ).fetchall()
    }
    events = [e for e in load_events(con, cut, SETTINGS) if e.uuid in issued]
    projection = project_events(cut, events, weeks)
    actual = [Decimal("0")] * weeks
    paid_in_window = 0
    for event in events:
        if event.concept != "cobro_institucion" or event.uuid not in paid:
            continue
        day, amount = paid[event.uuid]
        number = 1 if day < cut_day else projection.week_of(day)
        if number is not None:
            actual[number - 1] += amount if amount is not None else event.amount
            paid_in_window += 1
    rows = []
    for week, real in zip(projection.weeks, actual, strict=True):
        error = week.institution_p50 - real
        ape = abs(error) / real * 100 if real else None
        low, high = sorted((week.institution_p50, week.institution_p90))
        rows.append((week, real, error, ape, low <= real <= high))
    owned = {e.uuid for e in events if e.concept == "cobro_institucion"}
    return {"cut": cut_day, "rows": rows, "invoices": len(owned), "paid": paid_in_window}


def print_back_test(result: dict[str, Any]) -> None:
    print(
        f"\ncut {result['cut']}: {result['invoices']} open invoices issued by then, "
        f"{result['paid']} of them paid within the window"
    )
    print(f"{'week':>4}  {'start':10}  {'P50':>14}  {'P90':>14}  {'actual':>14}  "
          f"{'error P50':>14}  {'|%| P50':>8}")  # fmt: skip
    for week, real, error, ape, _ in result["rows"]:
        pct = f"{ape:7.1f}%" if ape is not None else "       -"
        figures = (week.institution_p50, week.institution_p90, real, error)
        print(f"{week.week:>4}  {week.start}  " + "  ".join(f"{x:>14,.2f}" for x in figures)
              + f"  {pct}")  # fmt: skip
    rows = result["rows"]
    apes = [float(a) for _, _, _, a, _ in rows if a is not None]
    total_actual = sum((r for _, r, *_ in rows), Decimal("0"))
    total_p50 = sum((w.institution_p50 for w, *_ in rows), Decimal("0"))
    total_p90 = sum((w.institution_p90 for w, *_ in rows), Decimal("0"))
    bias = (total_p50 - total_actual) / total_actual * 100 if total_actual else Decimal("0")
    inside = sum(1 for *_, within in rows if within)
    print(f"totals: P50 {total_p50:,.2f}  P90 {total_p90:,.2f}  actual {total_actual:,.2f}  "
          f"MAPE {statistics.fmean(apes) if apes else float('nan'):.1f}% over {len(apes)} weeks "
          f"with payments  bias {bias:+.1f}%  actual inside [P50, P90] in {inside}/{len(rows)} "
          "weeks")  # fmt: skip


def timed(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm: the first run reads the file into DuckDB's buffer pool
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def floor_query(warehouse: Warehouse, cut_day: date, weeks: int) -> list[Any]:
    """The P50 figures per week and concept in one SQL query over the same view."""
    rel = relation(
        warehouse.connection, "cashflow_item", make_cut(cut_day), SETTINGS,
        select="concepto, date_diff('day', DATE '" + cut_day.isoformat() + "', fecha_p50) // 7 + 1"
        " AS semana, importe",
    )  # fmt: skip
    return rel.filter(f"semana <= {weeks}").aggregate("concepto, semana, sum(importe)").fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=180)
    parser.add_argument("--scale", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--cuts", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"load average at start: {load_average()}")
    with tempfile.TemporaryDirectory(prefix="bench-cashflow-") as folder:
        started = time.perf_counter()
        warehouse, as_of = build(Path(folder), args.seed, args.scale)
        print(f"world seed {args.seed} scale {args.scale}, as of {as_of}: generated and "
              f"imported in {time.perf_counter() - started:.1f} s")  # fmt: skip
        with warehouse:
            paid = actual_payments(warehouse, as_of)
            cuts = [as_of - timedelta(weeks=args.weeks + n) for n in range(args.cuts)]
            for cut_day in cuts:
                print_back_test(back_test(warehouse, cut_day, args.weeks, paid))
            cut = make_cut(cuts[0])
            projected = timed(
                lambda: project(warehouse.connection, cut, SETTINGS, args.weeks), args.repeat
            )
            floor = timed(lambda: floor_query(warehouse, cuts[0], args.weeks), args.repeat)
            print(f"\nproject() at {cuts[0]}, {args.weeks} weeks: {projected * 1000:.0f} ms; "
                  f"floor (one SQL query summing the same view per week): {floor * 1000:.0f} ms; "
                  f"ratio {projected / floor:.2f}  (medians of {args.repeat})")  # fmt: skip
    print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
