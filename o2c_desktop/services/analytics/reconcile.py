"""The reconciliation chain per order line (DOMAIN §4): order → altas → invoice → contrarecibo /
SAGI → payment, each broken link an exception with a reason code (DOMAIN §4.4)."""

from __future__ import annotations

from o2c_desktop.services.analytics.view_report import ViewReport
from o2c_desktop.services.columns import REASON_WORDS

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


chain = ViewReport(
    "reconciliation",
    title="Conciliación orden-alta-factura-contrarecibo-pago",
    order_by="institucion, no_orden, no_alta, uuid, record_key",
    columns=COLUMNS,
    summary_by=("institucion", "estatus_cadena", "excepcion"),
    summary_sums=("importe_alta", "importe_factura", "importe_pagado"),
)


# Every broken link, one row per (chain record, reason).
exceptions = ViewReport(
    "recon_exception",
    title="Excepciones de la conciliación",
    order_by="prioridad, institucion, no_orden, no_alta, uuid, record_key",
    columns=EXCEPTION_COLUMNS,
    summary_by=("excepcion",),
)
