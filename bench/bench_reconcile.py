"""Reconciliation-chain benchmark: the warehouse views against a straightforward pandas chain.

    .venv/bin/python bench/bench_reconcile.py [--order-lines 1000000] [--repeat 3]
        [--export-rows 200000] [--keep /tmp/chain_1m.duckdb]

Builds the generator's world in memory with --order-lines IMSS order lines and fills the
canonical tables (sai_order, sai_alta, invoice_register, invoice_relation, contrarecibo_status
with one row per PREI state reached, payment) with set-based SQL straight from the DataFrames,
not through xlsx ingest, into a warehouse file. Then each side runs in a fresh process of its
own (the SQL reading the file; pandas on frames read from it before the clock starts), with
medians of --repeat runs after a first run that is reported apart (the SQL side's first pass
reads the file into DuckDB's buffer pool; the pandas side read its frames before the clock):

1. the full chain (the ``reconciliation`` view at the world's as-of date, materialised to Arrow)
   against pandas merges doing the same: orders ← altas left join, invoice match on
   (alta, order) with multiple-match detection, substitutions (TipoRelacion 04) on the same
   alta, PREI latest state by UUID, payments by UUID and the exception codes; the two must
   agree on the number of records and on the count of every exception code;
   and what the Conciliación screen waits for: the sorted chain computed and kept in the report
   cache, against the cache's key and memory-mapped read when nothing changed; and against
   the floor, one hand-written DuckDB query of the same joins returning seven columns, with the
   views also asked for just those seven;
2. the export of --export-rows reconciliation rows to xlsx (the program's streaming writer)
   against ``pandas.DataFrame.to_excel`` with openpyxl (one run each: the baseline is slow).

Prints each figure beside its baseline with the ratio, and each process's peak RSS.
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
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from o2c_desktop.services.analytics import make_cut, relation
from o2c_desktop.services.analytics.reconcile import chain
from o2c_desktop.services.analytics.report import export
from o2c_desktop.services.analytics.report_cache import ReportCache
from o2c_desktop.services.browse import BrowseTable
from o2c_desktop.services.generator.catalog import PRODUCTS
from o2c_desktop.services.generator.world import IMSS_SHARE, World, build_world
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.settings import AnalyticsSettings

AS_OF = date(2025, 8, 25)
SETTINGS = AnalyticsSettings()
TOLERANCE = float(SETTINGS.amount_tolerance)
PREI_STATES = ("Sin Contra Recibo", "En proceso", "Aprobado", "Pagado")
LINEAGE = "0 AS load_id, repeat('0', 64) AS archive_sha256, 'bench' AS row_hash"


def cpu_seconds() -> float:
    """User + system CPU of this process so far: less sensitive than wall time to a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


RUNS: list[float] = []  # every run of the last ``timed`` call, the first one too, for the report
CPU_RUNS: list[float] = []  # the CPU seconds (all threads) of the same runs


def timed(fn: Callable[[], Any], repeat: int, *, first_apart: bool = False) -> tuple[float, Any]:
    """Median of ``repeat`` runs; with ``first_apart`` one more run goes first and is reported but
    not counted (DuckDB's first pass reads and decompresses the file's blocks into its buffer
    pool; the pandas side's frames were read before the clock started)."""
    runs, cpu, result = [], [], None
    for _ in range(repeat + (1 if first_apart else 0)):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        result = fn()
        runs.append(time.perf_counter() - start)
        cpu.append(cpu_seconds() - start_cpu)
    RUNS[:] = runs
    CPU_RUNS[:] = cpu[1:] if first_apart else cpu
    return statistics.median(runs[1:] if first_apart else runs), result


