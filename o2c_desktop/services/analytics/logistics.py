"""Logistics KPIs per provider, institution and unit (DOMAIN §6): on-time, in-full, OTIF,
days-late distribution, undelivered pieces, penalties and the weekly trend.

A line is an order line. On-time: every delivery by the deadline, among lines with deliveries.
In-full: pieces received ÷ pieces ordered. OTIF: lines fully received by the deadline, among
lines due by the cut. Days late: mean and 90th percentile over late deliveries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb

from o2c_desktop.services.analytics.asof import Cut, relation
from o2c_desktop.services.analytics.report import Report, apply_filters
from o2c_desktop.settings import AnalyticsSettings

GROUPINGS: dict[str, tuple[str, ...]] = {
    "proveedor": ("proveedor",),
    "institucion": ("proveedor", "institucion"),
    "unidad": ("proveedor", "institucion", "unidad"),
    "semana": ("proveedor", "semana"),
}
KPI_COLUMNS: tuple[str, ...] = (
    "lineas", "a_tiempo_pct", "completo_pct", "otif_pct", "dias_atraso_promedio",
    "dias_atraso_p90", "piezas_no_entregadas", "penalizacion",
)  # fmt: skip


def lines(
    con: duckdb.DuckDBPyConnection,
    cut: Cut,
    settings: AnalyticsSettings,
    filters: Mapping[str, str] | None = None,
) -> duckdb.DuckDBPyRelation:
    rel = relation(con, "logistics_line", cut, settings)
    return apply_filters(rel, filters or {})


def kpis(
    con: duckdb.DuckDBPyConnection,
    cut: Cut,
    settings: AnalyticsSettings,
    by: str = "proveedor",
    filters: Mapping[str, str] | None = None,
) -> Report:
    keys: Sequence[str] = GROUPINGS[by]
    base = lines(con, cut, settings, filters)
    per_line = base.aggregate(
        "proveedor, institucion, unidad, no_orden, clave, min(semana) AS semana, "
        "max(cantidad_ordenada) AS ordenado, "
        "sum(CASE WHEN tipo = 'entrega' THEN cantidad ELSE 0 END) AS recibido, "
        "sum(CASE WHEN tipo = 'entrega' AND dias_diferencia >= 0 THEN cantidad ELSE 0 END) "
        "AS recibido_a_tiempo, "
        "sum(CASE WHEN tipo = 'entrega' THEN 1 ELSE 0 END) AS entregas, "
        "sum(CASE WHEN tipo = 'entrega' AND dias_diferencia < 0 THEN 1 ELSE 0 END) AS tardias, "
        "sum(CASE WHEN tipo = 'no entregado' THEN cantidad ELSE 0 END) AS no_entregado, "
        "max(CASE WHEN tipo = 'no entregado' AND dias_diferencia >= 0 THEN 1 ELSE 0 END) "
        "AS aun_no_vence, sum(penalizacion) AS penalizacion",
        "proveedor, institucion, unidad, no_orden, clave",
    )
    group = ", ".join(keys)
    late = base.filter("tipo = 'entrega' AND dias_diferencia < 0").aggregate(
        f"{group}, avg(dias_atraso) AS prom, quantile_cont(dias_atraso, 0.9) AS p90", group
    )
    summary = per_line.aggregate(
        f"{group}, count(*) AS lineas, "
        "round(100.0 * sum(CASE WHEN entregas > 0 AND tardias = 0 THEN 1 ELSE 0 END) "
        "/ nullif(sum(CASE WHEN entregas > 0 THEN 1 ELSE 0 END), 0), 1) AS a_tiempo_pct, "
        "round(100.0 * sum(recibido) / nullif(sum(ordenado), 0), 1) AS completo_pct, "
        "round(100.0 * sum(CASE WHEN recibido_a_tiempo >= ordenado THEN 1 ELSE 0 END) "
        "/ nullif(sum(CASE WHEN aun_no_vence = 0 THEN 1 ELSE 0 END), 0), 1) AS otif_pct, "
        "sum(no_entregado) AS piezas_no_entregadas, sum(penalizacion) AS penalizacion",
        group,
    )
    joined = (
        summary.set_alias("k")
        .join(late.set_alias("l"), ", ".join(keys), how="left")
        .select(
            f"{group}, lineas, a_tiempo_pct, completo_pct, otif_pct, "
            "round(prom, 1) AS dias_atraso_promedio, round(p90, 1) AS dias_atraso_p90, "
            "piezas_no_entregadas, penalizacion"
        )
        .order(group)
    )
    return Report(
        title="Indicadores de logística",
        relation=joined,
        cut=cut,
        columns=(*keys, *KPI_COLUMNS),
        filters=dict(filters or {}),
        summary_by=(keys[0],),
        summary_sums=("lineas", "piezas_no_entregadas", "penalizacion"),
    )
