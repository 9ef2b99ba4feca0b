"""A chart beside a report's table: bars (grouped, stacked, horizontal), optionally with lines over
them (a running total), or lines over dates."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from o2c_desktop.services.columns import ColumnKind
from o2c_desktop.services.formats import format_tick, nice_ticks
from o2c_desktop.ui.chart_data import BarChartData, ChartData, LineChartData

CHART_MIN_HEIGHT = 220
# Beyond this many characters for all labels side by side, upright labels under vertical bars
# no longer fit and would be cut short with "…": they are turned instead.
UPRIGHT_LABEL_CHARS = 90
LINE_OVER_BARS_COLOR = "#303030"


class ChartPanel(QChartView):
    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        super().__init__(chart, parent)
        self.setObjectName(object_name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Fixed, so that drawing a chart never changes the window's minimum size.
        self.setMinimumHeight(CHART_MIN_HEIGHT)
        self.data: ChartData | None = None

    def plot(self, data: ChartData) -> None:
        self.data = data
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        if isinstance(data, BarChartData):
            self._plot_bars(chart, data)
        else:
            self._plot_lines(chart, data)

    def _plot_bars(self, chart: QChart, data: BarChartData) -> None:
        series: QBarSeries | QStackedBarSeries | QHorizontalStackedBarSeries
        if data.horizontal:
            series = QHorizontalStackedBarSeries()
        elif data.stacked:
            series = QStackedBarSeries()
        else:
            series = QBarSeries()
        for name, amounts in data.sets.items():
            bar_set = QBarSet(name)
            bar_set.append(amounts)
            series.append(bar_set)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append(data.categories)
        # A category is a contract line, a store or a day: a label cut short names nothing.
        categories.setTruncateLabels(False)
        if not data.horizontal and sum(len(c) + 2 for c in data.categories) > UPRIGHT_LABEL_CHARS:
            categories.setLabelsAngle(-90)
        lowest, highest = _stacked_extent(data)
        drawn = [v for points in data.lines.values() for v in points]
        lowest, highest = min([lowest, *drawn]), max([highest, *drawn])
        values = _value_axis(lowest, highest or 1.0, data.value_kind, data.value_title)
        category_side, value_side = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft
        if data.horizontal:
            category_side, value_side = value_side, category_side
        _attach(chart, series, categories, category_side)
        _attach(chart, series, values, value_side)
        for name, points in data.lines.items():
            # x is the category's index: a bar axis places index n at the n-th category.
            line = QLineSeries()
            line.setName(name)
            # Dark and thick: the theme's next colour could be one of the bars' own.
            line.setPen(QPen(QColor(LINE_OVER_BARS_COLOR), 2.5))
            for index, value in enumerate(points):
                line.append(float(index), value)
            chart.addSeries(line)
            _attach(chart, line, categories, category_side)
            _attach(chart, line, values, value_side)
        chart.legend().setVisible(len(data.sets) + len(data.lines) > 1)

    def _plot_lines(self, chart: QChart, data: LineChartData) -> None:
        dates = QDateTimeAxis()
        dates.setFormat("dd/MM/yy")
        values = _value_axis(0.0, data.y_max or 100.0, data.value_kind, data.value_title)
        first: QDateTime | None = None
        last: QDateTime | None = None
        for name, points in data.lines.items():
            series = QLineSeries()
            series.setName(name)
            for day, value in points:
                moment = QDateTime(day.year, day.month, day.day, 0, 0, 0)
                series.append(float(moment.toMSecsSinceEpoch()), value)
                first = moment if first is None or moment < first else first
                last = moment if last is None or moment > last else last
            chart.addSeries(series)
            _attach(chart, series, dates, Qt.AlignmentFlag.AlignBottom)
            _attach(chart, series, values, Qt.AlignmentFlag.AlignLeft)
        if first is not None and last is not None:
            dates.setRange(first, last if last > first else first.addDays(7))
        chart.legend().setVisible(True)


def _value_axis(lowest: float, highest: float, kind: ColumnKind, unit: str) -> QCategoryAxis:
    """A value axis whose labels are round ticks written as the tables write the same kind
    (thousands separators, currency sign, percent), titled with its unit."""
    axis = QCategoryAxis()
    axis.setTruncateLabels(False)  # "…" in place of an amount says nothing
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    ticks = nice_ticks(lowest, highest, whole=kind in ("count", "pieces", "id"))
    axis.setRange(ticks[0], ticks[-1])
    axis.setStartValue(ticks[0] - (ticks[1] - ticks[0]) / 1000)  # so the first tick is labelled too
    for tick in ticks:
        axis.append(format_tick(tick, kind), tick)
    if unit:
        axis.setTitleText(unit)
    return axis


def _attach(
    chart: QChart, series: QAbstractSeries, axis: QAbstractAxis, side: Qt.AlignmentFlag
) -> None:
    if axis not in chart.axes():
        chart.addAxis(axis, side)
    series.attachAxis(axis)


def _stacked_extent(data: BarChartData) -> tuple[float, float]:
    """The value axis range: per category totals when stacked, single bars otherwise."""
    if not data.categories:
        return 0.0, 1.0
    columns = list(zip(*data.sets.values(), strict=True)) if data.sets else []
    if data.stacked or data.horizontal:
        highs = [sum(v for v in column if v > 0) for column in columns]
        lows = [sum(v for v in column if v < 0) for column in columns]
    else:
        highs = [max(column) for column in columns]
        lows = [min(column) for column in columns]
    return min([0.0, *lows]), max([0.0, *highs])
