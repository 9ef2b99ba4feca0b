-- Analytics views (generated from o2c_desktop/services/analytics/sql by
-- o2c_desktop.services.analytics.views.migration_sql; edit those files, not this one).
-- analytics_params holds the defaults: today and everything known; the program binds
-- other dates and settings by stacking the same SQL as CTEs (see views.py).

CREATE OR REPLACE VIEW analytics_params AS SELECT CAST(CURRENT_DATE AS DATE) AS as_of_date, CAST(CAST('9999-12-31 00:00:00' AS TIMESTAMP) AS TIMESTAMP) AS known_before, CAST(1.00 AS DECIMAL(18, 2)) AS amount_tolerance, CAST(45 AS INTEGER) AS payment_term_days, CAST(30 AS INTEGER) AS bucket_1, CAST(60 AS INTEGER) AS bucket_2, CAST(90 AS INTEGER) AS bucket_3, CAST(0.02 AS DECIMAL(9, 4)) AS penalty_rate_per_day, CAST(5 AS INTEGER) AS penalty_max_days, CAST(CAST('2025-06-30' AS DATE) AS DATE) AS provider_switch_date, CAST('Provider A' AS VARCHAR) AS provider_before, CAST('Provider B' AS VARCHAR) AS provider_after, CAST(30 AS INTEGER) AS stale_status_days, CAST(90 AS INTEGER) AS burn_window_days;

CREATE OR REPLACE VIEW asof_sai_order AS SELECT t.* FROM sai_order AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_sai_alta AS SELECT t.* FROM sai_alta AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_contrarecibo_status AS SELECT t.* FROM contrarecibo_status AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_invoice AS SELECT t.* FROM invoice AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_invoice_relation AS SELECT t.* FROM invoice_relation AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_invoice_register AS SELECT t.* FROM invoice_register AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_camunda_order AS SELECT t.* FROM camunda_order AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_sagi_status AS SELECT t.* FROM sagi_status AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_penalty AS SELECT t.* FROM penalty AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_payment AS SELECT t.* FROM payment AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_contract AS SELECT t.* FROM contract AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_contract_amendment AS SELECT t.* FROM contract_amendment AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_contract_line AS SELECT t.* FROM contract_line AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW asof_delivery AS SELECT t.* FROM delivery AS t CROSS JOIN analytics_params AS p WHERE t.valid_from < p.known_before AND (t.valid_to IS NULL OR t.valid_to >= p.known_before);

CREATE OR REPLACE VIEW recon_invoice AS
-- Every invoice the supplier's register knows, one row per UUID, with its CFDI facts when the
-- XML was loaded. Amount: the CFDI total, else the register's total, else the sum of its concept
-- lines (the same CFDI listed under two folios, e.g. P-6537 and P-6537-B, counts once).
-- Cancelled: the register says so (UUID Descripción, or a "CANCELADA" file name), the XML file is
-- named so, or another CFDI replaces it (TipoRelacion 04). Credit notes (tipo E) are kept out:
-- they settle penalties, they are not receivables. UUIDs arrive trimmed and uppercase from
-- ingest (FieldType.UUID), so every view joins on them as stored.
WITH reg AS (
    SELECT
        uuid,
        factura,
        referencia,
        alta,
        fecha,
        receptor_rfc,
        uuid_estado,
        uso_cfdi,
        archivo,
        importe,
        total
    FROM asof_invoice_register
    WHERE uuid IS NOT NULL
),
reg_lines AS (
    -- Needed only where no row of the invoice has a total: the largest per-folio sum of its
    -- concept lines (the same CFDI under two folios counts once).
    SELECT uuid, max(importe) AS importe
    FROM (
        SELECT uuid, factura, sum(importe) AS importe
        FROM reg
        WHERE total IS NULL
        GROUP BY uuid, factura
    ) AS f
    GROUP BY uuid
),
reg_uuid AS (
    SELECT
        uuid,
        min(factura) AS factura,
        min(referencia) AS referencia,
        min(alta) AS alta,
        min(fecha) AS fecha,
        max(receptor_rfc) AS receptor_rfc,
        max(CASE WHEN uuid_estado = 'Cancelado' OR upper(archivo) LIKE '%CANCELADA%'
            THEN 1 ELSE 0 END) AS cancelada,
        max(CASE WHEN uso_cfdi = 'G02' THEN 1 ELSE 0 END) AS nota_credito,
        max(total) AS total
    FROM reg
    GROUP BY uuid
),
cfdi AS (
    SELECT
        uuid,
        max(total) AS total,
        min(fecha) AS fecha,
        max(tipo_comprobante) AS tipo_comprobante,
        max(receptor_rfc) AS receptor_rfc,
        max(CASE WHEN upper(xml_name) LIKE '%CANCELADA%' THEN 1 ELSE 0 END) AS cancelada
    FROM asof_invoice
    GROUP BY uuid
),
replaced AS (
    SELECT DISTINCT related_uuid AS uuid
    FROM asof_invoice_relation
    WHERE tipo_relacion = '04'
)
SELECT
    r.uuid,
    r.factura,
    r.referencia,
    r.alta,
    CAST(coalesce(c.fecha, r.fecha) AS TIMESTAMP) AS fecha,
    CAST(coalesce(c.total, r.total, l.importe) AS DECIMAL(18, 2)) AS total,
    CASE
        WHEN coalesce(c.receptor_rfc, r.receptor_rfc) = 'IMS421231I45' THEN 'IMSS'
        WHEN r.referencia LIKE '%-%-%' THEN 'IMSS-B'
        WHEN r.alta IS NOT NULL THEN 'IMSS'
    END AS institucion,
    CASE
        WHEN r.cancelada = 1 OR coalesce(c.cancelada, 0) = 1 OR x.uuid IS NOT NULL THEN TRUE
        ELSE FALSE
    END AS cancelada
FROM reg_uuid AS r
LEFT JOIN reg_lines AS l ON l.uuid = r.uuid
LEFT JOIN cfdi AS c ON c.uuid = r.uuid
LEFT JOIN replaced AS x ON x.uuid = r.uuid
WHERE coalesce(c.tipo_comprobante, CASE WHEN r.nota_credito = 1 THEN 'E' ELSE 'I' END) <> 'E';

CREATE OR REPLACE VIEW recon_invoice_link AS
-- The (order, alta) each invoice cites in the register: IMSS by Referencia + Alta, IMSS-B by
-- Referencia (the supply order). One invoice may cite several altas.
SELECT DISTINCT
    r.uuid AS uuid,
    r.referencia AS no_orden,
    r.alta AS no_alta
FROM asof_invoice_register AS r
WHERE r.uuid IS NOT NULL AND r.referencia IS NOT NULL;

CREATE OR REPLACE VIEW recon_alta_link AS
-- Each (order, alta) an invoice cites, with the invoice's facts and the alta SAI shows for that
-- pair (alta_en_sai false when it shows none): the one join of invoices to altas that both the
-- chain records and the amount checks read.
SELECT
    l.uuid,
    l.no_orden,
    l.no_alta,
    i.factura,
    i.fecha,
    i.cancelada,
    i.institucion,
    a.importe AS importe_alta,
    a.no_alta IS NOT NULL AS alta_en_sai
FROM recon_invoice_link AS l
INNER JOIN recon_invoice AS i ON i.uuid = l.uuid
LEFT JOIN asof_sai_alta AS a ON a.no_alta = l.no_alta AND a.no_orden = l.no_orden
WHERE l.no_alta IS NOT NULL;

