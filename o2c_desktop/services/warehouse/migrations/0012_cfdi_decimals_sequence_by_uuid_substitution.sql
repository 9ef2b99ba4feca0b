-- CFDI amounts as the XML states them, one sequence row per CFDI UUID, and (at the end) the one
-- view that changed: recon_invoice_issue no longer flags a cancelled invoice that a valid CFDI
-- citing it (TipoRelacion 04) replaces on the same alta or supply order (DOMAIN §4.1).

-- The SAT schema allows 6 decimal places in CFDI amounts, unit values and quantities (t_Importe,
-- Cantidad), and they were rounded to 2 (4 for quantities) on load. These columns now keep what
-- the XML says. Money the reconciliation compares stays DECIMAL(18,2): recon_invoice rounds the
-- CFDI total to the centavo, as the register, PREI, SAI and payments state amounts. Rows loaded
-- before keep the values they were stored with.
ALTER TABLE invoice ALTER COLUMN subtotal TYPE DECIMAL(24,6);
ALTER TABLE invoice ALTER COLUMN total TYPE DECIMAL(24,6);
ALTER TABLE invoice_concept ALTER COLUMN cantidad TYPE DECIMAL(24,6);
ALTER TABLE invoice_concept ALTER COLUMN valor_unitario TYPE DECIMAL(24,6);
ALTER TABLE invoice_concept ALTER COLUMN importe TYPE DECIMAL(24,6);

-- The loader hashes the text of each staged column (key columns first, then the others, as the
-- target lists them); the amounts now read with 6 places, so the stored hashes are recomputed
-- the same way, or the next file bringing a known invoice would version it as changed.
UPDATE invoice SET row_hash = md5(concat_ws(chr(31),
    coalesce(CAST(uuid AS VARCHAR), chr(1)),
    coalesce(CAST(version AS VARCHAR), chr(1)),
    coalesce(CAST(serie AS VARCHAR), chr(1)),
    coalesce(CAST(folio AS VARCHAR), chr(1)),
    coalesce(CAST(fecha AS VARCHAR), chr(1)),
    coalesce(CAST(subtotal AS VARCHAR), chr(1)),
    coalesce(CAST(total AS VARCHAR), chr(1)),
    coalesce(CAST(moneda AS VARCHAR), chr(1)),
    coalesce(CAST(tipo_comprobante AS VARCHAR), chr(1)),
    coalesce(CAST(metodo_pago AS VARCHAR), chr(1)),
    coalesce(CAST(forma_pago AS VARCHAR), chr(1)),
    coalesce(CAST(lugar_expedicion AS VARCHAR), chr(1)),
    coalesce(CAST(emisor_rfc AS VARCHAR), chr(1)),
    coalesce(CAST(emisor_nombre AS VARCHAR), chr(1)),
    coalesce(CAST(receptor_rfc AS VARCHAR), chr(1)),
    coalesce(CAST(receptor_nombre AS VARCHAR), chr(1)),
    coalesce(CAST(uso_cfdi AS VARCHAR), chr(1)),
    coalesce(CAST(fecha_timbrado AS VARCHAR), chr(1)),
    coalesce(CAST(xml_name AS VARCHAR), chr(1)),
    coalesce(CAST(factura AS VARCHAR), chr(1)),
    coalesce(CAST(folio_num AS VARCHAR), chr(1))));

UPDATE invoice_concept SET row_hash = md5(concat_ws(chr(31),
    coalesce(CAST(uuid AS VARCHAR), chr(1)),
    coalesce(CAST(line_no AS VARCHAR), chr(1)),
    coalesce(CAST(clave AS VARCHAR), chr(1)),
    coalesce(CAST(clave_prod_serv AS VARCHAR), chr(1)),
    coalesce(CAST(descripcion AS VARCHAR), chr(1)),
    coalesce(CAST(cantidad AS VARCHAR), chr(1)),
    coalesce(CAST(valor_unitario AS VARCHAR), chr(1)),
    coalesce(CAST(importe AS VARCHAR), chr(1))));

-- sequence_invoice rows from CFDI are keyed on (source, uuid) like invoice is keyed on uuid:
-- their hash follows the new column order.
UPDATE sequence_invoice SET row_hash = md5(concat_ws(chr(31),
    coalesce(CAST(source AS VARCHAR), chr(1)),
    coalesce(CAST(uuid AS VARCHAR), chr(1)),
    coalesce(CAST(issuer_rfc AS VARCHAR), chr(1)),
    coalesce(CAST(store_id AS VARCHAR), chr(1)),
    coalesce(CAST(serie AS VARCHAR), chr(1)),
    coalesce(CAST(folio AS VARCHAR), chr(1)),
    coalesce(CAST(folio_num AS VARCHAR), chr(1)),
    coalesce(CAST(fecha AS VARCHAR), chr(1)),
    coalesce(CAST(uploaded_at AS VARCHAR), chr(1)),
    coalesce(CAST(estado AS VARCHAR), chr(1))))
WHERE source = 'cfdi';

-- A UUID that two files gave different folios has several current CFDI rows here, while invoice
-- kept one version. The rows that disagree with the invoice's current version end where it
-- began, or go when they began with it (the same snapshot, where the first file won).
CREATE TEMP TABLE _stale_sequence AS
SELECT s.uuid, s.issuer_rfc, s.serie, s.folio, s.valid_from, i.valid_from AS invoice_from
FROM sequence_invoice AS s
INNER JOIN invoice AS i ON i.uuid = s.uuid AND i.valid_to IS NULL
WHERE s.source = 'cfdi' AND s.valid_to IS NULL
  AND s.uuid IN (SELECT uuid FROM sequence_invoice
                 WHERE source = 'cfdi' AND valid_to IS NULL
                 GROUP BY uuid HAVING count(*) > 1)
  AND (s.issuer_rfc, s.serie, s.folio)
      IS DISTINCT FROM (i.emisor_rfc, coalesce(i.serie, ''), i.folio);

UPDATE sequence_invoice AS s SET valid_to = x.invoice_from
FROM _stale_sequence AS x
WHERE s.source = 'cfdi' AND s.valid_to IS NULL AND s.uuid = x.uuid
  AND s.issuer_rfc = x.issuer_rfc AND s.serie = x.serie AND s.folio = x.folio
  AND s.valid_from = x.valid_from AND x.invoice_from > x.valid_from;

DELETE FROM sequence_invoice AS s
USING _stale_sequence AS x
WHERE s.source = 'cfdi' AND s.valid_to IS NULL AND s.uuid = x.uuid
  AND s.issuer_rfc = x.issuer_rfc AND s.serie = x.serie AND s.folio = x.folio
  AND s.valid_from = x.valid_from AND x.invoice_from <= x.valid_from;

DROP TABLE _stale_sequence;

-- Analytics views (generated from o2c_desktop/services/analytics/sql by
-- o2c_desktop.services.analytics.views.migration_sql; edit those files, not this one).
-- analytics_params holds the defaults: today and everything known; the program binds
-- other dates and settings by stacking the same SQL as CTEs (see views.py).

CREATE OR REPLACE VIEW recon_invoice_issue AS
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
WHERE NOT ri.cancelada AND abs(ri.pagado - ri.total) > p.amount_tolerance;
