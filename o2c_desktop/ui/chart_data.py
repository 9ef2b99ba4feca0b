"""What the charts draw, read from the same service reports the pages' tables show and only
grouped for display. Readers run in the page's worker, while the report's connection is open."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

import duckdb
from PySide6.QtCore import QCoreApplication

from o2c_desktop.services.analytics import Report, records
from o2c_desktop.services.columns import ColumnKind
from o2c_desktop.services.gaps.periods import Period, month_period, months_between
from o2c_desktop.services.gaps.report import GapQuery, ranges

CONTRACT_LINES_SHOWN = 12  # more bars than this no longer fit a readable label each


@dataclass(frozen=True)
class BarChartData:
    categories: list[str]
    sets: dict[str, list[float]]  # set name -> one value per category
    stacked: bool = False
    horizontal: bool = False
    value_kind: ColumnKind = "count"  # how the value axis reads (see services.formats)
    value_title: str = ""  # the value axis's unit


@dataclass(frozen=True)
class LineChartData:
    lines: dict[str, list[tuple[date, float]]]  # line name -> (x date, y) points in order
    y_max: float | None = None
    value_kind: ColumnKind = "count"
    value_title: str = ""


ChartData = BarChartData | LineChartData


def _number(value: Decimal | float | int | None) -> float:
    return float(value) if value is not None else 0.0


def aging_by_bucket(report: Report) -> BarChartData:
    """Open amounts per overdue bucket, one stacked set per institution."""
    grouped = report.relation.aggregate(
        "tramo_vencimiento AS tramo, institucion, sum(importe) AS importe, "
        "min(dias_vencido) AS primer_dia",
        "tramo_vencimiento, institucion",
    )
    rows = records(grouped, ["tramo", "institucion", "importe", "primer_dia"])
    no_date = QCoreApplication.translate("ChartData", "Sin fecha programada")
    first_day: dict[str, float] = {}
    for row in rows:
        bucket = row["tramo"] or no_date
        # Buckets in the order of their days overdue; items without a date go last.
        day = float("inf") if row["primer_dia"] is None else float(row["primer_dia"])
        first_day[bucket] = min(first_day.get(bucket, day), day)
    buckets = sorted(first_day, key=lambda b: (first_day[b], b))
    institutions = sorted({str(row["institucion"]) for row in rows})
    sets = {name: [0.0] * len(buckets) for name in institutions}
    for row in rows:
        bucket = row["tramo"] or no_date
        sets[str(row["institucion"])][buckets.index(bucket)] += _number(row["importe"])
    pesos = QCoreApplication.translate("ChartData", "Pesos")
    return BarChartData(buckets, sets, stacked=True, value_kind="money", value_title=pesos)


def contract_burn(report: Report) -> BarChartData:
    """Ordered and still available to the maximum, for the contract lines nearest exhaustion."""
    grouped = report.relation.aggregate(
        "contrato, clave, sum(maximo) AS maximo, sum(ordenado) AS ordenado, "
        "sum(saldo_a_maximo) AS saldo",
        "contrato, clave",
    )
    rows = [r for r in records(grouped, ["contrato", "clave", "maximo", "ordenado", "saldo"])
            if r["maximo"]]  # fmt: skip
    rows.sort(key=lambda r: (_number(r["saldo"]) / _number(r["maximo"]), r["contrato"], r["clave"]))
    shown = list(reversed(rows[:CONTRACT_LINES_SHOWN]))  # horizontal bars draw bottom-up
    ordered = QCoreApplication.translate("ChartData", "Ordenado")
    remaining = QCoreApplication.translate("ChartData", "Saldo a máximo")
    return BarChartData(
        [f"{r['contrato']} · {r['clave']}" for r in shown],
        {ordered: [_number(r["ordenado"]) for r in shown],
         remaining: [_number(r["saldo"]) for r in shown]},
        stacked=True, horizontal=True, value_kind="pieces",
        value_title=QCoreApplication.translate("ChartData", "Piezas"),
    )  # fmt: skip


def otif_by_week(report: Report) -> LineChartData:
    """The OTIF percentage of each provider, week by week, as the KPI report gives it."""
    lines: dict[str, list[tuple[date, float]]] = {}
    for row in records(report.relation, ["proveedor", "semana", "otif_pct"]):
        if row["otif_pct"] is None or row["semana"] is None:
            continue  # nothing was due that week: no point rather than a false zero
        week = row["semana"]
        day = week.date() if isinstance(week, datetime) else week
        lines.setdefault(str(row["proveedor"]), []).append((day, _number(row["otif_pct"])))
    for points in lines.values():
        points.sort()
    return LineChartData(lines, y_max=100.0, value_kind="percent")


def missing_by_month(
    con: duckdb.DuckDBPyConnection, query: GapQuery, history_start: str
) -> BarChartData:
    """Folios still missing per month, from the first month of the history to the query's."""
    months: list[Period] = []
    first = month_period(history_start)
    if first.start <= query.period.end:
        months = months_between(first, query.period.end)
    if not months:
        return BarChartData([], {})
    whole = Period("range", months[0].start, months[-1].end)
    relation = ranges(con, replace(query, period=whole, only_open=True))
    grouped = relation.aggregate(
        "CAST(date_trunc('month', fecha_periodo) AS DATE) AS mes, sum(faltantes) AS faltantes",
        "mes",
    )
    by_month = {row[0]: _number(row[1]) for row in grouped.fetchall()}
    name = QCoreApplication.translate("ChartData", "Folios faltantes")
    return BarChartData(
        [f"{m.start:%m/%Y}" for m in months], {name: [by_month.get(m.start, 0.0) for m in months]},
        value_title=QCoreApplication.translate("ChartData", "Folios"),
    )  # fmt: skip
