-- Expected cash per event at the cut (DOMAIN §7 "Projection" and "Factoring"), one row per
-- invoice and kind of cash (concepto):
--   cobro_institucion  an open invoice the supplier still owns: Total − expected penalty on the
--                      expected payment date at the 50th and 90th percentiles of the history
--                      (receivable_collection; P50 = receivable_item.fecha_cobro_esperada);
--   anticipo           a factored invoice (state assigned) whose advance is dated at or after the
--                      cut: the advance on its advance_date;
--   reserva / comision a factored invoice not yet settled: the reserve, and the fees charged out
--                      of it, on the expected settlement = the invoice's expected payment (the cut
--                      when the institution or the factor has already paid).
-- An `offered` operation is not factored yet: its invoice is projected as the supplier's own.
-- A reserve of 0 ("Cadenas": 100 % advance minus the interest) has its fees inside the advance,
-- so nothing is expected at settlement. Operations come from recon_factoring: one per invoice
-- (the most advanced), folio-only statement rows resolved through the register.
WITH fact_op AS (
    SELECT
        f.uuid, f.factor, f.state, f.advance_date, f.advance_amount, f.reserve_amount,
        f.fee_amount, f.recourse, f.collected_date
    FROM recon_factoring AS f
),
open_penalty AS (
    -- Penalty letters without a credit note yet: withheld from the order's open invoices,
    -- in proportion to their amounts.
    SELECT orden_suministro AS no_orden, sum(pena) AS pena
    FROM asof_penalty
    WHERE folio_nc IS NULL
    GROUP BY orden_suministro
),
open_invoice AS (
    -- Each invoice still to be paid (one row per percentile in receivable_collection) with its
    -- expected payment at P50 and P90.
    SELECT
        r.institucion, r.uuid, r.folio_factura, r.no_orden, r.etapa, r.importe,
        max(CASE WHEN r.percentil = 50 THEN r.fecha_cobro_esperada END) AS fecha_cobro_esperada,
        max(CASE WHEN r.percentil = 90 THEN r.fecha_cobro_esperada END) AS fecha_p90
    FROM receivable_collection AS r
    WHERE r.uuid IS NOT NULL AND r.etapa <> 'Facturación ambigua'
    GROUP BY r.institucion, r.uuid, r.folio_factura, r.no_orden, r.etapa, r.importe
),
projected AS (
    SELECT
        o.*,
        CAST(coalesce(
            pe.pena * o.importe / sum(o.importe) OVER (PARTITION BY o.no_orden), 0
        ) AS DECIMAL(18, 2)) AS penalizacion_esperada
    FROM open_invoice AS o
    LEFT JOIN open_penalty AS pe ON pe.no_orden = o.no_orden
),
invoice_ref AS (
    SELECT i.uuid, i.institucion, i.factura AS folio_factura, i.total
    FROM recon_invoice AS i
    QUALIFY row_number() OVER (PARTITION BY i.uuid ORDER BY i.fecha) = 1
),
events AS (
    SELECT
        'cobro_institucion' AS concepto, p.institucion, p.uuid, p.folio_factura, p.etapa,
        CAST(NULL AS VARCHAR) AS factor, f.state AS estado_factoraje,
        CAST(NULL AS BOOLEAN) AS con_recurso, p.importe AS importe_factura,
        p.penalizacion_esperada, p.fecha_cobro_esperada AS fecha_p50, p.fecha_p90,
        CAST(p.importe - p.penalizacion_esperada AS DECIMAL(18, 2)) AS importe
    FROM projected AS p
    LEFT JOIN fact_op AS f ON f.uuid = p.uuid
    WHERE f.uuid IS NULL OR f.state = 'offered'
    UNION ALL
    SELECT
        'anticipo', coalesce(p.institucion, ir.institucion), f.uuid,
        coalesce(p.folio_factura, ir.folio_factura), p.etapa, f.factor, f.state, f.recourse,
        coalesce(p.importe, ir.total), CAST(0 AS DECIMAL(18, 2)), f.advance_date, f.advance_date,
        CAST(f.advance_amount AS DECIMAL(18, 2))
    FROM fact_op AS f
    CROSS JOIN analytics_params AS pr
    LEFT JOIN projected AS p ON p.uuid = f.uuid
    LEFT JOIN invoice_ref AS ir ON ir.uuid = f.uuid
    WHERE f.state = 'assigned' AND f.advance_date >= pr.as_of_date
        AND coalesce(f.advance_amount, 0) <> 0
    UNION ALL
    SELECT
        c.concepto, coalesce(p.institucion, ir.institucion), f.uuid,
        coalesce(p.folio_factura, ir.folio_factura), p.etapa, f.factor, f.state, f.recourse,
        coalesce(p.importe, ir.total), CAST(0 AS DECIMAL(18, 2)),
        coalesce(p.fecha_cobro_esperada, pr.as_of_date), coalesce(p.fecha_p90, pr.as_of_date),
        CAST(CASE c.concepto WHEN 'reserva' THEN f.reserve_amount
            ELSE -coalesce(f.fee_amount, 0) END AS DECIMAL(18, 2))
    FROM fact_op AS f
    CROSS JOIN analytics_params AS pr
    CROSS JOIN (SELECT 'reserva' AS concepto UNION ALL SELECT 'comision') AS c
    LEFT JOIN projected AS p ON p.uuid = f.uuid
    LEFT JOIN invoice_ref AS ir ON ir.uuid = f.uuid
    WHERE f.state IN ('assigned', 'collected_by_factor')
        AND coalesce(f.reserve_amount, 0) > 0
        AND (c.concepto = 'reserva' OR coalesce(f.fee_amount, 0) <> 0)
)
SELECT * FROM events
