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
    -- Factoring (DOMAIN §7): the state of the invoice's operation with its factor, empty when
    -- no statement names the invoice.
    fa.estado_factoraje,
    fa.factor,
    -- Paid by the institution: a factored invoice only once the factor confirms it collected
    -- (a PREI Pagado or an OAP payment on it went to the factor); otherwise the PREI state or a
    -- payment says so.
    CASE
        WHEN r.uuid IS NULL THEN FALSE
        WHEN coalesce(fa.cedida, FALSE) THEN fa.cobrada_por_factor
        ELSE i.pagado IS NOT NULL OR coalesce(i.estado_cr = 'Pagado', FALSE)
    END AS pagado_institucion,
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
        WHEN fa.cobrada_por_factor THEN 'Cobrada por el factor'
        WHEN fa.cedida AND (i.pagado IS NOT NULL OR i.estado_cr = 'Pagado')
            THEN 'Pagado al factor, sin confirmar'
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
LEFT JOIN recon_sagi AS s ON s.uuid = r.uuid
LEFT JOIN recon_factoring AS fa ON fa.uuid = r.uuid
