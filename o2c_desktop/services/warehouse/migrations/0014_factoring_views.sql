-- Analytics views (generated from o2c_desktop/services/analytics/sql by
-- o2c_desktop.services.analytics.views.migration_sql; edit those files, not this one).
-- analytics_params holds the defaults: today and everything known; the program binds
-- other dates and settings by stacking the same SQL as CTEs (see views.py).

CREATE OR REPLACE VIEW recon_factoring AS
-- Factoring per invoice (DOMAIN §7, "Factoring"): the operation of each invoice the supplier
-- discounted with a factor, by UUID. A statement row that gives only the folio is resolved
-- through the register and the CFDI (recon_invoice: "P-3772", or "3772" beside serie P). When
-- one invoice appears with two factors (offered to one, then assigned to another) the most
-- advanced operation wins, then the latest offer. Derived flags: cedida (the factor bought it:
-- assigned or later), cobrada_por_factor (the factor confirmed the institution paid it:
-- collected_by_factor or settled; only then is the invoice paid by the institution),
-- riesgo_recurso (assigned with recourse and not yet settled: the supplier still carries the
-- risk) and reserva_por_liberar (what the factor still owes the supplier until it settles).
WITH ops AS (
    SELECT
        f.*,
        coalesce(f.uuid, byfolio.uuid) AS invoice_uuid,
        CASE f.state
            WHEN 'offered' THEN 1
            WHEN 'assigned' THEN 2
            WHEN 'collected_by_factor' THEN 3
            WHEN 'settled' THEN 4
        END AS state_rank
    FROM asof_factoring_operation AS f
    LEFT JOIN (
        SELECT
            folio_key,
            min(uuid) AS uuid
        FROM (
            SELECT factura AS folio_key, uuid FROM recon_invoice WHERE NOT cancelada
            UNION
            SELECT regexp_replace(factura, '^[A-Za-z]+-', '') AS folio_key, uuid
            FROM recon_invoice
            WHERE NOT cancelada
        ) AS k
        GROUP BY folio_key
        -- A folio that names two valid invoices is not resolved rather than guessed.
        HAVING count(DISTINCT uuid) = 1
    ) AS byfolio ON f.uuid IS NULL AND byfolio.folio_key = f.folio
)
SELECT
    o.invoice_uuid AS uuid,
    o.factor,
    o.invoice_key,
    o.folio,
    o.state,
    CASE o.state
        WHEN 'offered' THEN 'Ofrecida'
        WHEN 'assigned' THEN 'Cedida al factor'
        WHEN 'collected_by_factor' THEN 'Cobrada por el factor'
        WHEN 'settled' THEN 'Liquidada'
    END AS estado_factoraje,
    o.recourse,
    o.offer_date,
    o.advance_date,
    o.due_date,
    o.collected_date,
    o.settled_date,
    o.face_amount,
    o.advance_pct,
    o.advance_amount,
    o.reserve_amount,
    o.fee_amount,
    o.discount_rate,
    o.state_rank >= 2 AS cedida,
    o.state_rank >= 3 AS cobrada_por_factor,
    o.state_rank IN (2, 3) AND o.recourse AS riesgo_recurso,
    -- The supplier receives face − fees in all: the advance now, the rest when the factor
    -- settles (Classic: reserve − fees; Cadenas: nothing, the interest came off the advance).
    CAST(CASE
        WHEN o.state_rank IN (2, 3) THEN greatest(
            0,
            o.face_amount
            - coalesce(o.advance_amount, o.face_amount * o.advance_pct, 0)
            - coalesce(o.fee_amount, 0)
        )
        ELSE 0
    END AS DECIMAL(18, 2)) AS reserva_por_liberar
FROM ops AS o
WHERE o.invoice_uuid IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY o.invoice_uuid ORDER BY o.state_rank DESC, o.offer_date DESC NULLS LAST, o.factor
) = 1;

