-- The invoice-level breaks of the chain (DOMAIN §4.4), one row per (chain record, invoice,
-- reason): a cancelled invoice still linked, an IMSS invoice with no PREI record, an IMSS invoice
-- whose total differs from the altas it cites, a payment different from the invoice. A reason
-- lands on every record that shows the invoice or lists it as a candidate. Amounts compare
-- against analytics_params.amount_tolerance.
WITH substituted AS (
    -- A cancelled invoice that a valid CFDI citing it with TipoRelacion 04 replaces on the same
    -- (order, alta) is a normal substitution there (DOMAIN §4.1): the chain links the valid one
    -- and the cancelled one is not an exception on that link. On a link no valid replacement
    -- shares it still is.
    SELECT DISTINCT r.related_uuid AS uuid, l.no_orden, coalesce(l.no_alta, '') AS no_alta
    FROM asof_invoice_relation AS r
    INNER JOIN recon_invoice AS v ON v.uuid = r.uuid
    INNER JOIN recon_invoice_link AS l ON l.uuid = v.uuid
    WHERE r.tipo_relacion = '04' AND NOT v.cancelada
),
invoice_issue AS (
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
FROM rec_invoice AS ri
WHERE ri.cancelada
    AND NOT EXISTS (
        SELECT 1 FROM substituted AS s
        WHERE s.uuid = ri.uuid AND s.no_orden = ri.no_orden
            AND s.no_alta = coalesce(ri.no_alta, '')
    )

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
WHERE NOT ri.cancelada AND abs(ri.pagado - ri.total) > p.amount_tolerance
