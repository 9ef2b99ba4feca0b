-- Each invoice with what the chain learns about it by its UUID: the contrarecibo state
-- (recon_prei), what was paid (recon_payment), what the altas it cites add up to, and whether
-- PREI should know it and does not (invoices dated inside PREI's coverage). One row per invoice,
-- read by the exception rules and by the chain alike.
WITH prei_coverage AS (
    SELECT min(CAST(fecha_factura AS DATE)) AS desde FROM asof_contrarecibo_status
),
alta_sum AS (
    -- What the altas an IMSS invoice cites add up to (an invoice may bill several altas).
    SELECT uuid, sum(importe_alta) AS importe_altas
    FROM recon_alta_link
    WHERE alta_en_sai
    GROUP BY uuid
)
SELECT
    i.*,
    NOT i.cancelada AND CAST(i.fecha AS DATE) >= c.desde AND p.uuid IS NULL AS sin_prei,
    s.importe_altas,
    p.estado_cr,
    p.contra_recibo,
    p.f_en_proceso,
    p.f_aprobado,
    p.f_pagado,
    pay.pagado,
    pay.clc
FROM recon_invoice AS i
CROSS JOIN prei_coverage AS c
LEFT JOIN recon_prei AS p ON p.uuid = i.uuid
LEFT JOIN alta_sum AS s ON s.uuid = i.uuid
LEFT JOIN recon_payment AS pay ON pay.uuid = i.uuid
