"""Flujo de efectivo: the weeks summed by hand from a warehouse of one own invoice and one factored
invoice, the invoices behind a figure, another cut, and the exports of what is shown. The rows are
inserted straight into the warehouse's tables, with the lineage columns a load fills."""

from __future__ import annotations

import csv
import hashlib
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from PySide6.QtCharts import QLineSeries
from PySide6.QtCore import QDate, Qt

from o2c_desktop.context import AppContext, open_context
from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.cashflow import project
from o2c_desktop.ui import workers
from o2c_desktop.ui.pages.cashflow_page import CashflowPage
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.warehouse_reader import ensure_warehouse

AS_OF = date(2025, 8, 25)
RFC = "IMS421231I45"
UA, UB, H1, H2 = ("A" * 8 + "-0001", "B" * 8 + "-0002", "1" * 8 + "-0003", "2" * 8 + "-0004")
FIGURES = ("institution_p50", "institution_p90", "advances", "reserves", "fees", "net",
           "running_total")  # fmt: skip
D = Decimal
# Worked out in tests/services/analytics/test_cashflow_values.py: A (own) is expected on 04/09
# (P50) and 08/09 (P90), 1000 less 100 of penalty; B (factored) brings its advance on 27/08 and
# its reserve (200) less the fee (30) at its scheduled payment, 10/09.
HAND_WEEKS = [
    (1, date(2025, 8, 25), date(2025, 8, 31), D(0), D(0), D(1800), D(0), D(0), D(1800), D(1800)),
    (2, date(2025, 9, 1), date(2025, 9, 7), D(900), D(0), D(0), D(0), D(0), D(900), D(2700)),
    (3, date(2025, 9, 8), date(2025, 9, 14), D(0), D(900), D(0), D(200), D(-30), D(170), D(2870)),
]


class Rows:
    def __init__(self, con: Any) -> None:
        self.con = con

    def insert(self, table: str, known: date, *rows: dict[str, Any]) -> None:
        """Rows known from noon of ``known``, as a daily download would have brought them."""
        for number, row in enumerate(rows, start=1):
            digest = hashlib.sha256(repr(sorted(row.items())).encode()).hexdigest()
            values = row | {"valid_from": datetime.combine(known, time(12)), "valid_to": None,
                            "row_hash": digest, "load_id": 1, "archive_sha256": "0" * 64,
                            "source_row": number}  # fmt: skip
            marks = ", ".join("?" for _ in values)
            self.con.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})",
                             list(values.values()))  # fmt: skip

    def status(self, uuid: str, known: date, state: str) -> None:
        self.con.execute(
            "UPDATE contrarecibo_status SET valid_to = ? WHERE uuid = ? AND valid_to IS NULL",
            [datetime.combine(known, time(12)), uuid],
        )
        self.insert("contrarecibo_status", known, {"uuid": uuid, "estado": state})


@pytest.fixture
def cash_context(tmp_path) -> AppContext:
    context = open_context(tmp_path / "data")
    ensure_warehouse(context)
    with context.open_warehouse() as warehouse:
        rows = Rows(warehouse.connection)
        # History: approved → paid in 10 and 20 days (median 15, P90 19).
        for uuid, approved, paid in ((H1, date(2025, 7, 1), date(2025, 7, 11)),
                                     (H2, date(2025, 7, 5), date(2025, 7, 25))):  # fmt: skip
            rows.status(uuid, approved, "Aprobado")
            rows.status(uuid, paid, "Pagado")
        for alta, order, fpp in (("A-1", "OA", date(2025, 8, 20)),
                                 ("B-1", "OB", date(2025, 9, 10))):  # fmt: skip
            rows.insert("sai_alta", date(2025, 7, 6), {
                "no_alta": alta, "fecha_alta": fpp, "no_orden": order, "importe": D("1"),
                "fpp": fpp,
            })  # fmt: skip
        rows.insert("invoice_register", date(2025, 7, 8), *[
            {"factura": f, "referencia": o, "alta": a, "uuid": u, "fecha": datetime(2025, 7, 8),
             "receptor_rfc": RFC, "total": D(t)}
            for f, o, a, u, t in (
                ("P-201", "OA", "A-1", UA, "1000"), ("P-202", "OB", "B-1", UB, "2000"))
        ])  # fmt: skip
        rows.status(UA, date(2025, 8, 20), "Aprobado")
        rows.status(UB, date(2025, 8, 15), "Sin Contra Recibo")
        rows.insert(
            "penalty",
            date(2025, 8, 1),
            {"orden_suministro": "OA", "oficio_key": "OF-1", "pena": D("100")},
        )
        rows.insert("factoring_operation", date(2025, 8, 22), {
            "factor": "Banco", "invoice_key": UB, "uuid": UB, "state": "assigned",
            "advance_date": date(2025, 8, 27), "face_amount": D("2000"),
            "advance_amount": D("1800"), "reserve_amount": D("200"), "fee_amount": D("30"),
            "recourse": True,
        })  # fmt: skip
    return context


