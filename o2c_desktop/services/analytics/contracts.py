"""Contract balances per contract line (DOMAIN §5): min, max, ordered, delivered, invoiced,
paid, remaining to max and min, burn rate, projected exhaustion and minimum at risk; and each
contract's maxima and end date as amended by the agreements in force at the cut."""

from __future__ import annotations

from o2c_desktop.services.analytics.view_report import ViewReport

TABLE_COLUMNS: tuple[str, ...] = (
    "contrato", "institucion", "unidad", "anio", "clave", "minimo", "maximo", "ordenado",
    "entregado", "saldo_a_maximo", "faltante_a_minimo", "fecha_agotamiento", "alerta_minimo",
)  # fmt: skip
VERSION_TABLE_COLUMNS: tuple[str, ...] = (
    "contrato", "clave", "fecha_fin", "convenio_fecha", "maximo_original", "maximo",
    "convenio_maximo", "ordenado", "saldo_a_maximo",
)  # fmt: skip


balances = ViewReport(
    "contract_balance",
    title="Saldos de contratos",
    order_by="institucion, anio, unidad, clave, fuente",
    summary_by=("institucion", "anio"),
    summary_sums=("minimo", "maximo", "ordenado", "entregado", "facturado", "pagado"),
)


# Per contract and clave: the maximum and end date in force at the cut.
versions = ViewReport(
    "contract_version",
    title="Contratos vigentes con convenios",
    order_by="contrato, clave",
    summary_by=("contrato",),
    summary_sums=("maximo_original", "maximo", "ordenado"),
)
