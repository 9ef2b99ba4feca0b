-- Every broken link of the chain, one row per (chain record, reason). Reason codes follow
-- DOMAIN §4.4. Amounts compare against analytics_params.amount_tolerance. An invoice-level
-- reason lands on every record that shows the invoice (or lists it as a candidate).
WITH rec AS (
    SELECT * FROM recon_record
),
inv AS (
    SELECT * FROM recon_invoice
),
prei_coverage AS (
    SELECT min(CAST(fecha_factura AS DATE)) AS desde FROM asof_contrarecibo_status
),
alta_sum AS (
    -- What the altas an IMSS invoice cites add up to (an invoice may bill several altas).
    SELECT uuid, sum(importe_alta) AS importe_altas
    FROM recon_alta_link
    WHERE alta_en_sai
    GROUP BY uuid
),
invoice_issue AS (
    -- The invoices some invoice-level reason applies to, with what the reasons test: a small
    -- share of all invoices, so only their records are looked up.
    SELECT
        i.uuid,
        i.total,
        i.cancelada,
        NOT i.cancelada AND CAST(i.fecha AS DATE) >= c.desde AND p.uuid IS NULL AS sin_prei,
        s.importe_altas,
        pay.pagado
    FROM inv AS i
    CROSS JOIN prei_coverage AS c
    CROSS JOIN analytics_params AS pr
    LEFT JOIN recon_prei AS p ON p.uuid = i.uuid
    LEFT JOIN alta_sum AS s ON s.uuid = i.uuid
    LEFT JOIN recon_payment AS pay ON pay.uuid = i.uuid
    WHERE i.cancelada
        OR (CAST(i.fecha AS DATE) >= c.desde AND p.uuid IS NULL)
        OR abs(i.total - s.importe_altas) > pr.amount_tolerance
        OR abs(pay.pagado - i.total) > pr.amount_tolerance
),
rec_invoice AS (
    -- Which of those invoices each record shows: its own, or the candidates it could not choose
    -- between (the two parts are disjoint: alta records, then the others). An alta record is
    -- found by its key, 'A|order|alta' (recon_imss_record): one join on a unique column.
    SELECT r.record_key, r.institucion, r.no_orden, r.no_alta, f.*
    FROM invoice_issue AS f
    INNER JOIN recon_invoice_link AS l ON l.uuid = f.uuid
    INNER JOIN rec AS r ON r.record_key = 'A|' || l.no_orden || '|' || l.no_alta
    UNION ALL
    SELECT r.record_key, r.institucion, r.no_orden, r.no_alta, f.*
    FROM invoice_issue AS f
    INNER JOIN rec AS r ON r.uuid = f.uuid
    WHERE r.registro <> 'alta'
),
imssb_billed AS (
    SELECT no_orden, sum(i.total) AS facturado, count(*) AS facturas
    FROM recon_imssb_record AS r
    INNER JOIN inv AS i ON i.uuid = r.uuid
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
reasons AS (
    SELECT record_key, institucion, no_orden, no_alta, CAST(NULL AS VARCHAR) AS uuid,
        'ALTA_NOT_INVOICED' AS excepcion,
        'Alta sin factura: facturar o registrar la factura' AS detalle, candidatos
    FROM rec
    WHERE registro = 'alta' AND facturas_validas = 0 AND facturas_canceladas = 0

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, NULL, 'MULTIPLE_MATCHES',
        'Varias facturas vigentes para la misma alta: decidir cuál vale', candidatos
    FROM rec
    WHERE facturas_validas > 1

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, uuid, 'ALTA_NOT_FOUND',
        'La factura cita un alta que SAI no muestra', NULL
    FROM rec
    WHERE registro = 'factura' AND institucion = 'IMSS'

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, uuid, 'INVOICE_UNMATCHED',
        'La factura cita una orden de suministro que Camunda no muestra', NULL
    FROM rec
    WHERE registro = 'factura' AND institucion = 'IMSS-B' AND record_key LIKE 'F|%'

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, NULL, 'CANCELLED_ORDER_DELIVERED',
        'Orden cancelada con entregas (altas)', NULL
    FROM rec
    WHERE registro = 'alta' AND estatus_orden = 'Cancelada'

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, uuid, 'CANCELLED_INVOICE_LINKED',
        'Factura cancelada que sigue ligada a la orden', NULL
    FROM rec_invoice
    WHERE cancelada

    UNION ALL
    SELECT record_key, institucion, no_orden, no_alta, uuid, 'INVOICE_NOT_IN_PREI',
        'Factura sin registro en PREI: subirla al Buzón', NULL
    FROM rec_invoice
    WHERE institucion = 'IMSS' AND sin_prei

    UNION ALL
    SELECT ri.record_key, ri.institucion, ri.no_orden, ri.no_alta, ri.uuid, 'AMOUNT_MISMATCH',
        'Factura ' || CAST(ri.total AS VARCHAR) || ' contra altas '
        || CAST(ri.importe_altas AS VARCHAR),
        NULL
    FROM rec_invoice AS ri
    CROSS JOIN analytics_params AS p
    WHERE ri.institucion = 'IMSS'
        AND NOT ri.cancelada
        AND abs(ri.total - ri.importe_altas) > p.amount_tolerance

    UNION ALL
    SELECT r.record_key, r.institucion, r.no_orden, r.no_alta, r.uuid, 'AMOUNT_MISMATCH',
        'Facturado ' || CAST(b.facturado AS VARCHAR) || ' contra entregado '
        || CAST(e.esperado AS VARCHAR), NULL
    FROM rec AS r
    INNER JOIN imssb_billed AS b ON b.no_orden = r.no_orden
    INNER JOIN imssb_expected AS e ON e.no_orden = r.no_orden
    CROSS JOIN analytics_params AS p
    WHERE r.institucion = 'IMSS-B' AND r.record_key LIKE 'B|%'
        AND abs(b.facturado - e.esperado) > p.amount_tolerance

    UNION ALL
    SELECT ri.record_key, ri.institucion, ri.no_orden, ri.no_alta, ri.uuid,
        CASE WHEN ri.pagado < ri.total THEN 'PAID_SHORT' ELSE 'PAID_OVER' END,
        'Pagado ' || CAST(ri.pagado AS VARCHAR) || ' de ' || CAST(ri.total AS VARCHAR)
        || CASE WHEN EXISTS (SELECT 1 FROM asof_penalty AS pe WHERE pe.orden_suministro = ri.no_orden)
            THEN ' (orden con pena)' ELSE '' END,
        NULL
    FROM rec_invoice AS ri
    CROSS JOIN analytics_params AS p
    WHERE NOT ri.cancelada AND abs(ri.pagado - ri.total) > p.amount_tolerance
)
SELECT
    reasons.*,
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
FROM reasons
