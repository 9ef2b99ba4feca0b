-- Each contract's term in force at the as-of date (DOMAIN §5): the Primigenio's start and end,
-- then the amendments CM1..n in their number order, each from its own start date (the Fecha
-- Inicio of its register row; from the contract's start when blank). "Ampliación de fecha" (and
-- "… de fecha y máximos") sets a new end. An amendment marked "NO formalizado" is not signed, so
-- it is not in force.
WITH p AS (
    SELECT * FROM analytics_params
),
in_force AS (
    SELECT
        a.contrato,
        a.convenio,
        a.objeto,
        a.fecha_fin,
        coalesce(TRY_CAST(regexp_extract(a.convenio, '[0-9]+') AS INTEGER), 0) AS numero
    FROM asof_contract_amendment AS a
    CROSS JOIN p
    WHERE upper(coalesce(a.estatus, '')) <> 'NO FORMALIZADO'
        AND (a.fecha_inicio IS NULL OR a.fecha_inicio <= p.as_of_date)
),
new_end AS (
    SELECT contrato, convenio, fecha_fin
    FROM in_force
    WHERE lower(objeto) LIKE 'ampliación de fecha%' AND fecha_fin IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY contrato ORDER BY numero DESC, convenio DESC) = 1
),
counted AS (
    SELECT contrato, count(*) AS convenios
    FROM in_force
    GROUP BY contrato
)
SELECT
    c.contrato,
    upper(c.institucion) AS institucion,
    c.fecha_inicio,
    c.fecha_fin AS fecha_fin_original,
    coalesce(e.fecha_fin, c.fecha_fin) AS fecha_fin,
    coalesce(e.convenio, 'Primigenio') AS convenio_fecha,
    coalesce(n.convenios, 0) AS convenios
FROM asof_contract AS c
LEFT JOIN new_end AS e ON e.contrato = c.contrato
LEFT JOIN counted AS n ON n.contrato = c.contrato
