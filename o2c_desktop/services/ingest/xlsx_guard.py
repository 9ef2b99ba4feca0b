"""How much memory an xlsx will cost python-calamine, measured before calamine opens it.

calamine builds each sheet as one dense grid spanning from its first to its last cell, so a
single stray cell at ``XFD1048576`` asks for 17 billion cells (an abort, not an exception) and
one at ``XFD30000`` for several gigabytes. The shared-string table is loaded whole as well. This
module reads the zip the way calamine would, but streaming and counting only: the shared
strings' real size, and for every worksheet the largest row and column actually present (the
``<dimension>`` element is only a claim, cells may lie beyond it or it may claim far more than
there is). A workbook whose grid or strings would not fit is refused with one Spanish line.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from o2c_desktop.errors import InputFileError
from o2c_desktop.messages import Message, msg

# The largest grid accepted: a full-height sheet (1,048,576 rows) 42 columns wide, about
# 1.4 GB of calamine cells. Every export the program knows has fewer than 30 columns.
MAX_SHEET_CELLS = 44_000_000
# Shared strings are loaded whole as well; a register of a million rows needs well under 100 MB.
MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024
# Small parts read whole to name the sheets (workbook, relationships).
MAX_SMALL_PART_BYTES = 32 * 1024 * 1024

_CHUNK = 1 << 20
# A part whose cells all carry a reference within A..AN and below row 1,100,000 fits the grid
# whatever its length (40 × 1,099,999 < MAX_SHEET_CELLS). Proving that takes three searches
# with literal prefixes (about a second for 200 MB of XML, against five for calamine's own
# read); anything else (wider, deeper, unnumbered or namespace-prefixed cells) is walked
# cell by cell.
_USUAL_COLUMNS = 40
_USUAL_ROWS = 1_099_999
_OUTSIDE_USUAL = re.compile(
    rb'<c r="(?:[B-Z][A-Z]|A[O-Z]|[A-Z]{3}|[A-Z]\d{8}|[A-Z](?:1[1-9]|[2-9]\d)\d{5}")'
)
# Every cell outside the usual bounds has a second letter or a seventh digit: that simpler search
# costs half as much per cell, and only a chunk where it finds one is searched exactly (columns
# AA..AN and rows 1,000,000..1,099,999 are within bounds).
_MAYBE_OUTSIDE_USUAL = re.compile(rb'<c r="[A-Z](?:[A-Z]|\d{7})')
_UNNUMBERED_CELL = re.compile(rb"<c(?:[>/]|\s(?!r=\"))")
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
# Text in a CDATA section may hold tags that are not tags: such a sheet is walked, never assumed
# plainly laid out (nor cut into slices after a ``</row>`` that may sit inside it).
_CDATA = b"<![CDATA["
# A formula closed right before its cell: the writer stored no computed value for it.
# (openpyxl writes an empty ``<v/>`` after it.)
_FORMULA_WITHOUT_VALUE = re.compile(
    rb"(?:f>|f\s[^<>]*/>)\s*(?:<(?:[\w.-]+:)?v\s*/>|<(?:[\w.-]+:)?v>\s*</(?:[\w.-]+:)?v>)?"
    rb"\s*</(?:[\w.-]+:)?c>"
)
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br=\"([A-Z]{1,3}\d{1,9})\"")
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_ATTR_R = re.compile(rb"\br=\"([A-Z]{0,3})(\d{0,9})\"")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref=\"([^\"]*)\"")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s([^>]*)>")
_NAME = re.compile(rb"\bname=\"([^\"]*)\"")
_RID = re.compile(rb"\b[\w.-]*:id=\"([^\"]*)\"")
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\s([^>]*)>")
_ATTR = re.compile(rb"\b(Id|Target|Type)=\"([^\"]*)\"")


@dataclass(frozen=True)
class SheetExtent:
    """The grid calamine would allocate for one worksheet part (from A1: an upper bound)."""

    part: str
    rows: int  # the last row with a cell
    columns: int  # the last column with a cell
    exact: bool  # False: only proven to lie within the usual bounds
    dimension: str | None  # what the sheet claims, for the log
    formulas_without_value: int = 0
    first_formula_cell: str | None = None
    sheet: str | None = None  # the sheet's name in the workbook, when the workbook names it
    xml_bytes: int = 0  # the part's size as the zip declares it

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def last_cell(self) -> str:
        return f"{column_letters(self.columns)}{self.rows}"


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + byte - ord("A") + 1
    return number


class _CellWalk:
    """Follows rows and cells in document order; unnumbered ones sit after the previous."""

    def __init__(self) -> None:
        self.row = 0
        self.column = 0
        self.max_row = 0
        self.max_column = 0

    def feed(self, data: bytes) -> None:
        for match in _TAG.finditer(data):
            reference = _ATTR_R.search(match.group(2))
            letters, digits = reference.groups() if reference else (b"", b"")
            if match.group(1) == b"row":
                self.row = int(digits) if digits else self.row + 1
                self.column = 0
                continue
            self.column = _column_number(letters) if letters else self.column + 1
            self.max_column = max(self.max_column, self.column)
            self.max_row = max(self.max_row, int(digits) if digits else max(self.row, 1))


def _whole_tags(archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's XML in chunks cut before a ``<``, so no tag is split between two."""
    carry = b""
    with archive.open(part) as handle:
        while chunk := handle.read(_CHUNK):
            data = carry + chunk
            cut = data.rfind(b"<")
            if cut <= 0 or len(data) - cut > _CHUNK:  # no tag is a megabyte long
                cut = len(data)
            yield data[:cut]
            carry = data[cut:]
    if carry:
        yield carry


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > MAX_SMALL_PART_BYTES:
        return b""
    with archive.open(info) as handle:
        return handle.read(MAX_SMALL_PART_BYTES)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name in the workbook."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets: dict[bytes, str] = {}
    for match in _RELATIONSHIP.finditer(_read_small(archive, "xl/_rels/workbook.xml.rels")):
        attrs = dict(_ATTR.findall(match.group(1)))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        if attrs.get(b"Type", b"").endswith(b"/worksheet") and target:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[attrs.get(b"Id", b"")] = str(PurePosixPath(path))
    result: dict[str, str] = {}
    for match in _SHEET.finditer(_read_small(archive, "xl/workbook.xml")):
        name, rid = _NAME.search(match.group(1)), _RID.search(match.group(1))
        if name and rid and rid.group(1) in targets:
            result[targets[rid.group(1)]] = name.group(1).decode("utf-8", "replace")
    return result


