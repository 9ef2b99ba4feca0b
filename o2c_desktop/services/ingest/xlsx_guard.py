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
from collections import Counter
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
# whatever its length (40 × 1,099,999 < MAX_SHEET_CELLS). Proving that takes a few searches with
# literal prefixes (about a second for 200 MB of XML, against five for calamine's own read);
# anything else is walked cell by cell. calamine places a cell by its last ``r`` attribute, read
# with any quotes, any blanks around ``=`` and letters of either case, so the proof accepts only
# the one spelling Excel writes (``<c r="AB12"``, the reference first, never repeated) and sends
# every other spelling to the walk.
_USUAL_COLUMNS = 40
_USUAL_ROWS = 1_099_999
_OUTSIDE_USUAL = re.compile(
    rb'<c r="(?:[B-Z][A-Z]|A[O-Z]|[A-Z]{3}|[A-Z]\d{8}|[A-Z](?:1[1-9]|[2-9]\d)\d{5}")'
)
# Every cell outside the usual bounds has a second letter or a seventh digit: that simpler search
# costs half as much per cell, and only a chunk where it finds one is searched exactly (columns
# AA..AN and rows 1,000,000..1,099,999 are within bounds). It also finds every reference not
# spelled as capital letters and digits (``bz5``, ``Bz5``): those are walked.
_MAYBE_OUTSIDE_USUAL = re.compile(rb'<c r="(?:[^A-Z]|[A-Z](?:\D|\d{7}))')
_ODD_REFERENCE = re.compile(rb'<c r="(?![A-Z]{1,3}\d)')
# A cell whose tag does not start with exactly ` r="`: unnumbered, or numbered in another
# spelling (a tab or a newline before ``r``, blanks around ``=``, single quotes, ``r`` later on).
_UNNUMBERED_CELL = re.compile(rb'<c(?:[>/]|(?! r=")\s)')
# An ``r`` attribute anywhere but first in a cell or row tag (calamine uses the last of two), or
# with blanks before its ``=``. Each search has a literal start, so it costs little.
_LATER_R = re.compile(rb"r=(?<!<c r=)(?<!<row r=)(?<![\w.:-]r=)")
_SPACED_R = re.compile(rb"r\s+=")
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
# Where a row or cell start tag begins; where it ends is found past its quoted values, which may
# hold ``>`` and ``<`` (calamine reads both).
_TAG_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])")
_TAG_END_OR_QUOTE = re.compile(rb"[>\"']")
# Every ``r`` attribute of a tag, in any quotes, with or without a namespace prefix (counting a
# prefixed one only makes the measure larger).
_ATTR_R = re.compile(rb"""\br\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REFERENCE = re.compile(rb"([A-Za-z]*)(\d*)")
_BEYOND = 10**12
# The parts by which calamine takes a zip for an OpenDocument or a binary Excel workbook.
_OTHER_FORMATS_PARTS = frozenset(
    {"mimetype", "content.xml", "meta-inf/manifest.xml", "xl/workbook.bin"}
)
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref=\"([^\"]*)\"")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet(?=[\s/>])")
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship(?=[\s/>])")
_ATTRIBUTE = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


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


class TagTooLong(Exception):
    """A start tag longer than any writer makes: the sheet is not a real export."""


class _CellWalk:
    """Follows rows and cells in document order; unnumbered ones sit after the previous. A tag
    cut between two chunks is carried over to the next one."""

    def __init__(self) -> None:
        self.row = 0
        self.column = 0
        self.max_row = 0
        self.max_column = 0
        self._carry = b""

    def feed(self, data: bytes) -> None:
        data = self._carry + data if self._carry else data
        position = 0
        while (start := _TAG_START.search(data, position)) is not None:
            end = _tag_end(data, start.end())
            if end < 0:
                break
            self._tag(start.group(1), data[start.end() : end])
            position = end + 1
        if start is None:
            self._carry = b""
            return
        self._carry = data[start.start() :]
        if len(self._carry) > _CHUNK:
            raise TagTooLong(f"a <{start.group(1).decode()}> tag of more than {_CHUNK} bytes")

    def _tag(self, name: bytes, attributes: bytes) -> None:
        letters, digits = _reference(attributes)
        if name == b"row":
            self.row = digits or self.row + 1
            self.column = 0
            return
        self.column = letters or self.column + 1
        self.max_column = max(self.max_column, self.column)
        self.max_row = max(self.max_row, digits or max(self.row, 1))


def _tag_end(data: bytes, position: int) -> int:
    """Where the tag going on at ``position`` closes (its ``>``), or -1 past the data's end."""
    while (found := _TAG_END_OR_QUOTE.search(data, position)) is not None:
        if found.group() == b">":
            return found.start()
        position = data.find(found.group(), found.end()) + 1
        if position == 0:
            return -1
    return -1


def _reference(attributes: bytes) -> tuple[int, int]:
    """(column, row) of a tag's ``r`` attributes, 0 where none gives one. Of several, the
    largest of each: calamine uses the last, and a larger measure is the safe side."""
    column = row = 0
    for double, single in _ATTR_R.findall(attributes):
        found = _REFERENCE.match(double or single)
        letters, digits = found.groups() if found else (b"", b"")
        digits = digits.lstrip(b"0")
        # Beyond a dozen digits or letters the number only has to be too big (and Python
        # refuses to convert thousands of digits).
        column = max(column, _column_number(letters.upper()) if len(letters) < 12 else _BEYOND)
        row = max(row, (int(digits) if len(digits) < 12 else _BEYOND) if digits else 0)
    return column, row


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


class PartTooBig(Exception):
    """A part that names the sheets is far bigger than any workbook's."""


def _parts_named(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    """The parts of that name, in any case: calamine finds parts so."""
    return [info for info in archive.infolist() if info.filename.lower() == name]


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    found = _parts_named(archive, name)
    if any(info.file_size > MAX_SMALL_PART_BYTES for info in found):
        raise PartTooBig(f"{name}: more than {MAX_SMALL_PART_BYTES} bytes")
    return b"".join(archive.read(info) for info in found)


def _start_tags(data: bytes, name: re.Pattern[bytes]) -> Iterator[dict[bytes, bytes]]:
    """The attributes (by local name, in either quotes) of each start tag matching ``name``."""
    position = 0
    while (start := name.search(data, position)) is not None:
        end = _tag_end(data, start.end())
        if end < 0:
            return
        yield {
            key.rsplit(b":", 1)[-1]: double or single
            for key, double, single in _ATTRIBUTE.findall(data, start.end(), end)
        }
        position = end + 1


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Part (in lower case) → the name of the sheet the workbook reads from it. Every
    relationship a sheet names counts, whatever type it claims."""
    targets: dict[bytes, str] = {}
    for attrs in _start_tags(_read_small(archive, "xl/_rels/workbook.xml.rels"), _RELATIONSHIP):
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        if target:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[attrs.get(b"Id", b"")] = str(PurePosixPath(path)).lower()
    result: dict[str, str] = {}
    for attrs in _start_tags(_read_small(archive, "xl/workbook.xml"), _SHEET):
        name, rid = attrs.get(b"name"), attrs.get(b"id")
        if name is not None and rid in targets:
            result[targets[rid]] = name.decode("utf-8", "replace")
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
            (
                _MAYBE_OUTSIDE_USUAL.search(data)
                and (_OUTSIDE_USUAL.search(data) or _ODD_REFERENCE.search(data))
            )
            or _UNNUMBERED_CELL.search(data)
            or _LATER_R.search(data)
            or _SPACED_R.search(data)
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


def damaged_workbook(file_name: str, details: str) -> InputFileError:
    return _refusal(file_name, msg("read.damaged_workbook"), details)


def grid_too_big(
    file_name: str, sheet: str, rows: int, columns: int, details: str
) -> InputFileError:
    """The refusal of a sheet whose grid (``rows`` × ``columns``) would not fit in memory."""
    last = f"{column_letters(columns)}{rows}"
    why = msg(
        "read.sheet_too_big", sheet=sheet, cell=last, rows=f"{rows:,}", columns=f"{columns:,}"
    )
    return _refusal(
        file_name, why, f"{details}: cells up to {last} = {rows * columns} > {MAX_SHEET_CELLS}"
    )


def check_xlsx_extent(path_name: str, archive: zipfile.ZipFile) -> list[SheetExtent]:
    """Refuse a workbook calamine could not hold in memory; the extents of its worksheets."""
    parts = {info.filename: info for info in archive.infolist()}
    named = Counter(info.filename.lower() for info in archive.infolist())
    if foreign := sorted(name for name in parts if name.lower() in _OTHER_FORMATS_PARTS):
        # calamine reads a workbook whose name is not .xlsx by trying each format in turn: one
        # it can read as OpenDocument or as binary Excel would escape this guard entirely.
        why = msg("read.other_format_inside", parts=", ".join(foreign))
        raise _refusal(path_name, why, f"parts of another format: {foreign}")
    if twice := sorted(name for name, count in named.items() if count > 1):
        # Two parts of one name (in any case): which one calamine reads is not this guard's to
        # guess, and no spreadsheet program writes such a file.
        raise damaged_workbook(path_name, f"parts named twice: {twice}")
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
    try:
        names = _sheet_names(archive)
    except PartTooBig as exc:
        raise damaged_workbook(path_name, str(exc)) from exc
    worksheets = sorted(
        name
        for name in parts
        if (low := name.lower()) in names
        or (low.startswith("xl/worksheets/") and low.endswith(".xml"))
    )
    extents = []
    for part in worksheets:
        sheet_name = names.get(part.lower())
        try:
            measured = _measure(archive, part)
        except TagTooLong as exc:
            why = msg("read.damaged_sheet", sheet=sheet_name or PurePosixPath(part).stem)
            raise _refusal(path_name, why, f"{part}: {exc}") from exc
        extent = replace(measured, sheet=sheet_name, xml_bytes=parts[part].file_size)
        extents.append(extent)
        if extent.cells > MAX_SHEET_CELLS:
            raise grid_too_big(
                path_name,
                sheet_name or PurePosixPath(part).stem,
                extent.rows,
                extent.columns,
                f"{part}: dimension {extent.dimension!r}",
            )
    return extents
