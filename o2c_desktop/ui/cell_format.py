"""How a warehouse value is shown in a table cell or a detail field: the services' formatting by
column kind (``services.formats``), aligned to the right when it is a number. The native value
stays available for sorting."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from o2c_desktop.services.columns import NUMERIC_KINDS, kind_of
from o2c_desktop.services.formats import format_cell, kind_for_value

# Text longer than this is offered whole in a tooltip: the cell may show it elided.
TOOLTIP_MIN_CHARS = 16
# The role under which a table model gives a cell's native value, for sorting.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def display_text(value: object, column: str = "", lang: str = "es") -> str:
    return format_cell(value, column, lang)


def tooltip_text(value: object, column: str = "", lang: str = "es") -> str | None:
    text = display_text(value, column, lang)
    return text if len(text) >= TOOLTIP_MIN_CHARS else None


def alignment(value: object, column: str = "") -> Qt.AlignmentFlag:
    kind = kind_of(column) if column else "text"
    if kind == "text":
        kind = kind_for_value(value) if not isinstance(value, str) else "text"
    numeric = kind in NUMERIC_KINDS or (
        kind == "id" and isinstance(value, int | Decimal) and not isinstance(value, bool)
    )
    horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
    return horizontal | Qt.AlignmentFlag.AlignVCenter


def cell_data(value: object, column: str, role: int, lang: str = "es") -> object:
    """What a table model answers for one cell and role (None for a role it does not fill)."""
    if role == Qt.ItemDataRole.DisplayRole:
        return display_text(value, column, lang)
    if role == SORT_ROLE:
        return value
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip_text(value, column, lang)
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return int(alignment(value, column).value)
    return None
