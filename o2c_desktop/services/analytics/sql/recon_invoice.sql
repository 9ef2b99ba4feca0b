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
WHERE coalesce(c.tipo_comprobante, CASE WHEN r.nota_credito = 1 THEN 'E' ELSE 'I' END) <> 'E'
