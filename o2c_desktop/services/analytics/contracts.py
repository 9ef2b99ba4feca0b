"""Contract balances per contract line (DOMAIN §5): min, max, ordered, delivered, invoiced,
paid, remaining to max and min, burn rate, projected exhaustion and minimum at risk; and each
contract's maxima and end date as amended by the agreements in force at the cut."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from o2c_desktop.services.analytics.asof import Cut, relation
from o2c_desktop.services.analytics.report import Report, apply_filters
from o2c_desktop.settings import AnalyticsSettings

TABLE_COLUMNS: tuple[str, ...] = (
    "contrato", "institucion", "unidad", "anio", "clave", "minimo", "maximo", "ordenado",
    "entregado", "saldo_a_maximo", "faltante_a_minimo", "fecha_agotamiento", "alerta_minimo",
)  # fmt: skip
VERSION_TABLE_COLUMNS: tuple[str, ...] = (
    "contrato", "clave", "fecha_fin", "convenio_fecha", "maximo_original", "maximo",
    "convenio_maximo", "ordenado", "saldo_a_maximo",
)  # fmt: skip


def balances(
    con: duckdb.DuckDBPyConnection,
    cut: Cut,
    settings: AnalyticsSettings,
    filters: Mapping[str, str] | None = None,
) -> Report:
    rel = relation(
        con, "contract_balance", cut, settings, order_by="institucion, anio, unidad, clave, fuente"
    )
    return Report(
        title="Saldos de contratos",
        relation=apply_filters(rel, filters or {}),
        cut=cut,
        columns=tuple(rel.columns),
        filters=dict(filters or {}),
        summary_by=("institucion", "anio"),
        summary_sums=("minimo", "maximo", "ordenado", "entregado", "facturado", "pagado"),
    )


def versions(
    con: duckdb.DuckDBPyConnection,
    cut: Cut,
    settings: AnalyticsSettings,
    filters: Mapping[str, str] | None = None,
) -> Report:
    """Per contract and clave: the maximum and end date in force at the cut."""
    rel = relation(con, "contract_version", cut, settings, order_by="contrato, clave")
    return Report(
        title="Contratos vigentes con convenios",
        relation=apply_filters(rel, filters or {}),
        cut=cut,
        columns=tuple(rel.columns),
        filters=dict(filters or {}),
        summary_by=("contrato",),
        summary_sums=("maximo_original", "maximo", "ordenado"),
    )
