-- Ingest: the raw archive, the load ledger, quarantine, and the canonical tables of every dataset.
--
-- Canonical tables are versioned (type 2): one row per business key and version, valid over
-- [valid_from, valid_to); the current row has valid_to NULL. valid_from is the snapshot time of
-- the export that first showed that version, so the first date each state was seen is
-- min(valid_from) per key and state. row_hash covers the tracked columns, so a reload of an
-- identical snapshot changes nothing. Every row carries its lineage: the archived file
-- (archive_sha256), the sheet, the source row and the load. Columns the contract does not know
-- are kept as JSON in `extra`. Money is DECIMAL(18,2).
-- No primary keys on versioned tables: keys are enforced by the loader, and DuckDB rewrites
-- indexed rows on UPDATE, which closing a version needs.

CREATE TABLE raw_file (
    sha256             VARCHAR(64) PRIMARY KEY,
    size_bytes         BIGINT NOT NULL,
    stored_path        VARCHAR NOT NULL,
    first_archived_at  TIMESTAMP NOT NULL
);

CREATE TABLE raw_file_source (
    sha256         VARCHAR(64) NOT NULL REFERENCES raw_file (sha256),
    original_name  VARCHAR NOT NULL,
    portal         VARCHAR,
    report         VARCHAR,
    range_from     DATE,
    range_to       DATE,
    run_id         VARCHAR,
    downloaded_at  TIMESTAMP,
    archived_at    TIMESTAMP NOT NULL
);

CREATE SEQUENCE load_id_seq START 1;

CREATE TABLE load_ledger (
    load_id         BIGINT PRIMARY KEY,
    archive_sha256  VARCHAR(64) NOT NULL,
    original_name   VARCHAR NOT NULL,
    kind            VARCHAR,
    variant         VARCHAR,
    sheet           VARCHAR,
    status          VARCHAR NOT NULL,   -- loaded | duplicate | quarantined
    snapshot_at     TIMESTAMP,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP NOT NULL,
    rows_read       BIGINT NOT NULL DEFAULT 0,
    inserted        BIGINT NOT NULL DEFAULT 0,
    changed         BIGINT NOT NULL DEFAULT 0,
    unchanged       BIGINT NOT NULL DEFAULT 0,
    rejected        BIGINT NOT NULL DEFAULT 0,
    header_columns  VARCHAR,            -- JSON list of the normalized headers as found
    drift_added     VARCHAR,            -- JSON list: headers new against the last good file
    drift_missing   VARCHAR,            -- JSON list: headers gone against the last good file
    mapping_name    VARCHAR,
    message         VARCHAR NOT NULL,   -- Spanish, for the clerk
    details         VARCHAR             -- JSON, for the log and support
);

CREATE TABLE rejected_row (
    load_id      BIGINT NOT NULL,
    sheet        VARCHAR,
    source_row   BIGINT,
    reason       VARCHAR NOT NULL,
    raw          VARCHAR
);

CREATE TABLE quarantine_file (
    load_id         BIGINT PRIMARY KEY,
    archive_sha256  VARCHAR(64) NOT NULL,
    original_name   VARCHAR NOT NULL,
    kind            VARCHAR,
    message         VARCHAR NOT NULL,
    report_path     VARCHAR NOT NULL,
    quarantined_at  TIMESTAMP NOT NULL
);

CREATE TABLE quarantine_issue (
    load_id      BIGINT NOT NULL,
    sheet        VARCHAR,
    source_row   BIGINT,
    column_name  VARCHAR,
    expected     VARCHAR NOT NULL,
    found        VARCHAR
);

CREATE TABLE column_mapping (
    name        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,
    header      VARCHAR NOT NULL,
    saved_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (name, field)
);

-- IMSS -------------------------------------------------------------------------------------

