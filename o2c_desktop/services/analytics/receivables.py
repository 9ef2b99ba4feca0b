"""Receivables (DOMAIN §7): open items aged from alta, invoice and programmed payment date; DSO
per institution; days in each contrarecibo state; expected collections by week."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import duckdb

from o2c_desktop.services.analytics.asof import Cut, relation
from o2c_desktop.services.analytics.report import records
from o2c_desktop.services.analytics.view_report import ViewReport
from o2c_desktop.settings import AnalyticsSettings

COLUMNS: tuple[str, ...] = (
    "institucion", "no_orden", "no_alta", "uuid", "folio_factura", "unidad", "etapa", "importe",
    "cartera", "factor", "fecha_alta", "fecha_factura", "fecha_programada", "dias_desde_alta",
    "dias_desde_factura",
    "dias_vencido", "tramo_desde_alta", "tramo_desde_factura", "tramo_vencimiento",
    "fecha_cobro_esperada",
)  # fmt: skip
TABLE_COLUMNS: tuple[str, ...] = (
    "institucion", "etapa", "folio_factura", "no_alta", "importe", "cartera", "dias_vencido",
    "tramo_vencimiento", "fecha_cobro_esperada",
)  # fmt: skip
DSO_WINDOW_DAYS = 90


open_items = ViewReport(
    "receivable_item",
    title="Cuentas por cobrar",
    order_by="institucion, dias_vencido DESC, uuid, no_orden, no_alta",
    columns=COLUMNS,
    summary_by=("institucion", "cartera", "tramo_vencimiento"),
    summary_sums=("importe",),
)


def pending_by_stage(
    con: duckdb.DuckDBPyConnection, cut: Cut, settings: AnalyticsSettings
) -> list[dict[str, Any]]:
    """Open items and their amount per stage (etapa), largest amount first."""
    grouped = relation(con, "receivable_item", cut, settings).aggregate(
        "etapa, count(*) AS partidas, sum(importe) AS importe", "etapa"
    )
    rows = records(grouped, ["etapa", "partidas", "importe"])
    return sorted(rows, key=lambda r: (-(r["importe"] or Decimal(0)), str(r["etapa"])))


def dso(
    con: duckdb.DuckDBPyConnection, cut: Cut, settings: AnalyticsSettings
) -> list[dict[str, Any]]:
    """Open receivables ÷ invoiced in the last 90 days × 90, per institution."""
    open_rel = relation(con, "receivable_item", cut, settings)
    opened = {
        r["institucion"]: r["abierto"]
        for r in records(
            open_rel.aggregate("institucion, sum(importe) AS abierto", "institucion"),
            ["institucion", "abierto"],
        )
    }
    invoices = relation(
        con,
        "recon_invoice",
        cut,
        settings,
        where="NOT cancelada AND institucion IS NOT NULL "
        f"AND CAST(fecha AS DATE) > DATE '{cut.as_of_date.isoformat()}' - {DSO_WINDOW_DAYS} "
        f"AND CAST(fecha AS DATE) <= DATE '{cut.as_of_date.isoformat()}'",
    )
    billed = {
        r["institucion"]: r["facturado"]
        for r in records(
            invoices.aggregate("institucion, sum(total) AS facturado", "institucion"),
            ["institucion", "facturado"],
        )
    }
    out = []
    for institution in sorted(set(opened) | set(billed)):
        open_amount = opened.get(institution) or Decimal("0")
        billed_amount = billed.get(institution) or Decimal("0")
        days = (
            (open_amount / billed_amount * DSO_WINDOW_DAYS).quantize(Decimal("0.1"))
            if billed_amount
            else None
        )
        out.append(
            {
                "institucion": institution,
                "por_cobrar": open_amount,
                "facturado_90_dias": billed_amount,
                "dso_dias": days,
            }
        )
    return out


state_days = ViewReport(
    "receivable_state_days",
    title="Días por estado de contrarecibo",
    order_by="uuid",
    summary_by=("estado_cr",),
)


STATE_SUMMARY_COLUMNS: tuple[str, ...] = (
    "estado_cr", "facturas", "dias_sin_contra_recibo_prom", "dias_en_proceso_prom",
    "dias_aprobado_prom", "estancadas",
)  # fmt: skip


def state_days_summary(
    con: duckdb.DuckDBPyConnection, cut: Cut, settings: AnalyticsSettings
) -> list[dict[str, Any]]:
    """Per contrarecibo state: invoices, average days spent in each state so far (one decimal)
    and how many are stalled; the per-invoice figures of :func:`state_days`, summed up."""
    grouped = (
        state_days(con, cut, settings)
        .relation.aggregate(
            "estado_cr, count(*) AS facturas, "
            "round(avg(dias_sin_contra_recibo), 1) AS dias_sin_contra_recibo_prom, "
            "round(avg(dias_en_proceso), 1) AS dias_en_proceso_prom, "
            "round(avg(dias_aprobado), 1) AS dias_aprobado_prom, "
            "count(*) FILTER (WHERE estancada) AS estancadas",
            "estado_cr",
        )
        .order("estado_cr NULLS LAST")
    )
    return records(grouped, list(STATE_SUMMARY_COLUMNS))


def expected_collections(
    con: duckdb.DuckDBPyConnection, cut: Cut, settings: AnalyticsSettings
) -> list[dict[str, Any]]:
    """Open amounts by the week (Monday) they are expected to be collected."""
    rel = relation(con, "receivable_item", cut, settings, where="uuid IS NOT NULL")
    weekly = rel.aggregate(
        "CAST(date_trunc('week', fecha_cobro_esperada) AS DATE) AS semana, institucion, "
        "count(*) AS facturas, sum(importe) AS importe",
        "semana, institucion",
    ).order("semana, institucion")
    return records(weekly, ["semana", "institucion", "facturas", "importe"])
