"""How the Conciliación table behaves with a million rows: time to the first rows, sort and
filter times, and the longest stall of the GUI thread, measured with a 10 ms QTimer heartbeat.

The rows have the reconciliation's columns and types (text keys, dates, DECIMAL amounts, a
boolean) and are generated in DuckDB; the page's own widgets (ReportTable over BrowseModel) are
shown offscreen and driven as a clerk would: open, click a header, type in the filter box, scroll.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui_tables.py [--rows 1000000]

Goals (issue): first rows < 1 s, sort/filter < 300 ms, GUI thread never blocked > 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import duckdb
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from o2c_desktop.context import open_context
from o2c_desktop.services.analytics.reconcile import COLUMNS
from o2c_desktop.services.browse import BrowseTable
from o2c_desktop.ui import workers
from o2c_desktop.ui.column_titles import titles_for
from o2c_desktop.ui.report_table import ReportTable

HEARTBEAT_MS = 10


def reconciliation_rows(rows: int):  # -> pyarrow.Table
    con = duckdb.connect()
    relation = con.sql(f"""
        SELECT CASE WHEN i % 3 = 0 THEN 'IMSS-B' ELSE 'IMSS' END AS institucion,
          CASE WHEN i % 11 = 0 THEN 'orden' ELSE 'alta' END AS registro,
          lpad(CAST(40000000 + i // 3 AS VARCHAR), 8, '0') AS no_orden,
          lpad(CAST(i % 999983 AS VARCHAR), 6, '0') || '-' || CAST(i % 97 AS VARCHAR) AS no_alta,
          '010.000.' || lpad(CAST(i % 6 * 1111 AS VARCHAR), 4, '0') || '.00' AS clave,
          'C-' || CAST(i % 400 AS VARCHAR) AS contrato,
          'UMF ' || CAST(i % 1500 AS VARCHAR) AS unidad,
          'Atendida' AS estatus_orden, DATE '2024-01-01' + (i % 700)::INTEGER AS fecha_limite,
          DATE '2024-01-01' + (i % 650)::INTEGER AS fecha_entrega,
          DATE '2024-02-15' + (i % 650)::INTEGER AS fpp,
          CAST(i % 500 AS BIGINT) AS cantidad_ordenada,
          CAST(i % 450 AS BIGINT) AS cantidad_entregada,
          CAST((i * 7919) % 10000000 AS DECIMAL(18, 2)) / 100 AS importe_orden,
          CAST((i * 7907) % 10000000 AS DECIMAL(18, 2)) / 100 AS importe_alta,
          md5(CAST(i AS VARCHAR)) AS uuid, 'P-' || CAST(i AS VARCHAR) AS folio_factura,
          DATE '2024-02-01' + (i % 600)::INTEGER AS fecha_factura,
          CAST((i * 7907) % 10000000 AS DECIMAL(18, 2)) / 100 AS importe_factura,
          i % 97 = 0 AS factura_cancelada, CAST(1 AS BIGINT) AS candidatos,
          CASE i % 4 WHEN 0 THEN 'Pagado' WHEN 1 THEN 'En proceso' WHEN 2 THEN 'Aprobado' END
            AS estado_cr,
          'CR' || CAST(i % 40000 AS VARCHAR) AS contra_recibo, NULL::VARCHAR AS estado_sagi,
          CAST((i * 7907) % 10000000 AS DECIMAL(18, 2)) / 100 AS importe_pagado,
          'CLC' || CAST(i % 9000 AS VARCHAR) AS clc,
          CASE i % 5 WHEN 0 THEN 'Pagado' WHEN 1 THEN 'Por facturar' ELSE 'En contrarecibo' END
            AS estatus_cadena,
          CASE WHEN i % 7 = 0 THEN 'ALTA_NOT_INVOICED' END AS excepcion,
          CASE WHEN i % 7 = 0 THEN 'ALTA_NOT_INVOICED' END AS excepciones
        FROM range({rows}) AS r(i)
    """)
    # Columns the reconciliation gains later are carried as empty text.
    missing = [c for c in COLUMNS if c not in relation.columns]
    extra = "".join(f", NULL::VARCHAR AS {c}" for c in missing)
    table = con.sql(f"SELECT *{extra} FROM relation").select(*COLUMNS).to_arrow_table()
    con.close()
    return table


class Heartbeat:
    """A 10 ms timer in the GUI thread; the longest gap between ticks is the longest stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.longest = 0

    def start(self) -> None:
        self.clock.start()
        self.last = 0
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.longest = 0
        self.last = self.clock.elapsed()


def wait_for(app: QApplication, done: Callable[[], bool], limit_s: float = 60) -> float:
    start = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - start > limit_s:
            raise TimeoutError("the table did not answer in time")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    data = tempfile.TemporaryDirectory()
    context = open_context(data.name)

    started = time.perf_counter()
    rows = reconciliation_rows(args.rows)
    print(
        f"{args.rows:,} reconciliation-shaped rows generated in "
        f"{time.perf_counter() - started:.1f} s (not part of the measures)"
    )

    table = ReportTable(context, "bench", titles_for(COLUMNS))
    table.resize(1200, 700)
    table.show()
    heartbeat = Heartbeat()
    heartbeat.start()
    arranged: list[int] = []
    table.model.arranged.connect(arranged.append)

    def measure(label: str, action: Callable[[], None]) -> float:
        arranged.clear()
        heartbeat.reset()
        start = time.perf_counter()
        action()
        wait_for(app, lambda: bool(arranged))
        elapsed = time.perf_counter() - start
        app.processEvents()  # let the view paint the new rows before reading the stall
        print(
            f"{label:<44} {elapsed * 1000:7.0f} ms   rows {arranged[0]:>9,}   "
            f"longest GUI stall {heartbeat.longest:4d} ms"
        )
        return heartbeat.longest

    stalls = []
    loaded: list[BrowseTable] = []

    def open_table() -> None:
        workers.start(lambda _c: BrowseTable(rows, list(COLUMNS)), name="copy",
                      on_returned=lambda t: (loaded.append(t), table.set_table(t)))  # fmt: skip

    stalls.append(measure("open: copy into memory + first page", open_table))
    model = table.model
    stalls.append(measure("first page again (report order)", lambda: model.sort(-1)
                          or table.apply_filters()))  # fmt: skip
    column = list(COLUMNS).index
    stalls.append(measure("sort by Orden (text) ascending", lambda: model.sort(column("no_orden"))))
    stalls.append(measure("sort by Importe del alta descending",
                          lambda: model.sort(column("importe_alta"), _desc())))  # fmt: skip
    stalls.append(measure("sort by Fecha de factura ascending",
                          lambda: model.sort(column("fecha_factura"))))  # fmt: skip

    def type_filter() -> None:
        table.filter_edit.setText("p-12345")
        table.apply_filters()

    stalls.append(measure("filter box 'p-12345' (all text columns)", type_filter))

    def column_filter() -> None:
        table.filter_edit.clear()
        table._contains["estatus_cadena"] = "pagado"
        table.apply_filters()

    stalls.append(measure("column filter Estatus ⊇ 'pagado' + sort", column_filter))

    heartbeat.reset()
    start = time.perf_counter()
    target = model.rowCount() + 2000
    table.view.scrollToBottom()
    while model.rowCount() < target:
        if model.canFetchMore():
            model.fetchMore()
        wait_for(app, lambda: model.canFetchMore() or model.rowCount() >= target, 30)
    elapsed = time.perf_counter() - start
    print(
        f"{'scroll: 2,000 more rows in pages of 200':<44} {elapsed * 1000:7.0f} ms   "
        f"rows {model.rowCount():>9,}   longest GUI stall {heartbeat.longest:4d} ms"
    )
    stalls.append(heartbeat.longest)
    print(f"longest GUI-thread stall overall: {max(stalls)} ms (heartbeat {HEARTBEAT_MS} ms)")
    workers.shutdown()
    table.close()
    return 0


def _desc():
    from PySide6.QtCore import Qt

    return Qt.SortOrder.DescendingOrder


if __name__ == "__main__":
    sys.exit(main())