CREATE OR REPLACE VIEW recon_prei AS
-- The contrarecibo (PREI) state of each IMSS invoice as known at the cut, with the first date
-- each state was seen (the stage history of DOMAIN §4.2). One pass over the status history:
-- every version loaded before the cut gives the first-seen dates; the one still valid at the cut
-- gives the state (uuid is the table's key, so at most one version is valid at any instant).
WITH known AS (
    SELECT
        s.uuid,
        s.estado,
        s.contra_recibo,
        s.unidad_negocio,
        s.importe,
        s.fecha_carga,
        s.valid_from,
        CASE WHEN s.valid_to IS NULL OR s.valid_to >= p.known_before THEN s.valid_from END
            AS vigente_desde
    FROM contrarecibo_status AS s
    CROSS JOIN analytics_params AS p
    WHERE s.valid_from < p.known_before
)
SELECT
    uuid,
    arg_max(estado, vigente_desde) AS estado_cr,
    arg_max(contra_recibo, vigente_desde) AS contra_recibo,
    arg_max(unidad_negocio, vigente_desde) AS unidad_negocio,
    arg_max(importe, vigente_desde) AS importe_prei,
    arg_max(fecha_carga, vigente_desde) AS fecha_carga,
    max(vigente_desde) AS estado_desde,
    min(CASE WHEN estado = 'Sin Contra Recibo' THEN valid_from END) AS f_sin_contra_recibo,
    min(CASE WHEN estado = 'En proceso' THEN valid_from END) AS f_en_proceso,
    min(CASE WHEN estado = 'Aprobado' THEN valid_from END) AS f_aprobado,
    min(CASE WHEN estado = 'Pagado' THEN valid_from END) AS f_pagado
FROM known
GROUP BY uuid
HAVING max(vigente_desde) IS NOT NULL;

CREATE OR REPLACE VIEW recon_sagi AS
-- The SAGI state of each IMSS-Bienestar invoice at the cut: the latest non-withdrawn upload
-- (Cancelado only when every upload of the invoice was withdrawn).
SELECT
    uuid AS uuid,
    estado AS estado_sagi,
    orden_suministro,
    total AS total_sagi,
    valid_from AS estado_desde
FROM asof_sagi_status
QUALIFY row_number() OVER (
    PARTITION BY uuid
    ORDER BY CASE WHEN estado = 'Cancelado' THEN 1 ELSE 0 END, valid_from DESC, orden_key DESC
) = 1;

CREATE OR REPLACE VIEW recon_payment AS
-- What the OAP payment notices known at the cut say was paid per invoice.
SELECT
    uuid AS uuid,
    CAST(sum(importe) AS DECIMAL(18, 2)) AS pagado,
    min(valid_from) AS primer_pago,
    count(*) AS avisos,
    min(clc) AS clc
FROM asof_payment
GROUP BY uuid;

CREATE OR REPLACE VIEW recon_imss_record AS
-- IMSS chain records: one per alta (a partial delivery of an order line), one per order line with
-- no alta, and one per invoice that cites an alta SAI does not show. An alta is linked to the
-- invoices whose register row cites both its noAlta and its noOrden. With several valid invoices
-- the link is left undecided and the candidates are listed.
WITH alta AS (
    SELECT * FROM asof_sai_alta
),
link AS (
    SELECT no_orden, no_alta, uuid, factura, cancelada, fecha, alta_en_sai
    FROM recon_alta_link
    WHERE institucion = 'IMSS'
),
matched AS (
    SELECT
        k.no_orden,
        k.no_alta,
        sum(CASE WHEN k.cancelada THEN 0 ELSE 1 END) AS n_validas,
        sum(CASE WHEN k.cancelada THEN 1 ELSE 0 END) AS n_canceladas,
        min(CASE WHEN k.cancelada THEN NULL ELSE k.uuid END) AS uuid_valida,
        min(CASE WHEN k.cancelada THEN k.uuid END) AS uuid_cancelada
    FROM link AS k
    GROUP BY k.no_orden, k.no_alta
),
candidates AS (
    -- Listed only where the link is undecided: building the text for every alta was the most
    -- expensive step of the chain.
    SELECT
        k.no_orden,
        k.no_alta,
        string_agg(k.uuid || ' (' || coalesce(k.factura, '') || ')', '; ' ORDER BY k.uuid)
            AS candidatos
    FROM link AS k
    INNER JOIN (SELECT * FROM matched WHERE n_validas > 1) AS m
        ON m.no_alta = k.no_alta AND m.no_orden = k.no_orden
    WHERE NOT k.cancelada
    GROUP BY k.no_orden, k.no_alta
),
coverage AS (
    SELECT min(fecha_alta) AS desde FROM alta
),
alta_order AS (
    -- Altas with their order line, and the order lines no alta delivered (no_alta empty): one
    -- join for both.
    SELECT
        a.no_alta,
        coalesce(a.no_orden, o.orden) AS no_orden,
        a.clave AS clave_alta,
        a.no_contrato,
        a.desc_unidad,
        a.fecha_alta,
        a.fpp,
        a.cant_recibida,
        a.importe,
        o.orden,
        o.clave,
        o.contrato,
        o.descripcion_entrega,
        o.estatus,
        o.fecha_entrega,
        o.cantidad_solicitada,
        o.importe_sin_iva
    FROM alta AS a
    FULL OUTER JOIN asof_sai_order AS o ON o.orden = a.no_orden AND o.clave = a.clave
)
SELECT
    CASE WHEN x.no_alta IS NULL
        THEN 'O|IMSS|' || x.orden || '|' || coalesce(x.clave, '')
        ELSE 'A|' || x.no_orden || '|' || x.no_alta
    END AS record_key,
    'IMSS' AS institucion,
    CASE WHEN x.no_alta IS NULL THEN 'orden' ELSE 'alta' END AS registro,
    x.no_orden,
    x.no_alta,
    coalesce(x.clave, x.clave_alta) AS clave,
    coalesce(x.contrato, x.no_contrato) AS contrato,
    coalesce(x.desc_unidad, x.descripcion_entrega) AS unidad,
    x.estatus AS estatus_orden,
    x.fecha_entrega AS fecha_limite,
    x.fecha_alta AS fecha_entrega,
    x.fpp,
    x.cantidad_solicitada AS cantidad_ordenada,
    CASE WHEN x.no_alta IS NULL THEN 0 ELSE x.cant_recibida END AS cantidad_entregada,
    CAST(x.importe AS DECIMAL(18, 2)) AS importe_alta,
    CAST(x.importe_sin_iva AS DECIMAL(18, 2)) AS importe_orden,
    CASE
        WHEN coalesce(m.n_validas, 0) = 1 THEN m.uuid_valida
        WHEN coalesce(m.n_validas, 0) = 0 THEN m.uuid_cancelada
    END AS uuid,
    c.candidatos,
    coalesce(m.n_validas, 0) AS facturas_validas,
    coalesce(m.n_canceladas, 0) AS facturas_canceladas
FROM alta_order AS x
LEFT JOIN matched AS m ON m.no_alta = x.no_alta AND m.no_orden = x.no_orden
LEFT JOIN candidates AS c ON c.no_alta = x.no_alta AND c.no_orden = x.no_orden

UNION ALL

SELECT
    'F|' || i.uuid AS record_key,
    'IMSS' AS institucion,
    'factura' AS registro,
    min(i.no_orden) AS no_orden,
    min(i.no_alta) AS no_alta,
    NULL AS clave,
    NULL AS contrato,
    NULL AS unidad,
    NULL AS estatus_orden,
    NULL AS fecha_limite,
    NULL AS fecha_entrega,
    NULL AS fpp,
    NULL AS cantidad_ordenada,
    NULL AS cantidad_entregada,
    NULL AS importe_alta,
    NULL AS importe_orden,
    i.uuid,
    NULL AS candidatos,
    CASE WHEN i.cancelada THEN 0 ELSE 1 END AS facturas_validas,
    CASE WHEN i.cancelada THEN 1 ELSE 0 END AS facturas_canceladas
FROM link AS i
CROSS JOIN coverage AS c
WHERE NOT i.alta_en_sai AND CAST(i.fecha AS DATE) >= c.desde
GROUP BY i.uuid, i.cancelada;

CREATE OR REPLACE VIEW recon_imssb_record AS
-- IMSS-Bienestar chain records: one per (supply order, invoice citing it as Referencia), one per
-- order with no invoice, and one per invoice whose Referencia is no known supply order. An order
-- billed in two parts (observed: 51 of 910 orders) is normal, not an ambiguity.
WITH ord AS (
    SELECT
        numero_orden_suministro AS orden,
        min(clave) AS clave,
        min(numero_contrato) AS contrato,
        min(coalesce(nombre_unidad, clues, almacen_entrega)) AS unidad,
        min(estatus) AS estatus,
        min(fecha_limite_entrega) AS fecha_limite,
        sum(cantidad_solicitada) AS cantidad_ordenada,
        CAST(sum(importe) AS DECIMAL(18, 2)) AS importe_orden
    FROM asof_camunda_order
    GROUP BY numero_orden_suministro
),
delivered AS (
    -- A delivery can show in the unified report and in Provider A's "Concentrado". The latter has
    -- no delivered-pieces column (its pieces are the ordered quantity when "Entregado"), so per
    -- order the report that states pieces wins; reports are never added up.
    SELECT orden, piezas, fecha_entrega
    FROM (
        SELECT
            orden,
            archive_sha256,
            sum(piezas_entregadas) AS piezas,
            max(fecha_entrega) AS fecha_entrega,
            max(CASE WHEN cantidad_solicitada IS NULL THEN 1 ELSE 0 END) AS states_pieces
        FROM asof_delivery
        WHERE instituto IS NULL OR instituto <> 'IMSS'
        GROUP BY orden, archive_sha256
    ) AS per_report
    QUALIFY row_number() OVER (
        PARTITION BY orden ORDER BY states_pieces DESC, piezas DESC, archive_sha256
    ) = 1
),
inv AS (
    SELECT i.*, l.no_orden
    FROM recon_invoice AS i
    INNER JOIN recon_invoice_link AS l ON l.uuid = i.uuid
    WHERE i.institucion = 'IMSS-B'
),
coverage AS (
    SELECT min(fecha_expedicion) AS desde FROM asof_camunda_order
)
SELECT
    CASE WHEN i.uuid IS NULL
        THEN 'O|IMSS-B|' || o.orden || '|' || coalesce(o.clave, '')
        ELSE 'B|' || o.orden || '|' || i.uuid
    END AS record_key,
    'IMSS-B' AS institucion,
    CASE WHEN i.uuid IS NULL THEN 'orden' ELSE 'factura' END AS registro,
    o.orden AS no_orden,
    NULL AS no_alta,
    o.clave,
    o.contrato,
    o.unidad,
    o.estatus AS estatus_orden,
    o.fecha_limite,
    d.fecha_entrega,
    NULL AS fpp,
    o.cantidad_ordenada,
    d.piezas AS cantidad_entregada,
    NULL AS importe_alta,
    o.importe_orden,
    i.uuid,
    NULL AS candidatos,
    CASE WHEN i.uuid IS NULL OR i.cancelada THEN 0 ELSE 1 END AS facturas_validas,
    CASE WHEN i.cancelada THEN 1 ELSE 0 END AS facturas_canceladas
FROM ord AS o
LEFT JOIN inv AS i ON i.no_orden = o.orden
LEFT JOIN delivered AS d ON d.orden = o.orden

UNION ALL

SELECT
    'F|' || i.uuid AS record_key,
    'IMSS-B' AS institucion,
    'factura' AS registro,
    i.no_orden,
    NULL AS no_alta,
    NULL AS clave,
    NULL AS contrato,
    NULL AS unidad,
    NULL AS estatus_orden,
    NULL AS fecha_limite,
    NULL AS fecha_entrega,
    NULL AS fpp,
    NULL AS cantidad_ordenada,
    NULL AS cantidad_entregada,
    NULL AS importe_alta,
    NULL AS importe_orden,
    i.uuid,
    NULL AS candidatos,
    CASE WHEN i.cancelada THEN 0 ELSE 1 END AS facturas_validas,
    CASE WHEN i.cancelada THEN 1 ELSE 0 END AS facturas_canceladas
FROM inv AS i
CROSS JOIN coverage AS c
WHERE CAST(i.fecha AS DATE) >= c.desde
    AND NOT EXISTS (SELECT 1 FROM ord AS o WHERE o.orden = i.no_orden);

CREATE OR REPLACE VIEW recon_record AS
-- Both institutions' chain records, before statuses and exceptions are attached.
SELECT * FROM recon_imss_record
UNION ALL
SELECT * FROM recon_imssb_record;

CREATE OR REPLACE VIEW recon_invoice_state AS
-- Each invoice with what the chain learns about it by its UUID: the contrarecibo state
-- (recon_prei), what was paid (recon_payment), what the altas it cites add up to, and whether
-- PREI should know it and does not (invoices dated inside PREI's coverage). One row per invoice,
-- read by the exception rules and by the chain alike.
WITH prei_coverage AS (
    SELECT min(CAST(fecha_factura AS DATE)) AS desde FROM asof_contrarecibo_status
),
alta_sum AS (
    -- What the altas an IMSS invoice cites add up to (an invoice may bill several altas).
    SELECT uuid, sum(importe_alta) AS importe_altas
    FROM recon_alta_link
    WHERE alta_en_sai
    GROUP BY uuid
)
SELECT
    i.*,
    NOT i.cancelada AND CAST(i.fecha AS DATE) >= c.desde AND p.uuid IS NULL AS sin_prei,
    s.importe_altas,
    p.estado_cr,
    p.contra_recibo,
    p.f_en_proceso,
    p.f_aprobado,
    p.f_pagado,
    pay.pagado,
    pay.clc
FROM recon_invoice AS i
CROSS JOIN prei_coverage AS c
LEFT JOIN recon_prei AS p ON p.uuid = i.uuid
LEFT JOIN alta_sum AS s ON s.uuid = i.uuid
LEFT JOIN recon_payment AS pay ON pay.uuid = i.uuid;

CREATE OR REPLACE VIEW recon_invoice_issue AS
-- The invoice-level breaks of the chain (DOMAIN §4.4), one row per (chain record, invoice,
-- reason): a cancelled invoice still linked, an IMSS invoice with no PREI record, an IMSS invoice
-- whose total differs from the altas it cites, a payment different from the invoice. A reason
-- lands on every record that shows the invoice or lists it as a candidate. Amounts compare
-- against analytics_params.amount_tolerance.
WITH invoice_issue AS (
    -- The invoices some reason applies to: a small share of all invoices, so only their records
    -- are looked up.
    SELECT i.uuid, i.total, i.cancelada, i.sin_prei, i.importe_altas, i.pagado
    FROM recon_invoice_state AS i
    CROSS JOIN analytics_params AS pr
    WHERE i.cancelada
        OR i.sin_prei
        OR abs(i.total - i.importe_altas) > pr.amount_tolerance
        OR abs(i.pagado - i.total) > pr.amount_tolerance
),
rec_invoice AS (
    -- Which of those invoices each record shows: its own, or the candidates it could not choose
    -- between (the two parts are disjoint: alta records, then the others). An alta record is
    -- found by its key, 'A|order|alta' (recon_imss_record): one join on a unique column.
    SELECT r.record_key, r.institucion, r.no_orden, r.no_alta, f.*
    FROM invoice_issue AS f
    INNER JOIN recon_invoice_link AS l ON l.uuid = f.uuid
    INNER JOIN recon_record AS r ON r.record_key = 'A|' || l.no_orden || '|' || l.no_alta
    UNION ALL
    SELECT r.record_key, r.institucion, r.no_orden, r.no_alta, f.*
    FROM invoice_issue AS f
    INNER JOIN recon_record AS r ON r.uuid = f.uuid
    WHERE r.registro <> 'alta'
)
SELECT record_key, institucion, no_orden, no_alta, uuid,
    'CANCELLED_INVOICE_LINKED' AS excepcion,
    'Factura cancelada que sigue ligada a la orden' AS detalle
FROM rec_invoice
WHERE cancelada

UNION ALL
SELECT record_key, institucion, no_orden, no_alta, uuid, 'INVOICE_NOT_IN_PREI',
    'Factura sin registro en PREI: subirla al Buzón'
FROM rec_invoice
WHERE institucion = 'IMSS' AND sin_prei

UNION ALL
SELECT ri.record_key, ri.institucion, ri.no_orden, ri.no_alta, ri.uuid, 'AMOUNT_MISMATCH',
    'Factura ' || CAST(ri.total AS VARCHAR) || ' contra altas ' || CAST(ri.importe_altas AS VARCHAR)
FROM rec_invoice AS ri
CROSS JOIN analytics_params AS p
WHERE ri.institucion = 'IMSS'
    AND NOT ri.cancelada
    AND abs(ri.total - ri.importe_altas) > p.amount_tolerance

UNION ALL
SELECT ri.record_key, ri.institucion, ri.no_orden, ri.no_alta, ri.uuid,
    CASE WHEN ri.pagado < ri.total THEN 'PAID_SHORT' ELSE 'PAID_OVER' END,
    'Pagado ' || CAST(ri.pagado AS VARCHAR) || ' de ' || CAST(ri.total AS VARCHAR)
    || CASE WHEN EXISTS (SELECT 1 FROM asof_penalty AS pe WHERE pe.orden_suministro = ri.no_orden)
        THEN ' (orden con pena)' ELSE '' END
FROM rec_invoice AS ri
CROSS JOIN analytics_params AS p
WHERE NOT ri.cancelada AND abs(ri.pagado - ri.total) > p.amount_tolerance;

CREATE OR REPLACE VIEW recon_record_issue AS
-- Each chain record with one flag per break it shows (reason codes of DOMAIN §4.4). The
-- record-level rules are stated here, on the record's own columns; the invoice-level reasons
-- come from recon_invoice_issue and the IMSS-Bienestar order amounts are checked per order.
-- recon_exception lists the flags one row per reason; reconciliation reads them in the same pass
-- as the record, so no record has to meet its exceptions in a join.
WITH imssb_billed AS (
    SELECT no_orden, sum(i.total) AS facturado
    FROM recon_imssb_record AS r
    INNER JOIN recon_invoice AS i ON i.uuid = r.uuid
    WHERE NOT i.cancelada
    GROUP BY no_orden
),
imssb_expected AS (
    SELECT
        r.no_orden,
        min(CASE WHEN r.cantidad_entregada IS NOT NULL AND r.cantidad_ordenada > 0
            THEN CAST(r.importe_orden * r.cantidad_entregada / r.cantidad_ordenada AS DECIMAL(18, 2))
            ELSE r.importe_orden END) AS esperado
    FROM recon_imssb_record AS r
    WHERE r.registro = 'factura' AND r.record_key LIKE 'B|%'
    GROUP BY r.no_orden
),
imssb_amount AS (
    SELECT
        b.no_orden,
        'Facturado ' || CAST(b.facturado AS VARCHAR) || ' contra entregado '
        || CAST(e.esperado AS VARCHAR) AS detalle
    FROM imssb_billed AS b
    INNER JOIN imssb_expected AS e ON e.no_orden = b.no_orden
    CROSS JOIN analytics_params AS p
    WHERE abs(b.facturado - e.esperado) > p.amount_tolerance
),
by_invoice AS (
    SELECT
        record_key,
        max(CASE WHEN excepcion = 'CANCELLED_INVOICE_LINKED' THEN 1 ELSE 0 END) AS cancelada,
        max(CASE WHEN excepcion = 'INVOICE_NOT_IN_PREI' THEN 1 ELSE 0 END) AS sin_prei,
        max(CASE WHEN excepcion = 'AMOUNT_MISMATCH' THEN 1 ELSE 0 END) AS monto,
        max(CASE WHEN excepcion = 'PAID_SHORT' THEN 1 ELSE 0 END) AS pago_corto,
        max(CASE WHEN excepcion = 'PAID_OVER' THEN 1 ELSE 0 END) AS pago_excedido
    FROM recon_invoice_issue
    GROUP BY record_key
)
SELECT
    r.*,
    coalesce(r.registro = 'alta' AND r.estatus_orden = 'Cancelada', FALSE)
        AS x_cancelled_order_delivered,
    r.registro = 'factura' AND r.institucion = 'IMSS' AS x_alta_not_found,
    r.registro = 'factura' AND r.institucion = 'IMSS-B' AND r.record_key LIKE 'F|%'
        AS x_invoice_unmatched,
    r.registro = 'alta' AND r.facturas_validas = 0 AND r.facturas_canceladas = 0
        AS x_alta_not_invoiced,
    r.facturas_validas > 1 AS x_multiple_matches,
    coalesce(v.cancelada = 1, FALSE) AS x_cancelled_invoice_linked,
    coalesce(v.monto = 1, FALSE) OR a.detalle IS NOT NULL AS x_amount_mismatch,
    a.detalle AS detalle_monto_orden,
    coalesce(v.sin_prei = 1, FALSE) AS x_invoice_not_in_prei,
    coalesce(v.pago_corto = 1, FALSE) AS x_paid_short,
    coalesce(v.pago_excedido = 1, FALSE) AS x_paid_over
FROM recon_record AS r
LEFT JOIN by_invoice AS v ON v.record_key = r.record_key
LEFT JOIN imssb_amount AS a
    ON a.no_orden = r.no_orden AND r.institucion = 'IMSS-B' AND r.record_key LIKE 'B|%';

CREATE OR REPLACE VIEW recon_exception AS
-- Every broken link of the chain, one row per (chain record, reason), with the reason's priority
-- (1 = most urgent). The rules are stated once: record-level flags in recon_record_issue,
-- invoice-level reasons in recon_invoice_issue.
WITH reasons AS (
    SELECT record_key, institucion, no_orden, no_alta, CAST(NULL AS VARCHAR) AS uuid,
        'ALTA_NOT_INVOICED' AS excepcion,
        'Alta sin factura: facturar o registrar la factura' AS detalle, candidatos
    FROM recon_record_issue
    WHERE x_alta_not_invoiced

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, NULL, 'MULTIPLE_MATCHES',
        'Varias facturas vigentes para la misma alta: decidir cuál vale', candidatos
    FROM recon_record_issue
    WHERE x_multiple_matches

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, uuid, 'ALTA_NOT_FOUND',
        'La factura cita un alta que SAI no muestra', NULL
    FROM recon_record_issue
    WHERE x_alta_not_found

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, uuid, 'INVOICE_UNMATCHED',
        'La factura cita una orden de suministro que Camunda no muestra', NULL
    FROM recon_record_issue
    WHERE x_invoice_unmatched

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, NULL, 'CANCELLED_ORDER_DELIVERED',
        'Orden cancelada con entregas (altas)', NULL
    FROM recon_record_issue
    WHERE x_cancelled_order_delivered

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, uuid, 'AMOUNT_MISMATCH',
        detalle_monto_orden, NULL
    FROM recon_record_issue
    WHERE detalle_monto_orden IS NOT NULL

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, uuid, excepcion, detalle, NULL
    FROM recon_invoice_issue
)
SELECT
    reasons.*,
    -- The same order as reconciliation.excepcion.
    CASE excepcion
        WHEN 'CANCELLED_ORDER_DELIVERED' THEN 1
        WHEN 'ALTA_NOT_FOUND' THEN 2
        WHEN 'INVOICE_UNMATCHED' THEN 3
        WHEN 'ALTA_NOT_INVOICED' THEN 4
        WHEN 'MULTIPLE_MATCHES' THEN 5
        WHEN 'CANCELLED_INVOICE_LINKED' THEN 6
        WHEN 'AMOUNT_MISMATCH' THEN 7
        WHEN 'INVOICE_NOT_IN_PREI' THEN 8
        WHEN 'PAID_SHORT' THEN 9
        ELSE 10
    END AS prioridad
FROM reasons;

CREATE OR REPLACE VIEW reconciliation AS
-- The reconciliation chain, one record per alta or order line (IMSS-Bienestar: per order and
-- invoice): order → alta → invoice → contrarecibo / SAGI → payment, with the furthest stage
-- reached (estatus_cadena), the first-priority exception (excepcion, in recon_exception's order
-- of priority) and all of them in alphabetical order (excepciones), read from the record's flags.
SELECT
    r.institucion,
    r.registro,
    r.no_orden,
    r.no_alta,
    r.clave,
    r.contrato,
    r.unidad,
    r.estatus_orden,
    r.fecha_limite,
    r.fecha_entrega,
    r.fpp,
    r.cantidad_ordenada,
    r.cantidad_entregada,
    r.importe_orden,
    r.importe_alta,
    r.uuid,
    i.factura AS folio_factura,
    CAST(i.fecha AS DATE) AS fecha_factura,
    i.total AS importe_factura,
    coalesce(i.cancelada, FALSE) AS factura_cancelada,
    r.candidatos,
    i.estado_cr,
    i.contra_recibo,
    i.f_en_proceso,
    i.f_aprobado,
    i.f_pagado,
    s.estado_sagi,
    i.pagado AS importe_pagado,
    i.clc,
    -- Factoring (DOMAIN §7) needs a source of factoring operations per invoice, which no portal
    -- or file loaded here provides: the status stays empty rather than claiming "sin factoraje".
    CAST(NULL AS VARCHAR) AS estado_factoraje,
    CASE
        WHEN r.registro = 'orden' AND r.estatus_orden = 'Cancelada' THEN 'Orden cancelada'
        WHEN r.registro = 'orden' AND coalesce(r.cantidad_entregada, 0) = 0
            AND r.fecha_limite < pr.as_of_date THEN 'Entrega vencida'
        WHEN r.registro = 'orden' AND coalesce(r.cantidad_entregada, 0) = 0 THEN 'Por entregar'
        WHEN r.registro = 'orden' THEN 'Por facturar'
        WHEN r.facturas_validas > 1 THEN 'Facturación ambigua'
        WHEN r.uuid IS NULL THEN 'Por facturar'
        WHEN i.cancelada THEN 'Factura cancelada'
        WHEN r.registro = 'factura' AND r.record_key LIKE 'F|%' AND r.institucion = 'IMSS'
            THEN 'Factura sin alta'
        WHEN r.registro = 'factura' AND r.record_key LIKE 'F|%' THEN 'Factura sin orden'
        WHEN i.pagado IS NOT NULL AND abs(i.pagado - i.total) > pr.amount_tolerance
            THEN 'Pagado con diferencia'
        WHEN i.pagado IS NOT NULL THEN 'Pagado'
        WHEN r.institucion = 'IMSS' THEN coalesce(i.estado_cr, 'Sin registro PREI')
        ELSE coalesce(s.estado_sagi, 'Facturada sin SAGI')
    END AS estatus_cadena,
    CASE
        WHEN r.x_cancelled_order_delivered THEN 'CANCELLED_ORDER_DELIVERED'
        WHEN r.x_alta_not_found THEN 'ALTA_NOT_FOUND'
        WHEN r.x_invoice_unmatched THEN 'INVOICE_UNMATCHED'
        WHEN r.x_alta_not_invoiced THEN 'ALTA_NOT_INVOICED'
        WHEN r.x_multiple_matches THEN 'MULTIPLE_MATCHES'
        WHEN r.x_cancelled_invoice_linked THEN 'CANCELLED_INVOICE_LINKED'
        WHEN r.x_amount_mismatch THEN 'AMOUNT_MISMATCH'
        WHEN r.x_invoice_not_in_prei THEN 'INVOICE_NOT_IN_PREI'
        WHEN r.x_paid_short THEN 'PAID_SHORT'
        WHEN r.x_paid_over THEN 'PAID_OVER'
        ELSE ''
    END AS excepcion,
    substr(
        CASE WHEN r.x_alta_not_found THEN ',ALTA_NOT_FOUND' ELSE '' END
        || CASE WHEN r.x_alta_not_invoiced THEN ',ALTA_NOT_INVOICED' ELSE '' END
        || CASE WHEN r.x_amount_mismatch THEN ',AMOUNT_MISMATCH' ELSE '' END
        || CASE WHEN r.x_cancelled_invoice_linked THEN ',CANCELLED_INVOICE_LINKED' ELSE '' END
        || CASE WHEN r.x_cancelled_order_delivered THEN ',CANCELLED_ORDER_DELIVERED' ELSE '' END
        || CASE WHEN r.x_invoice_not_in_prei THEN ',INVOICE_NOT_IN_PREI' ELSE '' END
        || CASE WHEN r.x_invoice_unmatched THEN ',INVOICE_UNMATCHED' ELSE '' END
        || CASE WHEN r.x_multiple_matches THEN ',MULTIPLE_MATCHES' ELSE '' END
        || CASE WHEN r.x_paid_over THEN ',PAID_OVER' ELSE '' END
        || CASE WHEN r.x_paid_short THEN ',PAID_SHORT' ELSE '' END,
        2
    ) AS excepciones,
    r.record_key
FROM recon_record_issue AS r
CROSS JOIN analytics_params AS pr
-- Every record's UUID is an invoice of recon_invoice (its links come from there).
LEFT JOIN recon_invoice_state AS i ON i.uuid = r.uuid
LEFT JOIN recon_sagi AS s ON s.uuid = r.uuid;

CREATE OR REPLACE VIEW receivable_item AS
-- Receivables at the cut: every valid invoice not yet paid and every IMSS alta not yet invoiced
-- ("Por facturar"), aged from the alta, from the invoice and past the programmed payment date
-- (fpp = alta + 45 d; else invoice date + payment_term_days), with an expected collection date:
-- the later of fpp and the median time invoices in the same stage took to get paid (history).
WITH rec AS (
    SELECT r.*
    FROM reconciliation AS r
    WHERE r.registro IN ('alta', 'factura')
        AND NOT r.factura_cancelada
        AND (r.uuid IS NOT NULL OR r.registro = 'alta')
    QUALIFY r.uuid IS NULL
        OR row_number() OVER (PARTITION BY r.uuid ORDER BY r.record_key) = 1
),
prei_lag AS (
    SELECT
        median(date_diff('day', CAST(f_sin_contra_recibo AS DATE), CAST(f_pagado AS DATE)))
            AS sin_contra_recibo,
        median(date_diff('day', CAST(f_en_proceso AS DATE), CAST(f_pagado AS DATE))) AS en_proceso,
        median(date_diff('day', CAST(f_aprobado AS DATE), CAST(f_pagado AS DATE))) AS aprobado
    FROM recon_prei
    WHERE f_pagado IS NOT NULL
),
oap_lag AS (
    SELECT median(date_diff('day', i.fecha, p.primer_pago)) AS factura_a_pago
    FROM recon_payment AS p
    INNER JOIN recon_invoice AS i ON i.uuid = p.uuid
),
items AS (
    SELECT
        r.institucion,
        r.no_orden,
        r.no_alta,
        r.uuid,
        r.folio_factura,
        r.contrato,
        r.unidad,
        CASE
            WHEN r.candidatos IS NOT NULL THEN 'Facturación ambigua'
            WHEN r.uuid IS NULL THEN 'Por facturar'
            WHEN r.institucion = 'IMSS' THEN coalesce(r.estado_cr, 'Sin registro PREI')
            ELSE coalesce(r.estado_sagi, 'Facturada sin SAGI')
        END AS etapa,
        CAST(CASE WHEN r.uuid IS NULL THEN r.importe_alta ELSE r.importe_factura END
            AS DECIMAL(18, 2)) AS importe,
        r.fecha_entrega AS fecha_alta,
        r.fecha_factura,
        coalesce(
            r.fpp,
            r.fecha_factura + p.payment_term_days,
            r.fecha_entrega + p.payment_term_days
        ) AS fecha_programada,
        r.importe_pagado,
        r.estado_cr,
        ps.estado_desde,
        p.as_of_date,
        p.bucket_1,
        p.bucket_2,
        p.bucket_3
    FROM rec AS r
    CROSS JOIN analytics_params AS p
    LEFT JOIN recon_prei AS ps ON ps.uuid = r.uuid
    WHERE (r.institucion = 'IMSS' AND coalesce(r.estado_cr, '') <> 'Pagado')
        OR (r.institucion = 'IMSS-B' AND r.importe_pagado IS NULL AND r.uuid IS NOT NULL)
),
aged AS (
    SELECT
        i.*,
        date_diff('day', i.fecha_alta, i.as_of_date) AS dias_desde_alta,
        date_diff('day', i.fecha_factura, i.as_of_date) AS dias_desde_factura,
        date_diff('day', i.fecha_programada, i.as_of_date) AS dias_vencido,
        date_diff('day', CAST(i.estado_desde AS DATE), i.as_of_date) AS dias_en_etapa
    FROM items AS i
)
SELECT
    a.institucion,
    a.no_orden,
    a.no_alta,
    a.uuid,
    a.folio_factura,
    a.contrato,
    a.unidad,
    a.etapa,
    a.importe,
    a.fecha_alta,
    a.fecha_factura,
    a.fecha_programada,
    a.dias_desde_alta,
    a.dias_desde_factura,
    a.dias_vencido,
    CASE
        WHEN a.dias_desde_alta IS NULL THEN NULL
        WHEN a.dias_desde_alta <= a.bucket_1 THEN '0-' || CAST(a.bucket_1 AS VARCHAR)
        WHEN a.dias_desde_alta <= a.bucket_2
            THEN CAST(a.bucket_1 + 1 AS VARCHAR) || '-' || CAST(a.bucket_2 AS VARCHAR)
        WHEN a.dias_desde_alta <= a.bucket_3
            THEN CAST(a.bucket_2 + 1 AS VARCHAR) || '-' || CAST(a.bucket_3 AS VARCHAR)
        ELSE '>' || CAST(a.bucket_3 AS VARCHAR)
    END AS tramo_desde_alta,
    CASE
        WHEN a.dias_desde_factura IS NULL THEN NULL
        WHEN a.dias_desde_factura <= a.bucket_1 THEN '0-' || CAST(a.bucket_1 AS VARCHAR)
        WHEN a.dias_desde_factura <= a.bucket_2
            THEN CAST(a.bucket_1 + 1 AS VARCHAR) || '-' || CAST(a.bucket_2 AS VARCHAR)
        WHEN a.dias_desde_factura <= a.bucket_3
            THEN CAST(a.bucket_2 + 1 AS VARCHAR) || '-' || CAST(a.bucket_3 AS VARCHAR)
        ELSE '>' || CAST(a.bucket_3 AS VARCHAR)
    END AS tramo_desde_factura,
    CASE
        WHEN a.dias_vencido IS NULL THEN NULL
        WHEN a.dias_vencido <= 0 THEN 'No vencido'
        WHEN a.dias_vencido <= a.bucket_1 THEN '1-' || CAST(a.bucket_1 AS VARCHAR)
        WHEN a.dias_vencido <= a.bucket_2
            THEN CAST(a.bucket_1 + 1 AS VARCHAR) || '-' || CAST(a.bucket_2 AS VARCHAR)
        WHEN a.dias_vencido <= a.bucket_3
            THEN CAST(a.bucket_2 + 1 AS VARCHAR) || '-' || CAST(a.bucket_3 AS VARCHAR)
        ELSE '>' || CAST(a.bucket_3 AS VARCHAR)
    END AS tramo_vencimiento,
    greatest(
        a.fecha_programada,
        a.as_of_date + CAST(greatest(0, coalesce(
            CASE a.etapa
                WHEN 'Sin Contra Recibo' THEN l.sin_contra_recibo
                WHEN 'En proceso' THEN l.en_proceso
                WHEN 'Aprobado' THEN l.aprobado
            END
            - a.dias_en_etapa,
            0
        )) AS INTEGER),
        CASE WHEN a.institucion = 'IMSS-B'
            THEN a.fecha_factura + CAST(coalesce(o.factura_a_pago, 0) AS INTEGER) END,
        a.as_of_date
    ) AS fecha_cobro_esperada
FROM aged AS a
CROSS JOIN prei_lag AS l
CROSS JOIN oap_lag AS o;

CREATE OR REPLACE VIEW receivable_state_days AS
-- Days each IMSS invoice spent in each contrarecibo state, from the first date each state was
-- seen in the PREI history (a state skipped between two snapshots has no days), and whether the
-- current state has lasted longer than stale_status_days.
WITH s AS (
    SELECT r.*, p.as_of_date, p.stale_status_days
    FROM recon_prei AS r
    CROSS JOIN analytics_params AS p
)
SELECT
    uuid,
    estado_cr,
    contra_recibo,
    date_diff('day', CAST(f_sin_contra_recibo AS DATE),
        CAST(coalesce(f_en_proceso, f_aprobado, f_pagado, as_of_date) AS DATE))
        AS dias_sin_contra_recibo,
    date_diff('day', CAST(f_en_proceso AS DATE),
        CAST(coalesce(f_aprobado, f_pagado, as_of_date) AS DATE)) AS dias_en_proceso,
    date_diff('day', CAST(f_aprobado AS DATE), CAST(coalesce(f_pagado, as_of_date) AS DATE))
        AS dias_aprobado,
    f_sin_contra_recibo,
    f_en_proceso,
    f_aprobado,
    f_pagado,
    CASE
        WHEN estado_cr IN ('En proceso', 'Aprobado')
            AND date_diff('day', CAST(estado_desde AS DATE), as_of_date) > stale_status_days
            THEN TRUE
        ELSE FALSE
    END AS estancada
FROM s;

CREATE OR REPLACE VIEW contract_term AS
-- Each contract's term in force at the as-of date (DOMAIN §5): the Primigenio's start and end,
-- then the amendments CM1..n in their number order, each from its own start date (the Fecha
-- Inicio of its register row; from the contract's start when blank). "Ampliación de fecha" (and
-- "… de fecha y máximos") sets a new end. An amendment marked "NO formalizado" is not signed, so
-- it is not in force.
WITH p AS (
    SELECT * FROM analytics_params
),
in_force AS (
    SELECT
        a.contrato,
        a.convenio,
        a.objeto,
        a.fecha_fin,
        coalesce(TRY_CAST(regexp_extract(a.convenio, '[0-9]+') AS INTEGER), 0) AS numero
    FROM asof_contract_amendment AS a
    CROSS JOIN p
    WHERE upper(coalesce(a.estatus, '')) <> 'NO FORMALIZADO'
        AND (a.fecha_inicio IS NULL OR a.fecha_inicio <= p.as_of_date)
),
new_end AS (
    SELECT contrato, convenio, fecha_fin
    FROM in_force
    WHERE lower(objeto) LIKE 'ampliación de fecha%' AND fecha_fin IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY contrato ORDER BY numero DESC, convenio DESC) = 1
),
counted AS (
    SELECT contrato, count(*) AS convenios
    FROM in_force
    GROUP BY contrato
)
SELECT
    c.contrato,
    upper(c.institucion) AS institucion,
    c.fecha_inicio,
    c.fecha_fin AS fecha_fin_original,
    coalesce(e.fecha_fin, c.fecha_fin) AS fecha_fin,
    coalesce(e.convenio, 'Primigenio') AS convenio_fecha,
    coalesce(n.convenios, 0) AS convenios
FROM asof_contract AS c
LEFT JOIN new_end AS e ON e.contrato = c.contrato
LEFT JOIN counted AS n ON n.contrato = c.contrato;

CREATE OR REPLACE VIEW contract_version AS
-- The maximum of each contract line (contract × clave) in force at the as-of date (DOMAIN §5):
-- the Primigenio's pieces per clave, replaced by each amendment in force (see contract_term) whose
-- object is "Ampliación de máximos" or "Ampliación de fecha y máximos", in CM order, for the
-- claves it lists. "Inclusión de marca" changes no quantity. Pieces per clave are read from the
-- register's "Productos y precio" text ("Clave 010.000.4411.00, Precio $83.00, Piezas 1,350;
-- …"): the warehouse keeps that list as text, an item in another shape is not read. Ordered =
-- non-cancelled orders citing the contract (SAI contrato; Camunda contract without suffix).
WITH p AS (
    SELECT * FROM analytics_params
),
versions AS (
    SELECT contrato, 0 AS numero, 'Primigenio' AS convenio, 'Primigenio' AS objeto, productos
    FROM asof_contract
    UNION ALL
    SELECT
        a.contrato,
        coalesce(TRY_CAST(regexp_extract(a.convenio, '[0-9]+') AS INTEGER), 0),
        a.convenio,
        a.objeto,
        a.productos
    FROM asof_contract_amendment AS a
    CROSS JOIN p
    WHERE upper(coalesce(a.estatus, '')) <> 'NO FORMALIZADO'
        AND (a.fecha_inicio IS NULL OR a.fecha_inicio <= p.as_of_date)
        AND (lower(a.objeto) LIKE '%máximos%' OR lower(a.objeto) LIKE '%maximos%')
),
items AS (
    SELECT
        v.contrato,
        v.numero,
        v.convenio,
        regexp_replace(
            regexp_extract(t.item, 'Clave\s*([0-9]{3}[.\- ][0-9]{3}[.\- ][0-9]{4}[.\- ][0-9]{2})', 1),
            '[\- ]', '.', 'g'
        ) AS clave,
        TRY_CAST(replace(regexp_extract(t.item, 'Precio\s*\$?\s*([0-9][0-9,]*(\.[0-9]+)?)', 1), ',', '')
            AS DECIMAL(18, 2)) AS precio,
        TRY_CAST(replace(regexp_extract(t.item, 'Piezas\s*([0-9][0-9,]*)', 1), ',', '') AS BIGINT)
            AS piezas
    FROM versions AS v
    CROSS JOIN unnest(string_split(v.productos, ';')) AS t(item)
),
parsed AS (
    SELECT * FROM items WHERE clave <> '' AND piezas IS NOT NULL
),
current_max AS (
    SELECT contrato, clave, convenio, piezas, precio
    FROM parsed
    QUALIFY row_number() OVER (
        PARTITION BY contrato, clave ORDER BY numero DESC, convenio DESC
    ) = 1
),
original_max AS (
    SELECT contrato, clave, piezas
    FROM parsed
    WHERE numero = 0 AND convenio = 'Primigenio'
),
orders AS (
    SELECT contrato, clave, cantidad_solicitada AS cantidad
    FROM asof_sai_order
    WHERE coalesce(estatus, '') <> 'Cancelada'
    UNION ALL
    SELECT numero_contrato, clave, cantidad_solicitada
    FROM asof_camunda_order
    WHERE coalesce(estatus, '') NOT IN ('CANCELADA', 'Cancelada')
),
ordered AS (
    SELECT contrato, clave, sum(cantidad) AS ordenado
    FROM orders
    GROUP BY contrato, clave
)
SELECT
    m.contrato,
    t.institucion,
    m.clave,
    m.precio,
    t.fecha_inicio,
    t.fecha_fin,
    t.convenio_fecha,
    o.piezas AS maximo_original,
    m.piezas AS maximo,
    m.convenio AS convenio_maximo,
    t.convenios,
    coalesce(d.ordenado, 0) AS ordenado,
    m.piezas - coalesce(d.ordenado, 0) AS saldo_a_maximo,
    CASE WHEN m.piezas > 0 THEN CAST(coalesce(d.ordenado, 0) AS DOUBLE) / m.piezas END
        AS uso_maximo
FROM current_max AS m
INNER JOIN contract_term AS t ON t.contrato = m.contrato
LEFT JOIN original_max AS o ON o.contrato = m.contrato AND o.clave = m.clave
LEFT JOIN ordered AS d ON d.contrato = m.contrato AND d.clave = m.clave;

CREATE OR REPLACE VIEW contract_balance AS
-- Contract balances per demand line (institution × unit × year × clave × funding): min, max,
-- amendments, ordered (non-cancelled orders), delivered, invoiced, paid, what remains to the max
-- and to the min, burn rate (ordered pieces per day over the trailing burn_window_days, or the
-- average since the line's start when it is younger), projected exhaustion date and minimum at
-- risk. The end date and the amendments counted are those in force at the cut (contract_term).
-- IMSS orders belong to the line of their unit (descripcionEntrega) and issue year; IMSS-B orders
-- to the line of their state, year and the funding of their contract family (DOMAIN §10 #9:
-- -034- → RAMO 12, -122- → FONSABI, -188- → E023).
WITH p AS (
    SELECT * FROM analytics_params
),
orders AS (
    SELECT
        'IMSS' AS institucion,
        o.descripcion_entrega AS unidad,
        CAST(year(o.fecha_expedicion) AS BIGINT) AS anio,
        o.clave,
        CAST(NULL AS VARCHAR) AS fuente,
        o.orden,
        o.fecha_expedicion,
        o.cantidad_solicitada AS cantidad
    FROM asof_sai_order AS o
    WHERE coalesce(o.estatus, '') <> 'Cancelada'
    UNION ALL
    SELECT
        CASE WHEN c.numero_contrato LIKE '%-INSABI-%' THEN 'INSABI' ELSE 'IMSS-BIENESTAR' END,
        c.entidad_destino,
        CAST(year(coalesce(c.fecha_expedicion, c.fecha_autorizacion)) AS BIGINT),
        c.clave,
        CASE
            WHEN c.numero_contrato LIKE '%-034-%' THEN 'RAMO 12'
            WHEN c.numero_contrato LIKE '%-122-%' THEN 'FONSABI'
            WHEN c.numero_contrato LIKE '%-188-%' THEN 'E023'
        END,
        c.numero_orden_suministro,
        coalesce(c.fecha_expedicion, c.fecha_autorizacion),
        c.cantidad_solicitada
    FROM asof_camunda_order AS c
    WHERE coalesce(c.estatus, '') NOT IN ('CANCELADA', 'Cancelada')
),
lines AS (
    SELECT
        l.institucion, l.unidad, l.anio, l.clave, l.fuente, l.procedimiento,
        l.qty_min, l.qty_max, l.precio,
        row_number() OVER (ORDER BY l.institucion, l.unidad, l.anio, l.clave, l.fuente) AS line_id
    FROM asof_contract_line AS l
),
line_orders AS (
    SELECT ln.line_id, o.*
    FROM lines AS ln
    INNER JOIN orders AS o
        ON o.institucion = ln.institucion AND o.unidad = ln.unidad AND o.anio = ln.anio
        AND o.clave = ln.clave
        AND (o.fuente IS NULL OR ln.fuente LIKE o.fuente || '%')
),
billed AS (
    -- An invoice that bills several altas (of one or several orders) is shared among them in
    -- proportion to their amounts, so that it counts once; an ambiguous or cancelled link
    -- counts nothing. IMSS-Bienestar records are one per (order, invoice) already.
    SELECT
        no_orden,
        CASE
            WHEN institucion = 'IMSS' AND count(*) OVER (PARTITION BY uuid) > 1
                THEN CAST(importe_factura * importe_alta / sum(importe_alta) OVER (PARTITION BY uuid)
                    AS DECIMAL(18, 2))
            ELSE importe_factura
        END AS facturado,
        CASE
            WHEN institucion = 'IMSS' AND coalesce(estado_cr, '') <> 'Pagado' THEN NULL
            WHEN institucion = 'IMSS' AND count(*) OVER (PARTITION BY uuid) > 1
                THEN CAST(importe_factura * importe_alta / sum(importe_alta) OVER (PARTITION BY uuid)
                    AS DECIMAL(18, 2))
            WHEN institucion = 'IMSS' THEN importe_factura
            ELSE importe_pagado
        END AS pagado
    FROM reconciliation
    WHERE uuid IS NOT NULL AND NOT factura_cancelada AND candidatos IS NULL
        AND (registro = 'alta' OR record_key LIKE 'B|%')
),
billed_order AS (
    SELECT no_orden, sum(facturado) AS facturado, sum(pagado) AS pagado
    FROM billed
    GROUP BY no_orden
),
delivered_order AS (
    SELECT
        no_orden,
        sum(CASE WHEN registro = 'alta' OR record_key LIKE 'B|%' THEN cantidad_entregada END)
            AS entregado_alta,
        max(CASE WHEN institucion = 'IMSS-B' THEN cantidad_entregada END) AS entregado_b
    FROM reconciliation
    GROUP BY no_orden
),
per_line AS (
    SELECT
        lo.line_id,
        sum(lo.cantidad) AS ordenado,
        sum(CASE WHEN lo.institucion = 'IMSS' THEN coalesce(ch.entregado_alta, 0)
            ELSE coalesce(ch.entregado_b, 0) END) AS entregado,
        sum(coalesce(bo.facturado, 0)) AS facturado,
        sum(coalesce(bo.pagado, 0)) AS pagado,
        sum(CASE WHEN lo.fecha_expedicion > p.as_of_date - p.burn_window_days
            AND lo.fecha_expedicion <= p.as_of_date THEN lo.cantidad ELSE 0 END)
            AS ordenado_ventana,
        sum(CASE WHEN lo.fecha_expedicion <= p.as_of_date THEN lo.cantidad ELSE 0 END)
            AS ordenado_al_corte
    FROM line_orders AS lo
    CROSS JOIN p
    LEFT JOIN delivered_order AS ch ON ch.no_orden = lo.orden
    LEFT JOIN billed_order AS bo ON bo.no_orden = lo.orden
    GROUP BY lo.line_id
),
contracts AS (
    -- The term in force at the cut (amended end date, amendments counted).
    SELECT * FROM contract_term
),
balances AS (
    SELECT
        ln.*,
        ct.contrato,
        coalesce(ct.convenios, 0) AS convenios,
        coalesce(ct.fecha_fin, CAST(CAST(ln.anio AS VARCHAR) || '-12-31' AS DATE)) AS fecha_fin,
        coalesce(pl.ordenado, 0) AS ordenado,
        coalesce(pl.entregado, 0) AS entregado,
        CAST(coalesce(pl.facturado, 0) AS DECIMAL(18, 2)) AS facturado,
        CAST(coalesce(pl.pagado, 0) AS DECIMAL(18, 2)) AS pagado,
        -- Days of history: from the start of the line (its year, or the contract's start when
        -- later) to the cut, both included.
        date_diff('day', greatest(
            coalesce(ct.fecha_inicio, CAST(CAST(ln.anio AS VARCHAR) || '-01-01' AS DATE)),
            CAST(CAST(ln.anio AS VARCHAR) || '-01-01' AS DATE)
        ), p.as_of_date) + 1 AS dias_historia,
        coalesce(pl.ordenado_ventana, 0) AS ordenado_ventana,
        coalesce(pl.ordenado_al_corte, 0) AS ordenado_al_corte,
        p.as_of_date
    FROM lines AS ln
    CROSS JOIN p
    LEFT JOIN per_line AS pl ON pl.line_id = ln.line_id
    LEFT JOIN contracts AS ct
        ON (ct.institucion = ln.institucion
            OR (ln.institucion = 'IMSS-BIENESTAR' AND ct.institucion = 'IMSS-BIENESTAR'))
        AND CAST(CAST(ln.anio AS VARCHAR) || '-06-30' AS DATE) BETWEEN ct.fecha_inicio
            AND ct.fecha_fin_original
        AND (ln.institucion = 'IMSS' OR ct.contrato LIKE '%-' || CASE
            WHEN ln.fuente LIKE 'RAMO 12%' THEN '034'
            WHEN ln.fuente LIKE 'FONSABI%' THEN '122'
            ELSE '188' END || '-%')
    QUALIFY row_number() OVER (PARTITION BY ln.line_id ORDER BY ct.contrato) = 1
),
burn AS (
    SELECT
        b.*,
        CASE
            WHEN b.dias_historia <= 0 THEN 0.0
            WHEN b.dias_historia < p.burn_window_days
                THEN CAST(b.ordenado_al_corte AS DOUBLE) / b.dias_historia
            ELSE CAST(b.ordenado_ventana AS DOUBLE) / p.burn_window_days
        END AS consumo_diario
    FROM balances AS b
    CROSS JOIN p
),
projected AS (
    -- What the line will have ordered by its end at the current pace; a fraction of a piece
    -- short of the minimum is a whole piece at risk.
    SELECT
        u.*,
        CAST(greatest(0, ceil(round(u.qty_min - (u.ordenado + u.consumo_diario
            * greatest(0, date_diff('day', u.as_of_date, u.fecha_fin))), 6))) AS BIGINT)
            AS minimo_en_riesgo
    FROM burn AS u
)
SELECT
    contrato,
    institucion,
    unidad,
    anio,
    clave,
    fuente,
    qty_min AS minimo,
    qty_max AS maximo,
    precio,
    convenios,
    fecha_fin,
    ordenado,
    entregado,
    facturado,
    pagado,
    qty_max - ordenado AS saldo_a_maximo,
    greatest(0, qty_min - ordenado) AS faltante_a_minimo,
    ordenado - entregado AS pendiente_de_entrega,
    CASE WHEN qty_max > 0 THEN CAST(ordenado AS DOUBLE) / qty_max END AS uso_maximo,
    CAST(round(consumo_diario, 2) AS DECIMAL(18, 2)) AS consumo_diario,
    CASE WHEN consumo_diario > 0 AND qty_max > ordenado
        THEN as_of_date + CAST(ceil(round((qty_max - ordenado) / consumo_diario, 6)) AS INTEGER)
    END AS fecha_agotamiento,
    CASE WHEN consumo_diario > 0 AND qty_max > ordenado
        AND as_of_date + CAST(ceil(round((qty_max - ordenado) / consumo_diario, 6)) AS INTEGER)
            < fecha_fin
        THEN TRUE ELSE FALSE END AS agota_antes_del_fin,
    minimo_en_riesgo,
    CAST(minimo_en_riesgo * precio AS DECIMAL(18, 2)) AS minimo_en_riesgo_importe,
    minimo_en_riesgo > 0 AS alerta_minimo
FROM projected;

CREATE OR REPLACE VIEW logistics_line AS
-- Logistics, one row per delivery against an order line plus one "not delivered" row per line
-- whose received pieces fall short of the order (DOMAIN §6). days_diff = deadline − delivery
-- (+ early, − late); an undelivered shortfall counts deadline − as_of until the penalty cap is
-- reached, then stays at −penalty_max_days. Penalty = pieces × price × min(late days, cap) × rate;
-- IMSS-Bienestar values are estimates (the institution sets the real ones by letter). Provider:
-- the delivery report's proveedor3pl when it names one, else the switch date rule on the
-- delivery date (the deadline for undelivered pieces). Cancelled orders without deliveries are
-- left out.
WITH p AS (
    SELECT * FROM analytics_params
),
imss_orders AS (
    SELECT
        'IMSS' AS institucion, orden, clave, descripcion_entrega AS unidad, estatus,
        fecha_entrega AS fecha_limite, cantidad_solicitada AS cantidad_ordenada, precio
    FROM asof_sai_order
),
imssb_orders AS (
    SELECT
        'IMSS-B' AS institucion, numero_orden_suministro AS orden, min(clave) AS clave,
        min(coalesce(nombre_unidad, clues)) AS unidad, min(estatus) AS estatus,
        min(fecha_limite_entrega) AS fecha_limite, sum(cantidad_solicitada) AS cantidad_ordenada,
        min(precio_unitario) AS precio
    FROM asof_camunda_order
    GROUP BY numero_orden_suministro
),
named_provider AS (
    SELECT orden, fecha_entrega, min(proveedor3pl) AS proveedor
    FROM asof_delivery
    WHERE proveedor3pl IS NOT NULL
    GROUP BY orden, fecha_entrega
),
imssb_delivery AS (
    SELECT orden, piezas, fecha_entrega
    FROM (
        SELECT
            orden, archive_sha256, sum(piezas_entregadas) AS piezas,
            max(fecha_entrega) AS fecha_entrega,
            max(CASE WHEN cantidad_solicitada IS NULL THEN 1 ELSE 0 END) AS states_pieces
        FROM asof_delivery
        WHERE (instituto IS NULL OR instituto <> 'IMSS') AND fecha_entrega IS NOT NULL
        GROUP BY orden, archive_sha256
    ) AS per_report
    QUALIFY row_number() OVER (
        PARTITION BY orden ORDER BY states_pieces DESC, piezas DESC, archive_sha256
    ) = 1
),
deliveries AS (
    SELECT
        o.institucion, o.orden, a.no_alta, o.clave, coalesce(a.desc_unidad, o.unidad) AS unidad,
        o.estatus, o.fecha_limite, o.cantidad_ordenada, o.precio,
        a.fecha_alta AS fecha_entrega, a.cant_recibida AS cantidad, 'entrega' AS tipo
    FROM asof_sai_alta AS a
    INNER JOIN imss_orders AS o ON o.orden = a.no_orden AND o.clave = a.clave
    UNION ALL
    SELECT
        o.institucion, o.orden, NULL, o.clave, o.unidad, o.estatus, o.fecha_limite,
        o.cantidad_ordenada, o.precio, d.fecha_entrega, d.piezas, 'entrega'
    FROM imssb_delivery AS d
    INNER JOIN imssb_orders AS o ON o.orden = d.orden
),
received AS (
    SELECT institucion, orden, clave, sum(cantidad) AS recibido
    FROM deliveries
    GROUP BY institucion, orden, clave
),
shortfalls AS (
    SELECT
        o.institucion, o.orden, NULL AS no_alta, o.clave, o.unidad, o.estatus, o.fecha_limite,
        o.cantidad_ordenada, o.precio, CAST(NULL AS DATE) AS fecha_entrega,
        o.cantidad_ordenada - coalesce(r.recibido, 0) AS cantidad, 'no entregado' AS tipo
    FROM (SELECT * FROM imss_orders UNION ALL SELECT * FROM imssb_orders) AS o
    LEFT JOIN received AS r
        ON r.institucion = o.institucion AND r.orden = o.orden AND r.clave = o.clave
    WHERE o.cantidad_ordenada > coalesce(r.recibido, 0)
        AND coalesce(o.estatus, '') NOT IN ('Cancelada', 'CANCELADA')
),
lines AS (
    SELECT * FROM deliveries
    UNION ALL
    SELECT * FROM shortfalls
),
measured AS (
    SELECT
        l.*,
        CASE
            WHEN l.fecha_entrega IS NOT NULL THEN date_diff('day', l.fecha_entrega, l.fecha_limite)
            WHEN p.as_of_date <= l.fecha_limite + p.penalty_max_days
                THEN date_diff('day', p.as_of_date, l.fecha_limite)
            ELSE -p.penalty_max_days
        END AS dias_diferencia,
        coalesce(
            np.proveedor,
            CASE WHEN coalesce(l.fecha_entrega, l.fecha_limite) < p.provider_switch_date
                THEN p.provider_before ELSE p.provider_after END
        ) AS proveedor,
        p.penalty_rate_per_day,
        p.penalty_max_days
    FROM lines AS l
    CROSS JOIN p
    LEFT JOIN named_provider AS np
        ON np.orden = l.orden AND np.fecha_entrega = l.fecha_entrega
)
SELECT
    institucion,
    proveedor,
    orden AS no_orden,
    no_alta,
    clave,
    unidad,
    estatus AS estatus_orden,
    tipo,
    fecha_limite,
    fecha_entrega,
    cantidad_ordenada,
    cantidad,
    precio,
    dias_diferencia,
    CASE WHEN dias_diferencia < 0 THEN -dias_diferencia ELSE 0 END AS dias_atraso,
    CAST(CASE WHEN dias_diferencia < 0
        THEN cantidad * precio * least(-dias_diferencia, penalty_max_days) * penalty_rate_per_day
        ELSE 0 END AS DECIMAL(18, 2)) AS penalizacion,
    CAST(date_trunc('week', coalesce(fecha_entrega, fecha_limite)) AS DATE) AS semana
FROM measured;
