"""The charts beside the reports draw the services' own figures for the generated world: aging
totals per bucket, contract lines' ordered and remaining pieces, OTIF per provider and week, and
the folios still missing per month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QBarCategoryAxis, QCategoryAxis, QLineSeries
from PySide6.QtCore import QDate, QDateTime, Qt

from o2c_desktop.context import AppContext
from o2c_desktop.services.analytics import contracts as contracts_service
from o2c_desktop.services.analytics import logistics as logistics_service
from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics import receivables as receivables_service
from o2c_desktop.services.gaps.periods import month_period, months_between
from o2c_desktop.ui import workers
from o2c_desktop.ui.chart_panel import ChartPanel
from o2c_desktop.ui.pages.analytics_pages import ContractsPage, LogisticsPage, ReceivablesPage
from o2c_desktop.ui.pages.gaps_page import GapsPage
from o2c_desktop.ui.pages.page_base import PageDeps
from o2c_desktop.ui.pages.report_page import ReportPage


@pytest.fixture
def show_page(qtbot, world_context: AppContext) -> Iterator:
    def show(page_class: type[ReportPage]) -> ReportPage:
        page = page_class(PageDeps.for_context(world_context))
        qtbot.addWidget(page)
        page.resize(1100, 800)
        page.show()
        page.page_shown()
        qtbot.waitUntil(lambda: page.report is not None, timeout=30_000)
        return page

    yield show
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def service_records(context: AppContext, build, columns: list[str], *args) -> list[dict]:
    with context.open_warehouse(read_only=True) as warehouse:
        report = build(warehouse.connection, make_cut(None), context.settings.analytics, *args)
        return records(report.relation, columns)


def bars(panel: ChartPanel) -> tuple[list[str], dict[str, list[float]]]:
    """The categories and each bar set's values, as the chart holds them."""
    (series,) = panel.chart().series()
    assert isinstance(series, QAbstractBarSeries)
    (axis,) = panel.chart().axes(
        Qt.Orientation.Vertical if series.type() == series.SeriesType.SeriesTypeHorizontalStackedBar
        else Qt.Orientation.Horizontal
    )  # fmt: skip
    categories = list(axis.categories())
    return categories, {s.label(): [s.at(i) for i in range(s.count())] for s in series.barSets()}


def value_labels(panel: ChartPanel, orientation: Qt.Orientation) -> tuple[list[str], str]:
    """The value axis's labels as drawn, and its title."""
    (axis,) = panel.chart().axes(orientation)
    assert isinstance(axis, QCategoryAxis)
    return list(axis.categoriesLabels()), axis.titleText()


def test_aging_chart_adds_up_to_the_open_amount_of_each_bucket(show_page, world_context) -> None:
    page = show_page(ReceivablesPage)
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for item in service_records(world_context, receivables_service.open_items,
                                ["tramo_vencimiento", "importe"]):  # fmt: skip
        expected[item["tramo_vencimiento"] or "Sin fecha programada"] += item["importe"] or 0
    assert page.chart is not None
    categories, sets = bars(page.chart)
    shown = {bucket: sum(values[i] for values in sets.values())
             for i, bucket in enumerate(categories)}  # fmt: skip
    assert set(shown) == set(expected) and sum(shown.values()) > 0
    for bucket, total in expected.items():
        assert shown[bucket] == pytest.approx(float(total), abs=0.01)
    institutions = {r["institucion"] for r in service_records(
        world_context, receivables_service.open_items, ["institucion"])}  # fmt: skip
    assert set(sets) == institutions
    # Pesos on the value axis, written as the table writes money (without the cents).
    labels, unit = value_labels(page.chart, Qt.Orientation.Vertical)
    assert unit == "Pesos" and labels[0] == "$0"
    assert all(label.startswith("$") for label in labels)
    assert any("," in label for label in labels)  # thousands separators


def test_contract_chart_shows_ordered_and_remaining_pieces_per_line(
    show_page, world_context
) -> None:
    page = show_page(ContractsPage)
    per_line: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in service_records(
        world_context,
        contracts_service.balances,
        ["contrato", "clave", "maximo", "ordenado", "saldo_a_maximo"],
    ):
        totals = per_line[f"{row['contrato']} · {row['clave']}"]
        totals[0] += row["maximo"] or 0
        totals[1] += row["ordenado"] or 0
        totals[2] += row["saldo_a_maximo"] or 0  # fmt: skip
    assert page.chart is not None
    categories, sets = bars(page.chart)
    assert 0 < len(categories) <= 12
    for i, line in enumerate(categories):
        maximum, ordered, remaining = per_line[line]
        assert sets["Ordenado"][i] == ordered
        assert sets["Saldo a máximo"][i] == remaining
        assert ordered + remaining == maximum
    # The lines drawn are those with least left of their maximum.
    used = sorted((t[2] / t[0], line) for line, t in per_line.items() if t[0])
    assert set(categories) == {line for _share, line in used[: len(categories)]}
    labels, unit = value_labels(page.chart, Qt.Orientation.Horizontal)
    assert unit == "Piezas" and not any("$" in label for label in labels)


