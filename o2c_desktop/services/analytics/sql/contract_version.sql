-- The maximum of each contract line (contract × clave) in force at the as-of date (DOMAIN §5):
-- the Primigenio's pieces per clave, replaced by each amendment in force (see contract_term) whose
-- object is "Ampliación de máximos" or "Ampliación de fecha y máximos", in CM order, for the
-- claves it lists. "Inclusión de marca" changes no quantity. Pieces per clave are read from the
-- register's "Productos y precio" text ("Clave 010.000.4411.00, Precio $83.00, Piezas 1,350;
-- …"): the warehouse keeps that list as text, an item in another shape is not read. Ordered =
-- non-cancelled orders citing the contract (SAI contrato; Camunda contract without suffix).
WITH p AS (
    SELECT * FROM analytics_params
),
versions AS (
    SELECT contrato, 0 AS numero, 'Primigenio' AS convenio, 'Primigenio' AS objeto, productos
    FROM asof_contract
    UNION ALL
    SELECT
        a.contrato,
        coalesce(TRY_CAST(regexp_extract(a.convenio, '[0-9]+') AS INTEGER), 0),
        a.convenio,
        a.objeto,
        a.productos
    FROM asof_contract_amendment AS a
    CROSS JOIN p
    WHERE upper(coalesce(a.estatus, '')) <> 'NO FORMALIZADO'
        AND (a.fecha_inicio IS NULL OR a.fecha_inicio <= p.as_of_date)
        AND (lower(a.objeto) LIKE '%máximos%' OR lower(a.objeto) LIKE '%maximos%')
),
items AS (
    SELECT
        v.contrato,
        v.numero,
        v.convenio,
        regexp_replace(
            regexp_extract(t.item, 'Clave\s*([0-9]{3}[.\- ][0-9]{3}[.\- ][0-9]{4}[.\- ][0-9]{2})', 1),
            '[\- ]', '.', 'g'
        ) AS clave,
        TRY_CAST(replace(regexp_extract(t.item, 'Precio\s*\$?\s*([0-9][0-9,]*(\.[0-9]+)?)', 1), ',', '')
            AS DECIMAL(18, 2)) AS precio,
        TRY_CAST(replace(regexp_extract(t.item, 'Piezas\s*([0-9][0-9,]*)', 1), ',', '') AS BIGINT)
            AS piezas
    FROM versions AS v
    CROSS JOIN unnest(string_split(v.productos, ';')) AS t(item)
),
parsed AS (
    SELECT * FROM items WHERE clave <> '' AND piezas IS NOT NULL
),
current_max AS (
    SELECT contrato, clave, convenio, piezas, precio
    FROM parsed
    QUALIFY row_number() OVER (
        PARTITION BY contrato, clave ORDER BY numero DESC, convenio DESC
    ) = 1
),
original_max AS (
    SELECT contrato, clave, piezas
    FROM parsed
    WHERE numero = 0 AND convenio = 'Primigenio'
),
orders AS (
    SELECT contrato, clave, cantidad_solicitada AS cantidad
    FROM asof_sai_order
    WHERE coalesce(estatus, '') <> 'Cancelada'
    UNION ALL
    SELECT numero_contrato, clave, cantidad_solicitada
    FROM asof_camunda_order
    WHERE coalesce(estatus, '') NOT IN ('CANCELADA', 'Cancelada')
),
ordered AS (
    SELECT contrato, clave, sum(cantidad) AS ordenado
    FROM orders
    GROUP BY contrato, clave
)
SELECT
    m.contrato,
    t.institucion,
    m.clave,
    m.precio,
    t.fecha_inicio,
    t.fecha_fin,
    t.convenio_fecha,
    o.piezas AS maximo_original,
    m.piezas AS maximo,
    m.convenio AS convenio_maximo,
    t.convenios,
    coalesce(d.ordenado, 0) AS ordenado,
    m.piezas - coalesce(d.ordenado, 0) AS saldo_a_maximo,
    CASE WHEN m.piezas > 0 THEN CAST(coalesce(d.ordenado, 0) AS DOUBLE) / m.piezas END
        AS uso_maximo
FROM current_max AS m
INNER JOIN contract_term AS t ON t.contrato = m.contrato
LEFT JOIN original_max AS o ON o.contrato = m.contrato AND o.clave = m.clave
LEFT JOIN ordered AS d ON d.contrato = m.contrato AND d.clave = m.clave
