"""How the Conciliación table behaves with a million rows: time to the first rows on screen, to
the row count (the in-memory copy that sorting and filtering need is then done), sort and filter
times, and the longest stall of the GUI thread, measured with a 10 ms QTimer heartbeat.

The rows have the reconciliation's columns and types (text keys, dates, DECIMAL amounts, a
boolean); they are generated in DuckDB and read into Arrow as a page reads its report
(``BrowseTable.from_relation``). That read is timed and printed but is not part of the figures:
for the real page it is the reconciliation query itself (bench_reconcile.py). The clock of an
open starts when the page hands those rows to a worker to open the table, and "first rows on
screen" stops when the view has painted rows. The page's own widgets (ReportTable over
BrowseModel) are shown offscreen and driven as a clerk would: open, click a header (also at once,
while the copy runs), type in the filter box, scroll.

Each figure is printed beside its baseline from the same run: the table opened as it was before,
with every row copied in the loading worker before anything is shown. Both ways run --repeat
times, taking turns at going first; figures are medians, the ratio is baseline / now, and the
stall is the longest of all runs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui_tables.py [--rows 1000000]
        [--repeat 3]

Goals (issue): first rows < 1 s, sort/filter < 300 ms, GUI thread never blocked > 100 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import duckdb
import pyarrow.compute as pc
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView

from o2c_desktop.context import open_context
from o2c_desktop.services.analytics.reconcile import COLUMNS
from o2c_desktop.services.browse import BrowseTable, TableQuery
from o2c_desktop.ui import workers
from o2c_desktop.ui.browse_model import SORT_ROLE
from o2c_desktop.ui.column_titles import titles_for
from o2c_desktop.ui.report_table import ReportTable

HEARTBEAT_MS = 10
NOW, BASELINE = "first page, then copy", "copy, then show"
FIRST_ROWS_GOAL_MS, QUERY_GOAL_MS, STALL_GOAL_MS = 1000, 300, 100


def reconciliation_relation(con: duckdb.DuckDBPyConnection, rows: int) -> duckdb.DuckDBPyRelation:
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
          CAST((i * 7919) % 10000000 / 100 AS DECIMAL(18, 2)) AS importe_orden,
          CAST((i * 7907) % 10000000 / 100 AS DECIMAL(18, 2)) AS importe_alta,
          md5(CAST(i AS VARCHAR)) AS uuid, 'P-' || CAST(i AS VARCHAR) AS folio_factura,
          DATE '2024-02-01' + (i % 600)::INTEGER AS fecha_factura,
          CAST((i * 7907) % 10000000 / 100 AS DECIMAL(18, 2)) AS importe_factura,
          i % 97 = 0 AS factura_cancelada, CAST(1 AS BIGINT) AS candidatos,
          CASE i % 4 WHEN 0 THEN 'Pagado' WHEN 1 THEN 'En proceso' WHEN 2 THEN 'Aprobado' END
            AS estado_cr,
          'CR' || CAST(i % 40000 AS VARCHAR) AS contra_recibo, NULL::VARCHAR AS estado_sagi,
          CAST((i * 7907) % 10000000 / 100 AS DECIMAL(18, 2)) AS importe_pagado,
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
    con.execute(f"CREATE TABLE reconciliation AS SELECT *{extra} FROM relation")
    return con.table("reconciliation").select(*COLUMNS)


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


class RowsPainted(QObject):
    """Notes when the view paints while it has rows: the moment a clerk sees them."""

    def __init__(self, view: QTableView) -> None:
        super().__init__()
        self.view = view
        self.painted = False
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.view.model().rowCount() > 0:
            self.painted = True
        return False


def wait_for(app: QApplication, done: Callable[[], bool], limit_s: float = 60) -> None:
    # processEvents returns after the paints it ran, so a figure includes drawing the rows.
    start = time.perf_counter()
    while not done():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - start > limit_s:
            raise TimeoutError("the table did not answer in time")


class Bench:
    def __init__(self, app: QApplication, table: ReportTable, rows) -> None:  # rows: pa.Table
        self.app, self.table, self.rows = app, table, rows
        self.heartbeat = Heartbeat()
        self.heartbeat.start()
        self.painted = RowsPainted(table.view)
        self.arranged: list[int] = []
        table.model.arranged.connect(self.arranged.append)
        self.times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        self.stalls: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.counts: dict[str, int] = {}
        self.order: list[str] = []
        self.max_amount = pc.max(rows.column("importe_alta")).as_py()

    def note(self, label: str, way: str, seconds: float, rows: int) -> None:
        if label not in self.order:
            self.order.append(label)
        self.times[label][way].append(seconds * 1000)
        self.stalls[label][way] = max(self.stalls[label][way], self.heartbeat.longest)
        self.counts[label] = rows

    def close_table(self) -> None:
        wait_for(self.app, lambda: not workers.running())
        shown = self.table.model.table
        self.table.set_table(None)
        self.table.model.set_query(TableQuery())  # a page opens in report order
        if shown is not None:
            shown.close()
        self.app.processEvents()

    def open(self, way: str) -> float:
        """Open the rows as the page does; returns the start of the clock."""
        self.close_table()
        self.painted.painted = False
        self.arranged.clear()
        self.heartbeat.reset()
        rows = self.rows

        def load(_control: object) -> BrowseTable:
            browse = BrowseTable(rows, list(COLUMNS))
            if way == BASELINE:
                browse.copy_rows()
            return browse

        start = time.perf_counter()
        workers.start(load, name="open table", on_returned=self.table.set_table)
        return start

    def measure_open(self, way: str) -> None:
        start = self.open(way)
        wait_for(self.app, lambda: self.painted.painted)
        self.note("open: first rows on screen", way, time.perf_counter() - start,
                  self.table.model.rowCount())  # fmt: skip
        wait_for(self.app, lambda: bool(self.arranged))
        self.note("open: row count shown (copy done)", way, time.perf_counter() - start,
                  self.arranged[0])  # fmt: skip

    def measure_sort_at_once(self, way: str) -> None:
        start = self.open(way)
        wait_for(self.app, lambda: self.painted.painted)
        self.arranged.clear()
        model, column = self.table.model, list(COLUMNS).index("importe_alta")
        model.sort(column, Qt.SortOrder.DescendingOrder)
        wait_for(self.app, lambda: bool(self.arranged))
        self.note("open, sort at once: sorted rows shown", way, time.perf_counter() - start,
                  self.arranged[0])  # fmt: skip
        first = model.index(0, column).data(SORT_ROLE)
        assert first == self.max_amount, f"sorted wrong: {first} first, not {self.max_amount}"

    def measure(self, label: str, way: str, action: Callable[[], None]) -> None:
        wait_for(self.app, lambda: not workers.running())  # e.g. the filter's value choices
        self.arranged.clear()
        self.heartbeat.reset()
        start = time.perf_counter()
        action()
        wait_for(self.app, lambda: bool(self.arranged))
        self.app.processEvents()  # the view paints the new rows
        self.note(label, way, time.perf_counter() - start, self.arranged[0])

    def measure_browsing(self, way: str) -> None:
        table, model, column = self.table, self.table.model, list(COLUMNS).index

        def type_filter() -> None:
            table.filter_edit.setText("p-12345")
            table.apply_filters()

        def column_filter() -> None:
            table.filter_edit.clear()
            table._contains["estatus_cadena"] = "pagado"
            table.apply_filters()

        descending = Qt.SortOrder.DescendingOrder
        self.measure("first page again (report order)", way,
                     lambda: model.set_query(TableQuery()))  # fmt: skip
        self.measure("sort by Orden (text) ascending", way, lambda: model.sort(column("no_orden")))
        self.measure("sort by Importe del alta descending", way,
                     lambda: model.sort(column("importe_alta"), descending))  # fmt: skip
        self.measure("sort by Fecha de factura ascending", way,
                     lambda: model.sort(column("fecha_factura")))  # fmt: skip
        self.measure("filter box 'p-12345' (all text columns)", way, type_filter)
        self.measure("column filter Estatus ⊇ 'pagado' + sort", way, column_filter)
        table._contains.clear()

        self.heartbeat.reset()
        start = time.perf_counter()
        target = model.rowCount() + 2000
        table.view.scrollToBottom()
        while model.rowCount() < target:
            if model.canFetchMore():
                model.fetchMore()
            wait_for(self.app, lambda: model.canFetchMore() or model.rowCount() >= target, 30)
        self.note("scroll: 2,000 more rows in pages of 200", way, time.perf_counter() - start,
                  model.rowCount())  # fmt: skip

    def report(self, repeat: int) -> None:
        print(f"\nMedians of {repeat} runs each; now = {NOW}, baseline = {BASELINE}:")
        print(f"  {'':<42} {'now':>8}   {'baseline':>8}   {'ratio':>6}   {'rows':>9}   "
              f"{'longest GUI stall now / baseline':>32}")  # fmt: skip
        for label in self.order:
            now = statistics.median(self.times[label][NOW])
            base = statistics.median(self.times[label][BASELINE])
            stall = self.stalls[label]
            print(
                f"  {label:<42} {now:5.0f} ms   {base:5.0f} ms   {base / now:5.1f}×   "
                f"{self.counts[label]:>9,}   {stall[NOW]:>20d} ms / {stall[BASELINE]:4d} ms"
            )
        longest = max(max(s.values()) for s in self.stalls.values())
        print(f"\nlongest GUI-thread stall overall: {longest} ms (heartbeat {HEARTBEAT_MS} ms)")
        first_rows = statistics.median(self.times["open: first rows on screen"][NOW])
        slowest = max(statistics.median(self.times[label][NOW]) for label in self.order
                      if label.startswith(("sort", "filter", "column filter")))  # fmt: skip
        met = (
            first_rows < FIRST_ROWS_GOAL_MS and slowest < QUERY_GOAL_MS and longest <= STALL_GOAL_MS
        )
        print(
            f"goals (first rows < 1 s, sort/filter < 300 ms, stall ≤ 100 ms): "
            f"{'met' if met else 'NOT met'} (first rows {first_rows:.0f} ms, "
            f"slowest sort/filter {slowest:.0f} ms, stall {longest} ms)"
        )


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    data = tempfile.TemporaryDirectory()
    context = open_context(data.name)

    started = time.perf_counter()
    con = duckdb.connect()
    relation = reconciliation_relation(con, args.rows)
    print(f"{args.rows:,} reconciliation-shaped rows generated in "
          f"{time.perf_counter() - started:.1f} s (not part of the figures)")  # fmt: skip
    started = time.perf_counter()
    rows = relation.to_arrow_table()
    print(f"read into Arrow as BrowseTable.from_relation does in "
          f"{(time.perf_counter() - started) * 1000:.0f} ms (not part of the figures)")  # fmt: skip
    con.close()

    table = ReportTable(context, "bench", titles_for(COLUMNS))
    table.resize(1200, 700)
    table.show()
    bench = Bench(app, table, rows)
    for run in range(args.repeat):
        for way in (NOW, BASELINE) if run % 2 == 0 else (BASELINE, NOW):
            bench.measure_open(way)
            bench.measure_sort_at_once(way)
            bench.measure_browsing(way)
    bench.close_table()
    bench.report(args.repeat)
    print(f"peak RSS {peak_rss_mb():,.0f} MB")
    workers.shutdown()
    table.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