CREATE OR REPLACE VIEW reconciliation AS
-- The reconciliation chain, one record per alta or order line (IMSS-Bienestar: per order and
-- invoice): order → alta → invoice → contrarecibo / SAGI → payment, with the furthest stage
-- reached (estatus_cadena), the first-priority exception (excepcion, in recon_exception's order
-- of priority) and all of them in alphabetical order (excepciones), read from the record's flags.
SELECT
    r.institucion,
    r.registro,
    r.no_orden,
    r.no_alta,
    r.clave,
    r.contrato,
    r.unidad,
    r.estatus_orden,
    r.fecha_limite,
    r.fecha_entrega,
    r.fpp,
    r.cantidad_ordenada,
    r.cantidad_entregada,
    r.importe_orden,
    r.importe_alta,
    r.uuid,
    i.factura AS folio_factura,
    CAST(i.fecha AS DATE) AS fecha_factura,
    i.total AS importe_factura,
    coalesce(i.cancelada, FALSE) AS factura_cancelada,
    r.candidatos,
    i.estado_cr,
    i.contra_recibo,
    i.f_en_proceso,
    i.f_aprobado,
    i.f_pagado,
    s.estado_sagi,
    i.pagado AS importe_pagado,
    i.clc,
    -- Factoring (DOMAIN §7): the state of the invoice's operation with its factor, empty when
    -- no statement names the invoice.
    fa.estado_factoraje,
    fa.factor,
    -- Paid by the institution: a factored invoice only once the factor confirms it collected
    -- (a PREI Pagado or an OAP payment on it went to the factor); otherwise the PREI state or a
    -- payment says so.
    CASE
        WHEN r.uuid IS NULL THEN FALSE
        WHEN coalesce(fa.cedida, FALSE) THEN fa.cobrada_por_factor
        ELSE i.pagado IS NOT NULL OR coalesce(i.estado_cr = 'Pagado', FALSE)
    END AS pagado_institucion,
    CASE
        WHEN r.registro = 'orden' AND r.estatus_orden = 'Cancelada' THEN 'Orden cancelada'
        WHEN r.registro = 'orden' AND coalesce(r.cantidad_entregada, 0) = 0
            AND r.fecha_limite < pr.as_of_date THEN 'Entrega vencida'
        WHEN r.registro = 'orden' AND coalesce(r.cantidad_entregada, 0) = 0 THEN 'Por entregar'
        WHEN r.registro = 'orden' THEN 'Por facturar'
        WHEN r.facturas_validas > 1 THEN 'Facturación ambigua'
        WHEN r.uuid IS NULL THEN 'Por facturar'
        WHEN i.cancelada THEN 'Factura cancelada'
        WHEN r.registro = 'factura' AND r.record_key LIKE 'F|%' AND r.institucion = 'IMSS'
            THEN 'Factura sin alta'
        WHEN r.registro = 'factura' AND r.record_key LIKE 'F|%' THEN 'Factura sin orden'
        WHEN fa.cobrada_por_factor THEN 'Cobrada por el factor'
        WHEN fa.cedida AND (i.pagado IS NOT NULL OR i.estado_cr = 'Pagado')
            THEN 'Pagado al factor, sin confirmar'
        WHEN i.pagado IS NOT NULL AND abs(i.pagado - i.total) > pr.amount_tolerance
            THEN 'Pagado con diferencia'
        WHEN i.pagado IS NOT NULL THEN 'Pagado'
        WHEN r.institucion = 'IMSS' THEN coalesce(i.estado_cr, 'Sin registro PREI')
        ELSE coalesce(s.estado_sagi, 'Facturada sin SAGI')
    END AS estatus_cadena,
    CASE
        WHEN r.x_cancelled_order_delivered THEN 'CANCELLED_ORDER_DELIVERED'
        WHEN r.x_alta_not_found THEN 'ALTA_NOT_FOUND'
        WHEN r.x_invoice_unmatched THEN 'INVOICE_UNMATCHED'
        WHEN r.x_alta_not_invoiced THEN 'ALTA_NOT_INVOICED'
        WHEN r.x_multiple_matches THEN 'MULTIPLE_MATCHES'
        WHEN r.x_cancelled_invoice_linked THEN 'CANCELLED_INVOICE_LINKED'
        WHEN r.x_amount_mismatch THEN 'AMOUNT_MISMATCH'
        WHEN r.x_invoice_not_in_prei THEN 'INVOICE_NOT_IN_PREI'
        WHEN r.x_paid_short THEN 'PAID_SHORT'
        WHEN r.x_paid_over THEN 'PAID_OVER'
        ELSE ''
    END AS excepcion,
    substr(
        CASE WHEN r.x_alta_not_found THEN ',ALTA_NOT_FOUND' ELSE '' END
        || CASE WHEN r.x_alta_not_invoiced THEN ',ALTA_NOT_INVOICED' ELSE '' END
        || CASE WHEN r.x_amount_mismatch THEN ',AMOUNT_MISMATCH' ELSE '' END
        || CASE WHEN r.x_cancelled_invoice_linked THEN ',CANCELLED_INVOICE_LINKED' ELSE '' END
        || CASE WHEN r.x_cancelled_order_delivered THEN ',CANCELLED_ORDER_DELIVERED' ELSE '' END
        || CASE WHEN r.x_invoice_not_in_prei THEN ',INVOICE_NOT_IN_PREI' ELSE '' END
        || CASE WHEN r.x_invoice_unmatched THEN ',INVOICE_UNMATCHED' ELSE '' END
        || CASE WHEN r.x_multiple_matches THEN ',MULTIPLE_MATCHES' ELSE '' END
        || CASE WHEN r.x_paid_over THEN ',PAID_OVER' ELSE '' END
        || CASE WHEN r.x_paid_short THEN ',PAID_SHORT' ELSE '' END,
        2
    ) AS excepciones,
    r.record_key
