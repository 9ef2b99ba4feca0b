-- Contract balances per demand line (institution × unit × year × clave × funding): min, max,
-- amendments, ordered (non-cancelled orders), delivered, invoiced, paid, what remains to the max
-- and to the min, burn rate (ordered pieces per day over the trailing burn_window_days, or the
-- average since the line's start when it is younger), projected exhaustion date and minimum at
-- risk. The end date and the amendments counted are those in force at the cut (contract_term).
-- IMSS orders belong to the line of their unit (descripcionEntrega) and issue year; IMSS-B orders
-- to the line of their state, year and the funding of their contract family (DOMAIN §10 #9:
-- -034- → RAMO 12, -122- → FONSABI, -188- → E023).
WITH p AS (
    SELECT * FROM analytics_params
),
orders AS (
    SELECT
        'IMSS' AS institucion,
        o.descripcion_entrega AS unidad,
        CAST(year(o.fecha_expedicion) AS BIGINT) AS anio,
        o.clave,
        CAST(NULL AS VARCHAR) AS fuente,
        o.orden,
        o.fecha_expedicion,
        o.cantidad_solicitada AS cantidad
    FROM asof_sai_order AS o
    WHERE coalesce(o.estatus, '') <> 'Cancelada'
    UNION ALL
    SELECT
        CASE WHEN c.numero_contrato LIKE '%-INSABI-%' THEN 'INSABI' ELSE 'IMSS-BIENESTAR' END,
        c.entidad_destino,
        CAST(year(coalesce(c.fecha_expedicion, c.fecha_autorizacion)) AS BIGINT),
        c.clave,
        CASE
            WHEN c.numero_contrato LIKE '%-034-%' THEN 'RAMO 12'
            WHEN c.numero_contrato LIKE '%-122-%' THEN 'FONSABI'
            WHEN c.numero_contrato LIKE '%-188-%' THEN 'E023'
        END,
        c.numero_orden_suministro,
        coalesce(c.fecha_expedicion, c.fecha_autorizacion),
        c.cantidad_solicitada
    FROM asof_camunda_order AS c
    WHERE coalesce(c.estatus, '') NOT IN ('CANCELADA', 'Cancelada')
),
lines AS (
    SELECT
        l.institucion, l.unidad, l.anio, l.clave, l.fuente, l.procedimiento,
        l.qty_min, l.qty_max, l.precio,
        row_number() OVER (ORDER BY l.institucion, l.unidad, l.anio, l.clave, l.fuente) AS line_id
    FROM asof_contract_line AS l
),
line_orders AS (
    SELECT ln.line_id, o.*
    FROM lines AS ln
    INNER JOIN orders AS o
        ON o.institucion = ln.institucion AND o.unidad = ln.unidad AND o.anio = ln.anio
        AND o.clave = ln.clave
        AND (o.fuente IS NULL OR ln.fuente LIKE o.fuente || '%')
),
billed AS (
    -- An invoice that bills several altas (of one or several orders) is shared among them in
    -- proportion to their amounts, so that it counts once; an ambiguous or cancelled link
    -- counts nothing. IMSS-Bienestar records are one per (order, invoice) already.
    SELECT
        no_orden,
        CASE
            WHEN institucion = 'IMSS' AND count(*) OVER (PARTITION BY uuid) > 1
                THEN CAST(importe_factura * importe_alta / sum(importe_alta) OVER (PARTITION BY uuid)
                    AS DECIMAL(18, 2))
            ELSE importe_factura
        END AS facturado,
        CASE
            WHEN institucion = 'IMSS' AND coalesce(estado_cr, '') <> 'Pagado' THEN NULL
            WHEN institucion = 'IMSS' AND count(*) OVER (PARTITION BY uuid) > 1
                THEN CAST(importe_factura * importe_alta / sum(importe_alta) OVER (PARTITION BY uuid)
                    AS DECIMAL(18, 2))
            WHEN institucion = 'IMSS' THEN importe_factura
            ELSE importe_pagado
        END AS pagado
    FROM reconciliation
    WHERE uuid IS NOT NULL AND NOT factura_cancelada AND candidatos IS NULL
        AND (registro = 'alta' OR record_key LIKE 'B|%')
),
billed_order AS (
    SELECT no_orden, sum(facturado) AS facturado, sum(pagado) AS pagado
    FROM billed
    GROUP BY no_orden
),
delivered_order AS (
    SELECT
        no_orden,
        sum(CASE WHEN registro = 'alta' OR record_key LIKE 'B|%' THEN cantidad_entregada END)
            AS entregado_alta,
        max(CASE WHEN institucion = 'IMSS-B' THEN cantidad_entregada END) AS entregado_b
    FROM reconciliation
    GROUP BY no_orden
),
per_line AS (
    SELECT
        lo.line_id,
        sum(lo.cantidad) AS ordenado,
        sum(CASE WHEN lo.institucion = 'IMSS' THEN coalesce(ch.entregado_alta, 0)
            ELSE coalesce(ch.entregado_b, 0) END) AS entregado,
        sum(coalesce(bo.facturado, 0)) AS facturado,
        sum(coalesce(bo.pagado, 0)) AS pagado,
        sum(CASE WHEN lo.fecha_expedicion > p.as_of_date - p.burn_window_days
            AND lo.fecha_expedicion <= p.as_of_date THEN lo.cantidad ELSE 0 END)
            AS ordenado_ventana,
        sum(CASE WHEN lo.fecha_expedicion <= p.as_of_date THEN lo.cantidad ELSE 0 END)
            AS ordenado_al_corte
    FROM line_orders AS lo
    CROSS JOIN p
    LEFT JOIN delivered_order AS ch ON ch.no_orden = lo.orden
    LEFT JOIN billed_order AS bo ON bo.no_orden = lo.orden
    GROUP BY lo.line_id
),
contracts AS (
    -- The term in force at the cut (amended end date, amendments counted).
    SELECT * FROM contract_term
),
balances AS (
    SELECT
        ln.*,
        ct.contrato,
        coalesce(ct.convenios, 0) AS convenios,
        coalesce(ct.fecha_fin, CAST(CAST(ln.anio AS VARCHAR) || '-12-31' AS DATE)) AS fecha_fin,
        coalesce(pl.ordenado, 0) AS ordenado,
        coalesce(pl.entregado, 0) AS entregado,
        CAST(coalesce(pl.facturado, 0) AS DECIMAL(18, 2)) AS facturado,
        CAST(coalesce(pl.pagado, 0) AS DECIMAL(18, 2)) AS pagado,
        -- Days of history: from the start of the line (its year, or the contract's start when
        -- later) to the cut, both included.
        date_diff('day', greatest(
            coalesce(ct.fecha_inicio, CAST(CAST(ln.anio AS VARCHAR) || '-01-01' AS DATE)),
            CAST(CAST(ln.anio AS VARCHAR) || '-01-01' AS DATE)
        ), p.as_of_date) + 1 AS dias_historia,
        coalesce(pl.ordenado_ventana, 0) AS ordenado_ventana,
        coalesce(pl.ordenado_al_corte, 0) AS ordenado_al_corte,
        p.as_of_date
    FROM lines AS ln
    CROSS JOIN p
    LEFT JOIN per_line AS pl ON pl.line_id = ln.line_id
    LEFT JOIN contracts AS ct
        ON (ct.institucion = ln.institucion
            OR (ln.institucion = 'IMSS-BIENESTAR' AND ct.institucion = 'IMSS-BIENESTAR'))
        AND CAST(CAST(ln.anio AS VARCHAR) || '-06-30' AS DATE) BETWEEN ct.fecha_inicio
            AND ct.fecha_fin_original
        AND (ln.institucion = 'IMSS' OR ct.contrato LIKE '%-' || CASE
            WHEN ln.fuente LIKE 'RAMO 12%' THEN '034'
            WHEN ln.fuente LIKE 'FONSABI%' THEN '122'
            ELSE '188' END || '-%')
    QUALIFY row_number() OVER (PARTITION BY ln.line_id ORDER BY ct.contrato) = 1
),
burn AS (
    SELECT
        b.*,
        CASE
            WHEN b.dias_historia <= 0 THEN 0.0
            WHEN b.dias_historia < p.burn_window_days
                THEN CAST(b.ordenado_al_corte AS DOUBLE) / b.dias_historia
            ELSE CAST(b.ordenado_ventana AS DOUBLE) / p.burn_window_days
        END AS consumo_diario
    FROM balances AS b
    CROSS JOIN p
),
projected AS (
    -- What the line will have ordered by its end at the current pace; a fraction of a piece
    -- short of the minimum is a whole piece at risk.
    SELECT
        u.*,
        CAST(greatest(0, ceil(round(u.qty_min - (u.ordenado + u.consumo_diario
            * greatest(0, date_diff('day', u.as_of_date, u.fecha_fin))), 6))) AS BIGINT)
            AS minimo_en_riesgo
    FROM burn AS u
)
SELECT
    contrato,
    institucion,
    unidad,
    anio,
    clave,
    fuente,
    qty_min AS minimo,
    qty_max AS maximo,
    precio,
    convenios,
    fecha_fin,
    ordenado,
    entregado,
    facturado,
    pagado,
    qty_max - ordenado AS saldo_a_maximo,
    greatest(0, qty_min - ordenado) AS faltante_a_minimo,
    ordenado - entregado AS pendiente_de_entrega,
    CASE WHEN qty_max > 0 THEN CAST(ordenado AS DOUBLE) / qty_max END AS uso_maximo,
    CAST(round(consumo_diario, 2) AS DECIMAL(18, 2)) AS consumo_diario,
    CASE WHEN consumo_diario > 0 AND qty_max > ordenado
        THEN as_of_date + CAST(ceil(round((qty_max - ordenado) / consumo_diario, 6)) AS INTEGER)
    END AS fecha_agotamiento,
    CASE WHEN consumo_diario > 0 AND qty_max > ordenado
        AND as_of_date + CAST(ceil(round((qty_max - ordenado) / consumo_diario, 6)) AS INTEGER)
            < fecha_fin
        THEN TRUE ELSE FALSE END AS agota_antes_del_fin,
    minimo_en_riesgo,
    CAST(minimo_en_riesgo * precio AS DECIMAL(18, 2)) AS minimo_en_riesgo_importe,
    minimo_en_riesgo > 0 AS alerta_minimo
FROM projected
