"""The charts beside the reports draw the services' own figures for the generated world: aging
totals per bucket, contract lines' ordered and remaining pieces, OTIF per provider and week, and
the folios still missing per month."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCharts import QAbstractBarSeries, QCategoryAxis, QLineSeries
from PySide6.QtCore import QDateTime, Qt

from o2c_desktop.context import AppContext
from o2c_desktop.services.analytics import contracts as contracts_service
from o2c_desktop.services.analytics import logistics as logistics_service
from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics import receivables as receivables_service
from o2c_desktop.services.gaps.periods import month_period, months_between
from o2c_desktop.services.gaps.report import GapQuery, ranges
from o2c_desktop.ui import workers
from o2c_desktop.ui.chart_panel import ChartPanel
from o2c_desktop.ui.pages.analytics_pages import ContractsPage, LogisticsPage, ReceivablesPage
from o2c_desktop.ui.pages.gaps_page import GapsPage
from o2c_desktop.ui.pages.report_page import ReportPage
from o2c_desktop.ui.warehouse_reader import WarehouseAccess


@pytest.fixture
def show_page(qtbot, world_context: AppContext) -> Iterator:
    def show(page_class: type[ReportPage]) -> ReportPage:
        page = page_class(world_context, WarehouseAccess(world_context))
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


def test_gaps_chart_counts_folios_still_missing_per_month(qtbot, world_context) -> None:
    page = GapsPage(world_context, WarehouseAccess(world_context))
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    with qtbot.waitSignal(page.table.model.arranged, timeout=30_000):
        page.page_shown()
    settings = world_context.settings.gaps
    day = page.day_edit.date().toPython()
    assert isinstance(day, date)
    months = months_between(month_period(settings.history_start), day)
    query = page.query
    assert query is not None
    expected = []
    with world_context.open_warehouse(read_only=True) as warehouse:
        for month in months:
            month_query = GapQuery(month, query.as_of, rule=settings.period_rule,
                                   basis=settings.day_basis, only_open=True)  # fmt: skip
            rows = ranges(warehouse.connection, month_query).fetchall()
            expected.append(float(sum(row[5] for row in rows)))  # faltantes
    categories, sets = bars(page.chart)
    assert categories == [f"{m.start:%m/%Y}" for m in months]
    assert sets == {"Folios faltantes": expected}
    assert sum(expected) > 0
    qtbot.waitUntil(lambda: not workers.running(), timeout=10_000)
