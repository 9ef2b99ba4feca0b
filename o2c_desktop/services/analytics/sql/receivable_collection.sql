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
CROSS JOIN collection_lag AS l
