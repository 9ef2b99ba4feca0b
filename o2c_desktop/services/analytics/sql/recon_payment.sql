-- What the OAP payment notices known at the cut say was paid per invoice.
SELECT
    uuid AS uuid,
    CAST(sum(importe) AS DECIMAL(18, 2)) AS pagado,
    min(valid_from) AS primer_pago,
    count(*) AS avisos,
    min(clc) AS clc
FROM asof_payment
GROUP BY uuid