@pytest.fixture(autouse=True)
def _workers_done(qtbot):
    yield
    qtbot.waitUntil(lambda: not workers.running(), timeout=20_000)


def shown_page(qtbot, context: AppContext) -> CashflowPage:
    page = CashflowPage(PageDeps.for_context(context))
    qtbot.addWidget(page)
    page.resize(1200, 900)
    page.show()
    page.page_shown()
    qtbot.waitUntil(lambda: page.report is not None, timeout=30_000)
    return page


def choose(qtbot, page: CashflowPage, day: date, weeks: int) -> None:
    page.weeks_spin.setValue(weeks)
    page.cut_edit.setDate(QDate(day.year, day.month, day.day))
    qtbot.waitUntil(lambda: not workers.running(), timeout=30_000)
    report = page.cashflow
    assert report is not None and report.cut.as_of_date == day
    assert report.projection is not None and len(report.projection.weeks) == weeks
    qtbot.waitUntil(lambda: page.table.model.rowCount() == weeks, timeout=10_000)


def rows_shown(page: CashflowPage) -> list[tuple[Any, ...]]:
    table = page.table.model.table
    assert table is not None
    shown = table.arrow(page.table.current_query()).to_pylist()
    return [tuple(row[c] for c in ("week", "start", "end", *FIGURES)) for row in shown]


def test_the_weeks_are_the_hand_computed_figures_under_spanish_titles(
    qtbot, cash_context: AppContext
) -> None:
    page = shown_page(qtbot, cash_context)
    assert page.weeks_spin.value() == 13 and page.weeks_spin.maximum() == 104
    choose(qtbot, page, AS_OF, 3)
    assert rows_shown(page) == HAND_WEEKS
    view = page.table.view
    assert [page.table.model.headerData(c, Qt.Orientation.Horizontal) for c in range(10)] == [
        "Semana", "Desde", "Hasta", "Cobro institución P50", "Cobro institución P90",
        "Anticipos", "Reservas", "Comisiones", "Neto", "Acumulado",
    ]  # fmt: skip
    index = page.table.model.index(2, 7)
    assert page.table.model.data(index) == "-$30.00"
    assert page.cut_label.text() == "con lo cargado hasta el final del 25/08/2025"
    # The chart draws the same weeks: the running total's line and the stacked figures.
    chart = page.chart
    assert chart is not None and chart.data is not None
    assert chart.data.categories == ["25/08", "01/09", "08/09"]
    assert chart.data.lines == {"Acumulado": [1800.0, 2700.0, 2870.0]}
    assert chart.data.sets["Comisiones"] == [0.0, 0.0, -30.0]
    assert chart.data.sets["Anticipos"] == [1800.0, 0.0, 0.0]
    drawn = [s for s in chart.chart().series() if isinstance(s, QLineSeries)]
    assert [(s.name(), [(p.x(), p.y()) for p in s.points()]) for s in drawn] == [
        ("Acumulado", [(0.0, 1800.0), (1.0, 2700.0), (2.0, 2870.0)])
    ]
    assert not page.empty_hint.isVisible()

    # Whole titles on a laptop: the page's room in the window on a 1366×768 screen.
    page.resize(1134, 700)
    qtbot.waitUntil(lambda: view.viewport().width() < 1134)
    header = view.horizontalHeader()
    for column in range(header.count()):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()
    assert header.length() <= view.viewport().width()


