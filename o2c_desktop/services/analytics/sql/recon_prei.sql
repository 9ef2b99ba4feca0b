-- The contrarecibo (PREI) state of each IMSS invoice as known at the cut, with the first date
-- each state was seen (the stage history of DOMAIN §4.2). One pass over the status history:
-- every version loaded before the cut gives the first-seen dates; the one still valid at the cut
-- gives the state (uuid is the table's key, so at most one version is valid at any instant).
WITH known AS (
    SELECT
        s.uuid,
        s.estado,
        s.contra_recibo,
        s.unidad_negocio,
        s.importe,
        s.fecha_carga,
        s.valid_from,
        CASE WHEN s.valid_to IS NULL OR s.valid_to >= p.known_before THEN s.valid_from END
            AS vigente_desde
    FROM contrarecibo_status AS s
    CROSS JOIN analytics_params AS p
    WHERE s.valid_from < p.known_before
)
SELECT
    uuid,
    arg_max(estado, vigente_desde) AS estado_cr,
    arg_max(contra_recibo, vigente_desde) AS contra_recibo,
    arg_max(unidad_negocio, vigente_desde) AS unidad_negocio,
    arg_max(importe, vigente_desde) AS importe_prei,
    arg_max(fecha_carga, vigente_desde) AS fecha_carga,
    max(vigente_desde) AS estado_desde,
    min(CASE WHEN estado = 'Sin Contra Recibo' THEN valid_from END) AS f_sin_contra_recibo,
    min(CASE WHEN estado = 'En proceso' THEN valid_from END) AS f_en_proceso,
    min(CASE WHEN estado = 'Aprobado' THEN valid_from END) AS f_aprobado,
    min(CASE WHEN estado = 'Pagado' THEN valid_from END) AS f_pagado
FROM known
GROUP BY uuid
HAVING max(vigente_desde) IS NOT NULL
