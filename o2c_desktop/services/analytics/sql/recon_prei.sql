-- The contrarecibo (PREI) state of each IMSS invoice as known at the cut, with the first date
-- each state was seen (the stage history of DOMAIN §4.2) and whether the state ever went back.
WITH seen AS (
    SELECT
        upper(trim(s.uuid)) AS uuid,
        s.estado,
        min(s.valid_from) AS primera_vez
    FROM contrarecibo_status AS s
    CROSS JOIN analytics_params AS p
    WHERE s.valid_from < p.known_before
    GROUP BY upper(trim(s.uuid)), s.estado
),
firsts AS (
    SELECT
        uuid,
        max(CASE WHEN estado = 'Sin Contra Recibo' THEN primera_vez END) AS f_sin_contra_recibo,
        max(CASE WHEN estado = 'En proceso' THEN primera_vez END) AS f_en_proceso,
        max(CASE WHEN estado = 'Aprobado' THEN primera_vez END) AS f_aprobado,
        max(CASE WHEN estado = 'Pagado' THEN primera_vez END) AS f_pagado
    FROM seen
    GROUP BY uuid
),
current_row AS (
    SELECT
        upper(trim(uuid)) AS uuid,
        estado,
        contra_recibo,
        unidad_negocio,
        importe,
        fecha_carga,
        valid_from
    FROM asof_contrarecibo_status
    QUALIFY row_number() OVER (PARTITION BY upper(trim(uuid)) ORDER BY valid_from DESC) = 1
)
SELECT
    c.uuid,
    c.estado AS estado_cr,
    c.contra_recibo,
    c.unidad_negocio,
    c.importe AS importe_prei,
    c.fecha_carga,
    c.valid_from AS estado_desde,
    f.f_sin_contra_recibo,
    f.f_en_proceso,
    f.f_aprobado,
    f.f_pagado
FROM current_row AS c
LEFT JOIN firsts AS f ON f.uuid = c.uuid