FROM recon_record_issue AS r
CROSS JOIN analytics_params AS pr
-- Every record's UUID is an invoice of recon_invoice (its links come from there).
LEFT JOIN recon_invoice_state AS i ON i.uuid = r.uuid
LEFT JOIN recon_sagi AS s ON s.uuid = r.uuid
LEFT JOIN recon_factoring AS fa ON fa.uuid = r.uuid;

CREATE OR REPLACE VIEW receivable_item AS
-- Receivables at the cut: every valid invoice not yet paid and every IMSS alta not yet invoiced
-- ("Por facturar"), aged from the alta, from the invoice and past the programmed payment date
-- (fpp = alta + 45 d; else invoice date + payment_term_days), with an expected collection date:
-- the later of fpp and the median time invoices in the same stage took to get paid (history).
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
prei_lag AS (
    SELECT
        median(date_diff('day', CAST(f_sin_contra_recibo AS DATE), CAST(f_pagado AS DATE)))
            AS sin_contra_recibo,
        median(date_diff('day', CAST(f_en_proceso AS DATE), CAST(f_pagado AS DATE))) AS en_proceso,
        median(date_diff('day', CAST(f_aprobado AS DATE), CAST(f_pagado AS DATE))) AS aprobado
    FROM recon_prei
    WHERE f_pagado IS NOT NULL
),
oap_lag AS (
    SELECT median(date_diff('day', i.fecha, p.primer_pago)) AS factura_a_pago
    FROM recon_payment AS p
    INNER JOIN recon_invoice AS i ON i.uuid = p.uuid
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
                WHEN 'Sin Contra Recibo' THEN l.sin_contra_recibo
                WHEN 'En proceso' THEN l.en_proceso
                WHEN 'Aprobado' THEN l.aprobado
            END
            - a.dias_en_etapa,
            0
        )) AS INTEGER),
        CASE WHEN a.institucion = 'IMSS-B'
            THEN a.fecha_factura + CAST(coalesce(o.factura_a_pago, 0) AS INTEGER) END,
        a.as_of_date
    ) AS fecha_cobro_esperada
FROM aged AS a
CROSS JOIN prei_lag AS l
CROSS JOIN oap_lag AS o;
