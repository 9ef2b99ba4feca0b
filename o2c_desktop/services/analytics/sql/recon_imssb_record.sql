-- IMSS-Bienestar chain records: one per (supply order, invoice citing it as Referencia), one per
-- order with no invoice, and one per invoice whose Referencia is no known supply order. An order
-- billed in two parts (observed: 51 of 910 orders) is normal, not an ambiguity.
WITH ord AS (
    SELECT
        numero_orden_suministro AS orden,
        min(clave) AS clave,
        min(numero_contrato) AS contrato,
        min(coalesce(nombre_unidad, clues, almacen_entrega)) AS unidad,
        min(estatus) AS estatus,
        min(fecha_limite_entrega) AS fecha_limite,
        sum(cantidad_solicitada) AS cantidad_ordenada,
        CAST(sum(importe) AS DECIMAL(18, 2)) AS importe_orden
    FROM asof_camunda_order
    GROUP BY numero_orden_suministro
),
delivered AS (
    -- A delivery can show in the unified report and in Provider A's "Concentrado". The latter has
    -- no delivered-pieces column (its pieces are the ordered quantity when "Entregado"), so per
    -- order the report that states pieces wins; reports are never added up.
    SELECT orden, piezas, fecha_entrega
    FROM (
        SELECT
            orden,
            archive_sha256,
            sum(piezas_entregadas) AS piezas,
            max(fecha_entrega) AS fecha_entrega,
            max(CASE WHEN cantidad_solicitada IS NULL THEN 1 ELSE 0 END) AS states_pieces
        FROM asof_delivery
        WHERE instituto IS NULL OR instituto <> 'IMSS'
        GROUP BY orden, archive_sha256
    ) AS per_report
    QUALIFY row_number() OVER (
        PARTITION BY orden ORDER BY states_pieces DESC, piezas DESC, archive_sha256
    ) = 1
),
inv AS (
    SELECT i.*, l.no_orden
    FROM recon_invoice AS i
    INNER JOIN recon_invoice_link AS l ON l.uuid = i.uuid
    WHERE i.institucion = 'IMSS-B'
),
coverage AS (
    SELECT min(fecha_expedicion) AS desde FROM asof_camunda_order
)
SELECT
    CASE WHEN i.uuid IS NULL
        THEN 'O|IMSS-B|' || o.orden || '|' || coalesce(o.clave, '')
        ELSE 'B|' || o.orden || '|' || i.uuid
    END AS record_key,
    'IMSS-B' AS institucion,
    CASE WHEN i.uuid IS NULL THEN 'orden' ELSE 'factura' END AS registro,
    o.orden AS no_orden,
    NULL AS no_alta,
    o.clave,
    o.contrato,
    o.unidad,
    o.estatus AS estatus_orden,
    o.fecha_limite,
    d.fecha_entrega,
    NULL AS fpp,
    o.cantidad_ordenada,
    d.piezas AS cantidad_entregada,
    NULL AS importe_alta,
    o.importe_orden,
    i.uuid,
    NULL AS candidatos,
    CASE WHEN i.uuid IS NULL OR i.cancelada THEN 0 ELSE 1 END AS facturas_validas,
    CASE WHEN i.cancelada THEN 1 ELSE 0 END AS facturas_canceladas
FROM ord AS o
LEFT JOIN inv AS i ON i.no_orden = o.orden
LEFT JOIN delivered AS d ON d.orden = o.orden

UNION ALL

SELECT
    'F|' || i.uuid AS record_key,
    'IMSS-B' AS institucion,
    'factura' AS registro,
    i.no_orden,
    NULL AS no_alta,
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
FROM inv AS i
CROSS JOIN coverage AS c
WHERE CAST(i.fecha AS DATE) >= c.desde
    AND NOT EXISTS (SELECT 1 FROM ord AS o WHERE o.orden = i.no_orden)
