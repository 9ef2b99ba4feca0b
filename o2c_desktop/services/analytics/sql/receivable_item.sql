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
WHERE percentil = 50
