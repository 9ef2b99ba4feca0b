"""How a value reads to a person, decided by its column's kind (see ``services.columns``).

Money with the currency sign (``$1,745,905.00``), pieces and counts as integers with thousands
separators (``1,350``), folios, orders and years without them (``2023``), percentages as
``70.9 %``, dates ``dd/mm/aaaa``, booleans ``Sí``/``No`` (``Yes``/``No`` in English), exception
reasons as words. Mexican and US conventions agree on separators, so only the words change with
the language. A column nobody declared falls back on its value's type.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

from o2c_desktop.services.columns import ColumnKind, kind_of, reason_words

_YES = {"es": "Sí", "en": "Yes"}


def kind_for_value(value: object) -> ColumnKind:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, Decimal):
        return "money"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, int | float):
        return "count"
    return "text"


def yes_no(value: bool, lang: str = "es") -> str:
    return _YES.get(lang, _YES["es"]) if value else "No"


def _whole(value: int | float | Decimal) -> bool:
    return value == int(value)


def _grouped(value: int | float | Decimal, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def format_value(value: object, kind: ColumnKind | None = None, lang: str = "es") -> str:
    """The text of ``value`` in a column of ``kind`` (``None``: judged by the value); nothing
    for a missing value."""
    if value is None:
        return ""
    if kind is None or (kind == "text" and not isinstance(value, str)):
        kind = kind_for_value(value)
    if kind == "bool":
        return yes_no(bool(value), lang)
    if isinstance(value, datetime):
        if kind == "date":
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if kind == "reason":
        return reason_words(str(value), lang)
    if kind == "reasons":
        codes = [code.strip() for code in str(value).split(",") if code.strip()]
        return "; ".join(reason_words(code, lang) for code in codes)
    if not isinstance(value, int | float | Decimal):
        return str(value)
    number = value
    if kind == "money":
        if number < 0:
            return f"-${_grouped(-number, 2)}"
        return f"${_grouped(number, 2)}"
    if kind == "percent":
        return f"{_grouped(number, 1)} %"
    if kind == "ratio":
        return f"{_grouped(Decimal(str(number)) * 100, 1)} %"
    if kind == "id":
        return str(int(number)) if _whole(number) else str(number)
    # pieces and counts: whole numbers as such; an average keeps one decimal
    return _grouped(number, 0 if _whole(number) else 1)


def format_cell(value: object, column: str, lang: str = "es") -> str:
    """The text of ``value`` in the declared column ``column``."""
    return format_value(value, kind_of(column) if column else None, lang)


def format_tick(value: float, kind: ColumnKind) -> str:
    """A chart axis label: as in a cell, without the cents or decimals a round tick never has."""
    whole = round(value)
    if kind == "money":
        return f"{'-' if whole < 0 else ''}${abs(whole):,}"
    if kind in ("percent", "ratio"):
        shown = value * 100 if kind == "ratio" else value
        return f"{shown:,.0f} %" if float(shown).is_integer() else f"{shown:,.1f} %"
    return f"{whole:,}" if float(value).is_integer() else f"{value:,.1f}"


def nice_ticks(
    lowest: float, highest: float, count: int = 5, *, whole: bool = False
) -> list[float]:
    """Round tick values covering ``lowest``..``highest`` (steps of 1, 2 or 5 × 10ⁿ); ``whole``
    for things counted one by one (folios, pieces), which never take a fractional tick."""
    span = highest - lowest
    if span <= 0:
        return [lowest, lowest + 1]
    rough = span / count
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    if whole:
        step = max(step, 1)
    first = math.floor(lowest / step) * step
    ticks = [first]
    while ticks[-1] < highest:
        ticks.append(ticks[-1] + step)
    return ticks


# Mexico's zones by the city a clerk knows them by; any other zone by its own last part.
_ZONE_PLACES = {
    "America/Mexico_City": "Ciudad de México",
    "America/Monterrey": "Monterrey",
    "America/Merida": "Mérida",
    "America/Cancun": "Cancún",
    "America/Chihuahua": "Chihuahua",
    "America/Ciudad_Juarez": "Ciudad Juárez",
    "America/Hermosillo": "Hermosillo",
    "America/Mazatlan": "Mazatlán",
    "America/Tijuana": "Tijuana",
    "America/Matamoros": "Matamoros",
    "America/Ojinaga": "Ojinaga",
    "America/Bahia_Banderas": "Bahía de Banderas",
}


def zone_place(zone: str) -> str:
    """``America/Mexico_City`` -> ``Ciudad de México``: the place whose clock a time follows."""
    return _ZONE_PLACES.get(zone) or zone.rsplit("/", 1)[-1].replace("_", " ")


def read_typed_day(text: str) -> date | None:
    """A day as a person types it: dd/mm/aaaa (day first, as clerks write it) or aaaa-mm-dd;
    None when it is neither or no such day exists."""
    value = text.strip()
    parts = value.split("/")
    try:
        # ASCII digits only: str.isdigit() and int() accept other scripts' digits too.
        numeric = all(p.isascii() and p.isdigit() for p in parts)
        if len(parts) == 3 and numeric and len(parts[2]) == 4:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        return date.fromisoformat(value) if "/" not in value else None
    except ValueError:
        return None
