-- The (order, alta) each invoice cites in the register: IMSS by Referencia + Alta, IMSS-B by
-- Referencia (the supply order). One invoice may cite several altas.
SELECT DISTINCT
    r.uuid AS uuid,
    r.referencia AS no_orden,
    r.alta AS no_alta
FROM asof_invoice_register AS r
WHERE r.uuid IS NOT NULL AND r.referencia IS NOT NULL
