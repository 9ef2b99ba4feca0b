-- Analytics views (generated from o2c_desktop/services/analytics/sql by
-- o2c_desktop.services.analytics.views.migration_sql; edit those files, not this one).
-- analytics_params holds the defaults: today and everything known; the program binds
-- other dates and settings by stacking the same SQL as CTEs (see views.py).

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
