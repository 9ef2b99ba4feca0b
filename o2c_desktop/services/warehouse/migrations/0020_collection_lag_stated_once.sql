-- The remaining-lag rule of the expected collection date is stated once: collection_lag holds
-- the P50 and P90 days of each leg of the way to payment, receivable_collection turns them into
-- a date per receivable and percentile, receivable_item is its P50 and the cash projection
-- (cashflow_item) reads both. The rows of receivable_item and cashflow_item do not change.

-- Analytics views (generated from o2c_desktop/services/analytics/sql by
-- o2c_desktop.services.analytics.views.migration_sql; edit those files, not this one).
-- analytics_params holds the defaults: today and everything known; the program binds
-- other dates and settings by stacking the same SQL as CTEs (see views.py).

CREATE OR REPLACE VIEW collection_lag AS
-- How many days invoices took to get paid, from the history known at the cut, on each leg of the
-- way: from each contrarecibo state to payment and from upload to payment (PREI), from invoice
-- to upload (an IMSS invoice not yet in PREI), and from invoice to the first payment notice
-- (OAP, IMSS-B). One row per percentile: 50, a typical invoice (receivable_item's expected
-- collection date, the cash projection's P50), and 90, a slow one (the projection's P90).
-- receivable_collection turns them into dates, with one rule for both.
WITH paid AS (
    SELECT
        date_diff('day', CAST(f_sin_contra_recibo AS DATE), CAST(f_pagado AS DATE))
            AS sin_contra_recibo,
        date_diff('day', CAST(f_en_proceso AS DATE), CAST(f_pagado AS DATE)) AS en_proceso,
        date_diff('day', CAST(f_aprobado AS DATE), CAST(f_pagado AS DATE)) AS aprobado,
        date_diff('day',
            CAST(coalesce(fecha_carga, f_sin_contra_recibo) AS DATE), CAST(f_pagado AS DATE))
            AS carga_a_pago
    FROM recon_prei
    WHERE f_pagado IS NOT NULL
),
uploaded AS (
    SELECT
        date_diff('day', i.fecha, CAST(coalesce(s.fecha_carga, s.f_sin_contra_recibo) AS DATE))
            AS factura_a_carga
    FROM recon_prei AS s
    INNER JOIN recon_invoice AS i ON i.uuid = s.uuid
),
first_paid AS (
    SELECT date_diff('day', i.fecha, p.primer_pago) AS factura_a_pago
    FROM recon_payment AS p
    INNER JOIN recon_invoice AS i ON i.uuid = p.uuid
)
SELECT 50 AS percentil, s.*, u.*, f.*
FROM (
    SELECT
        median(sin_contra_recibo) AS sin_contra_recibo,
        median(en_proceso) AS en_proceso,
        median(aprobado) AS aprobado,
        median(carga_a_pago) AS carga_a_pago
    FROM paid
) AS s
CROSS JOIN (SELECT median(factura_a_carga) AS factura_a_carga FROM uploaded) AS u
CROSS JOIN (SELECT median(factura_a_pago) AS factura_a_pago FROM first_paid) AS f
UNION ALL
SELECT 90 AS percentil, s.*, u.*, f.*
FROM (
    SELECT
        quantile_cont(sin_contra_recibo, 0.9) AS sin_contra_recibo,
        quantile_cont(en_proceso, 0.9) AS en_proceso,
        quantile_cont(aprobado, 0.9) AS aprobado,
        quantile_cont(carga_a_pago, 0.9) AS carga_a_pago
    FROM paid
) AS s
CROSS JOIN (SELECT quantile_cont(factura_a_carga, 0.9) AS factura_a_carga FROM uploaded) AS u
CROSS JOIN (SELECT quantile_cont(factura_a_pago, 0.9) AS factura_a_pago FROM first_paid) AS f;

