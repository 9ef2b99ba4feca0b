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
) = 1
