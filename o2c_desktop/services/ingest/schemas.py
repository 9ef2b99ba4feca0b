"""Dataset schemas: which headers a file must have, their types, vocabularies and keys.

A schema is data, not code: detection, cleaning, validation and the load all read it. Headers
are compared after ``header_match_key`` (normalized, accents folded); a header ending in ``*``
matches by prefix, for headers that embed the supplier's name (``CANT MIN <SUPPLIER>``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from o2c_desktop.services.ingest.cleaning import FieldType, header_match_key, sql_clean
from o2c_desktop.services.sqlquote import quote_literal

T = FieldType

KINDS = (
    "sai-altas",
    "sai-ordenes",
    "prei",
    "sagi",
    "camunda",
    "cfdi",
    "invoice-register",
    "contracts",
    "deliveries",
    "payments",
    "penalties",
    "store-invoices",
    "prei-ranges",
    "factoring",
)

KIND_TITLES_ES = {
    "sai-altas": "SAI Reporte de Altas",
    "sai-ordenes": "SAI Consulta de Órdenes",
    "prei": "PREI Facturas vs CR",
    "sagi": "SAGI estado de facturas",
    "camunda": "Camunda órdenes de suministro",
    "cfdi": "CFDI XML",
    "invoice-register": "registro de facturas",
    "contracts": "contratos / demanda",
    "deliveries": "entregas del operador logístico",
    "payments": "aviso de pago OAP",
    "penalties": "penas (Desglose)",
    "store-invoices": "facturas por tienda",
    "prei-ranges": "rangos de consulta PREI",
    "factoring": "estado de cuenta de factoraje",
}

SAI_ORDER_STATUS = ("Pendiente", "Confirmada", "Cancelada")
PREI_STATUS = ("Sin Contra Recibo", "En proceso", "Aprobado", "Pagado")
SAGI_STATUS = (
    "Cargada",
    "Fechas validadas",
    "Plantilla Generada",
    "Con Penas",
    "Sin sanciones",
    "Cancelado",
)
CFDI_VALIDITY = ("Vigente", "Cancelado", "Desconocido")
CONTRACT_STATUS = ("Formalizado", "NO formalizado")
CONTRACT_TYPE = ("Primigenio", "Modificatorio")
CAMUNDA_STATUS = ("Pendiente de remisión",)
DELIVERY_STATUS = ("Entregado",)


@dataclass(frozen=True)
class Field:
    """One column of a dataset: the headers it may carry and how its values are cleaned."""

    name: str
    headers: tuple[str, ...]
    type: FieldType = T.TEXT
    required: bool = True  # the header must be present
    nullable: bool = True  # a present header may have empty cells
    pad: int | None = None  # restore lost leading zeros up to this width
    vocabulary: tuple[str, ...] = ()
    closed: bool = False  # a value outside the vocabulary breaks the schema

    def matches(self, header_key: str) -> bool:
        exact, prefixes = self._match_keys
        return header_key in exact or header_key.startswith(prefixes)

    @cached_property
    def _match_keys(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """The match keys of the headers: whole ones, and prefixes (a header ending in ``*``).
        Detection asks every schema about every header of the top rows: worked out once."""
        exact = frozenset(header_match_key(h) for h in self.headers if not h.endswith("*"))
        prefixes = tuple(header_match_key(h.rstrip("*")) for h in self.headers if h.endswith("*"))
        return exact, prefixes


@dataclass(frozen=True)
class Target:
    """One canonical table a dataset loads into, from the cleaned rows (optionally filtered)."""

    table: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    where: str = "TRUE"
    # Which of several rows of one key in a file wins; the first by source row by default.
    winner_order: str = "source_row"
    # Columns computed from the source rather than copied: (column, SQL expression).
    expressions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RowCheck:
    """A rule across the cells of one row: ``broken`` (SQL over the cleaned field names) is true
    where the row breaks it, and the cell of ``field`` is named in the message."""

    field: str
    broken: str
    expected_es: str


_MATCH_MEMO_SIZE = 4096


@dataclass(frozen=True)
class DatasetSchema:
    kind: str
    variant: str
    fields: tuple[Field, ...]
    targets: tuple[Target, ...]
    # Derived columns: SQL over the cleaned field names, computed after cleaning.
    derived: tuple[tuple[str, str], ...] = ()
    sheet_names: tuple[str, ...] = ()
    # Rows whose required values are missing or invalid are set aside instead of
    # quarantining the file (OAP notices list such rows as exclusions).
    reject_bad_rows: bool = False
    # OAP notices repeat their header inside the data; elsewhere that is a broken file.
    repeated_headers_allowed: bool = False
    title_es: str = ""
    row_checks: tuple[RowCheck, ...] = ()

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    def fields_matching(self, header_key: str) -> tuple[Field, ...]:
        """The fields a header names, in schema order. Detection asks every schema about
        every header of the top rows of every sheet, mostly the same few dozen headers."""
        found = self._matching.get(header_key)
        if found is None:
            if len(self._matching) >= _MATCH_MEMO_SIZE:  # data cells of the top rows, too
                self._matching.clear()
            found = tuple(f for f in self.fields if f.matches(header_key))
            self._matching[header_key] = found
        return found

    @cached_property
    def _matching(self) -> dict[str, tuple[Field, ...]]:
        return {}

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @property
    def label_es(self) -> str:
        return self.title_es or KIND_TITLES_ES[self.kind]


def _f(name: str, *headers: str, **options: object) -> Field:
    return Field(name, headers, **options)  # type: ignore[arg-type]


def _opt(name: str, *headers: str, **options: object) -> Field:
    return Field(name, headers, required=False, **options)  # type: ignore[arg-type]


def _cols(fields: tuple[Field, ...], *extra: str, skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(f.name for f in fields if f.name not in skip) + extra


_SAI_ALTAS_FIELDS = (
    _f("no_alta", "noAlta", type=T.ID, nullable=False),
    _f("fecha_alta", "fechaAltaTrunc", type=T.DATE, nullable=False),
    _f("no_contrato", "noContrato", type=T.ID, nullable=False),
    _f("no_orden", "noOrden", type=T.ID, nullable=False),
    _f("clave", "clave", type=T.CLAVE, nullable=False),
    _f("cant_recibida", "cantRecibida", type=T.INT, nullable=False),
    _f("importe", "importe", type=T.AMOUNT, nullable=False),
    _f("fpp", "fpp", type=T.DATE),
    _f("clas_ptal_recep", "clasPtalRecep", type=T.ID, pad=12),
    _f("desc_unidad", "descUnidad"),
    _opt("clas_ptal_dist", "clasPtalDist", type=T.ID),
    _opt("desc_dist", "descDist"),
    _opt("total_items", "totalItems", type=T.ID),
    _opt("resguardo", "resguardo"),
)

SAI_ALTAS = DatasetSchema(
    kind="sai-altas",
    variant="sai-altas",
    fields=_SAI_ALTAS_FIELDS,
    sheet_names=("data",),
    targets=(Target("sai_alta", ("no_alta", "no_orden"), _cols(_SAI_ALTAS_FIELDS)),),
)

_SAI_ORDER_FIELDS = (
    _f("contrato", "contrato", type=T.ID, nullable=False),
    _opt("solicitud", "solicitud", type=T.ID),
    _f("orden", "orden", type=T.ID, nullable=False),
    _opt("generacion", "generacion", type=T.ID),
    _f("clave", "cveArticulo", type=T.CLAVE, nullable=False),
    _f("fecha_expedicion", "fechaExpedicion", type=T.DATE),
    _opt("lugar_entrega", "lugarEntrega"),
    _opt("descripcion_entrega", "descripciónEntrega"),
    _opt("direccion_entrega", "direccionEntrega"),
    _opt("destino_final", "destinoFinal"),
    _f("estatus", "estatus", type=T.STATUS, vocabulary=SAI_ORDER_STATUS, nullable=False),
    _f("fecha_entrega", "fechaEntrega", type=T.DATE),
    _f("cantidad_solicitada", "cantidadSolicitada", type=T.INT, nullable=False),
    _f("precio", "precio", type=T.AMOUNT),
    _f("importe_sin_iva", "importeSinIva", type=T.AMOUNT),
)

SAI_ORDENES = DatasetSchema(
    kind="sai-ordenes",
    variant="sai-ordenes",
    fields=_SAI_ORDER_FIELDS,
    sheet_names=("data",),
    targets=(Target("sai_order", ("orden", "clave"), _cols(_SAI_ORDER_FIELDS)),),
)

_PREI_FIELDS = (
    _f("documento", "Documento", type=T.ID),
    _f("uuid", "Folio Fiscal", type=T.UUID, nullable=False),
    _f("fecha_factura", "Fecha Factura", type=T.DATETIME),
    _f("importe", "Importe", type=T.AMOUNT, nullable=False),
    _f("fecha_carga", "Fecha Carga", type=T.DATETIME),
    _f("unidad_negocio", "Unidad Negocio", type=T.ID, pad=5),
    _f("contra_recibo", "Contra Recibo", type=T.ID, pad=8),
    _f(
        "estado",
        "Estado C.R.",
        type=T.STATUS,
        vocabulary=PREI_STATUS,
        closed=True,
        nullable=False,
    ),
)

PREI = DatasetSchema(
    kind="prei",
    variant="prei",
    fields=_PREI_FIELDS,
    targets=(Target("contrarecibo_status", ("uuid",), _cols(_PREI_FIELDS)),),
)

_SAGI_FIELDS = (
    _opt("proveedor", "Proveedor"),
    _opt("rfc", "RFC", type=T.KEY),
    _f("numero_contrato", "Número de contrato", type=T.KEY),
    _f("orden_suministro", "Orden de suministro", type=T.KEY),
    _f("numero_factura", "Número de factura", type=T.KEY),
    _f("uuid", "Folio fiscal", type=T.UUID, nullable=False),
    _f("total", "Total", type=T.AMOUNT),
    _opt("clues", "CLUES", type=T.KEY),
    _f(
        "estado",
        "Estado de la factura",
        type=T.STATUS,
        vocabulary=SAGI_STATUS,
        closed=True,
        nullable=False,
    ),
)

SAGI = DatasetSchema(
    kind="sagi",
    variant="sagi",
    fields=_SAGI_FIELDS,
    derived=(
        ("orden_key", "coalesce(orden_suministro, '')"),
        (
            "factura",
            "CASE WHEN regexp_full_match(numero_factura, '\\d+') THEN 'P-' || numero_factura "
            "ELSE numero_factura END",
        ),
        ("rows_in_snapshot", "count(*) OVER (PARTITION BY uuid, coalesce(orden_suministro, ''))"),
    ),
    targets=(
        Target(
            "sagi_status",
            ("uuid", "orden_key"),
            _cols(_SAGI_FIELDS, "orden_key", "factura", "rows_in_snapshot"),
            # The latest non-cancelled row of the key; Cancelado only if all rows are.
            winner_order="(estado = 'Cancelado'), source_row DESC",
        ),
    ),
)

_CAMUNDA_XLSX_FIELDS = (
    _opt("item", "ITEM", type=T.INT),
    _opt("rfc_proveedor", "RFC", type=T.KEY),
    _opt("razon_social", "RAZÓN SOCIAL"),
    _opt("almacen_entrega", "ALMACÉN ENTREGA"),
    _opt("direccion_almacen", "DIRECCIÓN ALMACÉN"),
    _opt("institucion_requirente", "INSTITUCIÓN REQUIRENTE"),
    _f("numero_orden_suministro", "NÚMERO DE ORDEN DE SUMINISTRO", type=T.KEY, nullable=False),
    _f("fecha_expedicion", "FECHA EXPEDICIÓN DE LA ORDEN", type=T.DATE),
    _f("fecha_limite_entrega", "FECHA LÍMITE DE ENTREGA DE LA ORDEN", type=T.DATE),
    _f("clave", "CLAVE INSUMO", type=T.CLAVE),
    _opt("descripcion", "DESCRIPCIÓN"),
    _opt("clues", "CLUES", type=T.KEY),
    _opt("entidad_destino", "ENTIDAD DESTINO FINAL"),
    _f("cantidad_solicitada", "CANTIDAD SOLICITADA", type=T.INT),
    _f("estatus", "ESTATUS", type=T.STATUS, vocabulary=CAMUNDA_STATUS),
)

_CAMUNDA_COLUMNS = (
    "numero_orden_suministro",
    "clave",
    "item",
    "numero_contrato",
    "contrato_original",
    "rfc_proveedor",
    "razon_social",
    "almacen_entrega",
    "direccion_almacen",
    "institucion_requirente",
    "fecha_expedicion",
    "fecha_autorizacion",
    "fecha_limite_entrega",
    "descripcion",
    "clues",
    "entidad_destino",
    "nombre_unidad",
    "precio_unitario",
    "cantidad_solicitada",
    "importe",
    "descripcion_estatus",
    "numero_procedimiento",
    "orden_remision",
    "estatus",
)


def _camunda_target(fields: tuple[Field, ...], derived: tuple[str, ...]) -> Target:
    present = {f.name for f in fields} | set(derived)
    return Target(
        "camunda_order",
        ("numero_orden_suministro", "clave"),
        tuple(c for c in _CAMUNDA_COLUMNS if c in present),
    )


CAMUNDA_XLSX = DatasetSchema(
    kind="camunda",
    variant="camunda-xlsx",
    fields=_CAMUNDA_XLSX_FIELDS,
    targets=(_camunda_target(_CAMUNDA_XLSX_FIELDS, ()),),
)

_CONTRACT_SUFFIX = "-(HJM|INER|HGM|HRAEPY|HEP|INCAN|HGEA)$"
_SUFFIX_LITERAL = quote_literal(_CONTRACT_SUFFIX)

_CAMUNDA_CSV_FIELDS = (
    _f("numero_orden_suministro", "numero_orden_suministro", type=T.KEY, nullable=False),
    _f("contrato_original", "numero_contrato", type=T.KEY),
    _opt("rfc_proveedor", "rfc_proveedor", type=T.KEY),
    _opt("razon_social", "razon_social"),
    _f("clave", "clave_medicamento", type=T.CLAVE),
    _opt("descripcion", "medicamento"),
    _f("precio_unitario", "precio_unitario", type=T.AMOUNT),
    _f("cantidad_solicitada", "cantidad_solicitada", type=T.INT),
    _opt("almacen_entrega", "almacen_entrega"),
    _opt("clues", "clues_destino", type=T.KEY),
    _opt("entidad_destino", "entidad_destino"),
    _opt("nombre_unidad", "nombre_unidad"),
    _opt("descripcion_estatus", "descripcion_estatus_orden_suministro"),
    _opt("fecha_autorizacion", "fecha_autorizacion", type=T.DATE),
    _f("fecha_limite_entrega", "fecha_limite_entrega", type=T.DATE),
    _opt("numero_procedimiento", "numero_procedimiento"),
    _opt("orden_remision", "orden_remision", type=T.ID),
    _f("estatus", "estatus", type=T.STATUS, vocabulary=CAMUNDA_STATUS),
)

CAMUNDA_CSV = DatasetSchema(
    kind="camunda",
    variant="camunda-csv",
    fields=_CAMUNDA_CSV_FIELDS,
    derived=(
        ("numero_contrato", f"regexp_replace(contrato_original, {_SUFFIX_LITERAL}, '')"),
        ("importe", "CAST(precio_unitario * cantidad_solicitada AS DECIMAL(18,2))"),
    ),
    targets=(_camunda_target(_CAMUNDA_CSV_FIELDS, ("numero_contrato", "importe")),),
)

_REGISTER_COLUMNS = (
    "factura",
    "serie",
    "folio",
    "folio_num",
    "referencia",
    "alta",
    "uuid",
    "fecha",
    "receptor_nombre",
    "receptor_rfc",
    "razon_social",
    "descripcion",
    "clave",
    "cantidad",
    "importe",
    "total",
    "uuid_estado",
    "institucion",
    "metodo_pago",
    "uso_cfdi",
    "forma_pago",
    "archivo",
)

# The register is the supplier's own folio list: the natural input of its own sequence gaps.
# Its rows are keyed apart from the CFDI's (``source``), so a register load never replaces the
# rows the XML gave for the same invoice. One row per invoice: the first of its concept rows.
_REGISTER_ISSUER = ("issuer_rfc", "coalesce(upper(emisor_rfc), upper($supplier_rfc))")


def _register_sequence_target(estado: str) -> Target:
    return Target(
        "sequence_invoice",
        ("source", "issuer_rfc", "store_id", "serie", "folio", "uuid"),
        ("folio_num", "fecha", "uploaded_at", "estado"),
        where="folio IS NOT NULL",
        expressions=(
            ("source", "'register'"),
            ("store_id", "''"),
            ("serie", "coalesce(serie, '')"),
            ("uploaded_at", "CAST(NULL AS TIMESTAMP)"),
            ("estado", estado),
        ),
    )


# A register may name the issuer; otherwise it is the supplier of the settings.
_REGISTER_EMISOR = ("emisor_rfc", "RFC emisor", "Emisor RFC", "RFC del emisor", "emisor_rfc")


# The IMSS register's Folio is the invoice id "P-3772"; the IMSS-B one is a bare number beside a
# Serie column. Both end up as factura "P-3772", serie "P", folio "3772".
_REGISTER_IMSS_FIELDS = (
    _f("factura", "Folio", type=T.KEY, nullable=False),
    _opt("referencia", "Referencia", type=T.NUMBER_KEY),
    _opt("alta", "Alta", type=T.KEY),
    _f("uuid", "UUID", type=T.UUID),
    _f("fecha", "Fecha", type=T.DATETIME, nullable=False),
    _opt("receptor_nombre", "Nombre"),
    _opt("receptor_rfc", "Rfc", type=T.KEY),
    _opt("descripcion", "Descripcion", "Descripción"),
    _opt("cantidad", "Cantidad", type=T.QUANTITY),
    _opt("importe", "Importe", type=T.AMOUNT),
    _opt("total", "Total", type=T.AMOUNT),
    _opt("archivo", "Archivo"),
    _opt(*_REGISTER_EMISOR, type=T.KEY),
)


def _register_target(fields: tuple[Field, ...], derived: tuple[str, ...]) -> Target:
    present = {f.name for f in fields} | set(derived)
    return Target(
        "invoice_register",
        ("factura", "referencia"),
        tuple(c for c in _REGISTER_COLUMNS if c in present),
    )


_REGISTER_IMSS_DERIVED = (
    # "P-3772" -> serie P, folio 3772; "P-6537-B" keeps folio "6537-B" (non-numeric).
    ("serie", "nullif(regexp_extract(factura, '^([A-Za-z]+)-', 1), '')"),
    ("folio", "regexp_replace(factura, '^[A-Za-z]+-', '')"),
    ("folio_num", "TRY_CAST(regexp_replace(factura, '^[A-Za-z]+-', '') AS BIGINT)"),
    ("clave", sql_clean(T.CLAVE, "descripcion")),
    _REGISTER_ISSUER,
)

REGISTER_IMSS = DatasetSchema(
    kind="invoice-register",
    variant="register-imss",
    fields=_REGISTER_IMSS_FIELDS,
    derived=_REGISTER_IMSS_DERIVED,
    sheet_names=("reporte paq",),
    targets=(
        _register_target(_REGISTER_IMSS_FIELDS, ("serie", "folio", "folio_num", "clave")),
        _register_sequence_target("CAST(NULL AS VARCHAR)"),
    ),
)

_REGISTER_IMSSB_FIELDS = (
    _f("fecha", "Fecha", type=T.DATETIME, nullable=False),
    _f("serie", "Serie", type=T.KEY),
    _f("folio", "Folio", type=T.KEY, nullable=False),
    _opt("razon_social", "Razón Social"),
    _f("total", "Total", type=T.AMOUNT),
    _f("uuid", "UUID", type=T.UUID),
    _opt(
        "uuid_estado",
        "UUID Descripción",
        type=T.STATUS,
        vocabulary=CFDI_VALIDITY,
        closed=True,
    ),
    _opt("referencia", "Referencia", type=T.NUMBER_KEY),
    _opt("institucion", "INSABI"),
    _opt("metodo_pago", "Método de pago clave", type=T.KEY),
    _opt("uso_cfdi", "Uso CFDI", type=T.KEY),
    _opt("forma_pago", "Forma de pago clave", type=T.KEY),
    _opt(*_REGISTER_EMISOR, type=T.KEY),
)

REGISTER_IMSSB = DatasetSchema(
    kind="invoice-register",
    variant="register-imssb",
    fields=_REGISTER_IMSSB_FIELDS,
    derived=(
        ("factura", "CASE WHEN serie IS NULL THEN folio ELSE serie || '-' || folio END"),
        ("folio_num", "TRY_CAST(folio AS BIGINT)"),
        _REGISTER_ISSUER,
    ),
    sheet_names=("reporte paq",),
    targets=(
        _register_target(_REGISTER_IMSSB_FIELDS, ("factura", "folio_num")),
        _register_sequence_target("uuid_estado"),
    ),
)

_DEMAND_FIELDS = (
    _f("institucion", "INSTITUCION", type=T.TEXT, nullable=False),
    _opt("institucion_homologada", "INSTITUCION HOMOLOGADA"),
    _f("unidad", "UNIDAD", nullable=False),
    _opt("entidad", "ENTIDAD"),
    _f("anio", "AÑO", type=T.INT, nullable=False),
    _opt("fuente", "FTE FMTO"),
    _f("clave", "CLAVE ADJ", type=T.CLAVE, nullable=False),
    _f("qty_min", "CANT MIN*", type=T.INT),
    _f("qty_max", "CANT MAX*", type=T.INT),
    _opt("precio", "PRECIO*", type=T.AMOUNT),
    _opt("proveedor_2", "PROVEEDOR 2"),
    _opt("procedimiento", "PROCED."),
)

DEMAND = DatasetSchema(
    kind="contracts",
    variant="demand",
    fields=_DEMAND_FIELDS,
    sheet_names=("global",),
    targets=(
        Target(
            "contract_line",
            ("procedimiento", "institucion", "unidad", "anio", "clave", "fuente"),
            (
                "institucion",
                "institucion_homologada",
                "unidad",
                "entidad",
                "anio",
                "clave",
                "qty_min",
                "qty_max",
                "precio",
                "proveedor_2",
            ),
        ),
    ),
)

_CONTRACT_REGISTER_FIELDS = (
    _opt("institucion", "Institución"),
    _opt("procedimiento", "Procedimiento"),
    _f("contrato", "Contrato", type=T.KEY, nullable=False),
    _f("fecha_inicio", "Fecha Inicio", type=T.DATE),
    _f("fecha_fin", "Fecha Fin", type=T.DATE),
    _opt("productos", "Productos y precio"),
    _opt("total", "Total", type=T.AMOUNT),
    _opt("nombre_archivo", "Nombre del archivo"),
    _f("estatus", "Estatus", type=T.STATUS, vocabulary=CONTRACT_STATUS),
    _opt("convenio", "Convenio modificatorio", type=T.KEY),
    _opt("objeto", "Objeto del convenio"),
    _f("tipo", "Tipo", type=T.STATUS, vocabulary=CONTRACT_TYPE, closed=True, nullable=False),
)

CONTRACT_REGISTER = DatasetSchema(
    kind="contracts",
    variant="contract-register",
    fields=_CONTRACT_REGISTER_FIELDS,
    targets=(
        Target(
            "contract",
            ("contrato",),
            (
                "institucion",
                "procedimiento",
                "fecha_inicio",
                "fecha_fin",
                "productos",
                "total",
                "nombre_archivo",
                "estatus",
                "tipo",
            ),
            where="tipo = 'Primigenio'",
        ),
        Target(
            "contract_amendment",
            ("contrato", "convenio"),
            (
                "objeto",
                "fecha_inicio",
                "fecha_fin",
                "productos",
                "total",
                "nombre_archivo",
                "estatus",
            ),
            where="tipo = 'Modificatorio' AND convenio IS NOT NULL",
        ),
    ),
)

_PROVIDER_A_FIELDS = (
    _f("orden", "PEDIDO CLIENTE", type=T.KEY, nullable=False),
    _f("cantidad_solicitada", "CANTIDAD SOLICITADA", type=T.INT),
    _f("fecha_entrega", "FECHA DE ENTREGA AL CLIENTE", type=T.DATE),
    _f("estatus", "ESTATUS", type=T.STATUS, vocabulary=DELIVERY_STATUS),
    _opt("motivo", "MOTIVO"),
    _opt("comentarios", "OBSERVACIONES"),
    _opt("factura", "FACTURA", type=T.KEY),
    _opt("os_supplier", "OS-*", "OS -*"),
    _f("codigo_entrega", "REMISIÓN DE ENTREGA REDI", type=T.KEY),
    _opt("instituto", "INSTITUTO"),
    _f("clave", "CLAVE", type=T.CLAVE),
)

_DELIVERY_COLUMNS = (
    "factura",
    "instituto",
    "piezas_entregadas",
    "cantidad_solicitada",
    "fecha_entrega",
    "estatus",
    "motivo",
    "comentarios",
)

DELIVERIES_PROVIDER_A = DatasetSchema(
    kind="deliveries",
    variant="provider-a",
    fields=_PROVIDER_A_FIELDS,
    sheet_names=("concentrado",),
    derived=(
        ("proveedor3pl", "'Provider A'"),
        ("piezas_entregadas", "CASE WHEN estatus = 'Entregado' THEN cantidad_solicitada END"),
    ),
    targets=(
        Target(
            "delivery",
            ("proveedor3pl", "orden", "codigo_entrega", "clave"),
            _DELIVERY_COLUMNS,
        ),
    ),
)

_UNIFIED_DELIVERY_FIELDS = (
    _f("codigo_entrega", "codigo_entrega", type=T.KEY, nullable=False),
    _f("orden", "orden", type=T.KEY, nullable=False),
    _opt("factura", "factura", type=T.KEY),
    _opt("instituto", "instituto"),
    _f("clave", "clave", type=T.CLAVE, nullable=False),
    _f("piezas_entregadas", "piezas_entregadas", type=T.INT),
    _f("fecha_entrega", "fecha_entrega", type=T.DATE),
    _opt("comentarios", "comentarios_entrega"),
    _f("proveedor3pl", "proveedor3pl"),
)

DELIVERIES_UNIFIED = DatasetSchema(
    kind="deliveries",
    variant="deliveries-unified",
    fields=_UNIFIED_DELIVERY_FIELDS,
    derived=(
        ("cantidad_solicitada", "CAST(NULL AS BIGINT)"),
        ("estatus", "CASE WHEN fecha_entrega IS NOT NULL THEN 'Entregado' END"),
        ("motivo", "CAST(NULL AS VARCHAR)"),
    ),
    targets=(
        Target(
            "delivery",
            ("proveedor3pl", "orden", "codigo_entrega", "clave"),
            _DELIVERY_COLUMNS,
        ),
    ),
)

_PAYMENT_FIELDS = (
    _f("uuid", "Folio Fiscal", type=T.UUID, nullable=False),
    _f("referencia", "Referencia", type=T.KEY),
    _f("importe", "Importe", type=T.AMOUNT, nullable=False),
    _f("clc", "CLC", type=T.KEY),
)

PAYMENTS = DatasetSchema(
    kind="payments",
    variant="oap",
    fields=_PAYMENT_FIELDS,
    reject_bad_rows=True,
    repeated_headers_allowed=True,
    derived=(("notice_sha256", "$archive_sha256"),),
    targets=(Target("payment", ("notice_sha256", "uuid"), ("referencia", "importe", "clc")),),
)

_PENALTY_FIELDS = (
    _f("orden_suministro", "ORDEN DE SUMINISTRO", type=T.KEY, nullable=False),
    _f("pena", "PENA", type=T.AMOUNT, nullable=False),
    _f("oficio", "OFICIO"),
    _opt("folio_nc", "Folio NC", type=T.KEY),
)

PENALTIES = DatasetSchema(
    kind="penalties",
    variant="desglose",
    fields=_PENALTY_FIELDS,
    sheet_names=("desglose",),
    derived=(("oficio_key", "coalesce(oficio, '')"),),
    targets=(
        Target("penalty", ("orden_suministro", "oficio_key"), ("oficio", "pena", "folio_nc")),
    ),
)

_STORE_FIELDS = (
    _f("emisor_rfc", "emisor_rfc", "RFC emisor", type=T.KEY, nullable=False),
    _f("tienda", "tienda", "store", "store_id", type=T.KEY, nullable=False),
    _opt("serie", "serie", type=T.KEY),
    _f("folio", "folio", type=T.KEY, nullable=False),
    _opt("uuid", "uuid", "folio fiscal", type=T.UUID),
    _f("fecha_emision", "fecha_emision", "fecha", type=T.DATETIME),
    _opt("fecha_carga", "fecha_carga", type=T.DATETIME),
    _opt("estado", "estado", type=T.STATUS, vocabulary=CFDI_VALIDITY, closed=True),
)

STORE_INVOICES = DatasetSchema(
    kind="store-invoices",
    variant="store-feed",
    fields=_STORE_FIELDS,
    targets=(
        Target(
            "sequence_invoice",
            ("issuer_rfc", "store_id", "serie", "folio", "uuid"),
            ("source", "folio_num", "fecha", "uploaded_at", "estado"),
            expressions=(
                ("source", "'store-feed'"),
                ("issuer_rfc", "emisor_rfc"),
                ("store_id", "tienda"),
                ("serie", "coalesce(serie, '')"),
                ("folio_num", "TRY_CAST(folio AS BIGINT)"),
                ("fecha", "fecha_emision"),
                ("uploaded_at", "fecha_carga"),
            ),
        ),
    ),
)

# The hand-kept table of PREI query ranges: what the portal sync's range splitting starts from.
_PREI_RANGE_FIELDS = (
    _f("range_start", "DATE START", type=T.DATE, nullable=False),
    _f("range_end", "DATE END", type=T.DATE, nullable=False),
)

PREI_RANGES = DatasetSchema(
    kind="prei-ranges",
    variant="prei-ranges",
    fields=_PREI_RANGE_FIELDS,
    targets=(Target("prei_query_range", ("range_start", "range_end"), ()),),
)

# Factoring statement (DOMAIN §7, "Factoring"): one row per invoice discounted with a financial
# intermediary, with the headers of a NAFIN "Cadenas Productivas"-style bank statement and their
# usual synonyms. The state arrives in the bank's words and is stored as DOMAIN's four states.
FACTORING_STATES: dict[str, tuple[str, ...]] = {
    "offered": ("offered", "Ofrecida", "Ofertada", "Publicada", "Publicado", "Negociable"),
    "assigned": (
        "assigned",
        "Cedida",
        "Asignada",
        "Operada",
        "Operado",
        "Descontada",
        "Anticipada",
        "Factorada",
    ),
    "collected_by_factor": (
        "collected_by_factor",
        "Cobrada por el factor",
        "Cobrada",
        "Pagada al intermediario",
        "Pagada",
        "Pagado",
    ),
    "settled": ("settled", "Liquidada", "Liquidado", "Finiquitada", "Reserva liberada"),
}
FACTORING_RECOURSE: dict[bool, tuple[str, ...]] = {
    True: ("Sí", "S", "Con recurso", "true", "1"),
    False: ("No", "N", "Sin recurso", "false", "0"),
}


def _vocabulary_case(
    column: str, groups: dict[str, tuple[str, ...]] | dict[bool, tuple[str, ...]]
) -> str:
    arms = []
    for value, words in groups.items():
        listed = ", ".join(quote_literal(w) for w in words)
        literal = str(value).upper() if isinstance(value, bool) else quote_literal(value)
        arms.append(f"WHEN {column} IN ({listed}) THEN {literal}")
    return f"(CASE {' '.join(arms)} END)"


_FACTORING_FIELDS = (
    _f(
        "factor",
        "Intermediario Financiero",
        "Intermediario",
        "Factor",
        "Institución financiera",
        "IF",
        nullable=False,
    ),
    _opt("uuid", "Folio Fiscal", "UUID", "Folio fiscal (UUID)", type=T.UUID),
    _opt(
        "folio",
        "Número de documento",
        "No. de documento",
        "Num. documento",
        "Documento",
        "Factura",
        "Folio",
        type=T.KEY,
    ),
    _opt("offer_date", "Fecha de publicación", "Fecha de emisión del documento", type=T.DATE),
    _opt(
        "advance_date",
        "Fecha de operación",
        "Fecha de descuento",
        "Fecha de anticipo",
        type=T.DATE,
    ),
    _opt("due_date", "Fecha de vencimiento", "Vencimiento", type=T.DATE),
    _opt("collected_date", "Fecha de cobro", "Fecha de pago", type=T.DATE),
    _opt("settled_date", "Fecha de liquidación", "Fecha de finiquito", type=T.DATE),
    _f(
        "face_amount",
        "Monto del documento",
        "Monto documento",
        "Importe del documento",
        "Monto",
        type=T.AMOUNT,
        nullable=False,
    ),
    _opt(
        "advance_pct_stated",
        "Porcentaje de anticipo",
        "Porcentaje de descuento",
        "% Anticipo",
        "% de descuento",
        "Aforo",
        type=T.QUANTITY,
    ),
    _opt(
        "advance_amount",
        "Monto a recibir",
        "Monto operado",
        "Importe a recibir",
        "Monto del anticipo",
        "Anticipo",
        type=T.AMOUNT,
    ),
    _opt("reserve_stated", "Reserva", "Monto de reserva", "Aforo retenido", type=T.AMOUNT),
    _opt(
        "fee_amount",
        "Intereses",
        "Monto de intereses",
        "Intereses y comisiones",
        "Comisiones",
        type=T.AMOUNT,
    ),
    _opt("rate_stated", "Tasa", "Tasa de descuento", "Tasa anual", type=T.QUANTITY),
    _opt(
        "recurso",
        "Recurso",
        "Con recurso",
        "Tipo de factoraje",
        type=T.STATUS,
        vocabulary=tuple(w for words in FACTORING_RECOURSE.values() for w in words),
        closed=True,
    ),
    _f(
        "estatus",
        "Estatus",
        "Estado",
        "Situación",
        type=T.STATUS,
        vocabulary=tuple(w for words in FACTORING_STATES.values() for w in words),
        closed=True,
        nullable=False,
    ),
)

# A percentage or rate written 85 or 12.5 is a percent; 0.85 or 0.125 already a fraction.
_ADVANCE_PCT = (
    "(CASE WHEN advance_pct_stated > 1 THEN advance_pct_stated / 100 ELSE advance_pct_stated END)"
)

FACTORING = DatasetSchema(
    kind="factoring",
    variant="factoring-statement",
    fields=_FACTORING_FIELDS,
    reject_bad_rows=True,
    row_checks=(
        RowCheck(
            "advance_amount",
            "advance_amount > face_amount",
            "un monto a recibir no mayor que el monto del documento (el anticipo no puede "
            "exceder la factura)",
        ),
        RowCheck(
            "advance_pct_stated",
            "advance_pct_stated < 0 OR advance_pct_stated > 100",
            "un porcentaje de anticipo entre 0 y 100",
        ),
        RowCheck(
            "folio",
            "uuid IS NULL AND folio IS NULL",
            "el número de documento o el folio fiscal (UUID) de la factura",
        ),
        RowCheck(
            "face_amount",
            "face_amount <= 0",
            "un monto del documento mayor que cero",
        ),
    ),
    derived=(
        ("invoice_key", "coalesce(uuid, folio)"),
        ("state", _vocabulary_case("estatus", FACTORING_STATES)),
        ("advance_pct", f"CAST({_ADVANCE_PCT} AS DECIMAL(9, 4))"),
        (
            "discount_rate",
            "CAST(CASE WHEN rate_stated > 1 THEN rate_stated / 100 ELSE rate_stated END "
            "AS DECIMAL(9, 6))",
        ),
        # Without a Recurso column: a whole advance is "Cadenas" (no recourse), a partial one
        # "Classic" (with recourse).
        (
            "recourse",
            f"coalesce({_vocabulary_case('recurso', FACTORING_RECOURSE)}, "
            f"coalesce({_ADVANCE_PCT} < 1, FALSE))",
        ),
        # What the factor keeps until it collects: stated, else face × (1 − advance %).
        (
            "reserve_amount",
            "CAST(coalesce(reserve_stated, face_amount * (1 - advance_pct)) AS DECIMAL(18, 2))",
        ),
    ),
    targets=(
        Target(
            "factoring_operation",
            ("factor", "invoice_key"),
            (
                "uuid",
                "folio",
                "state",
                "offer_date",
                "advance_date",
                "due_date",
                "collected_date",
                "settled_date",
                "face_amount",
                "advance_pct",
                "advance_amount",
                "reserve_amount",
                "fee_amount",
                "discount_rate",
                "recourse",
            ),
            where="invoice_key IS NOT NULL",
        ),
    ),
)

TABULAR_SCHEMAS: tuple[DatasetSchema, ...] = (
    SAI_ALTAS,
    SAI_ORDENES,
    PREI,
    SAGI,
    CAMUNDA_XLSX,
    CAMUNDA_CSV,
    REGISTER_IMSS,
    REGISTER_IMSSB,
    DEMAND,
    CONTRACT_REGISTER,
    DELIVERIES_PROVIDER_A,
    DELIVERIES_UNIFIED,
    PAYMENTS,
    PENALTIES,
    STORE_INVOICES,
    PREI_RANGES,
    FACTORING,
)


def schemas_for(kind: str | None) -> tuple[DatasetSchema, ...]:
    if kind is None:
        return TABULAR_SCHEMAS
    return tuple(c for c in TABULAR_SCHEMAS if c.kind == kind)


@dataclass(frozen=True)
class ColumnMapping:
    """A saved mapping for a generic register: schema field name -> the file's header."""

    name: str
    kind: str
    headers: dict[str, str] = field(default_factory=dict)


def apply_mapping(schema: DatasetSchema, mapping: ColumnMapping) -> DatasetSchema:
    """The schema with the mapped fields answering to the file's own headers."""
    fields = tuple(
        Field(
            f.name,
            (mapping.headers[f.name],),
            f.type,
            f.required,
            f.nullable,
            f.pad,
            f.vocabulary,
            f.closed,
        )
        if f.name in mapping.headers
        else f
        for f in schema.fields
    )
    return DatasetSchema(
        kind=schema.kind,
        variant=f"{schema.variant}+{mapping.name}",
        fields=fields,
        targets=schema.targets,
        derived=schema.derived,
        sheet_names=(),
        reject_bad_rows=schema.reject_bad_rows,
        repeated_headers_allowed=schema.repeated_headers_allowed,
        title_es=schema.title_es,
        row_checks=schema.row_checks,
    )
