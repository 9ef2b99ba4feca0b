"""Reading a big xlsx worksheet a slice of rows at a time, so it never sits in memory whole.

python-calamine builds a whole sheet before it hands out a row: about 1 GB for a register of a
million rows. Here the worksheet's XML is inflated as a stream and cut after a ``</row>`` into
slices of a few megabytes; each slice goes to calamine as a small workbook of its own (the same
workbook, styles and shared strings, the sheet holding only those rows), so calamine reads every
cell exactly as it reads the whole sheet, dates and numbers alike. The rows come out as the whole
sheet gives them: physical row numbers (blank rows in the gaps and above the first cell), the
columns counted from A.

Only sheets that are plainly laid out are read so (every cell numbered, no namespace prefix, no
CDATA, the first slice starting at column A, no row longer than Excel writes); anything else is
read whole, as before.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from o2c_desktop.services.ingest import reading_processes
from o2c_desktop.services.xlsx_slice_parser import Row, Start, parse_slice

log = logging.getLogger(__name__)

# XML per slice: a slice costs calamine about ten times its size while it is read.
SLICE_BYTES = 2 * 1024 * 1024
# Smaller sheets are read whole: slicing saves nothing worth its (small) cost there.
SLICED_ABOVE_BYTES = 16 * 1024 * 1024
# A sheet this big is parsed by the reading processes while an import holds them open. Below it
# the previous file's loading still fills the machine while a sheet is read, and the copies to
# and from the processes cost more than they save (208,818 rows in sheets of 10-55 MB: 5 % slower
# on two cores; 3.5 million rows in sheets of 175-800 MB: 10-24 % faster).
PARSED_APART_ABOVE_BYTES = 64 * 1024 * 1024
# Every slice carries the shared strings again; slices grow with them so that re-reading them
# stays a small share of the work (a workbook of many distinct strings is read nearly whole).
SHARED_STRINGS_SHARE = 16
# Parts a slice needs besides its sheet: calamine reads the workbook, its relationships, the
# styles (which cells are dates) and the shared strings.
_KEPT_PARTS = (
    "[content_types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "xl/sharedstrings.xml",
)
# No row Excel writes within the usual 40 columns comes near this (32,767 characters a cell, a
# few bytes each once escaped): a longer one is hostile, and waiting for its end would rescan
# and recopy the growing row once per inflated block.
LONGEST_ROW_BYTES = 64 * 1024 * 1024
_BLOCK = 1024 * 1024
_SHEET_DATA = b"<sheetData>"
_ROW_END = b"</row>"
_DIMENSION = re.compile(rb"<dimension\s[^>]*/>")
_LOCAL_HEADER = struct.Struct("<4s22xHH")


class NotSliceable(Exception):
    """The sheet is laid out in a way slices could not reproduce: read it whole."""


def _inflated(path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes, inflated block by block. Its CRC was checked when the workbook was
    measured (xlsx_guard), so it is not computed a second time."""
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise NotSliceable("encrypted or unusual compression")
    with path.open("rb") as handle:
        handle.seek(info.header_offset)
        magic, name_length, extra_length = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
        if magic != b"PK\x03\x04":
            raise NotSliceable("no local header")
        handle.seek(name_length + extra_length, io.SEEK_CUR)
        left = info.compress_size
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        while left > 0:
            block = handle.read(min(_BLOCK, left))
            if not block:
                break
            left -= len(block)
            yield inflater.decompress(block) if inflater is not None else block
        if inflater is not None:
            yield inflater.flush()


def _xml_slices(path: Path, info: zipfile.ZipInfo, size: int) -> Iterator[tuple[bytes, memoryview]]:
    """(sheet XML up to ``<sheetData>``, whole rows of about ``size`` bytes) pairs. The rows are
    a view into the inflated block, valid until the next pair is asked for."""
    prefix: bytes | None = None
    pending = b""
    for block in _inflated(path, info):
        pending += block  # what was left of the previous block is small: one short copy
        if prefix is None:
            start = pending.find(_SHEET_DATA)
            if start < 0:
                if len(pending) > 4 * _BLOCK:
                    raise NotSliceable("no <sheetData> near the start")
                continue
            prefix = _DIMENSION.sub(b"", pending[: start + len(_SHEET_DATA)], count=1)
            pending = pending[start + len(_SHEET_DATA) :]
        view = memoryview(pending)
        done = 0
        while len(pending) - done >= size:
            cut = pending.rfind(_ROW_END, done, done + size)
            if cut < 0:
                cut = pending.find(_ROW_END, done + size)
                if (len(pending) if cut < 0 else cut) - done > LONGEST_ROW_BYTES:
                    raise NotSliceable(f"a row of more than {LONGEST_ROW_BYTES} bytes")
                if cut < 0:
                    break
            cut += len(_ROW_END)
            yield prefix, view[done:cut]
            done = cut
        view.release()
        pending = pending[done:]
    if prefix is None:
        raise NotSliceable("no <sheetData>")
    end = pending.find(b"</sheetData>")
    if end < 0:
        raise NotSliceable("no </sheetData>")
    if pending[:end].strip():
        yield prefix, memoryview(pending)[:end]