def planning_seconds(con: duckdb.DuckDBPyConnection, run_query: Callable[[], Any]) -> float:
    """What DuckDB spends binding, optimising and planning the query before it reads a row,
    from its own profiler (one more run, not timed): a fixed cost per query that the stacked
    views pay and a short hand-written query hardly does."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "profile.json"
        con.execute("PRAGMA enable_profiling = 'json'")
        con.execute(f"PRAGMA profiling_output = '{output}'")
        try:
            run_query()
        finally:
            con.execute("PRAGMA disable_profiling")
        profile = json.loads(output.read_text(encoding="utf-8"))
    phases = ("planner", "optimizer", "physical_planner")
    return float(sum(profile[phase]["total_time"] for phase in phases))


# -- filling the warehouse ---------------------------------------------------------------------


def run(con: duckdb.DuckDBPyConnection, sql: str) -> list[Any]:
    """Execute and fetch to the end: DuckDB 2 refuses new work while a result is unfinished."""
    return con.execute(sql).fetchall()


def fill(con: duckdb.DuckDBPyConnection, world: World) -> dict[str, int]:
    """The canonical tables from the in-memory world, one INSERT … SELECT per table."""
    as_of_noon = f"TIMESTAMP '{world.as_of.isoformat()} 12:00:00'"
    day = "(DATE '1970-01-01' + CAST({} AS INTEGER))"
    con.register("w_orders", world.imss.orders)
    con.register("w_altas", world.imss.altas)
    con.register("w_units", world.imss.units.reset_index(names="unit"))
    con.register("w_products", pd.DataFrame({"clave": [p.clave for p in PRODUCTS]}).reset_index(
        names="product"
    ))  # fmt: skip
    invoices = world.invoices[world.invoices["institution"] == "IMSS"]
    con.register("w_invoices", invoices)
    con.register("w_prei", world.prei)
    con.register("w_payments", world.payments)
    run(
        con,
        f"""
        INSERT INTO sai_order (contrato, orden, clave, fecha_expedicion, descripcion_entrega,
            estatus, fecha_entrega, cantidad_solicitada, precio, importe_sin_iva, valid_from,
            load_id, archive_sha256, row_hash)
        SELECT o.contrato, CAST(o.orden AS VARCHAR), p.clave, {day.format("o.fecha_expedicion")},
            u.name, o.estatus, {day.format("o.fecha_entrega")}, o.cantidad, o.precio, o.importe,
            {as_of_noon}, {LINEAGE}
        FROM w_orders AS o
        JOIN w_products AS p USING (product) JOIN w_units AS u USING (unit)""",
    )
    run(
        con,
        f"""
        INSERT INTO sai_alta (no_alta, fecha_alta, no_contrato, no_orden, clave, cant_recibida,
            importe, fpp, desc_unidad, valid_from, load_id, archive_sha256, row_hash)
        SELECT a.noAlta, {day.format("a.fecha_alta")}, a.contrato, CAST(a.noOrden AS VARCHAR),
            p.clave, a.cantidad, a.importe, {day.format("a.fpp")}, u.name, {as_of_noon}, {LINEAGE}
        FROM w_altas AS a
        JOIN w_products AS p USING (product) JOIN w_units AS u USING (unit)
        WHERE a.in_sai""",
    )
    run(
        con,
        f"""
        INSERT INTO invoice_register (factura, referencia, alta, uuid, fecha, total, receptor_rfc,
            uuid_estado, archivo, valid_from, load_id, archive_sha256, row_hash)
        SELECT factura, referencia, alta, uuid, TIMESTAMP '1970-01-01' + to_seconds(ts), total,
            receptor_rfc, CASE WHEN cancelled THEN 'Cancelado' ELSE 'Vigente' END, archivo,
            {as_of_noon}, {LINEAGE}
        FROM w_invoices
        WHERE tipo = 'I' AND day <= {(world.as_of - date(1970, 1, 1)).days}""",
    )
    run(
        con,
        f"""
        INSERT INTO invoice_relation (uuid, related_uuid, tipo_relacion, valid_from, load_id,
            archive_sha256, row_hash)
        SELECT uuid, related_uuid, relation, {as_of_noon}, {LINEAGE}
        FROM w_invoices WHERE related_uuid IS NOT NULL""",
    )
    # One PREI row per state reached by the as-of date, each valid until the next state.
    run(
        con,
        f"""
        INSERT INTO contrarecibo_status (uuid, documento, fecha_factura, importe, fecha_carga,
            unidad_negocio,
            contra_recibo, estado, valid_from, valid_to, load_id, archive_sha256, row_hash)
        WITH steps AS (
            SELECT p.*, s.step, s.estado,
                greatest(p.carga_day, CASE s.step WHEN 0 THEN p.carga_day WHEN 1 THEN p.cr_day
                    WHEN 2 THEN p.approved_day ELSE p.paid_day END) AS since
            FROM w_prei AS p
            CROSS JOIN (SELECT * FROM (VALUES (0, '{PREI_STATES[0]}'), (1, '{PREI_STATES[1]}'),
                (2, '{PREI_STATES[2]}'), (3, '{PREI_STATES[3]}')) AS v(step, estado)) AS s
        ),
        reached AS (
            SELECT * FROM steps WHERE since <= {(world.as_of - date(1970, 1, 1)).days}
        )
        SELECT uuid, CAST(documento AS VARCHAR), TIMESTAMP '1970-01-01' + to_seconds(invoice_ts),
            importe, TIMESTAMP '1970-01-01' + to_seconds(carga_ts), unidad_negocio,
            CASE WHEN step > 0 THEN lpad(CAST(contra_recibo AS VARCHAR), 8, '0') END, estado,
            {day.format("since")} + INTERVAL 12 HOUR,
            lead({day.format("since")} + INTERVAL 12 HOUR) OVER (PARTITION BY uuid ORDER BY step),
            {LINEAGE}
        FROM reached""",
    )
    run(
        con,
        f"""
        INSERT INTO payment (notice_sha256, uuid, referencia, importe, clc, valid_from, load_id,
            archive_sha256, row_hash)
        SELECT md5(clc), uuid, referencia, importe, clc, {day.format("pay_day")}
            + INTERVAL 12 HOUR, {LINEAGE}
        FROM w_payments
        WHERE excluded = '' AND pay_day <= {(world.as_of - date(1970, 1, 1)).days}""",
    )
    counts = {}
    for table in ("sai_order", "sai_alta", "invoice_register", "contrarecibo_status", "payment"):
        [(n,)] = run(con, f"SELECT count(*) FROM {table}")
        counts[table] = int(n)
    return counts


# -- the pandas chain ---------------------------------------------------------------------------


def read_sources(con: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, pd.DataFrame]:
    """The canonical tables as DataFrames (not timed: the baseline starts from memory)."""
    known = f"TIMESTAMP '{(as_of + timedelta(days=1)).isoformat()}'"
    current = f"valid_from < {known} AND (valid_to IS NULL OR valid_to >= {known})"
    return {
        "orders": con.sql(f"SELECT * FROM sai_order WHERE {current}").df(),
        "altas": con.sql(f"SELECT * FROM sai_alta WHERE {current}").df(),
        "register": con.sql(f"SELECT * FROM invoice_register WHERE {current}").df(),
        "relations": con.sql(f"SELECT * FROM invoice_relation WHERE {current}").df(),
        "prei": con.sql(f"SELECT * FROM contrarecibo_status WHERE valid_from < {known}").df(),
        "payments": con.sql(f"SELECT * FROM payment WHERE {current}").df(),
    }


def pandas_chain(src: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, pd.Series]:
    """The same chain with pandas merges: records and the count of each exception code."""
    orders, altas, reg = src["orders"], src["altas"], src["register"]
    # Invoices, one per UUID; cancelled by the register or replaced (TipoRelacion 04).
    reg = reg[reg["uuid"].notna()].assign(uuid=lambda d: d["uuid"].str.strip().str.upper())
    inv = reg.groupby("uuid", as_index=False).agg(
        total=("total", "max"), fecha=("fecha", "min"), estado=("uuid_estado", "max")
    )
    replaced = set(
        src["relations"].loc[src["relations"]["tipo_relacion"] == "04", "related_uuid"].str.upper()
    )
    inv["cancelada"] = (inv["estado"] == "Cancelado") | inv["uuid"].isin(replaced)
    links = reg.loc[reg["referencia"].notna(), ["uuid", "referencia", "alta"]].drop_duplicates()
    links = links.rename(columns={"referencia": "no_orden", "alta": "no_alta"})
    links = links.merge(inv[["uuid", "cancelada", "total", "fecha"]], on="uuid")
    # Altas ← invoices on both keys; more than one valid invoice is a multiple match.
    valid = links[~links["cancelada"]]
    per_alta = valid.groupby(["no_orden", "no_alta"]).agg(
        validas=("uuid", "size"), uuid=("uuid", "min")
    )
    cancelled = (
        links[links["cancelada"]]
        .groupby(["no_orden", "no_alta"])
        .agg(canceladas=("uuid", "size"), uuid_cancelada=("uuid", "min"))
    )
    rec = altas.merge(
        orders[["orden", "clave", "estatus"]],
        left_on=["no_orden", "clave"], right_on=["orden", "clave"], how="left",
    )  # fmt: skip
    rec = rec.merge(per_alta, left_on=["no_orden", "no_alta"], right_index=True, how="left")
    rec = rec.merge(cancelled, left_on=["no_orden", "no_alta"], right_index=True, how="left")
    rec[["validas", "canceladas"]] = rec[["validas", "canceladas"]].fillna(0)
    rec["uuid"] = rec["uuid"].where(
        rec["validas"] == 1, rec["uuid_cancelada"].where(rec["validas"] == 0)
    )
    # Orders (order lines) with no alta.
    delivered = altas[["no_orden", "clave"]].drop_duplicates()
    undelivered = orders.merge(
        delivered, left_on=["orden", "clave"], right_on=["no_orden", "clave"], how="left",
        indicator=True,
    )  # fmt: skip
    undelivered = undelivered[undelivered["_merge"] == "left_only"]
    # Invoices citing an (alta, order) SAI does not show, issued since SAI's coverage.
    known_altas = altas[["no_orden", "no_alta"]].assign(known=True)
    orphan = links[links["no_alta"].notna()].merge(
        known_altas, on=["no_orden", "no_alta"], how="left"
    )
    since = pd.Timestamp(altas["fecha_alta"].min())
    orphan = orphan[orphan["known"].isna() & (orphan["fecha"].dt.normalize() >= since)]
    orphan_uuids = orphan.drop_duplicates("uuid")
    # PREI: the latest state per UUID.
    prei = src["prei"].sort_values("valid_from").drop_duplicates("uuid", keep="last")
    prei_coverage = src["prei"]["fecha_factura"].min().normalize()
    pay: pd.DataFrame = (
        src["payments"].groupby("uuid", as_index=False).agg(importe=("importe", "sum"))
    )

    # Which invoices each record shows: an alta every invoice citing it, others their own.
    shown = pd.concat([
        rec[["no_orden", "no_alta"]].merge(links[["no_orden", "no_alta", "uuid"]]),
        orphan_uuids[["no_orden", "no_alta", "uuid"]],
    ])  # fmt: skip
    shown = shown.merge(inv, on="uuid")
    live = shown[~shown["cancelada"]]
    # A cancelled invoice that a valid one citing it (04) replaces on the same (order, alta) is a
    # normal substitution there, not an exception.
    rel04 = src["relations"].loc[src["relations"]["tipo_relacion"] == "04"]
    substitutions = pd.DataFrame(
        {"uuid": rel04["uuid"].str.upper(), "replaced": rel04["related_uuid"].str.upper()}
    ).merge(links.loc[~links["cancelada"], ["uuid", "no_orden", "no_alta"]], on="uuid")
    substituted = (
        substitutions.drop(columns="uuid").rename(columns={"replaced": "uuid"}).drop_duplicates()
    )
    flagged = shown[shown["cancelada"]].merge(
        substituted.assign(substituted=True), on=["uuid", "no_orden", "no_alta"], how="left"
    )
    in_prei = live["uuid"].isin(prei["uuid"])
    covered = live["fecha"].dt.normalize() >= prei_coverage
    cited = links.merge(altas[["no_orden", "no_alta", "importe"]], on=["no_orden", "no_alta"])
    alta_sum = cited.groupby("uuid")["importe"].sum().astype(float)
    mismatch = (live["total"].astype(float) - live["uuid"].map(alta_sum)).abs() > TOLERANCE
    paid = live.merge(pay, on="uuid")
    paid_diff = paid["importe"].astype(float) - paid["total"].astype(float)
    counts = pd.Series(
        {
            "ALTA_NOT_INVOICED": int(((rec["validas"] == 0) & (rec["canceladas"] == 0)).sum()),
            "MULTIPLE_MATCHES": int((rec["validas"] > 1).sum()),
            "ALTA_NOT_FOUND": len(orphan_uuids),
            "CANCELLED_ORDER_DELIVERED": int((rec["estatus"] == "Cancelada").sum()),
            "CANCELLED_INVOICE_LINKED": int(flagged["substituted"].isna().sum()),
            "INVOICE_NOT_IN_PREI": int((~in_prei & covered).sum()),
            "AMOUNT_MISMATCH": int((mismatch & live["uuid"].isin(alta_sum.index)).sum()),
            "PAID_SHORT": int((paid_diff < -TOLERANCE).sum()),
            "PAID_OVER": int((paid_diff > TOLERANCE).sum()),
        }
    )
    records = pd.concat([
        rec[["no_orden", "no_alta", "uuid"]].assign(registro="alta"),
        pd.DataFrame({"no_orden": undelivered["orden"], "registro": "orden"}),
        orphan_uuids[["no_orden", "no_alta", "uuid"]].assign(registro="factura"),
    ])  # fmt: skip
    records = records.merge(prei[["uuid", "estado"]], on="uuid", how="left")
    records = records.merge(pay.rename(columns={"importe": "pagado"}), on="uuid", how="left")
    return records, counts[counts > 0]


# -- the plain SQL chain (the floor) ------------------------------------------------------------

PLAIN_CHAIN = """
WITH cur_reg AS (
    SELECT * FROM invoice_register WHERE uuid IS NOT NULL AND {current}
),
inv AS (
    SELECT r.uuid, max(r.total) AS total, min(r.fecha) AS fecha,
        bool_or(r.uuid_estado = 'Cancelado') OR bool_or(x.uuid IS NOT NULL) AS cancelada
    FROM cur_reg AS r
    LEFT JOIN (SELECT DISTINCT related_uuid AS uuid FROM invoice_relation
        WHERE tipo_relacion = '04' AND {current}) AS x ON x.uuid = r.uuid
    GROUP BY r.uuid
),
links AS (
    SELECT DISTINCT r.uuid, r.referencia AS no_orden, r.alta AS no_alta, i.cancelada, i.fecha
    FROM cur_reg AS r JOIN inv AS i USING (uuid)
    WHERE r.referencia IS NOT NULL AND r.alta IS NOT NULL
),
per_alta AS (
    SELECT no_orden, no_alta, count(*) FILTER (WHERE NOT cancelada) AS validas,
        count(*) FILTER (WHERE cancelada) AS canceladas,
        min(uuid) FILTER (WHERE NOT cancelada) AS uuid_valida,
        min(uuid) FILTER (WHERE cancelada) AS uuid_cancelada
    FROM links GROUP BY no_orden, no_alta
),
altas AS (SELECT * FROM sai_alta WHERE {current}),
orders AS (SELECT * FROM sai_order WHERE {current}),
records AS (
    SELECT a.no_orden, a.no_alta, CASE WHEN coalesce(m.validas, 0) = 1 THEN m.uuid_valida
        WHEN coalesce(m.validas, 0) = 0 THEN m.uuid_cancelada END AS uuid
    FROM altas AS a
    LEFT JOIN orders AS o ON o.orden = a.no_orden AND o.clave = a.clave
    LEFT JOIN per_alta AS m ON m.no_orden = a.no_orden AND m.no_alta = a.no_alta
    UNION ALL
    SELECT o.orden, NULL, NULL FROM orders AS o
    ANTI JOIN altas AS a ON a.no_orden = o.orden AND a.clave = o.clave
    UNION ALL
    SELECT min(l.no_orden), min(l.no_alta), l.uuid FROM links AS l
    ANTI JOIN altas AS a ON a.no_orden = l.no_orden AND a.no_alta = l.no_alta
    WHERE CAST(l.fecha AS DATE) >= (SELECT min(fecha_alta) FROM altas)
    GROUP BY l.uuid
),
prei AS (
    SELECT uuid, arg_max(estado, valid_from) AS estado FROM contrarecibo_status
    WHERE valid_from < {known} GROUP BY uuid
),
pay AS (SELECT uuid, sum(importe) AS pagado FROM payment WHERE {current} GROUP BY uuid)
SELECT r.*, p.estado, y.pagado, i.total, i.cancelada
FROM records AS r
LEFT JOIN prei AS p USING (uuid)
LEFT JOIN pay AS y USING (uuid)
LEFT JOIN inv AS i USING (uuid)
"""


# The floor's result, as the reconciliation view names the same columns.
FLOOR_COLUMNS = (
    "no_orden",
    "no_alta",
    "uuid",
    "estado_cr",
    "importe_pagado",
    "importe_factura",
    "factura_cancelada",
)


def plain_side(path: Path, repeat: int) -> dict[str, Any]:
    """The same joins as one hand-written DuckDB query on the current rows: what the views
    cost beyond the work itself (the floor of the SQL side)."""
    known = f"TIMESTAMP '{(AS_OF + timedelta(days=1)).isoformat()}'"
    current = f"valid_from < {known} AND (valid_to IS NULL OR valid_to >= {known})"
    sql = PLAIN_CHAIN.format(known=known, current=current)
    with Warehouse(path, read_only=True) as warehouse:
        con = warehouse.connection
        seconds, table = timed(lambda: con.sql(sql).to_arrow_table(), repeat, first_apart=True)
        runs, cpu = list(RUNS), statistics.median(CPU_RUNS)
        planning = planning_seconds(con, lambda: con.sql(sql).to_arrow_table())
    return {"seconds": seconds, "runs": runs, "records": table.num_rows, "cpu": cpu,
            "planning": planning, "peak_rss_mb": peak_rss_mb()}  # fmt: skip


# -- main ---------------------------------------------------------------------------------------


def sql_exception_counts(con: duckdb.DuckDBPyConnection, as_of: date) -> pd.Series:
    rel = relation(con, "recon_exception", make_cut(as_of), SETTINGS)
    rows = rel.aggregate("excepcion, count(*)", "excepcion").fetchall()
    return pd.Series({str(code): int(n) for code, n in rows})


def line(label: str, ours: float, baseline: float, unit: str = "s") -> None:
    ratio = baseline / ours if ours else float("inf")
    print(f"  {label:<44} {ours:9.3f} {unit}   baseline {baseline:9.3f} {unit}   {ratio:6.1f}×")


# Each side runs in a fresh process of its own, so neither pays for the other's memory (the
# in-memory world, the other side's frames) and each peak RSS is its own.


def sql_side(path: Path, repeat: int) -> dict[str, Any]:
    with Warehouse(path, read_only=True) as warehouse:
        con = warehouse.connection
        cut = make_cut(AS_OF)
        seconds, table = timed(
            lambda: relation(con, "reconciliation", cut, SETTINGS).to_arrow_table(),
            repeat,
            first_apart=True,
        )
        runs, cpu = list(RUNS), statistics.median(CPU_RUNS)
        planning = planning_seconds(
            con, lambda: relation(con, "reconciliation", cut, SETTINGS).to_arrow_table()
        )
        # The same views asked only for the columns the floor returns: how much of the gap is
        # the chain's other columns (dates, folios, keys, statuses, exception texts).
        narrow, _ = timed(
            lambda: (
                relation(con, "reconciliation", cut, SETTINGS)
                .select(*FLOOR_COLUMNS)
                .to_arrow_table()
            ),
            repeat,
            first_apart=True,
        )
        counts = sql_exception_counts(con, AS_OF)
        cached = cached_open(con, path, cut)
    return {
        "seconds": seconds,
        "runs": runs,
        "cpu": cpu,
        "planning": planning,
        "narrow_seconds": narrow,
        "records": table.num_rows,
        "counts": {str(k): int(v) for k, v in counts.items()},
        "peak_rss_mb": peak_rss_mb(),
        **cached,
    }


def cached_open(con: duckdb.DuckDBPyConnection, path: Path, cut: Any) -> dict[str, float]:
    """What the Conciliación screen waits for: computing its rows, or the cache's key and a
    memory-mapped read when nothing changed since the last time."""
    report = chain(con, cut, SETTINGS)
    columns = list(report.columns)
    with tempfile.TemporaryDirectory() as folder:
        cache = ReportCache(Path(folder))

        def key() -> str:
            return cache.key(con, path, "reconciliation", columns, cut, SETTINGS, {})

        def compute() -> Any:
            return BrowseTable.read_relation(report.relation, columns)

        start = time.perf_counter()
        cache.table("reconciliation", key(), compute)
        missed = time.perf_counter() - start
        hit, _ = timed(lambda: cache.table("reconciliation", key(), compute), 3)
    return {"open_computed": missed, "open_cached": hit}


def pandas_side(path: Path, repeat: int) -> dict[str, Any]:
    with Warehouse(path, read_only=True) as warehouse:
        sources = read_sources(warehouse.connection, AS_OF)
    seconds, (records, counts) = timed(lambda: pandas_chain(sources), repeat, first_apart=True)
    return {
        "seconds": seconds,
        "runs": list(RUNS),
        "cpu": statistics.median(CPU_RUNS),
        "records": len(records),
        "counts": {str(k): int(v) for k, v in counts.items()},
        "peak_rss_mb": peak_rss_mb(),
    }


def export_side(path: Path, rows: int) -> dict[str, Any]:
    """Both writers get the same rows already computed, so the figure is the writing alone."""
    with tempfile.TemporaryDirectory() as tmp, Warehouse(path) as warehouse:
        con = warehouse.connection
        report = chain(con, make_cut(AS_OF), SETTINGS)
        # Registered, not stored: a warehouse kept with --keep stays as it was for later runs.
        con.register("export_rows", report.relation.limit(rows).to_arrow_table())
        limited = replace(report, relation=con.table("export_rows"))
        frame = limited.relation.select(*limited.columns).df()
        ours_path, theirs_path = Path(tmp) / "ours.xlsx", Path(tmp) / "pandas.xlsx"
        start = time.perf_counter()
        result = export(con, limited, ours_path)
        ours = time.perf_counter() - start
        start = time.perf_counter()
        frame.to_excel(theirs_path, index=False, engine="openpyxl")
        theirs = time.perf_counter() - start
    return {"rows": result.rows, "ours": ours, "theirs": theirs}


SIDES: dict[str, Callable[..., dict[str, Any]]] = {
    "sql": sql_side,
    "pandas": pandas_side,
    "plain": plain_side,
    "export": export_side,
}


def in_own_process(side: str, *args: Any) -> dict[str, Any]:
    command = [sys.executable, __file__, "--side", side, *(str(a) for a in args)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{side} side failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def build(path: Path, scale: int) -> None:
    start = time.perf_counter()
    world = build_world(seed=42, scale=scale, as_of=AS_OF)
    print(f"World: scale {scale:,} → {len(world.imss.orders):,} IMSS order lines "
          f"({time.perf_counter() - start:.1f} s in memory).")  # fmt: skip
    start = time.perf_counter()
    with Warehouse(path) as warehouse:
        counts = fill(warehouse.connection, world)
    del world
    print(
        f"Canonical tables filled from the in-memory world with set-based SQL "
        f"(INSERT … SELECT), not through xlsx ingest, in {time.perf_counter() - start:.1f} s:"
    )
    print("  " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--order-lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--export-rows", type=int, default=200_000)
    parser.add_argument(
        "--keep", type=Path, help="warehouse file to fill once and reuse in later runs"
    )
    parser.add_argument("--side", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side:
        side, path, number = args.side
        print(json.dumps(SIDES[side](Path(path), int(number))))
        return

    scale = round(args.order_lines / IMSS_SHARE)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "w.duckdb"
        if path.exists():
            print(f"Warehouse kept from an earlier run: {path}")
        else:
            build(path, scale)

        sql = in_own_process("sql", path, args.repeat)
        plain = in_own_process("plain", path, args.repeat)
        theirs = in_own_process("pandas", path, args.repeat)
        print(
            f"\nFull chain, median of {args.repeat} runs after a first one, each side in its own "
            "process (SQL views "
            "from the warehouse file vs pandas merges on frames already in memory):"
        )
        print(f"  load average before the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        line("reconciliation (records + exceptions)", sql["seconds"], theirs["seconds"])
        line("  the same in CPU seconds (all threads)", sql["cpu"], theirs["cpu"])
        slower = sql["seconds"] / plain["seconds"]
        print(
            f"  plain SQL of the same joins (floor) {plain['seconds']:9.3f} s, "
            f"CPU {plain['cpu']:.3f} s → the views take {slower:.2f}× the floor "
            f"(CPU {sql['cpu'] / plain['cpu']:.2f}×); records {plain['records']:,}"
        )
        print(
            f"  the views asked only for the floor's {len(FLOOR_COLUMNS)} columns "
            f"{sql['narrow_seconds']:9.3f} s → {sql['narrow_seconds'] / plain['seconds']:.2f}× "
            "the floor"
        )
        print(
            f"  of which planning (bind, optimise, plan; DuckDB's profiler): views "
            f"{sql['planning']:.3f} s, floor {plain['planning']:.3f} s"
        )
        print(
            f"  the floor against pandas: {theirs['seconds'] / plain['seconds']:.1f}× "
            f"(the views: {theirs['seconds'] / sql['seconds']:.1f}×)"
        )
        print("  every run, the first one first: SQL "
              + ", ".join(f"{s:.2f}" for s in sql["runs"]) + " s; plain "
              + ", ".join(f"{s:.2f}" for s in plain["runs"]) + " s; pandas "
              + ", ".join(f"{s:.2f}" for s in theirs["runs"]) + " s")  # fmt: skip
        same_records = sql["records"] == theirs["records"]
        same_counts = sql["counts"] == theirs["counts"]
        print(f"  records: SQL {sql['records']:,}, pandas {theirs['records']:,} → "
              f"{'same' if same_records else 'DIFFERENT'}")  # fmt: skip
        print("  exception counts: " + ("same" if same_counts else "DIFFERENT"))
        for code in sorted(set(sql["counts"]) | set(theirs["counts"])):
            print(f"    {code:<28} SQL {sql['counts'].get(code, 0):>9,}   "
                  f"pandas {theirs['counts'].get(code, 0):>9,}")  # fmt: skip
        line("screen open: cached rows vs computed (sorted)", sql["open_cached"],
             sql["open_computed"])  # fmt: skip
        print(f"  peak RSS: SQL process {sql['peak_rss_mb']:,.0f} MB, "
              f"pandas process {theirs['peak_rss_mb']:,.0f} MB")  # fmt: skip

        written = in_own_process("export", path, args.export_rows)
        print(f"\nExport of {written['rows']:,} reconciliation rows to xlsx (one run each):")
        line("write_xlsx (constant memory) vs to_excel", written["ours"], written["theirs"])
        print(f"\nPeak RSS of this process (world and fill): {peak_rss_mb():,.0f} MB")
        if not (same_records and same_counts):
            sys.exit(1)


if __name__ == "__main__":
    main()
