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
),
alta_order AS (
    -- Altas with their order line, and the order lines no alta delivered (no_alta empty): one
    -- join for both.
    SELECT
        a.no_alta,
        coalesce(a.no_orden, o.orden) AS no_orden,
        a.clave AS clave_alta,
        a.no_contrato,
        a.desc_unidad,
        a.fecha_alta,
        a.fpp,
        a.cant_recibida,
        a.importe,
        o.orden,
        o.clave,
        o.contrato,
        o.descripcion_entrega,
        o.estatus,
        o.fecha_entrega,
        o.cantidad_solicitada,
        o.importe_sin_iva
    FROM alta AS a
    FULL OUTER JOIN asof_sai_order AS o ON o.orden = a.no_orden AND o.clave = a.clave
)
SELECT
    CASE WHEN x.no_alta IS NULL
        THEN 'O|IMSS|' || x.orden || '|' || coalesce(x.clave, '')
        ELSE 'A|' || x.no_orden || '|' || x.no_alta
    END AS record_key,
    'IMSS' AS institucion,
    CASE WHEN x.no_alta IS NULL THEN 'orden' ELSE 'alta' END AS registro,
    x.no_orden,
    x.no_alta,
    coalesce(x.clave, x.clave_alta) AS clave,
    coalesce(x.contrato, x.no_contrato) AS contrato,
    coalesce(x.desc_unidad, x.descripcion_entrega) AS unidad,
    x.estatus AS estatus_orden,
    x.fecha_entrega AS fecha_limite,
    x.fecha_alta AS fecha_entrega,
    x.fpp,
    x.cantidad_solicitada AS cantidad_ordenada,
    CASE WHEN x.no_alta IS NULL THEN 0 ELSE x.cant_recibida END AS cantidad_entregada,
    CAST(x.importe AS DECIMAL(18, 2)) AS importe_alta,
    CAST(x.importe_sin_iva AS DECIMAL(18, 2)) AS importe_orden,
    CASE
        WHEN coalesce(m.n_validas, 0) = 1 THEN m.uuid_valida
        WHEN coalesce(m.n_validas, 0) = 0 THEN m.uuid_cancelada
    END AS uuid,
    c.candidatos,
    coalesce(m.n_validas, 0) AS facturas_validas,
    coalesce(m.n_canceladas, 0) AS facturas_canceladas
FROM alta_order AS x
LEFT JOIN matched AS m ON m.no_alta = x.no_alta AND m.no_orden = x.no_orden
LEFT JOIN candidates AS c ON c.no_alta = x.no_alta AND c.no_orden = x.no_orden

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