CREATE TABLE sai_order (
    contrato             VARCHAR,
    solicitud            VARCHAR,
    orden                VARCHAR NOT NULL,
    generacion           VARCHAR,
    clave                VARCHAR,
    fecha_expedicion     DATE,
    lugar_entrega        VARCHAR,
    descripcion_entrega  VARCHAR,
    direccion_entrega    VARCHAR,
    destino_final        VARCHAR,
    estatus              VARCHAR,
    fecha_entrega        DATE,
    cantidad_solicitada  BIGINT,
    precio               DECIMAL(18,2),
    importe_sin_iva      DECIMAL(18,2),
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

CREATE TABLE sai_alta (
    no_alta          VARCHAR NOT NULL,
    fecha_alta       DATE,
    no_contrato      VARCHAR,
    no_orden         VARCHAR NOT NULL,
    clave            VARCHAR,
    cant_recibida    BIGINT,
    importe          DECIMAL(18,2),
    fpp              DATE,
    clas_ptal_recep  VARCHAR,
    desc_unidad      VARCHAR,
    clas_ptal_dist   VARCHAR,
    desc_dist        VARCHAR,
    total_items      VARCHAR,
    resguardo        VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- PREI "Facturas vs CR": the contrarecibo status of each invoice, with its history.
CREATE TABLE contrarecibo_status (
    uuid            VARCHAR NOT NULL,
    documento       VARCHAR,
    fecha_factura   TIMESTAMP,
    importe         DECIMAL(18,2),
    fecha_carga     TIMESTAMP,
    unidad_negocio  VARCHAR,
    contra_recibo   VARCHAR,
    estado          VARCHAR NOT NULL,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- Invoices -----------------------------------------------------------------------------------

CREATE TABLE invoice (
    uuid              VARCHAR NOT NULL,
    version           VARCHAR,
    serie             VARCHAR,
    folio             VARCHAR,
    factura           VARCHAR,
    folio_num         BIGINT,
    fecha             TIMESTAMP,
    subtotal          DECIMAL(18,2),
    total             DECIMAL(18,2),
    moneda            VARCHAR,
    tipo_comprobante  VARCHAR,
    metodo_pago       VARCHAR,
    forma_pago        VARCHAR,
    lugar_expedicion  VARCHAR,
    emisor_rfc        VARCHAR,
    emisor_nombre     VARCHAR,
    receptor_rfc      VARCHAR,
    receptor_nombre   VARCHAR,
    uso_cfdi          VARCHAR,
    fecha_timbrado    TIMESTAMP,
    xml_name          VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

CREATE TABLE invoice_concept (
    uuid             VARCHAR NOT NULL,
    line_no          BIGINT NOT NULL,
    clave            VARCHAR,
    clave_prod_serv  VARCHAR,
    descripcion      VARCHAR,
    cantidad         DECIMAL(18,4),
    valor_unitario   DECIMAL(18,2),
    importe          DECIMAL(18,2),
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

CREATE TABLE invoice_relation (
    uuid           VARCHAR NOT NULL,
    related_uuid   VARCHAR NOT NULL,
    tipo_relacion  VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- The supplier's invoice register ("Reporte Paq" and generic registers through a mapping).
CREATE TABLE invoice_register (
    factura          VARCHAR NOT NULL,
    serie            VARCHAR,
    folio            VARCHAR,
    folio_num        BIGINT,
    referencia       VARCHAR,
    alta             VARCHAR,
    uuid             VARCHAR,
    fecha            TIMESTAMP,
    receptor_nombre  VARCHAR,
    receptor_rfc     VARCHAR,
    razon_social     VARCHAR,
    descripcion      VARCHAR,
    clave            VARCHAR,
    cantidad         DECIMAL(18,4),
    importe          DECIMAL(18,2),
    total            DECIMAL(18,2),
    uuid_estado      VARCHAR,
    institucion      VARCHAR,
    metodo_pago      VARCHAR,
    uso_cfdi         VARCHAR,
    forma_pago       VARCHAR,
    archivo          VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- Invoices for sequence-gap analysis: the retail operator's per-store feed and the supplier's
-- own series (filled from CFDI and register loads).
CREATE TABLE sequence_invoice (
    source       VARCHAR NOT NULL,   -- store-feed | cfdi | register
    issuer_rfc   VARCHAR NOT NULL,
    store_id     VARCHAR NOT NULL,
    serie        VARCHAR NOT NULL,
    folio        VARCHAR NOT NULL,
    folio_num    BIGINT,
    uuid         VARCHAR,
    fecha        TIMESTAMP,
    uploaded_at  TIMESTAMP,
    estado       VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- IMSS-Bienestar -----------------------------------------------------------------------------

CREATE TABLE camunda_order (
    numero_orden_suministro  VARCHAR NOT NULL,
    clave                    VARCHAR,
    item                     BIGINT,
    numero_contrato          VARCHAR,
    contrato_original        VARCHAR,
    rfc_proveedor            VARCHAR,
    razon_social             VARCHAR,
    almacen_entrega          VARCHAR,
    direccion_almacen        VARCHAR,
    institucion_requirente   VARCHAR,
    fecha_expedicion         DATE,
    fecha_autorizacion       DATE,
    fecha_limite_entrega     DATE,
    descripcion              VARCHAR,
    clues                    VARCHAR,
    entidad_destino          VARCHAR,
    nombre_unidad            VARCHAR,
    precio_unitario          DECIMAL(18,2),
    cantidad_solicitada      BIGINT,
    importe                  DECIMAL(18,2),
    descripcion_estatus      VARCHAR,
    numero_procedimiento     VARCHAR,
    orden_remision           VARCHAR,
    estatus                  VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- SAGI: one status per (invoice UUID, supply order); the snapshot's rows for a key are reduced
-- to the latest non-cancelled one (Cancelado only when every row is cancelled).
CREATE TABLE sagi_status (
    uuid               VARCHAR NOT NULL,
    orden_key          VARCHAR NOT NULL,
    orden_suministro   VARCHAR,
    proveedor          VARCHAR,
    rfc                VARCHAR,
    numero_contrato    VARCHAR,
    numero_factura     VARCHAR,
    factura            VARCHAR,
    total              DECIMAL(18,2),
    clues              VARCHAR,
    estado             VARCHAR NOT NULL,
    rows_in_snapshot   BIGINT,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

CREATE TABLE penalty (
    orden_suministro  VARCHAR NOT NULL,
    oficio_key        VARCHAR NOT NULL,
    oficio            VARCHAR,
    pena              DECIMAL(18,2) NOT NULL,
    folio_nc          VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- OAP payment notices; key (notice file content, UUID).
CREATE TABLE payment (
    notice_sha256  VARCHAR(64) NOT NULL,
    uuid           VARCHAR NOT NULL,
    referencia     VARCHAR,
    importe        DECIMAL(18,2) NOT NULL,
    clc            VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- Contracts ----------------------------------------------------------------------------------

CREATE TABLE contract (
    contrato        VARCHAR NOT NULL,
    institucion     VARCHAR,
    procedimiento   VARCHAR,
    fecha_inicio    DATE,
    fecha_fin       DATE,
    productos       VARCHAR,
    total           DECIMAL(18,2),
    nombre_archivo  VARCHAR,
    estatus         VARCHAR,
    tipo            VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

CREATE TABLE contract_amendment (
    contrato        VARCHAR NOT NULL,
    convenio        VARCHAR NOT NULL,
    objeto          VARCHAR,
    fecha_inicio    DATE,
    fecha_fin       DATE,
    productos       VARCHAR,
    total           DECIMAL(18,2),
    nombre_archivo  VARCHAR,
    estatus         VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- Demand / contract lines with min and max per (institution, unit, year, clave, funding).
CREATE TABLE contract_line (
    procedimiento           VARCHAR,
    institucion             VARCHAR NOT NULL,
    unidad                  VARCHAR NOT NULL,
    anio                    BIGINT NOT NULL,
    clave                   VARCHAR NOT NULL,
    fuente                  VARCHAR,
    institucion_homologada  VARCHAR,
    entidad                 VARCHAR,
    qty_min                 BIGINT,
    qty_max                 BIGINT,
    precio                  DECIMAL(18,2),
    proveedor_2             VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- Logistics-provider delivery reports (Provider A "Concentrado" and the unified layout).
CREATE TABLE delivery (
    proveedor3pl         VARCHAR,            -- NULL when the report does not say (DOMAIN §6)
    orden                VARCHAR NOT NULL,
    codigo_entrega       VARCHAR NOT NULL,
    clave                VARCHAR NOT NULL,
    factura              VARCHAR,
    instituto            VARCHAR,
    piezas_entregadas    BIGINT,
    cantidad_solicitada  BIGINT,
    fecha_entrega        DATE,
    estatus              VARCHAR,
    motivo               VARCHAR,
    comentarios          VARCHAR,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);

-- The PREI query ranges kept by hand (DATE START / DATE END), the seed of range splitting.
CREATE TABLE prei_query_range (
    range_start  DATE NOT NULL,
    range_end    DATE NOT NULL,
    valid_from TIMESTAMP NOT NULL, valid_to TIMESTAMP, row_hash VARCHAR NOT NULL,
    load_id BIGINT NOT NULL, archive_sha256 VARCHAR(64) NOT NULL, sheet VARCHAR,
    source_row BIGINT, extra VARCHAR
);
