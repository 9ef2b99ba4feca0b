-- IMSS chain records: one per alta (a partial delivery of an order line), one per order line with
-- no alta, and one per invoice that cites an alta SAI does not show. An alta is linked to the
-- invoices whose register row cites both its noAlta and its noOrden. With several valid invoices
-- the link is left undecided and the candidates are listed.
WITH alta AS (
    SELECT * FROM asof_sai_alta
),
link AS (
    SELECT no_orden, no_alta, uuid, factura, cancelada, fecha, alta_en_sai
    FROM recon_alta_link
    WHERE institucion = 'IMSS'
),
matched AS (
    SELECT
        k.no_orden,
        k.no_alta,
        sum(CASE WHEN k.cancelada THEN 0 ELSE 1 END) AS n_validas,
        sum(CASE WHEN k.cancelada THEN 1 ELSE 0 END) AS n_canceladas,
        min(CASE WHEN k.cancelada THEN NULL ELSE k.uuid END) AS uuid_valida,
        min(CASE WHEN k.cancelada THEN k.uuid END) AS uuid_cancelada
    FROM link AS k
    GROUP BY k.no_orden, k.no_alta
),
candidates AS (
    -- Listed only where the link is undecided: building the text for every alta was the most
    -- expensive step of the chain.
    SELECT
        k.no_orden,
        k.no_alta,
        string_agg(k.uuid || ' (' || coalesce(k.factura, '') || ')', '; ' ORDER BY k.uuid)
            AS candidatos
    FROM link AS k
    INNER JOIN (SELECT * FROM matched WHERE n_validas > 1) AS m
        ON m.no_alta = k.no_alta AND m.no_orden = k.no_orden
    WHERE NOT k.cancelada
    GROUP BY k.no_orden, k.no_alta
),
coverage AS (
    SELECT min(fecha_alta) AS desde FROM alta
)
SELECT
    'A|' || a.no_orden || '|' || a.no_alta AS record_key,
    'IMSS' AS institucion,
    'alta' AS registro,
    a.no_orden,
    a.no_alta,
    coalesce(o.clave, a.clave) AS clave,
    coalesce(o.contrato, a.no_contrato) AS contrato,
    coalesce(a.desc_unidad, o.descripcion_entrega) AS unidad,
    o.estatus AS estatus_orden,
    o.fecha_entrega AS fecha_limite,
    a.fecha_alta AS fecha_entrega,
    a.fpp,
    o.cantidad_solicitada AS cantidad_ordenada,
    a.cant_recibida AS cantidad_entregada,
    CAST(a.importe AS DECIMAL(18, 2)) AS importe_alta,
    CAST(o.importe_sin_iva AS DECIMAL(18, 2)) AS importe_orden,
    CASE
        WHEN coalesce(m.n_validas, 0) = 1 THEN m.uuid_valida
        WHEN coalesce(m.n_validas, 0) = 0 THEN m.uuid_cancelada
    END AS uuid,
    c.candidatos,
    coalesce(m.n_validas, 0) AS facturas_validas,
    coalesce(m.n_canceladas, 0) AS facturas_canceladas
FROM alta AS a
LEFT JOIN asof_sai_order AS o ON o.orden = a.no_orden AND o.clave = a.clave
LEFT JOIN matched AS m ON m.no_alta = a.no_alta AND m.no_orden = a.no_orden
LEFT JOIN candidates AS c ON c.no_alta = a.no_alta AND c.no_orden = a.no_orden

UNION ALL

SELECT
    'O|IMSS|' || o.orden || '|' || coalesce(o.clave, '') AS record_key,
    'IMSS' AS institucion,
    'orden' AS registro,
    o.orden AS no_orden,
    NULL AS no_alta,
    o.clave,
    o.contrato,
    o.descripcion_entrega AS unidad,
    o.estatus AS estatus_orden,
    o.fecha_entrega AS fecha_limite,
    NULL AS fecha_entrega,
    NULL AS fpp,
    o.cantidad_solicitada AS cantidad_ordenada,
    0 AS cantidad_entregada,
    NULL AS importe_alta,
    CAST(o.importe_sin_iva AS DECIMAL(18, 2)) AS importe_orden,
    NULL AS uuid,
    NULL AS candidatos,
    0 AS facturas_validas,
    0 AS facturas_canceladas
FROM asof_sai_order AS o
WHERE NOT EXISTS (
    SELECT 1 FROM alta AS a WHERE a.no_orden = o.orden AND a.clave = o.clave
)

UNION ALL

SELECT
    'F|' || i.uuid AS record_key,
    'IMSS' AS institucion,
    'factura' AS registro,
    min(i.no_orden) AS no_orden,
    min(i.no_alta) AS no_alta,
    NULL AS clave,
    NULL AS contrato,
    NULL AS unidad,
    NULL AS estatus_orden,
    NULL AS fecha_limite,
    NULL AS fecha_entrega,
    NULL AS fpp,
    NULL AS cantidad_ordenada,
    NULL AS cantidad_entregada,
    NULL AS importe_alta,
    NULL AS importe_orden,
    i.uuid,
    NULL AS candidatos,
    CASE WHEN i.cancelada THEN 0 ELSE 1 END AS facturas_validas,
    CASE WHEN i.cancelada THEN 1 ELSE 0 END AS facturas_canceladas
FROM link AS i
CROSS JOIN coverage AS c
WHERE NOT i.alta_en_sai AND CAST(i.fecha AS DATE) >= c.desde
GROUP BY i.uuid, i.cancelada
