"""The reconciliation chain per order line (DOMAIN §4): order → altas → invoice → contrarecibo /
SAGI → payment, each broken link an exception with a reason code (DOMAIN §4.4)."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from o2c_desktop.services.analytics.asof import Cut, relation
from o2c_desktop.services.analytics.report import Report, apply_filters
from o2c_desktop.services.columns import REASON_WORDS
from o2c_desktop.settings import AnalyticsSettings

# Reason codes, in the order a record shows its first one, with their Spanish words (the
# English ones and the declaration itself are in services.columns).
REASONS: dict[str, str] = {code: words[0] for code, words in REASON_WORDS.items()}

COLUMNS: tuple[str, ...] = (
    "institucion", "registro", "no_orden", "no_alta", "clave", "contrato", "unidad",
    "estatus_orden", "fecha_limite", "fecha_entrega", "fpp", "cantidad_ordenada",
    "cantidad_entregada", "importe_orden", "importe_alta", "uuid", "folio_factura",
    "fecha_factura", "importe_factura", "factura_cancelada", "candidatos", "estado_cr",
    "contra_recibo", "estado_sagi", "importe_pagado", "clc", "estado_factoraje", "factor",
    "pagado_institucion", "estatus_cadena", "excepcion", "excepciones",
)  # fmt: skip
TABLE_COLUMNS: tuple[str, ...] = (
    "institucion", "no_orden", "no_alta", "folio_factura", "estado_cr", "estatus_cadena",
    "excepcion", "importe_alta", "importe_factura",
)  # fmt: skip
EXCEPTION_COLUMNS: tuple[str, ...] = (
    "institucion", "no_orden", "no_alta", "uuid", "excepcion", "detalle", "candidatos",
)  # fmt: skip


def chain(
    con: duckdb.DuckDBPyConnection,
    cut: Cut,
    settings: AnalyticsSettings,
    filters: Mapping[str, str] | None = None,
) -> Report:
    rel = relation(
        con,
        "reconciliation",
        cut,
        settings,
        order_by="institucion, no_orden, no_alta, uuid, record_key",
    )
    return Report(
        title="Conciliación orden-alta-factura-contrarecibo-pago",
        relation=apply_filters(rel, filters or {}),
        cut=cut,
        columns=COLUMNS,
        filters=dict(filters or {}),
        summary_by=("institucion", "estatus_cadena", "excepcion"),
        summary_sums=("importe_alta", "importe_factura", "importe_pagado"),
    )


def exceptions(
    con: duckdb.DuckDBPyConnection,
    cut: Cut,
    settings: AnalyticsSettings,
    filters: Mapping[str, str] | None = None,
) -> Report:
    """Every broken link, one row per (chain record, reason)."""
    rel = relation(
        con,
        "recon_exception",
        cut,
        settings,
        order_by="prioridad, institucion, no_orden, no_alta, uuid, record_key",
    )
    return Report(
        title="Excepciones de la conciliación",
        relation=apply_filters(rel, filters or {}),
        cut=cut,
        columns=EXCEPTION_COLUMNS,
        filters=dict(filters or {}),
        summary_by=("excepcion",),
    )
