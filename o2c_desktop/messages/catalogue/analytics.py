"""The analytics reports (reconciliation, receivables, contracts, logistics, cash flow): their
filters, cut, exports and where they read."""

MESSAGES: dict[str, tuple[str, str]] = {
    "report.bad_filter": (
        "Filtro inválido «{item}»: use campo=valor, por ejemplo institucion=IMSS.",
        "Invalid filter '{item}': use field=value, for example institucion=IMSS.",
    ),
    "report.unknown_filter_field": (
        "No se puede filtrar por «{key}»: ese campo no existe en este reporte. Campos: {fields}.",
        "Cannot filter by '{key}': no such field in this report. Fields: {fields}.",
    ),
    "report.export_suffix": (
        "No se puede exportar a «{name}»: use un archivo .xlsx o .csv.",
        "Cannot export to '{name}': use an .xlsx or .csv file.",
    ),
    "report.bad_as_of": (
        "La fecha de corte «{text}» no es válida: use dd/mm/aaaa (30/06/2025) o aaaa-mm-dd.",
        "The as-of date '{text}' is not valid: use dd/mm/yyyy (30/06/2025) or yyyy-mm-dd.",
    ),
    "report.export_reads_local": (
        "La exportación lee el almacén local; quite --team (o use --local) para exportar.",
        "Exports read the local warehouse; drop --team (or use --local) to export.",
    ),
    "report.gap_detail_reads_local": (
        "Los folios uno por uno y la exportación leen el almacén local; quite --team (o use "
        "--local).",
        "Per-folio rows and exports read the local warehouse; drop --team (or use --local).",
    ),
    "cashflow.weeks_out_of_range": (
        "El número de semanas ({weeks}) debe estar entre 1 y {most}.",
        "The number of weeks ({weeks}) must be between 1 and {most}.",
    ),
    "report.view_not_exported": (
        "La vista {view} no se exporta a un archivo: guarde su salida con --format csv (por "
        "ejemplo, o2c receivables --view {view} --format csv > {view}.csv).",
        "The {view} view is not exported to a file: save its output with --format csv (for "
        "example, o2c receivables --view {view} --format csv > {view}.csv).",
    ),
}
