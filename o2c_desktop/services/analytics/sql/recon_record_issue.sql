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
    ON a.no_orden = r.no_orden AND r.institucion = 'IMSS-B' AND r.record_key LIKE 'B|%'