class _SliceBook:
    """The workbook's parts a slice needs, stored once; each slice adds its own sheet part."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, part: str) -> None:
        kept = [i for i in archive.infolist() if i.filename.lower() in _KEPT_PARTS]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as book:
            for info in kept:
                book.writestr(info.filename, archive.read(info))
        self.template = buffer.getvalue()
        self.part = part
        strings = [i.file_size for i in kept if i.filename.lower() == "xl/sharedstrings.xml"]
        self.strings_bytes = strings[0] if strings else 0


def _parsed(
    book: _SliceBook, sheet: str, slices: Iterator[tuple[bytes, memoryview]], *, apart: bool
) -> Iterator[tuple[Start, list[Row]]]:
    """Each slice parsed, in order: by the reading processes when ``apart`` and an import holds
    them open (a few slices ahead, no more, so memory stays a few slices), else here."""
    pool = reading_processes.executor() if apart else None
    if pool is None:
        for prefix, xml in slices:
            yield parse_slice(book.template, book.part, sheet, prefix, xml)
        return
    ahead: deque[Future[tuple[Start, list[Row]]]] = deque()
    try:
        for prefix, xml in slices:
            ahead.append(
                pool.submit(parse_slice, book.template, book.part, sheet, prefix, bytes(xml))
            )
            # While this slice's rows are staged, every process has the next one to parse.
            if len(ahead) > reading_processes.process_count() + 1:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()
    except BrokenProcessPool:
        reading_processes.discard(pool)
        raise
    finally:
        for future in ahead:  # the reader stopped early: slices not yet parsed are dropped
            future.cancel()


def sliced_rows(
    path: Path, sheet: str, part: str, *, slice_bytes: int | None = None
) -> Iterator[Row]:
    """The rows of worksheet ``part`` (named ``sheet``) as ``CalamineSheet.iter_rows`` gives
    them for the whole sheet, but holding one slice at a time.

    Raises :class:`NotSliceable` before the first row when the sheet must be read whole.
    """
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        book = _SliceBook(path, archive, part)
    size = max(slice_bytes or SLICE_BYTES, SHARED_STRINGS_SHARE * book.strings_bytes)
    number = 0  # rows given so far: the next row's 0-based number
    width = 0
    first = True
    apart = info.file_size > PARSED_APART_ABOVE_BYTES
    for start, rows in _parsed(book, sheet, _xml_slices(path, info, size), apart=apart):
        if start is None:
            continue
        top, left = start
        if first and left != 0:
            raise NotSliceable("the sheet does not start at column A")
        first = False
        if top < number:
            raise NotSliceable("rows out of order")
        width = max(width, left + (len(rows[0]) if rows else 0))
        while number < top:
            yield [""] * width
            number += 1
        for row in rows:
            if left or len(row) < width:
                row = [""] * left + row + [""] * (width - left - len(row))
            yield row
        number += len(rows)


def rows_in_slices(
    path: Path, sheet: str, part: str, damaged: Callable[[Exception], Exception]
) -> Iterator[Row] | None:
    """The sheet's rows a slice at a time, or None when it must be read whole (also when calamine
    cannot read the first slice). A later slice calamine cannot read raises ``damaged(error)``."""
    rows = sliced_rows(path, sheet, part)
    try:
        first = next(rows)
    except StopIteration:
        return iter(())
    except NotSliceable as exc:
        log.info("%s: sheet %r read whole (%s)", path.name, sheet, exc)
        return None
    except BrokenProcessPool as exc:
        # The process reading it died: reading the sheet whole here could take this one down.
        raise damaged(exc) from exc
    except Exception as exc:  # noqa: BLE001 - calamine, zlib and zipfile each raise their own
        # Nothing was given yet: the whole read, as without slices, decides whether it is damaged.
        log.warning("%s: sheet %r: first slice unreadable (%r); read whole", path.name, sheet, exc)
        return None

    def rest() -> Iterator[Row]:
        yield first
        try:
            yield from rows
        except Exception as exc:
            raise damaged(exc) from exc

    return rest()
