"""Column titles shown above the report tables, in the window's language, from the services'
one declaration of every column (``services.columns``), which the exports share."""

from __future__ import annotations

from collections.abc import Sequence

from o2c_desktop.services.columns import COLUMNS, titles


def column_titles(lang: str = "es") -> dict[str, str]:
    return {name: spec.title(lang) for name, spec in COLUMNS.items()}


def titles_for(columns: Sequence[str], lang: str = "es") -> list[str]:
    return titles(columns, lang)
