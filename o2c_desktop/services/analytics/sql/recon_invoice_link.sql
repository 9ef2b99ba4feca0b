-- The (order, alta) each invoice cites in the register: IMSS by Referencia + Alta, IMSS-B by
-- Referencia (the supply order). One invoice may cite several altas.
SELECT DISTINCT
    upper(trim(r.uuid)) AS uuid,
    r.referencia AS no_orden,
    r.alta AS no_alta
FROM asof_invoice_register AS r
WHERE r.uuid IS NOT NULL AND trim(r.uuid) <> '' AND r.referencia IS NOT NULL
