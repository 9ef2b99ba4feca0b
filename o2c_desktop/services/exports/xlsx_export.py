"""Excel for finance: streamed with xlsxwriter's constant-memory mode, real numbers and dates
(money as MXN, dates dd/mm/yyyy), a frozen header with an autofilter, a parameters sheet, and
detail beyond Excel's 1,048,576-row limit continued on ``Detalle (2)``, ``Detalle (3)``, ..."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from o2c_desktop import __version__
from o2c_desktop.services.exports.atomic import atomic_path
from o2c_desktop.services.exports.sources import RowSource, iter_row_chunks

EXCEL_MAX_ROWS = 1_048_576  # including the header row
MONEY_FORMAT = '"$"#,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
PARAMETERS_SHEET = "Parámetros"
_MAX_WIDTH = 60
_SHEET_NAME_LIMIT = 31  # Excel's own limit

ColumnKind = Literal["auto", "text", "int", "number", "money", "date", "datetime"]


@dataclass(frozen=True)
class Column:
    """One exported column: the field it reads, its header and how its cells are typed."""

    field: str
    header: str = ""
    kind: ColumnKind = "auto"

    @property
    def title(self) -> str:
        return self.header or self.field


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: Sequence[Column]
    rows: RowSource = field(default_factory=list)


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.money = book.add_format({"num_format": MONEY_FORMAT})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.datetime = book.add_format({"num_format": DATETIME_FORMAT})
        self.integer = book.add_format({"num_format": "0"})


def _write_cell(
    sheet: Worksheet, row: int, col: int, value: Any, kind: ColumnKind, fmt: _Formats
) -> None:
    if value is None:
        return
    if isinstance(value, Decimal) or (kind == "money" and isinstance(value, int | float)):
        sheet.write_number(row, col, float(value), fmt.money)
        return
    if isinstance(value, datetime):
        if kind == "date":
            sheet.write_datetime(row, col, value, fmt.date)
        else:
            sheet.write_datetime(row, col, value.replace(tzinfo=None), fmt.datetime)
        return
    if isinstance(value, date):
        sheet.write_datetime(row, col, value, fmt.date)
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
        return
    if isinstance(value, int):
        sheet.write_number(row, col, value, fmt.integer)
        return
    if isinstance(value, float):
        sheet.write_number(row, col, value)
        return
    sheet.write_string(row, col, str(value))


def _width(values: list[Any], title: str) -> float:
    longest = max([len(title), *(len(str(v)) for v in values if v is not None)])
    return float(min(_MAX_WIDTH, max(8, longest + 2)))


def _sheet_name(base: str, part: int) -> str:
    suffix = "" if part == 1 else f" ({part})"
    return base[: _SHEET_NAME_LIMIT - len(suffix)] + suffix


class _SheetWriter:
    """Writes one spec's rows, opening a continuation sheet whenever the current one is full."""

    def __init__(
        self, book: xlsxwriter.Workbook, spec: SheetSpec, fmt: _Formats, max_rows: int
    ) -> None:
        self.book, self.spec, self.fmt, self.max_rows = book, spec, fmt, max_rows
        self.part = 0
        self.sheet: Worksheet | None = None
        self.row = 0
        self.total = 0
        self.widths: list[float] | None = None
        self.names: list[str] = []

    def _close_sheet(self) -> None:
        if self.sheet is not None:
            last_col = len(self.spec.columns) - 1
            self.sheet.autofilter(0, 0, max(self.row - 1, 0), last_col)

    def _open_sheet(self) -> Worksheet:
        self._close_sheet()
        self.part += 1
        name = _sheet_name(self.spec.name, self.part)
        sheet = self.book.add_worksheet(name)
        self.names.append(name)
        sheet.freeze_panes(1, 0)
        for col, column in enumerate(self.spec.columns):
            sheet.write_string(0, col, column.title, self.fmt.header)
            if self.widths is not None:
                sheet.set_column(col, col, self.widths[col])
        self.sheet, self.row = sheet, 1
        return sheet

    def write(self) -> int:
        columns = self.spec.columns
        sheet = self._open_sheet()
        for chunk in iter_row_chunks(self.spec.rows, [c.field for c in columns]):
            if self.widths is None:
                self.widths = [
                    _width([r[i] for r in chunk[:1000]], c.title) for i, c in enumerate(columns)
                ]
                for col, width in enumerate(self.widths):
                    sheet.set_column(col, col, width)
            for values in chunk:
                if self.row > self.max_rows:
                    sheet = self._open_sheet()
                for col, value in enumerate(values):
                    _write_cell(sheet, self.row, col, value, columns[col].kind, self.fmt)
                self.row += 1
                self.total += 1
        if self.widths is None:
            for col, column in enumerate(columns):
                sheet.set_column(col, col, _width([], column.title))
        self._close_sheet()
        return self.total


def write_xlsx(
    path: Path,
    sheets: Sequence[SheetSpec],
    parameters: dict[str, Any],
    *,
    max_rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
) -> dict[str, int]:
    """Write the sheets in order, then the parameters sheet; returns data rows per spec name."""
    counts: dict[str, int] = {}
    with atomic_path(path) as temporary:
        book = xlsxwriter.Workbook(
            str(temporary), {"constant_memory": True, "remove_timezone": True}
        )
        try:
            fmt = _Formats(book)
            for spec in sheets:
                counts[spec.name] = _SheetWriter(book, spec, fmt, max_rows_per_sheet).write()
            _write_parameters(book, parameters, fmt)
        finally:
            book.close()
    return counts


def _write_parameters(book: xlsxwriter.Workbook, parameters: dict[str, Any], fmt: _Formats) -> None:
    sheet = book.add_worksheet(PARAMETERS_SHEET)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 50)
    sheet.write_string(0, 0, "Parámetro", fmt.header)
    sheet.write_string(0, 1, "Valor", fmt.header)
    items = [*parameters.items(), ("versión del programa", __version__)]
    for row, (key, value) in enumerate(items, start=1):
        sheet.write_string(row, 0, str(key))
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        _write_cell(sheet, row, 1, value, "auto", fmt)
    sheet.autofilter(0, 0, len(items), 1)