def test_otif_chart_has_each_providers_weekly_figure(show_page, world_context) -> None:
    page = show_page(LogisticsPage)
    expected: dict[str, dict[int, float]] = defaultdict(dict)
    for row in service_records(
        world_context, logistics_service.kpis, ["proveedor", "semana", "otif_pct"], "semana"
    ):
        if row["otif_pct"] is not None:
            week = row["semana"]
            midnight = QDateTime(week.year, week.month, week.day, 0, 0, 0)
            expected[row["proveedor"]][midnight.toMSecsSinceEpoch()] = float(row["otif_pct"])
    assert page.chart is not None
    lines = page.chart.chart().series()
    assert all(isinstance(line, QLineSeries) for line in lines)
    shown = {line.name(): {round(p.x()): p.y() for p in line.points()} for line in lines}
    assert shown == expected and len(shown) > 1
    labels, _unit = value_labels(page.chart, Qt.Orientation.Vertical)
    assert labels[0] == "0 %" and labels[-1] == "100 %"


def show_gaps(qtbot, page: GapsPage) -> None:
    with qtbot.waitSignal(page.table.model.arranged, timeout=30_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)


def table_rows(page: GapsPage) -> list[dict]:
    table = page.table.model.table
    assert table is not None
    return table.arrow(page.table.current_query()).to_pylist()


def chart_totals(page: GapsPage) -> dict[str, dict[str, float]]:
    categories, sets = bars(page.chart)
    return {c: {name: values[i] for name, values in sets.items()} for i, c in enumerate(categories)}


@pytest.fixture
def gaps_page(qtbot, world_context: AppContext) -> Iterator[GapsPage]:
    page = GapsPage(PageDeps.for_context(world_context))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    yield page
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)


def busiest(context: AppContext, grain: str) -> date:
    with context.open_warehouse(read_only=True) as warehouse:
        row = warehouse.connection.execute(
            f"SELECT CAST(date_trunc('{grain}', coalesce(next_issued_at, prev_issued_at)) AS DATE)"
            " AS d FROM gap_ledger GROUP BY d ORDER BY sum(missing) DESC, d LIMIT 1"
        ).fetchall()
    return row[0][0]


def test_gaps_chart_of_a_day_draws_the_tables_ranges_per_store(qtbot, gaps_page) -> None:
    day = busiest(gaps_page.context, "day")
    gaps_page.day_edit.setDate(QDate(day.year, day.month, day.day))
    show_gaps(qtbot, gaps_page)
    rows = table_rows(gaps_page)
    expected: dict[str, dict[str, float]] = defaultdict(lambda: {"abierto": 0.0, "cerrado": 0.0})
    for row in rows:
        expected[row["tienda"] or "Sin tienda"][row["estado"]] += row["faltantes"]
    shown = chart_totals(gaps_page)
    assert rows and len(shown) <= 12
    for store, values in shown.items():
        if store != "Otras tiendas":
            assert values == {"Aún faltantes": expected[store]["abierto"],
                              "Cubiertos después": expected[store]["cerrado"]}  # fmt: skip
    drawn = sum(sum(values.values()) for values in shown.values())
    assert drawn == sum(row["faltantes"] for row in rows) > 0
    assert f"{day:%d/%m/%Y}" in gaps_page.chart.chart().title()


def test_gaps_chart_of_a_month_draws_every_day_as_the_table_counts_it(qtbot, gaps_page) -> None:
    month = busiest(gaps_page.context, "month")
    gaps_page.period_kind.setCurrentIndex(gaps_page.period_kind.findData("month"))
    gaps_page.month_edit.setDate(QDate(month.year, month.month, 1))
    show_gaps(qtbot, gaps_page)
    rows = table_rows(gaps_page)
    per_day: dict[str, float] = defaultdict(float)
    for row in rows:
        per_day[f"{row['fecha_periodo']:%d/%m}"] += row["faltantes"]
    shown = chart_totals(gaps_page)
    days = months_between(month_period(f"{month:%Y-%m}"), month)[0]
    assert len(shown) == (days.end - days.start).days + 1
    assert {d: sum(v.values()) for d, v in shown.items() if sum(v.values())} == dict(per_day)
    assert sum(per_day.values()) > 0
    labels, unit = value_labels(gaps_page.chart, Qt.Orientation.Vertical)
    assert unit == "Folios" and labels[0] == "0"


def labelled_axes(panel: ChartPanel) -> list[QBarCategoryAxis | QCategoryAxis]:
    """The axes whose labels name something: categories and the value axis's round figures."""
    return [a for a in panel.chart().axes() if isinstance(a, QBarCategoryAxis | QCategoryAxis)]


def test_category_labels_are_drawn_whole(qtbot, show_page, gaps_page) -> None:
    """No contract line, store, day or amount is cut short with "…" at a clerk's window size."""
    panels = [page.chart for page in (show_page(ContractsPage), show_page(ReceivablesPage))]
    month = busiest(gaps_page.context, "month")
    gaps_page.period_kind.setCurrentIndex(gaps_page.period_kind.findData("month"))
    gaps_page.month_edit.setDate(QDate(month.year, month.month, 1))
    show_gaps(qtbot, gaps_page)
    panels.append(gaps_page.chart)
    for panel in panels:
        assert panel is not None
        panel.window().resize(1000, 760)
        qtbot.wait(50)
        panel.grab()  # lay the chart out as it is painted
        axes = labelled_axes(panel)
        assert len(axes) == 2
        assert all(a.categories() if isinstance(a, QBarCategoryAxis) else a.categoriesLabels()
                   for a in axes)  # fmt: skip
        assert not any(axis.labelsTruncated() for axis in axes), panel.objectName()
