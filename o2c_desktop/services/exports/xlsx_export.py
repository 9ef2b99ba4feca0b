"""Excel for finance: streamed with xlsxwriter's constant-memory mode, real numbers and dates
with a number format by column kind (money as MXN, pieces as integers, folios and years without
separators, percentages, Sí/No, dates dd/mm/yyyy), a frozen header with an autofilter, a
parameters sheet, and detail beyond Excel's 1,048,576-row limit continued on ``Detalle (2)``,
``Detalle (3)``, ...

Every sheet prints: landscape, the header row repeated on each page, and a footer with the
export's parameters and the page number. A sheet that fits one page wide at a readable size is
shrunk to one page wide; a wider one (the reconciliation has some thirty columns) prints at a
readable size across several pages, row block by row block, with its leading identifying columns
repeated on every page so each page can be read alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from o2c_desktop import __version__
from o2c_desktop.services.columns import ColumnKind, code_title, kind_of, title
from o2c_desktop.services.exports.atomic import atomic_path
from o2c_desktop.services.exports.sources import RowSource, iter_row_chunks
from o2c_desktop.services.formats import format_value, kind_for_value, yes_no

if TYPE_CHECKING:
    # Imported where a workbook is written: a CSV export or report never loads xlsxwriter.
    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

EXCEL_MAX_ROWS = 1_048_576  # including the header row
MONEY_FORMAT = '"$"#,##0.00'
PIECES_FORMAT = "#,##0"
AVERAGE_FORMAT = "#,##0.0#"
ID_FORMAT = "0"
PERCENT_FORMAT = "0.0 %"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm:ss"
PARAMETERS_SHEET = "Parámetros"
_MAX_WIDTH = 60
_SHEET_NAME_LIMIT = 31  # Excel's own limit
_FOOTER_LIMIT = 255  # Excel's limit for a header or footer, codes included
_PAGE_OF = {"es": "Página &P de &N", "en": "Page &P of &N"}
# Letter landscape between the margins below holds about this many characters of Excel's
# default font at 100 %.
_PRINTABLE_CHARS = 135
_MIN_FIT_SCALE = 55  # per cent: one page wide at least this large still reads
_READABLE_SCALE = 65  # per cent: the size a wider sheet prints at, across pages
_REPEATED_COLUMNS_SHARE = 0.3  # of a page's width, at most, for the repeated columns
_MAX_REPEATED_COLUMNS = 4
_IDENTIFYING_KINDS = ("text", "id", "date", "datetime")


@dataclass(frozen=True)
class Column:
    """One exported column: the field it reads, its header and how its cells are typed."""

    field: str
    header: str = ""
    kind: ColumnKind | None = None  # None: judged by each value

    @property
    def title(self) -> str:
        return self.header or self.field


def sheet_columns(names: Sequence[str], lang: str = "es") -> list[Column]:
    """The Excel columns of ``names``: titled as on screen and typed by their declared kind; a
    reason column is read as words, with its code beside it for formulas and machines."""
    columns = []
    for name in names:
        kind = kind_of(name)
        columns.append(Column(name, title(name, lang), kind))
        if kind == "reason":
            columns.append(Column(name, code_title(name, lang), "text"))
    return columns


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: Sequence[Column]
    rows: RowSource = field(default_factory=list)


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook, lang: str) -> None:
        self.lang = lang
        self.header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.money = book.add_format({"num_format": MONEY_FORMAT})
        self.date = book.add_format({"num_format": DATE_FORMAT})
        self.datetime = book.add_format({"num_format": DATETIME_FORMAT})
        self.pieces = book.add_format({"num_format": PIECES_FORMAT})
        self.average = book.add_format({"num_format": AVERAGE_FORMAT})
        self.identifier = book.add_format({"num_format": ID_FORMAT})
        self.percent = book.add_format({"num_format": PERCENT_FORMAT})
        # A real 1/0, shown as words: it still sums and filters as a number.
        yes = yes_no(True, lang)
        self.boolean = book.add_format({"num_format": f'"{yes}";"{yes}";"No"'})


def _write_cell(
    sheet: Worksheet, row: int, col: int, value: Any, kind: ColumnKind | None, fmt: _Formats
) -> None:
    if value is None:
        return
    if kind is None or (kind == "text" and not isinstance(value, str)):
        kind = kind_for_value(value)
    if isinstance(value, datetime):
        if kind == "date":
            sheet.write_datetime(row, col, value.replace(tzinfo=None), fmt.date)
        else:
            sheet.write_datetime(row, col, value.replace(tzinfo=None), fmt.datetime)
        return
    if isinstance(value, date):
        sheet.write_datetime(row, col, value, fmt.date)
        return
    if kind == "bool":
        sheet.write_number(row, col, 1 if value else 0, fmt.boolean)
        return
    if not isinstance(value, int | float | Decimal) or kind in ("text", "reason", "reasons"):
        sheet.write_string(row, col, format_value(value, kind, fmt.lang))
        return
    number = float(value)
    if kind == "money":
        sheet.write_number(row, col, number, fmt.money)
    elif kind == "percent":
        sheet.write_number(row, col, number / 100, fmt.percent)
    elif kind == "ratio":
        sheet.write_number(row, col, number, fmt.percent)
    elif kind == "id":
        sheet.write_number(row, col, number, fmt.identifier)
    elif number.is_integer():
        sheet.write_number(row, col, number, fmt.pieces)
    else:
        sheet.write_number(row, col, number, fmt.average)


def _width(values: list[Any], column: Column, lang: str) -> float:
    shown = [format_value(v, column.kind, lang) for v in values if v is not None]
    longest = max([len(column.title), *(len(text) for text in shown)])
    return float(min(_MAX_WIDTH, max(8, longest + 2)))


def footer_text(parameters: dict[str, Any], lang: str) -> str:
    """The print footer: what was exported (report, cut, filters) and the page number."""
    page = _PAGE_OF.get(lang, _PAGE_OF["es"])
    shown = []
    for key, value in list(parameters.items())[:4]:
        if isinstance(value, datetime | date):
            value = format_value(value, "date" if key.startswith("fecha") else None, lang)
        shown.append(f"{key}: {value}")
    # "&" starts a code in a header or footer; a literal one is written twice.
    note = " · ".join(shown).replace("&", "&&")
    room = _FOOTER_LIMIT - len(page) - len("&L&R") - 1
    if len(note) > room:
        note = note[: room - 1].rstrip("&") + "…"
    return f"&L{note}&R{page}"


def _print_setup(sheet: Worksheet, footer: str) -> None:
    sheet.set_landscape()
    sheet.set_paper(1)  # Letter, the paper of Mexican offices
    sheet.fit_to_pages(1, 0)  # as wide as one page, as many pages long as it takes
    sheet.repeat_rows(0)
    sheet.set_footer(footer)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)


def _fit_for_print(sheet: Worksheet, widths: Sequence[float], columns: Sequence[Column]) -> None:
    """One page wide when that leaves the text readable; otherwise readable-size pages across,
    the leading identifying columns (text, ids, dates; never figures) repeated on each."""
    if sum(widths) * _MIN_FIT_SCALE / 100 <= _PRINTABLE_CHARS:
        return
    sheet.fit_to_pages(0, 0)  # no fitting: the scale below applies
    sheet.set_print_scale(_READABLE_SCALE)
    sheet.print_across()  # every column of a row block before the next rows
    room = _PRINTABLE_CHARS * 100 / _READABLE_SCALE * _REPEATED_COLUMNS_SHARE
    repeated, used = 0, 0.0
    for width, column in zip(widths[:_MAX_REPEATED_COLUMNS], columns, strict=False):
        if used + width > room or column.kind not in _IDENTIFYING_KINDS:
            break
        repeated, used = repeated + 1, used + width
    if repeated:
        sheet.repeat_columns(0, repeated - 1)


def _sheet_name(base: str, part: int) -> str:
    suffix = "" if part == 1 else f" ({part})"
    return base[: _SHEET_NAME_LIMIT - len(suffix)] + suffix


class _SheetWriter:
    """Writes one spec's rows, opening a continuation sheet whenever the current one is full."""

    def __init__(
        self, book: xlsxwriter.Workbook, spec: SheetSpec, fmt: _Formats, max_rows: int,
        footer: str,
    ) -> None:  # fmt: skip
        self.book, self.spec, self.fmt, self.max_rows = book, spec, fmt, max_rows
        self.footer = footer
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
        _print_setup(sheet, self.footer)
        for col, column in enumerate(self.spec.columns):
            sheet.write_string(0, col, column.title, self.fmt.header)
            if self.widths is not None:
                sheet.set_column(col, col, self.widths[col])
        if self.widths is not None:
            _fit_for_print(sheet, self.widths, self.spec.columns)
        self.sheet, self.row = sheet, 1
        return sheet

    def write(self) -> int:
        columns = self.spec.columns
        sheet = self._open_sheet()
        for chunk in iter_row_chunks(self.spec.rows, [c.field for c in columns]):
            if self.widths is None:
                self.widths = [
                    _width([r[i] for r in chunk[:1000]], c, self.fmt.lang)
                    for i, c in enumerate(columns)
                ]
                for col, width in enumerate(self.widths):
                    sheet.set_column(col, col, width)
                _fit_for_print(sheet, self.widths, self.spec.columns)
            for values in chunk:
                if self.row > self.max_rows:
                    sheet = self._open_sheet()
                for col, value in enumerate(values):
                    _write_cell(sheet, self.row, col, value, columns[col].kind, self.fmt)
                self.row += 1
                self.total += 1
        if self.widths is None:
            for col, column in enumerate(columns):
                sheet.set_column(col, col, _width([], column, self.fmt.lang))
        self._close_sheet()
        return self.total


