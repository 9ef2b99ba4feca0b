"""Missing invoice folios: the period asked for, the ledger and its report files."""

MESSAGES: dict[str, tuple[str, str]] = {
    "gaps.bad_day": (
        "La fecha «{text}» de {option} no es válida: use dd/mm/aaaa (24/08/2025) o AAAA-MM-DD "
        "(2025-08-24).",
        "The date '{text}' given to {option} is not valid: use dd/mm/yyyy (24/08/2025) or "
        "YYYY-MM-DD (2025-08-24).",
    ),
    "gaps.bad_month": (
        "El mes «{text}» de {option} no es válido: use AAAA-MM con un mes del 01 al 12, por "
        "ejemplo 2024-01.",
        "The month '{text}' given to {option} is not valid: use YYYY-MM with a month from 01 to "
        "12, e.g. 2024-01.",
    ),
    "gaps.period_given_twice": (
        "Use solo una forma de indicar el periodo ({options} se excluyen).",
        "Give the period only one way ({options} exclude each other).",
    ),
    "gaps.range_needs_both_ends": (
        "Indique las dos fechas del periodo: --from AAAA-MM-DD y --to AAAA-MM-DD.",
        "Give both ends of the period: --from YYYY-MM-DD and --to YYYY-MM-DD.",
    ),
    "gaps.range_reversed": (
        "La fecha de --from ({start}) es posterior a la de --to ({end}). Inviértalas o corrija "
        "una de las dos.",
        "--from ({start}) is after --to ({end}). Swap them or fix one.",
    ),
    "gaps.as_of_in_future": (
        "La fecha de corte {day} es futura; indique hoy o una fecha pasada.",
        "The as-of date {day} is in the future; give today or a past date.",
    ),
    "gaps.export_suffix": (
        "No se puede exportar a «{name}»: use un archivo .csv o .xlsx.",
        "Cannot export to '{name}': use a .csv or .xlsx file.",
    ),
    "gaps.first_month_after_now": (
        "El mes inicial «{since}» es posterior al mes actual; indique un mes desde 2024-01 hasta "
        "el actual.",
        "The first month '{since}' is after the current month; give a month from 2024-01 up to "
        "the current one.",
    ),
    "gaps.ledger_ahead": (
        "El libro de folios faltantes ya está actualizado al {previous:%Y-%m-%d %H:%M}; no se "
        "puede actualizar a un momento anterior ({as_of:%Y-%m-%d %H:%M}). Para ver el pasado use "
        "el reporte con --as-of.",
        "The gap ledger is already up to {previous:%Y-%m-%d %H:%M}; it cannot be refreshed to an "
        "earlier instant ({as_of:%Y-%m-%d %H:%M}). Use the report's --as-of to look at the past.",
    ),
    "gaps.no_invoices": (
        "Aún no hay facturas cargadas para analizar folios faltantes. Cargue el registro de "
        "facturas, los XML CFDI o el archivo de tiendas (o ejecute «o2c demo») y repita.",
        "No invoices are loaded yet for the gap analysis. Load the invoice register, the CFDI "
        "XML or the store feed (or run 'o2c demo') and try again.",
    ),
}
