"""What every report column is: its kind (how its values read) and its title in each language.

One declaration for the window's tables, the record detail, the charts and the Excel exports, so
an amount, a folio or a year reads the same wherever it appears. The titles live here rather than
in the window's catalogue because the exports, written by the services for the CLI as well as for
the window, need them too; like the services' error messages they carry Spanish and English.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

ColumnKind = Literal[
    "money",  # pesos: $1,745,905.00
    "pieces",  # quantities of product: 1,350
    "count",  # rows, days, folios counted: 1,350 (one decimal when an average)
    "id",  # folios, orders, years, RFCs: never thousands separators
    "percent",  # already in percent (70.9 means 70.9 %)
    "ratio",  # a fraction (0.709 means 70.9 %)
    "date",
    "datetime",
    "bool",
    "reason",  # an exception reason code, read as words
    "reasons",  # a comma-separated list of reason codes
    "text",
]
NUMERIC_KINDS: frozenset[ColumnKind] = frozenset(("money", "pieces", "count", "percent", "ratio"))


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: ColumnKind
    es: str
    en: str

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.es


_DECLARED: tuple[ColumnSpec, ...] = (
    # the reconciliation chain
    ColumnSpec("institucion", "text", "Institución", "Institution"),
    ColumnSpec("registro", "text", "Registro", "Registration"),
    ColumnSpec("no_orden", "id", "Orden", "Order"),
    ColumnSpec("no_alta", "id", "Alta", "Receipt"),
    ColumnSpec("clave", "id", "Clave", "Item code"),
    ColumnSpec("contrato", "id", "Contrato", "Contract"),
    ColumnSpec("unidad", "text", "Unidad", "Unit"),
    ColumnSpec("estatus_orden", "text", "Estatus de la orden", "Order status"),
    ColumnSpec("fecha_limite", "date", "Fecha límite", "Deadline"),
    ColumnSpec("fecha_entrega", "date", "Fecha de entrega", "Delivery date"),
    ColumnSpec("fpp", "date", "Fecha programada de pago", "Scheduled payment date"),
    ColumnSpec("cantidad_ordenada", "pieces", "Cantidad ordenada", "Quantity ordered"),
    ColumnSpec("cantidad_entregada", "pieces", "Cantidad entregada", "Quantity delivered"),
    ColumnSpec("importe_orden", "money", "Importe de la orden", "Order amount"),
    ColumnSpec("importe_alta", "money", "Importe del alta", "Receipt amount"),
    ColumnSpec("uuid", "id", "UUID", "UUID"),
    ColumnSpec("folio_factura", "id", "Factura", "Invoice"),
    ColumnSpec("fecha_factura", "date", "Fecha de factura", "Invoice date"),
    ColumnSpec("importe_factura", "money", "Importe de la factura", "Invoice amount"),
    ColumnSpec("factura_cancelada", "bool", "Factura cancelada", "Invoice cancelled"),
    ColumnSpec("candidatos", "count", "Facturas candidatas", "Candidate invoices"),
    ColumnSpec("estado_cr", "text", "Estado C.R.", "Counter-receipt status"),
    ColumnSpec("contra_recibo", "id", "Contrarecibo", "Counter-receipt"),
    ColumnSpec("estado_sagi", "text", "Estado SAGI", "SAGI status"),
    ColumnSpec("estado_factoraje", "text", "Estado de factoraje", "Factoring status"),
    ColumnSpec("factor", "text", "Factor", "Factor"),
    ColumnSpec(
        "pagado_institucion", "bool", "Pagada por la institución", "Paid by the institution"
    ),
    ColumnSpec("importe_pagado", "money", "Importe pagado", "Amount paid"),
    ColumnSpec("clc", "id", "CLC", "CLC"),
    ColumnSpec("estatus_cadena", "text", "Estatus de la cadena", "Chain status"),
    ColumnSpec("excepcion", "reason", "Excepción", "Exception"),
    ColumnSpec("excepciones", "reasons", "Todas las excepciones", "All exceptions"),
    ColumnSpec("detalle", "text", "Detalle", "Detail"),
    # invoice sequence gaps
    ColumnSpec("emisor_rfc", "id", "RFC emisor", "Issuer RFC"),
    ColumnSpec("tienda", "text", "Tienda", "Store"),
    ColumnSpec("serie", "id", "Serie", "Series"),
    ColumnSpec("gap_inicio", "id", "Desde folio", "From folio"),
    ColumnSpec("gap_fin", "id", "Hasta folio", "To folio"),
    ColumnSpec("folio_faltante", "id", "Folio faltante", "Missing folio"),
    ColumnSpec("faltantes", "count", "Faltantes", "Missing"),
    ColumnSpec("folio_anterior", "id", "Folio anterior", "Previous folio"),
    ColumnSpec("fecha_anterior", "datetime", "Fecha anterior", "Previous date"),
    ColumnSpec("folio_siguiente", "id", "Folio siguiente", "Next folio"),
    ColumnSpec("fecha_siguiente", "datetime", "Fecha siguiente", "Next date"),
    ColumnSpec("fecha_periodo", "date", "Fecha del periodo", "Period date"),
    ColumnSpec("detectado_en", "datetime", "Detectado", "Detected"),
    ColumnSpec("estado", "text", "Estado", "Status"),
    ColumnSpec("cerrado_en", "datetime", "Cerrado", "Closed"),
    ColumnSpec("cerrado_por_uuid", "id", "Cerrado por UUID", "Closed by UUID"),
    ColumnSpec("lugar", "count", "Lugar", "Rank"),
    ColumnSpec("rangos", "count", "Rangos", "Ranges"),
    ColumnSpec("primer_folio", "id", "Primer folio", "First folio"),
    ColumnSpec("ultimo_folio", "id", "Último folio", "Last folio"),
    # receivables
    ColumnSpec("etapa", "text", "Etapa", "Stage"),
    ColumnSpec("importe", "money", "Importe", "Amount"),
    ColumnSpec("cartera", "text", "Cartera (propia / factorada)", "Held by (own / factored)"),
    ColumnSpec("fecha_alta", "date", "Fecha del alta", "Receipt date"),
    ColumnSpec("fecha_programada", "date", "Fecha programada", "Scheduled date"),
    ColumnSpec("dias_desde_alta", "count", "Días desde el alta", "Days since receipt"),
    ColumnSpec("dias_desde_factura", "count", "Días desde la factura", "Days since invoice"),
    ColumnSpec("dias_vencido", "count", "Días vencido", "Days overdue"),
    ColumnSpec("tramo_desde_alta", "text", "Antigüedad desde el alta", "Age since receipt"),
    ColumnSpec("tramo_desde_factura", "text", "Antigüedad desde la factura", "Age since invoice"),
    ColumnSpec("tramo_vencimiento", "text", "Antigüedad del vencimiento", "Overdue age"),
    ColumnSpec("fecha_cobro_esperada", "date", "Cobro esperado", "Expected collection"),
    # contracts
    ColumnSpec("anio", "id", "Año", "Year"),
    ColumnSpec("minimo", "pieces", "Mínimo", "Minimum"),
    ColumnSpec("maximo", "pieces", "Máximo", "Maximum"),
    ColumnSpec("maximo_original", "pieces", "Máximo original", "Original maximum"),
    ColumnSpec("convenio_maximo", "pieces", "Máximo del convenio", "Amended maximum"),
    ColumnSpec("convenio_fecha", "date", "Fecha del convenio", "Amendment date"),
    ColumnSpec("fecha_fin", "date", "Fin del contrato", "Contract end"),
    ColumnSpec("ordenado", "pieces", "Ordenado", "Ordered"),
    ColumnSpec("entregado", "pieces", "Entregado", "Delivered"),
    ColumnSpec("saldo_a_maximo", "pieces", "Saldo al máximo", "Headroom to maximum"),
    ColumnSpec("faltante_a_minimo", "pieces", "Faltante al mínimo", "Shortfall to minimum"),
    ColumnSpec("fecha_agotamiento", "date", "Fecha de agotamiento", "Exhaustion date"),
    ColumnSpec("alerta_minimo", "bool", "Alerta de mínimo", "Minimum alert"),
    ColumnSpec("fuente", "text", "Fuente de financiamiento", "Funding source"),
    ColumnSpec("precio", "money", "Precio", "Price"),
    ColumnSpec("convenios", "count", "Convenios", "Amendments"),
    ColumnSpec("facturado", "money", "Facturado", "Invoiced"),
    ColumnSpec("pagado", "money", "Pagado", "Paid"),
    ColumnSpec("pendiente_de_entrega", "pieces", "Pendiente de entrega", "Awaiting delivery"),
    ColumnSpec("uso_maximo", "ratio", "Uso del máximo", "Share of maximum used"),
    ColumnSpec("consumo_diario", "pieces", "Consumo diario", "Daily use"),
    ColumnSpec("agota_antes_del_fin", "bool", "Se agota antes del fin", "Runs out before the end"),
    ColumnSpec("minimo_en_riesgo", "pieces", "Mínimo en riesgo", "Minimum at risk"),
    ColumnSpec(
        "minimo_en_riesgo_importe",
        "money",
        "Mínimo en riesgo (importe)",
        "Minimum at risk (amount)",
    ),
    ColumnSpec("fecha_inicio", "date", "Inicio del contrato", "Contract start"),
    # logistics
    ColumnSpec("proveedor", "text", "Proveedor", "Supplier"),
    ColumnSpec("semana", "date", "Semana", "Week"),
    ColumnSpec("lineas", "count", "Líneas", "Lines"),
    ColumnSpec("a_tiempo_pct", "percent", "% a tiempo", "% on time"),
    ColumnSpec("completo_pct", "percent", "% completo", "% in full"),
    ColumnSpec("otif_pct", "percent", "% OTIF", "% OTIF"),
    ColumnSpec("dias_atraso_promedio", "count", "Días de atraso (promedio)", "Days late (average)"),
    ColumnSpec("dias_atraso_p90", "count", "Días de atraso (p90)", "Days late (p90)"),
    ColumnSpec("piezas_no_entregadas", "pieces", "Piezas no entregadas", "Pieces not delivered"),
    ColumnSpec("penalizacion", "money", "Penalización", "Penalty"),
    # runs
    ColumnSpec("run_id", "id", "Ejecución", "Run"),
    ColumnSpec("step_no", "id", "Paso", "Step"),
    ColumnSpec("sha256", "id", "SHA-256", "SHA-256"),
    # summaries
    ColumnSpec("renglones", "count", "Renglones", "Rows"),
    ColumnSpec("partidas", "count", "Partidas", "Items"),
    # receivables figures (DSO, days per counter-receipt state, expected collections)
    ColumnSpec("por_cobrar", "money", "Por cobrar", "Receivable"),
    ColumnSpec("facturado_90_dias", "money", "Facturado 90 días", "Invoiced 90 days"),
    ColumnSpec("dso_dias", "count", "DSO (días)", "DSO (days)"),
    ColumnSpec("facturas", "count", "Facturas", "Invoices"),
    ColumnSpec(
        "dias_sin_contra_recibo_prom", "count", "Días sin C.R. (prom.)", "Days without C.R. (avg.)"
    ),
    ColumnSpec(
        "dias_en_proceso_prom", "count", "Días en proceso (prom.)", "Days in process (avg.)"
    ),
    ColumnSpec("dias_aprobado_prom", "count", "Días aprobado (prom.)", "Days approved (avg.)"),
    ColumnSpec("estancadas", "count", "Estancadas", "Stalled"),
    # cash projection (services.analytics.cashflow): its weeks and the events behind each figure
    ColumnSpec("week", "id", "Semana", "Week"),
    ColumnSpec("start", "date", "Desde", "From"),
    ColumnSpec("end", "date", "Hasta", "To"),
    ColumnSpec("institution_p50", "money", "Cobro institución P50", "Institution payment P50"),
    ColumnSpec("institution_p90", "money", "Cobro institución P90", "Institution payment P90"),
    ColumnSpec("advances", "money", "Anticipos", "Advances"),
    ColumnSpec("reserves", "money", "Reservas", "Reserves"),
    ColumnSpec("fees", "money", "Comisiones", "Fees"),
    ColumnSpec("net", "money", "Neto", "Net"),
    ColumnSpec("running_total", "money", "Acumulado", "Running total"),
    ColumnSpec("week_p50", "id", "Semana P50", "Week P50"),
    ColumnSpec("week_p90", "id", "Semana P90", "Week P90"),
    ColumnSpec("concept", "text", "Concepto", "Concept"),
    ColumnSpec("institution", "text", "Institución", "Institution"),
    ColumnSpec("invoice", "id", "Factura", "Invoice"),
    ColumnSpec("stage", "text", "Etapa", "Stage"),
    ColumnSpec("factoring_state", "text", "Estado de factoraje", "Factoring status"),
    ColumnSpec("recourse", "bool", "Con recurso", "With recourse"),
    ColumnSpec("invoice_amount", "money", "Importe de la factura", "Invoice amount"),
    ColumnSpec("expected_penalty", "money", "Penalización esperada", "Expected penalty"),
    ColumnSpec("date_p50", "date", "Fecha P50", "Date P50"),
    ColumnSpec("date_p90", "date", "Fecha P90", "Date P90"),
    ColumnSpec("amount", "money", "Importe", "Amount"),
    # the records the command line prints (o2c status, generate, import, sync, credentials,
    # schedule, gaps refresh|monthly, push): their English keys are the JSON/CSV contract
    ColumnSpec("table", "text", "Tabla", "Table"),
    ColumnSpec("rows", "count", "Filas", "Rows"),
    ColumnSpec("dataset", "text", "Conjunto", "Data set"),
    ColumnSpec("file", "text", "Archivo", "File"),
    ColumnSpec("files", "count", "Archivos", "Files"),
    ColumnSpec("kind", "text", "Tipo", "Kind"),
    ColumnSpec("status", "text", "Estado", "Status"),
    ColumnSpec("message", "text", "Mensaje", "Message"),
    ColumnSpec("rows_read", "count", "Leídas", "Read"),
    ColumnSpec("inserted", "count", "Nuevas", "New"),
    ColumnSpec("changed", "count", "Cambiadas", "Changed"),
    ColumnSpec("unchanged", "count", "Sin cambios", "Unchanged"),
    ColumnSpec("rejected", "count", "Rechazadas", "Rejected"),
    ColumnSpec("portal", "text", "Portal", "Portal"),
    ColumnSpec("report", "text", "Reporte", "Report"),
    ColumnSpec("rows_loaded", "count", "Filas cargadas", "Rows loaded"),
    ColumnSpec("name", "text", "Nombre", "Name"),
    ColumnSpec("user", "text", "Usuario", "User"),
    ColumnSpec("saved", "bool", "Guardada", "Saved"),
    ColumnSpec("schedule_id", "id", "Horario", "Schedule"),
    ColumnSpec("frequency", "text", "Frecuencia", "Frequency"),
    ColumnSpec("portals", "text", "Portales", "Portals"),
    ColumnSpec("enabled", "bool", "Activo", "Enabled"),
    ColumnSpec("next_run", "datetime", "Próxima", "Next run"),
    ColumnSpec("last_result", "text", "Último resultado", "Last result"),
    ColumnSpec("skipped", "count", "Omitidas", "Skipped"),
    ColumnSpec("last_skip_reason", "text", "Última omisión", "Last skip reason"),
    ColumnSpec("as_of", "datetime", "Al corte", "As of"),
    ColumnSpec("series", "count", "Series", "Series"),
    ColumnSpec("recomputed", "count", "Recalculadas", "Recomputed"),
    ColumnSpec("opened", "count", "Abiertos", "Opened"),
    ColumnSpec("closed", "count", "Cerrados", "Closed"),
    ColumnSpec("seconds", "count", "Segundos", "Seconds"),
    ColumnSpec("month", "id", "Mes", "Month"),
)
COLUMNS: dict[str, ColumnSpec] = {spec.name: spec for spec in _DECLARED}

# Exception reasons (DOMAIN §4.4), in the order a record shows its first one.
REASON_WORDS: dict[str, tuple[str, str]] = {
    "CANCELLED_ORDER_DELIVERED": (
        "Orden cancelada con entregas", "Cancelled order with deliveries"),
    "ALTA_NOT_FOUND": (
        "Factura que cita un alta que SAI no muestra", "Invoice cites a receipt SAI does not show"),
    "INVOICE_UNMATCHED": (
        "Factura que cita una orden desconocida", "Invoice cites an unknown order"),
    "ALTA_NOT_INVOICED": ("Alta sin factura (por facturar)", "Receipt not invoiced yet"),
    "MULTIPLE_MATCHES": (
        "Varias facturas para una misma alta", "Several invoices for one receipt"),
    "CANCELLED_INVOICE_LINKED": (
        "Factura cancelada todavía ligada", "Cancelled invoice still linked"),
    "AMOUNT_MISMATCH": (
        "Importe facturado distinto de lo entregado", "Invoiced amount differs from delivered"),
    "INVOICE_NOT_IN_PREI": (
        "Factura sin registro en PREI (súbala al Buzón)",
        "Invoice unknown to PREI (upload it to the Buzón)"),
    "PAID_SHORT": ("Pagado menos de lo facturado", "Paid less than invoiced"),
    "PAID_OVER": ("Pagado más de lo facturado", "Paid more than invoiced"),
}  # fmt: skip
REASON_CODE_SUFFIX = "_codigo"  # the machine column beside a reason in an export


def spec(name: str) -> ColumnSpec | None:
    return COLUMNS.get(name)


def kind_of(name: str) -> ColumnKind:
    declared = COLUMNS.get(name)
    return declared.kind if declared else "text"


def title(name: str, lang: str = "es") -> str:
    declared = COLUMNS.get(name)
    return declared.title(lang) if declared else name


def titles(names: Sequence[str], lang: str = "es") -> list[str]:
    return [title(name, lang) for name in names]


def reason_words(code: str, lang: str = "es") -> str:
    """A reason code as a clerk reads it; an unknown code is shown as it is, never hidden."""
    words = REASON_WORDS.get(code)
    if words is None:
        return code
    return words[1] if lang == "en" else words[0]


def code_title(name: str, lang: str = "es") -> str:
    """The title of the machine column an export writes beside a reason column."""
    return f"{title(name, lang)} ({'code' if lang == 'en' else 'código'})"
