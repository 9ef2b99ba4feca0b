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
FROM reasons
