-- How many days invoices took to get paid, from the history known at the cut, on each leg of the
-- way: from each contrarecibo state to payment and from upload to payment (PREI), from invoice
-- to upload (an IMSS invoice not yet in PREI), and from invoice to the first payment notice
-- (OAP, IMSS-B). One row per percentile: 50, a typical invoice (receivable_item's expected
-- collection date, the cash projection's P50), and 90, a slow one (the projection's P90).
-- receivable_collection turns them into dates, with one rule for both.
WITH paid AS (
    SELECT
        date_diff('day', CAST(f_sin_contra_recibo AS DATE), CAST(f_pagado AS DATE))
            AS sin_contra_recibo,
        date_diff('day', CAST(f_en_proceso AS DATE), CAST(f_pagado AS DATE)) AS en_proceso,
        date_diff('day', CAST(f_aprobado AS DATE), CAST(f_pagado AS DATE)) AS aprobado,
        date_diff('day',
            CAST(coalesce(fecha_carga, f_sin_contra_recibo) AS DATE), CAST(f_pagado AS DATE))
            AS carga_a_pago
    FROM recon_prei
    WHERE f_pagado IS NOT NULL
),
uploaded AS (
    SELECT
        date_diff('day', i.fecha, CAST(coalesce(s.fecha_carga, s.f_sin_contra_recibo) AS DATE))
            AS factura_a_carga
    FROM recon_prei AS s
    INNER JOIN recon_invoice AS i ON i.uuid = s.uuid
),
first_paid AS (
    SELECT date_diff('day', i.fecha, p.primer_pago) AS factura_a_pago
    FROM recon_payment AS p
    INNER JOIN recon_invoice AS i ON i.uuid = p.uuid
)
SELECT 50 AS percentil, s.*, u.*, f.*
FROM (
    SELECT
        median(sin_contra_recibo) AS sin_contra_recibo,
        median(en_proceso) AS en_proceso,
        median(aprobado) AS aprobado,
        median(carga_a_pago) AS carga_a_pago
    FROM paid
) AS s
CROSS JOIN (SELECT median(factura_a_carga) AS factura_a_carga FROM uploaded) AS u
CROSS JOIN (SELECT median(factura_a_pago) AS factura_a_pago FROM first_paid) AS f
UNION ALL
SELECT 90 AS percentil, s.*, u.*, f.*
FROM (
    SELECT
        quantile_cont(sin_contra_recibo, 0.9) AS sin_contra_recibo,
        quantile_cont(en_proceso, 0.9) AS en_proceso,
        quantile_cont(aprobado, 0.9) AS aprobado,
        quantile_cont(carga_a_pago, 0.9) AS carga_a_pago
    FROM paid
) AS s
CROSS JOIN (SELECT quantile_cont(factura_a_carga, 0.9) AS factura_a_carga FROM uploaded) AS u
CROSS JOIN (SELECT quantile_cont(factura_a_pago, 0.9) AS factura_a_pago FROM first_paid) AS f
