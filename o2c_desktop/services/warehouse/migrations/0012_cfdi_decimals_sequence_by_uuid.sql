-- CFDI amounts as the XML states them, and one sequence row per CFDI UUID.

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
