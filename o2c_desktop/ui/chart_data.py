"""What the charts draw, read from the same service reports the pages' tables show and only
grouped for display. Readers run in the page's worker, while the report's connection is open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import duckdb
from PySide6.QtCore import QCoreApplication

from o2c_desktop.services.analytics import Report, records
from o2c_desktop.services.columns import ColumnKind
from o2c_desktop.services.gaps.periods import month_period, months_between
from o2c_desktop.services.gaps.report import GapQuery, ranges

CONTRACT_LINES_SHOWN = 12  # more bars than this no longer fit a readable label each
STORES_SHOWN = 12  # the busiest stores one by one, the rest summed as "Otras tiendas"
OTHER_STORES = object()
DAYS_SHOWN_ONE_BY_ONE = 62  # longer periods are drawn month by month


@dataclass(frozen=True)
class BarChartData:
    categories: list[str]
    sets: dict[str, list[float]]  # set name -> one value per category
    stacked: bool = False
    horizontal: bool = False
    value_kind: ColumnKind = "count"  # how the value axis reads (see services.formats)
    value_title: str = ""  # the value axis's unit
    # Lines drawn over vertical bars on the same value axis: name -> one value per category.
    lines: dict[str, list[float]] = field(default_factory=dict)


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
    return LineChartData(
        lines, y_max=100.0, value_kind="percent",
        value_title=QCoreApplication.translate("ChartData", "OTIF"),
    )  # fmt: skip


def missing_in_period(con: duckdb.DuckDBPyConnection, query: GapQuery) -> BarChartData:
    """The folios of the ranges the page's table lists (the same query), still missing or
    filled since: per store for a day, per day for up to two months, per month beyond."""
    still = QCoreApplication.translate("ChartData", "Aún faltantes")
    filled = QCoreApplication.translate("ChartData", "Cubiertos después")
    period = query.period
    if period.kind == "day":
        group = "tienda"
    elif (period.end - period.start).days < DAYS_SHOWN_ONE_BY_ONE:
        group = "fecha_periodo"
    else:
        group = "CAST(date_trunc('month', fecha_periodo) AS DATE)"
    grouped = ranges(con, query).aggregate(
        f"{group} AS grupo, estado, sum(faltantes) AS faltantes", f"{group}, estado"
    )
    totals: dict[Any, dict[str, float]] = {}
    for key, state, missing in grouped.fetchall():
        totals.setdefault(key, {"abierto": 0.0, "cerrado": 0.0})[state] += _number(missing)
    if period.kind == "day":
        keys: list[Any] = sorted(totals, key=lambda k: (-sum(totals[k].values()), str(k)))
        no_store = QCoreApplication.translate("ChartData", "Sin tienda")
        labels = [str(k) if k else no_store for k in keys]
        if len(keys) > STORES_SHOWN:
            rest = keys[STORES_SHOWN - 1 :]
            others = {s: sum(totals[k][s] for k in rest) for s in ("abierto", "cerrado")}
            keys = [*keys[: STORES_SHOWN - 1], OTHER_STORES]
            labels = [*labels[: STORES_SHOWN - 1],
                      QCoreApplication.translate("ChartData", "Otras tiendas")]  # fmt: skip
            totals[OTHER_STORES] = others
        keys, labels = list(reversed(keys)), list(reversed(labels))  # drawn bottom-up
    elif group == "fecha_periodo":
        keys = [period.start + timedelta(days=n)
                for n in range((period.end - period.start).days + 1)]  # fmt: skip
        labels = [f"{day:%d/%m}" for day in keys]
    else:
        keys = [m.start for m in months_between(month_period(f"{period.start:%Y-%m}"), period.end)]
        labels = [f"{month:%m/%Y}" for month in keys]
    empty = {"abierto": 0.0, "cerrado": 0.0}
    return BarChartData(
        labels,
        {still: [totals.get(k, empty)["abierto"] for k in keys],
         filled: [totals.get(k, empty)["cerrado"] for k in keys]},
        stacked=True, horizontal=period.kind == "day",
        value_title=QCoreApplication.translate("ChartData", "Folios"),
    )  # fmt: skip


def cash_by_week(report: Report) -> BarChartData:
    """The figures the running total adds, stacked per week (fees below zero), and the running
    total as a line over them: the same weeks the cash projection's table shows."""
    projection = getattr(report, "projection", None)
    weeks = projection.weeks if projection is not None else ()
    names = {
        "institution_p50": QCoreApplication.translate("ChartData", "Cobro institución P50"),
        "advances": QCoreApplication.translate("ChartData", "Anticipos"),
        "reserves": QCoreApplication.translate("ChartData", "Reservas"),
        "fees": QCoreApplication.translate("ChartData", "Comisiones"),
    }
    return BarChartData(
        [f"{week.start:%d/%m}" for week in weeks],
        {title: [_number(getattr(week, name)) for week in weeks] for name, title in names.items()},
        stacked=True, value_kind="money",
        value_title=QCoreApplication.translate("ChartData", "Pesos"),
        lines={QCoreApplication.translate("ChartData", "Acumulado"):
               [_number(week.running_total) for week in weeks]},
    )  # fmt: skip
