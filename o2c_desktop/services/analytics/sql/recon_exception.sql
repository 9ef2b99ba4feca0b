-- Every broken link of the chain, one row per (chain record, reason), with the reason's priority
-- (1 = most urgent). The rules are stated once: record-level flags in recon_record_issue,
-- invoice-level reasons in recon_invoice_issue.
WITH reasons AS (
    -- recon_record_issue is read once: each record meets the reasons its flags raise.
    SELECT
        r.record_key,
        r.institucion,
        r.no_orden,
        r.no_alta,
        CASE WHEN k.names_invoice THEN r.uuid END AS uuid,
        k.excepcion,
        coalesce(k.detalle, r.detalle_monto_orden) AS detalle,
        CASE WHEN k.lists_candidates THEN r.candidatos END AS candidatos
    FROM recon_record_issue AS r
    CROSS JOIN (
        VALUES
        ('ALTA_NOT_INVOICED', 'Alta sin factura: facturar o registrar la factura', FALSE, TRUE),
        ('MULTIPLE_MATCHES',
            'Varias facturas vigentes para la misma alta: decidir cuál vale', FALSE, TRUE),
        ('ALTA_NOT_FOUND', 'La factura cita un alta que SAI no muestra', TRUE, FALSE),
        ('INVOICE_UNMATCHED',
            'La factura cita una orden de suministro que Camunda no muestra', TRUE, FALSE),
        ('CANCELLED_ORDER_DELIVERED', 'Orden cancelada con entregas (altas)', FALSE, FALSE),
        -- The amount's own words are the record's (what each side says).
        ('AMOUNT_MISMATCH', NULL, TRUE, FALSE)
    ) AS k (excepcion, detalle, names_invoice, lists_candidates)
    WHERE CASE k.excepcion
        WHEN 'ALTA_NOT_INVOICED' THEN r.x_alta_not_invoiced
        WHEN 'MULTIPLE_MATCHES' THEN r.x_multiple_matches
        WHEN 'ALTA_NOT_FOUND' THEN r.x_alta_not_found
        WHEN 'INVOICE_UNMATCHED' THEN r.x_invoice_unmatched
        WHEN 'CANCELLED_ORDER_DELIVERED' THEN r.x_cancelled_order_delivered
        WHEN 'AMOUNT_MISMATCH' THEN r.detalle_monto_orden IS NOT NULL
    END

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
