"""Reading raw files: the format is sniffed from the content, because file names lie.

Spreadsheets are read with python-calamine (xlsx and legacy BIFF .xls), the PREI ".xls" that is
really an HTML table with the standard library's HTML parser, CSV with the csv module (Camunda's
backslash escapes and ``\\N`` nulls). Every reader yields rows as lists of Python values; the
stager turns them into Arrow columns in chunks, so a big sheet never sits in Python twice.
"""

from __future__ import annotations

import codecs
import csv
import html
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path
from typing import cast

import python_calamine

from o2c_desktop.errors import InputFileError
from o2c_desktop.messages import Message, msg
from o2c_desktop.services.ingest import xlsx_slices
from o2c_desktop.services.ingest.xls_guard import check_xls_extent
from o2c_desktop.services.ingest.xlsx_guard import SheetExtent, check_xlsx_extent
from o2c_desktop.services.ingest.xlsx_slices import rows_in_slices

HEAD_ROWS = 30  # how far down a header row may sit (title blocks of PREI, OAP, registers)
# The widest header row read. The reports the program knows have fewer than 40 columns; a
# header of thousands would cost minutes of cleaning SQL for nothing.
MOST_COLUMNS = 256

Row = list[object]


class FileFormat(StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    HTML = "html"
    CSV = "csv"
    XML = "xml"
    XML_ZIP = "xml-zip"
    EMPTY = "empty"


@dataclass
class RawSheet:
    """One table of a file: its name and a way to iterate its rows from the top."""

    name: str
    rows: Callable[[], Iterator[Row]]
    _head: list[Row] | None = None
    release: Callable[[], None] = lambda: None  # frees a loaded sheet once it is staged

    @property
    def head(self) -> list[Row]:
        if self._head is None:
            head: list[Row] = []
            for row in self.rows():
                # One cell past the widest header read is enough to tell a header too wide.
                head.append(row[: MOST_COLUMNS + 1])
                if len(head) >= HEAD_ROWS:
                    break
            self._head = head
        return self._head


def _text(name: str) -> str:
    """A file name as storable text: a byte that is not UTF-8 shows as U+FFFD, so reports and
    the ledger can hold it."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _broken(name: str, why: Message, details: str = "") -> InputFileError:
    return InputFileError(msg("read.cannot_read", name=_text(name), why=why), details=details)


# Content that is plainly not a report: (first bytes, what it is).
_NOT_A_REPORT: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "read.png"),
    (b"\xff\xd8\xff", "read.jpeg"),
    (b"GIF8", "read.gif"),
    (b"%PDF", "read.pdf"),
    (b"Rar!", "read.rar"),
    (b"7z\xbc\xaf", "read.7z"),
    (b"\x1f\x8b", "read.gzip"),
)
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _not_a_report(name: str, what: Message, details: str) -> InputFileError:
    return _broken(name, msg("read.not_a_report", what=what), details)


def _looks_utf16(start: bytes) -> bool:
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    # Latin text without a BOM: every other byte is zero and the bytes between are not (a
    # binary file has zeros in both halves).
    if len(start) < 16:
        return False
    even, odd = start[0::2], start[1::2]
    for zeros, text in ((odd, even), (even, odd)):
        if zeros.count(0) > 0.8 * len(zeros) and text.count(0) < 0.05 * len(text):
            return True
    return False


def _is_encrypted_office(path: Path) -> bool:
    """An Excel file protected with a password is an OLE container with an encrypted package."""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if _ENCRYPTED_PACKAGE in chunk:
                return True
    return False


def sniff(path: Path) -> FileFormat:
    """The real format of a file from its first bytes (and, for zips, its members).

    Content that is no report at all (an image, a PDF, UTF-16 text, a password-protected
    workbook) is refused here, naming what it is.
    """
    with path.open("rb") as handle:
        start = handle.read(2048)
    if not start.strip():
        return FileFormat.EMPTY
    for magic, what in _NOT_A_REPORT:
        if start.startswith(magic):
            raise _not_a_report(path.name, msg(what), f"first bytes {start[:16]!r}")
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        if _is_encrypted_office(path):
            raise _broken(
                path.name,
                msg("read.encrypted"),
                "OLE container with an EncryptedPackage stream",
            )
        return FileFormat.XLS
    if start.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile as exc:
            raise _damaged_zip(path.name, exc) from exc
        if any(n.startswith("xl/") for n in names):
            return FileFormat.XLSX
        if any(n.lower().endswith(".xml") for n in names):
            return FileFormat.XML_ZIP
        raise _broken(
            path.name,
            msg("read.zip_without_report"),
            f"members: {names[:20]}",
        )
    if _looks_utf16(start):
        raise _broken(
            path.name,
            msg("read.utf16"),
            f"first bytes {start[:16]!r}",
        )
    if b"\x00" in start:
        raise _not_a_report(
            path.name, msg("read.binary"),
            f"NUL byte at {start.index(0)}; first bytes {start[:16]!r}",
        )  # fmt: skip
    text = start.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if b"<html" in text or b"<table" in text:
        return FileFormat.HTML
    if text.startswith(b"<"):
        return FileFormat.XML
    return FileFormat.CSV


def _damaged_zip(name: str, exc: Exception) -> InputFileError:
    return _broken(
        name,
        msg("read.damaged_zip"),
        str(exc),
    )


# -- spreadsheets ------------------------------------------------------------------------------


_SUFFIXES = {FileFormat.XLSX: (".xlsx", ".xlsm"), FileFormat.XLS: (".xls",)}


def _check_xlsx(path: Path) -> list[SheetExtent]:
    """Refuse, before calamine reads it, a workbook it could not hold in memory."""
    try:
        with zipfile.ZipFile(path) as archive:
            extents = check_xlsx_extent(_text(path.name), archive)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a part fails its CRC or ends
        raise _damaged_zip(path.name, exc) from exc
    unknown = next((e for e in extents if e.formulas_without_value), None)
    if unknown is not None:
        raise _broken(
            path.name,
            msg(
                "read.formulas_without_values",
                count=unknown.formulas_without_value,
                cell=unknown.first_formula_cell,
            ),
            unknown.part,
        )
    return extents


def _sliceable_parts(extents: list[SheetExtent]) -> dict[str, str]:
    """Sheet name → worksheet part, for the big sheets read a slice at a time: plainly laid out
    (every cell numbered, no prefix, no CDATA, within the usual columns and rows; see
    xlsx_guard)."""
    return {
        html.unescape(e.sheet): e.part
        for e in extents
        if e.sheet is not None and not e.exact and e.xml_bytes > xlsx_slices.SLICED_ABOVE_BYTES
    }


def read_workbook(path: Path, fmt: FileFormat) -> list[RawSheet]:
    sliceable: dict[str, str] = {}
    if fmt is FileFormat.XLSX:
        sliceable = _sliceable_parts(_check_xlsx(path))
    else:
        check_xls_extent(_text(path.name), path)
    try:
        if path.suffix.lower() in _SUFFIXES[fmt]:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        else:
            # calamine picks its reader by extension; a renamed file is read by content.
            with path.open("rb") as handle:
                workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise _broken(
            path.name,
            msg("read.damaged_workbook"),
            repr(exc),
        ) from exc
    sheets: list[RawSheet] = []
    for name in workbook.sheet_names:
        loaded: list[python_calamine.CalamineSheet] = []
        rows = _calamine_rows(path, workbook, name, loaded, sliceable.get(name))
        sheets.append(RawSheet(name, rows, release=loaded.clear))
    return sheets


def _damaged_sheet(path: Path, name: str) -> Callable[[Exception], InputFileError]:
    def damaged(exc: Exception) -> InputFileError:
        why = "read.reader_died" if isinstance(exc, BrokenProcessPool) else "read.damaged_sheet"
        return _broken(path.name, msg(why, sheet=name), repr(exc))

    return damaged


def _calamine_rows(
    path: Path,
    workbook: python_calamine.CalamineWorkbook,
    name: str,
    loaded: list[python_calamine.CalamineSheet],
    part: str | None,
) -> Callable[[], Iterator[Row]]:

    def rows() -> Iterator[Row]:
        if part is not None and not loaded:
            sliced = rows_in_slices(path, name, part, _damaged_sheet(path, name))
            if sliced is not None:
                yield from sliced
                return
        if not loaded:
            try:
                loaded.append(workbook.get_sheet_by_name(name))
            except Exception as exc:  # a damaged sheet part inside a readable zip
                raise _broken(
                    path.name,
                    msg("read.damaged_sheet", sheet=name),
                    repr(exc),
                ) from exc
        # calamine yields blank rows above the used range too, so row numbers stay physical.
        # Each row is a new list already: it is handed on as it is.
        yield from cast(Iterator[Row], loaded[0].iter_rows())

    return rows


# -- HTML tables (the PREI ".xls") ---------------------------------------------------------


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self._row: Row | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


# Comments and the elements whose text HTMLParser does not parse, and how each ends.
_RAW_REGION = re.compile(r"<!--|<(script|style)(?=[\s/>])", re.IGNORECASE)
_REGION_END = {
    None: re.compile("-->"),
    "script": re.compile("</script", re.IGNORECASE),
    "style": re.compile("</style", re.IGNORECASE),
}
# A tag, declaration or end tag that reaches the next one (or the end) without its ">". The
# run is possessive, so a long one keeps no backtracking state.
_UNCLOSED = re.compile(r"<[A-Za-z/!?](?:[^<>]|<(?![A-Za-z/!?]))*+(?:<[A-Za-z/!?]|\Z)")


def _check_markup_closes(text: str, name: str) -> None:
    """Refuse HTML where a tag, comment or declaration is still open when the next one begins.

    HTMLParser rescans the rest of the document for the end of each markup it cannot close, so
    a few hundred kilobytes of ``</`` cost it minutes (CPython's own advisories, fixed only in
    some releases). An exported table closes each tag before the next; this check reads the
    text once, by regular expressions, skipping comments, scripts and styles.
    """
    position = 0
    while True:
        region = _RAW_REGION.search(text, position)
        gap_end = region.start() if region is not None else len(text)
        unclosed = _UNCLOSED.search(text, position, gap_end)
        if unclosed is not None:
            at = unclosed.start()
        elif region is None:
            return
        else:
            tag = region.group(1)
            end = _REGION_END[tag.lower() if tag else None].search(text, region.end())
            if end is not None:
                position = end.end()
                continue
            at = region.start()
        line = text.count("\n", 0, at) + 1
        raise _broken(name, msg("read.malformed_html", line=line), repr(text[at : at + 40]))


def read_html(path: Path) -> list[RawSheet]:
    raw = path.read_bytes()
    text = _decode(raw, path.name, allow_legacy=True)
    _check_markup_closes(text, path.name)
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    rows = parser.rows
    return [RawSheet(_text(path.stem), lambda: iter(rows))]


# -- CSV ------------------------------------------------------------------------------------------


def _decode(raw: bytes, name: str, *, allow_legacy: bool = False) -> str:
    try:
        return codecs.decode(raw, "utf-8-sig")
    except UnicodeDecodeError as exc:
        if allow_legacy:
            # HTML exports of the portals declare Windows-1252 when they are not UTF-8.
            return raw.decode("cp1252", errors="replace")
        raise _broken(
            name,
            msg("read.not_utf8"),
            f"byte {exc.start}: {raw[max(0, exc.start - 20) : exc.start + 20]!r}",
        ) from exc


def _check_utf8(path: Path) -> None:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            if (nul := chunk.find(b"\x00")) >= 0:
                # Text never holds NUL bytes; a download with zeroed holes does.
                raise _broken(
                    path.name,
                    msg("read.nul_bytes", offset=f"{offset + nul:,}"),
                    repr(chunk[max(0, nul - 20) : nul + 20]),
                )
            offset += len(chunk)
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                _decode(chunk, path.name)  # raises the explanation
                raise
        decoder.decode(b"", final=True)


_NULL_MARK = "\x00null\x00"
_BARE_NULL = re.compile(r"(?<![^,;])\\N(?![^,;\r\n])")


def read_csv(path: Path) -> list[RawSheet]:
    _check_utf8(path)
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(65536)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","

    def rows() -> Iterator[Row]:
        with path.open("r", encoding="utf-8-sig", newline="") as handle:
            # Camunda escapes commas inside values as "\," and writes NULL as a bare "\N"
            # field; the csv module would eat that backslash, so "\N" is marked first.
            lines = (_BARE_NULL.sub(_NULL_MARK, line) for line in handle)
            reader = csv.reader(lines, delimiter=delimiter, escapechar="\\")
            try:
                for record in reader:
                    yield [None if v == _NULL_MARK else v for v in record]
            except csv.Error as exc:
                raise _broken(
                    path.name,
                    msg("read.malformed_csv", line=reader.line_num),
                    str(exc),
                ) from exc

    return [RawSheet(_text(path.stem), rows)]


def open_tabular(path: Path, fmt: FileFormat) -> list[RawSheet]:
    if fmt in (FileFormat.XLSX, FileFormat.XLS):
        return read_workbook(path, fmt)
    if fmt is FileFormat.HTML:
        return read_html(path)
    if fmt is FileFormat.CSV:
        return read_csv(path)
    raise ValueError(fmt)
