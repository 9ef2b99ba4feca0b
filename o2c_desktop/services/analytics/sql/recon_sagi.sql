-- The SAGI state of each IMSS-Bienestar invoice at the cut: the latest non-withdrawn upload
-- (Cancelado only when every upload of the invoice was withdrawn).
SELECT
    uuid AS uuid,
    estado AS estado_sagi,
    orden_suministro,
    total AS total_sagi,
    valid_from AS estado_desde
FROM asof_sagi_status
QUALIFY row_number() OVER (
    PARTITION BY uuid
    ORDER BY CASE WHEN estado = 'Cancelado' THEN 1 ELSE 0 END, valid_from DESC, orden_key DESC
) = 1