CREATE OR REPLACE VIEW receivable_collection AS
-- Receivables at the cut, once per percentile of the history (collection_lag: 50 and 90): every
-- valid invoice not yet paid and every IMSS alta not yet invoiced ("Por facturar"), aged from the
-- alta, from the invoice and past the programmed payment date (fpp = alta + 45 d; else invoice
-- date + payment_term_days), with an expected collection date: the later of fpp and what is left,
-- at that percentile, of the time invoices in the same stage took to get paid (history). An IMSS
-- invoice not yet in PREI must first be uploaded (what is left of the upload lag) and then go the
-- whole way from upload to payment: however overdue, it is not cash this week. An IMSS-B invoice
-- is expected the invoice-to-payment time (OAP) after its date. receivable_item is the 50th
-- percentile; the cash projection (cashflow_item) reads both.
-- Factoring (DOMAIN §7) splits them by who holds them (cartera): 'Propia', 'Factorada' (sold to
-- a factor without recourse, until the factor confirms it collected) and 'Con recurso' (sold
-- with recourse: the supplier's exposure stays until the factor settles).
WITH rec AS (
    SELECT r.*
    FROM reconciliation AS r
    WHERE r.registro IN ('alta', 'factura')
        AND NOT r.factura_cancelada
        AND (r.uuid IS NOT NULL OR r.registro = 'alta')
    QUALIFY r.uuid IS NULL
        OR row_number() OVER (PARTITION BY r.uuid ORDER BY r.record_key) = 1
),
items AS (
    SELECT
        r.institucion,
        r.no_orden,
        r.no_alta,
        r.uuid,
        r.folio_factura,
        r.contrato,
        r.unidad,
        CASE
            WHEN r.candidatos IS NOT NULL THEN 'Facturación ambigua'
            WHEN r.uuid IS NULL THEN 'Por facturar'
            WHEN r.institucion = 'IMSS' THEN coalesce(r.estado_cr, 'Sin registro PREI')
            ELSE coalesce(r.estado_sagi, 'Facturada sin SAGI')
        END AS etapa,
        CAST(CASE WHEN r.uuid IS NULL THEN r.importe_alta ELSE r.importe_factura END
            AS DECIMAL(18, 2)) AS importe,
        r.fecha_entrega AS fecha_alta,
        r.fecha_factura,
        coalesce(
            r.fpp,
            r.fecha_factura + p.payment_term_days,
            r.fecha_entrega + p.payment_term_days
        ) AS fecha_programada,
        r.importe_pagado,
        r.estado_cr,
        CASE
            WHEN NOT coalesce(fa.cedida, FALSE) THEN 'Propia'
            WHEN fa.recourse THEN 'Con recurso'
            ELSE 'Factorada'
        END AS cartera,
        fa.factor,
        ps.estado_desde,
        p.as_of_date,
        p.bucket_1,
        p.bucket_2,
        p.bucket_3
    FROM rec AS r
    CROSS JOIN analytics_params AS p
    LEFT JOIN recon_prei AS ps ON ps.uuid = r.uuid
    LEFT JOIN recon_factoring AS fa ON fa.uuid = r.uuid
    WHERE CASE
        WHEN coalesce(fa.cedida, FALSE) THEN NOT fa.cobrada_por_factor OR fa.riesgo_recurso
        ELSE (r.institucion = 'IMSS' AND coalesce(r.estado_cr, '') <> 'Pagado')
            OR (r.institucion = 'IMSS-B' AND r.importe_pagado IS NULL AND r.uuid IS NOT NULL)
    END
),
aged AS (
    SELECT
        i.*,
        date_diff('day', i.fecha_alta, i.as_of_date) AS dias_desde_alta,
        date_diff('day', i.fecha_factura, i.as_of_date) AS dias_desde_factura,
        date_diff('day', i.fecha_programada, i.as_of_date) AS dias_vencido,
        date_diff('day', CAST(i.estado_desde AS DATE), i.as_of_date) AS dias_en_etapa
    FROM items AS i
)
SELECT
    l.percentil,
    a.institucion,
    a.no_orden,
    a.no_alta,
    a.uuid,
    a.folio_factura,
    a.contrato,
    a.unidad,
    a.etapa,
    a.importe,
    a.cartera,
    a.factor,
    a.fecha_alta,
    a.fecha_factura,
    a.fecha_programada,
    a.dias_desde_alta,
    a.dias_desde_factura,
    a.dias_vencido,
    CASE
        WHEN a.dias_desde_alta IS NULL THEN NULL
        WHEN a.dias_desde_alta <= a.bucket_1 THEN '0-' || CAST(a.bucket_1 AS VARCHAR)
        WHEN a.dias_desde_alta <= a.bucket_2
            THEN CAST(a.bucket_1 + 1 AS VARCHAR) || '-' || CAST(a.bucket_2 AS VARCHAR)
        WHEN a.dias_desde_alta <= a.bucket_3
            THEN CAST(a.bucket_2 + 1 AS VARCHAR) || '-' || CAST(a.bucket_3 AS VARCHAR)
        ELSE '>' || CAST(a.bucket_3 AS VARCHAR)
    END AS tramo_desde_alta,
    CASE
        WHEN a.dias_desde_factura IS NULL THEN NULL
        WHEN a.dias_desde_factura <= a.bucket_1 THEN '0-' || CAST(a.bucket_1 AS VARCHAR)
        WHEN a.dias_desde_factura <= a.bucket_2
            THEN CAST(a.bucket_1 + 1 AS VARCHAR) || '-' || CAST(a.bucket_2 AS VARCHAR)
        WHEN a.dias_desde_factura <= a.bucket_3
            THEN CAST(a.bucket_2 + 1 AS VARCHAR) || '-' || CAST(a.bucket_3 AS VARCHAR)
        ELSE '>' || CAST(a.bucket_3 AS VARCHAR)
    END AS tramo_desde_factura,
    CASE
        WHEN a.dias_vencido IS NULL THEN NULL
        WHEN a.dias_vencido <= 0 THEN 'No vencido'
        WHEN a.dias_vencido <= a.bucket_1 THEN '1-' || CAST(a.bucket_1 AS VARCHAR)
        WHEN a.dias_vencido <= a.bucket_2
            THEN CAST(a.bucket_1 + 1 AS VARCHAR) || '-' || CAST(a.bucket_2 AS VARCHAR)
        WHEN a.dias_vencido <= a.bucket_3
            THEN CAST(a.bucket_2 + 1 AS VARCHAR) || '-' || CAST(a.bucket_3 AS VARCHAR)
        ELSE '>' || CAST(a.bucket_3 AS VARCHAR)
    END AS tramo_vencimiento,
    greatest(
        a.fecha_programada,
        a.as_of_date + CAST(greatest(0, coalesce(
            CASE a.etapa
                WHEN 'Sin Contra Recibo' THEN l.sin_contra_recibo - a.dias_en_etapa
                WHEN 'En proceso' THEN l.en_proceso - a.dias_en_etapa
                WHEN 'Aprobado' THEN l.aprobado - a.dias_en_etapa
                WHEN 'Sin registro PREI'
                    THEN greatest(0, l.factura_a_carga - a.dias_desde_factura) + l.carga_a_pago
            END,
            0
        )) AS INTEGER),
        CASE WHEN a.institucion = 'IMSS-B'
            THEN a.fecha_factura + CAST(coalesce(l.factura_a_pago, 0) AS INTEGER) END,
        a.as_of_date
    ) AS fecha_cobro_esperada
FROM aged AS a
CROSS JOIN collection_lag AS l;

CREATE OR REPLACE VIEW receivable_item AS
-- Receivables at the cut with the expected collection date of a typical invoice: the 50th
-- percentile of the history (how it is worked out: receivable_collection).
SELECT
    institucion,
    no_orden,
    no_alta,
    uuid,
    folio_factura,
    contrato,
    unidad,
    etapa,
    importe,
    cartera,
    factor,
    fecha_alta,
    fecha_factura,
    fecha_programada,
    dias_desde_alta,
    dias_desde_factura,
    dias_vencido,
    tramo_desde_alta,
    tramo_desde_factura,
    tramo_vencimiento,
    fecha_cobro_esperada
FROM receivable_collection
WHERE percentil = 50;

CREATE OR REPLACE VIEW cashflow_item AS
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
SELECT * FROM events;
