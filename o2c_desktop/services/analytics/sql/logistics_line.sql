-- Logistics, one row per delivery against an order line plus one "not delivered" row per line
-- whose received pieces fall short of the order (DOMAIN §6). days_diff = deadline − delivery
-- (+ early, − late); an undelivered shortfall counts deadline − as_of until the penalty cap is
-- reached, then stays at −penalty_max_days. Penalty = pieces × price × min(late days, cap) × rate;
-- IMSS-Bienestar values are estimates (the institution sets the real ones by letter). Provider:
-- the delivery report's proveedor3pl when it names one, else the switch date rule on the
-- delivery date (the deadline for undelivered pieces). Cancelled orders without deliveries are
-- left out.
WITH p AS (
    SELECT * FROM analytics_params
),
imss_orders AS (
    SELECT
        'IMSS' AS institucion, orden, clave, descripcion_entrega AS unidad, estatus,
        fecha_entrega AS fecha_limite, cantidad_solicitada AS cantidad_ordenada, precio
    FROM asof_sai_order
),
imssb_orders AS (
    SELECT
        'IMSS-B' AS institucion, numero_orden_suministro AS orden, min(clave) AS clave,
        min(coalesce(nombre_unidad, clues)) AS unidad, min(estatus) AS estatus,
        min(fecha_limite_entrega) AS fecha_limite, sum(cantidad_solicitada) AS cantidad_ordenada,
        min(precio_unitario) AS precio
    FROM asof_camunda_order
    GROUP BY numero_orden_suministro
),
named_provider AS (
    SELECT orden, fecha_entrega, min(proveedor3pl) AS proveedor
    FROM asof_delivery
    WHERE proveedor3pl IS NOT NULL
    GROUP BY orden, fecha_entrega
),
imssb_delivery AS (
    SELECT orden, piezas, fecha_entrega
    FROM (
        SELECT
            orden, archive_sha256, sum(piezas_entregadas) AS piezas,
            max(fecha_entrega) AS fecha_entrega,
            max(CASE WHEN cantidad_solicitada IS NULL THEN 1 ELSE 0 END) AS states_pieces
        FROM asof_delivery
        WHERE (instituto IS NULL OR instituto <> 'IMSS') AND fecha_entrega IS NOT NULL
        GROUP BY orden, archive_sha256
    ) AS per_report
    QUALIFY row_number() OVER (
        PARTITION BY orden ORDER BY states_pieces DESC, piezas DESC, archive_sha256
    ) = 1
),
deliveries AS (
    SELECT
        o.institucion, o.orden, a.no_alta, o.clave, coalesce(a.desc_unidad, o.unidad) AS unidad,
        o.estatus, o.fecha_limite, o.cantidad_ordenada, o.precio,
        a.fecha_alta AS fecha_entrega, a.cant_recibida AS cantidad, 'entrega' AS tipo
    FROM asof_sai_alta AS a
    INNER JOIN imss_orders AS o ON o.orden = a.no_orden AND o.clave = a.clave
    UNION ALL
    SELECT
        o.institucion, o.orden, NULL, o.clave, o.unidad, o.estatus, o.fecha_limite,
        o.cantidad_ordenada, o.precio, d.fecha_entrega, d.piezas, 'entrega'
    FROM imssb_delivery AS d
    INNER JOIN imssb_orders AS o ON o.orden = d.orden
),
received AS (
    SELECT institucion, orden, clave, sum(cantidad) AS recibido
    FROM deliveries
    GROUP BY institucion, orden, clave
),
shortfalls AS (
    SELECT
        o.institucion, o.orden, NULL AS no_alta, o.clave, o.unidad, o.estatus, o.fecha_limite,
        o.cantidad_ordenada, o.precio, CAST(NULL AS DATE) AS fecha_entrega,
        o.cantidad_ordenada - coalesce(r.recibido, 0) AS cantidad, 'no entregado' AS tipo
    FROM (SELECT * FROM imss_orders UNION ALL SELECT * FROM imssb_orders) AS o
    LEFT JOIN received AS r
        ON r.institucion = o.institucion AND r.orden = o.orden AND r.clave = o.clave
    WHERE o.cantidad_ordenada > coalesce(r.recibido, 0)
        AND coalesce(o.estatus, '') NOT IN ('Cancelada', 'CANCELADA')
),
lines AS (
    SELECT * FROM deliveries
    UNION ALL
    SELECT * FROM shortfalls
),
measured AS (
    SELECT
        l.*,
        CASE
            WHEN l.fecha_entrega IS NOT NULL THEN date_diff('day', l.fecha_entrega, l.fecha_limite)
            WHEN p.as_of_date <= l.fecha_limite + p.penalty_max_days
                THEN date_diff('day', p.as_of_date, l.fecha_limite)
            ELSE -p.penalty_max_days
        END AS dias_diferencia,
        coalesce(
            np.proveedor,
            CASE WHEN coalesce(l.fecha_entrega, l.fecha_limite) < p.provider_switch_date
                THEN p.provider_before ELSE p.provider_after END
        ) AS proveedor,
        p.penalty_rate_per_day,
        p.penalty_max_days
    FROM lines AS l
    CROSS JOIN p
    LEFT JOIN named_provider AS np
        ON np.orden = l.orden AND np.fecha_entrega = l.fecha_entrega
)
SELECT
    institucion,
    proveedor,
    orden AS no_orden,
    no_alta,
    clave,
    unidad,
    estatus AS estatus_orden,
    tipo,
    fecha_limite,
    fecha_entrega,
    cantidad_ordenada,
    cantidad,
    precio,
    dias_diferencia,
    CASE WHEN dias_diferencia < 0 THEN -dias_diferencia ELSE 0 END AS dias_atraso,
    CAST(CASE WHEN dias_diferencia < 0
        THEN cantidad * precio * least(-dias_diferencia, penalty_max_days) * penalty_rate_per_day
        ELSE 0 END AS DECIMAL(18, 2)) AS penalizacion,
    CAST(date_trunc('week', coalesce(fecha_entrega, fecha_limite)) AS DATE) AS semana
FROM measured