def write_xlsx(
    path: Path,
    sheets: Sequence[SheetSpec],
    parameters: dict[str, Any],
    *,
    max_rows_per_sheet: int = EXCEL_MAX_ROWS - 1,
    lang: str = "es",
) -> dict[str, int]:
    """Write the sheets in order, then the parameters sheet; returns data rows per spec name.
    ``lang`` is the language of the words the cells show (Sí/No, reasons, the footer)."""
    counts: dict[str, int] = {}
    with atomic_path(path) as temporary:
        import xlsxwriter

        book = xlsxwriter.Workbook(
            str(temporary), {"constant_memory": True, "remove_timezone": True}
        )
        try:
            fmt = _Formats(book, lang)
            footer = footer_text(parameters, lang)
            for spec in sheets:
                writer = _SheetWriter(book, spec, fmt, max_rows_per_sheet, footer)
                counts[spec.name] = writer.write()
            _write_parameters(book, parameters, fmt, footer)
        finally:
            book.close()
    return counts


def _write_parameters(
    book: xlsxwriter.Workbook, parameters: dict[str, Any], fmt: _Formats, footer: str
) -> None:
    sheet = book.add_worksheet(PARAMETERS_SHEET)
    sheet.freeze_panes(1, 0)
    _print_setup(sheet, footer)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 50)
    sheet.write_string(0, 0, "Parámetro", fmt.header)
    sheet.write_string(0, 1, "Valor", fmt.header)
    items = [*parameters.items(), ("versión del programa", __version__)]
    for row, (key, value) in enumerate(items, start=1):
        sheet.write_string(row, 0, str(key))
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        _write_cell(sheet, row, 1, value, None, fmt)
    sheet.autofilter(0, 0, len(items), 1)
