-- Each (order, alta) an invoice cites, with the invoice's facts and the alta SAI shows for that
-- pair (alta_en_sai false when it shows none): the one join of invoices to altas that both the
-- chain records and the amount checks read.
SELECT
    l.uuid,
    l.no_orden,
    l.no_alta,
    i.factura,
    i.fecha,
    i.cancelada,
    i.institucion,
    a.importe AS importe_alta,
    a.no_alta IS NOT NULL AS alta_en_sai
FROM recon_invoice_link AS l
INNER JOIN recon_invoice AS i ON i.uuid = l.uuid
LEFT JOIN asof_sai_alta AS a ON a.no_alta = l.no_alta AND a.no_orden = l.no_orden
WHERE l.no_alta IS NOT NULL