def _measure(archive: zipfile.ZipFile, part: str) -> SheetExtent:
    dimension: str | None = None
    usual = True
    formulas = 0
    first_formula: str | None = None
    before_cells = True  # the dimension element comes before the sheet's data
    for data in _whole_tags(archive, part):
        if before_cells:
            cells_start = data.find(b"sheetData")
            found = _DIMENSION.search(data, 0, len(data) if cells_start < 0 else cells_start)
            if found:
                dimension = found.group(1).decode("ascii", "replace")
            before_cells = found is None and cells_start < 0
        if usual and (
            (_MAYBE_OUTSIDE_USUAL.search(data) and _OUTSIDE_USUAL.search(data))
            or _UNNUMBERED_CELL.search(data)
            or _PREFIXED_CELL.search(data)
            or _CDATA in data
        ):
            usual = False
        if (formula := _FORMULA_WITHOUT_VALUE.search(data)) is not None:
            formulas += len(_FORMULA_WITHOUT_VALUE.findall(data))
            if first_formula is None:
                cells = list(_CELL_START.finditer(data, 0, formula.start()))
                first_formula = cells[-1].group(1).decode() if cells else "?"
    rows, columns = _USUAL_ROWS, _USUAL_COLUMNS
    if not usual:
        walk = _CellWalk()
        for data in _whole_tags(archive, part):
            walk.feed(data)
        rows, columns = walk.max_row, walk.max_column
    return SheetExtent(part, rows, columns, not usual, dimension, formulas, first_formula)


def _refusal(file_name: str, why: Message, details: str) -> InputFileError:
    return InputFileError(msg("read.cannot_read", name=file_name, why=why), details=details)


def check_xlsx_extent(path_name: str, archive: zipfile.ZipFile) -> list[SheetExtent]:
    """Refuse a workbook calamine could not hold in memory; the extents of its worksheets."""
    parts = {info.filename: info for info in archive.infolist()}
    strings = next((n for n in parts if n.lower() == "xl/sharedstrings.xml"), None)
    if strings is not None:
        size = 0
        with archive.open(parts[strings]) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > MAX_SHARED_STRINGS_BYTES:
                    raise _refusal(
                        path_name,
                        msg(
                            "read.shared_strings_too_big",
                            megabytes=MAX_SHARED_STRINGS_BYTES // (1024 * 1024),
                        ),
                        f"{strings}: declared {parts[strings].file_size} bytes, "
                        f"compressed {parts[strings].compress_size}",
                    )
    names = _sheet_names(archive)
    worksheets = sorted(
        set(names) | {n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    )
    extents = []
    for part in worksheets:
        if part not in parts:
            continue
        extent = replace(
            _measure(archive, part), sheet=names.get(part), xml_bytes=parts[part].file_size
        )
        extents.append(extent)
        if extent.cells > MAX_SHEET_CELLS:
            last = extent.last_cell
            sheet = names.get(part, PurePosixPath(part).stem)
            raise _refusal(
                path_name,
                msg(
                    "read.sheet_too_big",
                    sheet=sheet,
                    cell=last,
                    rows=f"{extent.rows:,}",
                    columns=f"{extent.columns:,}",
                ),
                f"{part}: dimension {extent.dimension!r}, cells up to {last} "
                f"= {extent.cells} > {MAX_SHEET_CELLS}",
            )
    return extents
