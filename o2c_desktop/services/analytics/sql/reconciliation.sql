-- The reconciliation chain, one record per alta or order line (IMSS-Bienestar: per order and
-- invoice): order → alta → invoice → contrarecibo / SAGI → payment, with the furthest stage
-- reached (estatus_cadena), the first-priority exception (excepcion) and all of them.
WITH exc AS (
    -- Each code has its own priority, so the first-priority row names one code.
    SELECT
        record_key,
        arg_min(excepcion, prioridad) AS excepcion,
        string_agg(DISTINCT excepcion, ',' ORDER BY excepcion) AS excepciones
    FROM recon_exception
    GROUP BY record_key
)
SELECT
    r.institucion,
    r.registro,
    r.no_orden,
    r.no_alta,
    r.clave,
    r.contrato,
    r.unidad,
    r.estatus_orden,
    r.fecha_limite,
    r.fecha_entrega,
    r.fpp,
    r.cantidad_ordenada,
    r.cantidad_entregada,
    r.importe_orden,
    r.importe_alta,
    r.uuid,
    i.factura AS folio_factura,
    CAST(i.fecha AS DATE) AS fecha_factura,
    i.total AS importe_factura,
    coalesce(i.cancelada, FALSE) AS factura_cancelada,
    r.candidatos,
    p.estado_cr,
    p.contra_recibo,
    p.f_en_proceso,
    p.f_aprobado,
    p.f_pagado,
    s.estado_sagi,
    pay.pagado AS importe_pagado,
    pay.clc,
    -- Factoring (DOMAIN §7) needs a source of factoring operations per invoice, which no portal
    -- or file loaded here provides: the status stays empty rather than claiming "sin factoraje".
    CAST(NULL AS VARCHAR) AS estado_factoraje,
    CASE
        WHEN r.registro = 'orden' AND r.estatus_orden = 'Cancelada' THEN 'Orden cancelada'
        WHEN r.registro = 'orden' AND coalesce(r.cantidad_entregada, 0) = 0
            AND r.fecha_limite < pr.as_of_date THEN 'Entrega vencida'
        WHEN r.registro = 'orden' AND coalesce(r.cantidad_entregada, 0) = 0 THEN 'Por entregar'
        WHEN r.registro = 'orden' THEN 'Por facturar'
        WHEN r.facturas_validas > 1 THEN 'Facturación ambigua'
        WHEN r.uuid IS NULL THEN 'Por facturar'
        WHEN i.cancelada THEN 'Factura cancelada'
        WHEN r.registro = 'factura' AND r.record_key LIKE 'F|%' AND r.institucion = 'IMSS'
            THEN 'Factura sin alta'
        WHEN r.registro = 'factura' AND r.record_key LIKE 'F|%' THEN 'Factura sin orden'
        WHEN pay.pagado IS NOT NULL AND abs(pay.pagado - i.total) > pr.amount_tolerance
            THEN 'Pagado con diferencia'
        WHEN pay.pagado IS NOT NULL THEN 'Pagado'
        WHEN r.institucion = 'IMSS' THEN coalesce(p.estado_cr, 'Sin registro PREI')
        ELSE coalesce(s.estado_sagi, 'Facturada sin SAGI')
    END AS estatus_cadena,
    coalesce(x.excepcion, '') AS excepcion,
    coalesce(x.excepciones, '') AS excepciones,
    r.record_key
FROM recon_record AS r
CROSS JOIN analytics_params AS pr
LEFT JOIN recon_invoice AS i ON i.uuid = r.uuid
LEFT JOIN recon_prei AS p ON p.uuid = r.uuid
LEFT JOIN recon_sagi AS s ON s.uuid = r.uuid
LEFT JOIN recon_payment AS pay ON pay.uuid = r.uuid
LEFT JOIN exc AS x ON x.record_key = r.record_key