def test_a_figure_lists_its_invoices_and_their_sum_is_the_cell(
    qtbot, cash_context: AppContext
) -> None:
    page = shown_page(qtbot, cash_context)
    choose(qtbot, page, AS_OF, 3)

    dialog = page.show_detail(2, "institution_p50")
    assert dialog is not None and dialog.isVisible()
    assert [(r["invoice"], r["uuid"], r["amount"]) for r in dialog.records] == [
        ("P-201", UA, D(900))
    ]
    assert dialog.records[0]["expected_penalty"] == D(100)
    assert dialog.caption.text() == "1 movimiento esperado suma $900.00."
    assert dialog.windowTitle() == "Cobro institución P50 · semana 2 (01/09/2025 al 07/09/2025)"

    # A double-click on week 3's Neto: B's reserve and fee, 200 − 30 = the cell's 170.
    view = page.table.view
    cell = page.table.model.index(2, 8)
    assert page.table.model.data(cell) == "$170.00"
    spot = view.visualRect(cell).center()
    # As a real double-click arrives: a click, then the second press.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    net = page.details[-1]
    assert net.figure == "net" and net.week.week == 3
    assert sorted((r["concept"], r["invoice"], r["amount"]) for r in net.records) == [
        ("Comisión del factor", "P-202", D(-30)), ("Reserva del factor", "P-202", D(200)),
    ]  # fmt: skip
    assert net.total == D(170) and net.caption.text().endswith("suman $170.00.")
    titles = [net.model.headerData(c, Qt.Orientation.Horizontal) for c in range(13)]
    assert titles[:4] == ["Concepto", "Institución", "UUID", "Factura"]
    assert titles[-3:] == ["Fecha P50", "Fecha P90", "Importe"]

    # «Ver facturas» on the selected Acumulado cell of week 3: every P50 event up to it.
    view.setCurrentIndex(page.table.model.index(2, 9))
    qtbot.mouseClick(page.detail_button, Qt.MouseButton.LeftButton)
    running = page.details[-1]
    assert running.figure == "running_total"
    assert running.total == D(2870) and len(running.records) == 4

    with qtbot.waitSignal(net.export_bar.exported, timeout=30_000) as done:
        qtbot.mouseClick(net.export_bar.excel_button, Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(done.args[0].path)
    detail = list(book["Detalle"].iter_rows(values_only=True))
    assert detail[0][:4] == ("Concepto", "Institución", "UUID", "Factura")
    assert sorted((r[0], r[3], r[-1]) for r in detail[1:]) == [
        ("Comisión del factor", "P-202", -30), ("Reserva del factor", "P-202", 200),
    ]  # fmt: skip
    parameters = {r[0]: r[1] for r in book["Parámetros"].iter_rows(values_only=True)}
    assert parameters["semana"] == 3 and parameters["cifra"] == "Neto"
    assert parameters["fecha de corte"].date() == AS_OF


def test_another_cut_gives_that_days_figures(qtbot, cash_context: AppContext) -> None:
    page = shown_page(qtbot, cash_context)
    choose(qtbot, page, AS_OF, 3)
    assert rows_shown(page) == HAND_WEEKS
    # On 21/08 the factoring was not known yet (it came on 22/08): no advance, B is still own.
    before = date(2025, 8, 21)
    choose(qtbot, page, before, 3)
    with cash_context.open_warehouse(read_only=True) as warehouse:
        expected = project(warehouse.connection, make_cut(before),
                           cash_context.settings.analytics, 3)  # fmt: skip
    shown = rows_shown(page)
    assert shown == [tuple(w.as_record()[c] for c in ("week", "start", "end", *FIGURES))
                     for w in expected.weeks]  # fmt: skip
    assert shown != HAND_WEEKS
    assert [row[5] for row in shown] == [D(0)] * 3  # Anticipos
    assert shown[0][1] == before
    assert page.cut_label.text() == "con lo cargado hasta el final del 21/08/2025"


def test_the_export_writes_the_weeks_shown(qtbot, cash_context: AppContext) -> None:
    page = shown_page(qtbot, cash_context)
    choose(qtbot, page, AS_OF, 3)
    with qtbot.waitSignal(page.export_bar.exported, timeout=30_000) as done:
        qtbot.mouseClick(page.export_bar.excel_button, Qt.MouseButton.LeftButton)
    book = openpyxl.load_workbook(done.args[0].path)
    detail = list(book["Detalle"].iter_rows(values_only=True))
    assert detail[0] == ("Semana", "Desde", "Hasta", "Cobro institución P50",
                         "Cobro institución P90", "Anticipos", "Reservas", "Comisiones", "Neto",
                         "Acumulado")  # fmt: skip
    assert [(r[0], r[1].date(), *r[3:]) for r in detail[1:]] == [
        (w[0], w[1], *[int(v) for v in w[3:]]) for w in HAND_WEEKS
    ]
    parameters = {r[0]: r[1] for r in book["Parámetros"].iter_rows(values_only=True)}
    assert parameters["semanas"] == "3"

    # Filtered to one week, the CSV holds that week only: what the table shows.
    page.table.show_only({"week": "2"})
    qtbot.waitUntil(lambda: page.table.model.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(page.export_bar.exported, timeout=30_000) as done:
        qtbot.mouseClick(page.export_bar.csv_button, Qt.MouseButton.LeftButton)
    with done.args[0].path.open(encoding="utf-8-sig", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [(r["week"], r["start"], r["net"], r["running_total"]) for r in written] == [
        ("2", "2025-09-01", "900.00", "2700.00")
    ]
