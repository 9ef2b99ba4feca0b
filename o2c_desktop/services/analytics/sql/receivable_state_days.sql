-- Days each IMSS invoice spent in each contrarecibo state, from the first date each state was
-- seen in the PREI history (a state skipped between two snapshots has no days), and whether the
-- current state has lasted longer than stale_status_days.
WITH s AS (
    SELECT r.*, p.as_of_date, p.stale_status_days
    FROM recon_prei AS r
    CROSS JOIN analytics_params AS p
)
SELECT
    uuid,
    estado_cr,
    contra_recibo,
    date_diff('day', CAST(f_sin_contra_recibo AS DATE),
        CAST(coalesce(f_en_proceso, f_aprobado, f_pagado, as_of_date) AS DATE))
        AS dias_sin_contra_recibo,
    date_diff('day', CAST(f_en_proceso AS DATE),
        CAST(coalesce(f_aprobado, f_pagado, as_of_date) AS DATE)) AS dias_en_proceso,
    date_diff('day', CAST(f_aprobado AS DATE), CAST(coalesce(f_pagado, as_of_date) AS DATE))
        AS dias_aprobado,
    f_sin_contra_recibo,
    f_en_proceso,
    f_aprobado,
    f_pagado,
    CASE
        WHEN estado_cr IN ('En proceso', 'Aprobado')
            AND date_diff('day', CAST(estado_desde AS DATE), as_of_date) > stale_status_days
            THEN TRUE
        ELSE FALSE
    END AS estancada
FROM s
