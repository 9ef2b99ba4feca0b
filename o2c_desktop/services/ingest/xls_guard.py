"""How big a grid python-calamine will build for a legacy (BIFF) .xls, measured before calamine
opens it.

calamine reads every sheet of an .xls as it opens the file. It reserves each sheet's grid from
the sheet's DIMENSIONS record and places each cell at the row and column its record names, 16
bits each in BIFF8: a 6 KB file whose DIMENSIONS claims a million rows by 65,535 columns, or
with one cell at row 65,536 and column 65,536, asks for billions of cells (an abort, not an
exception). Here the workbook stream is taken from the OLE container with olefile and walked
record by record from every place calamine starts reading (the start of the stream and each
sheet's offset), and the largest row and column any cell or DIMENSIONS names are compared with
the limit the xlsx guard applies. A real .xls never comes near it: BIFF8 stops at 65,536 rows
by 256 columns.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import olefile

from o2c_desktop.services.ingest.xlsx_guard import MAX_SHEET_CELLS, damaged_workbook, grid_too_big

# Records whose first two fields are the cell's row and column (BIFF2 to BIFF8).
_CELL_RECORDS = frozenset({
    0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006,  # BIFF2 BLANK..FORMULA
    0x0201, 0x0203, 0x0204, 0x0205, 0x0206, 0x0406,  # BLANK, NUMBER, LABEL, BOOLERR, FORMULA
    0x027E, 0x00FD, 0x00D6,  # RK, LABELSST, RSTRING
})  # fmt: skip
# A row of cells: row, first column, ..., last column.
_RUN_RECORDS = frozenset({0x00BD, 0x00BE})  # MULRK, MULBLANK
_DIMENSIONS = 0x0200
_BOUNDSHEET = 0x0085
_EOF = 0x000A
_HEADER = struct.Struct("<HH")
_LAST_COLUMN = struct.Struct("<H")
_OFFSET = struct.Struct("<I")
_DIMENSIONS_8 = struct.Struct("<IIHH")  # BIFF8: first row, last row + 1, first column, last + 1
_DIMENSIONS_5 = struct.Struct("<HHHH")  # BIFF5/7: the same in 16 bits
# The workbook stream of BIFF8 and of BIFF5/7.
_STREAM_NAMES = ("workbook", "book")
# BIFF8 holds at most 65,536 rows by 256 columns; even full, its stream stays well below this.
MAX_STREAM_BYTES = 1024 * 1024 * 1024


@dataclass
class _Walk:
    """The largest row and column met so far (both counted from 1), and where sheets start."""

    rows: int = 0
    columns: int = 0
    sheet: str = "?"  # where the largest row or column so far was met
    sheets: dict[int, str] = field(default_factory=dict)  # stream offset → sheet name
    walked: int = 0  # bytes walked over, all walks together

    def records(self, data: bytes, start: int, sheet: str) -> None:
        """Walk from ``start`` to the end of the substream (its EOF record) or of the stream."""
        unpack, cells = _HEADER.unpack_from, _CELL_RECORDS  # locals: this loop runs per cell
        size = len(data)
        rows = columns = 0
        position = start
        while position + 4 <= size:
            kind, length = unpack(data, position)
            body = position + 4
            position = body + length
            if kind in cells:
                if length >= 4:
                    row, column = unpack(data, body)
                    if row >= rows:
                        rows = row + 1
                    if column >= columns:
                        columns = column + 1
            elif kind in _RUN_RECORDS and length >= 6 and position <= size:
                row, first = unpack(data, body)
                (last,) = _LAST_COLUMN.unpack_from(data, position - 2)
                rows, columns = max(rows, row + 1), max(columns, first + 1, last + 1)
            elif kind == _DIMENSIONS and length >= 8 and position <= size:
                claimed = _DIMENSIONS_8 if length >= 14 else _DIMENSIONS_5
                _, last_row, _, last_column = claimed.unpack_from(data, body)
                rows, columns = max(rows, last_row), max(columns, last_column)
            elif kind == _BOUNDSHEET and length >= 8 and position <= size:
                (offset,) = _OFFSET.unpack_from(data, body)
                self.sheets[offset] = _sheet_name(data[body + 6 : position])
            elif kind == _EOF and body - 4 > start:
                break
        self.walked += min(position, size) - start
        if rows > self.rows or columns > self.columns:
            self.sheet = sheet
        self.rows, self.columns = max(self.rows, rows), max(self.columns, columns)


def _sheet_name(data: bytes) -> str:
    """A BOUNDSHEET's name: a length, then (BIFF8) a flag for two-byte characters."""
    if not data:
        return "?"
    length = data[0]
    if len(data) >= 2 and data[1] in (0, 1) and len(data) >= 2 + length * (data[1] + 1):
        raw = data[2 : 2 + length * (data[1] + 1)]
        return raw.decode("utf-16-le" if data[1] else "latin-1", "replace")
    return data[1 : 1 + length].decode("latin-1", "replace")


def check_xls_extent(path_name: str, path: Path) -> None:
    """Refuse an .xls calamine could not hold in memory (or whose container is damaged)."""
    try:
        with olefile.OleFileIO(str(path)) as container:
            streams = [
                entry
                for entry in container.listdir(streams=True, storages=False)
                if entry[-1].lower() in _STREAM_NAMES
            ]
            if any(container.get_size(entry) > MAX_STREAM_BYTES for entry in streams):
                raise ValueError(f"a workbook stream of more than {MAX_STREAM_BYTES} bytes")
            walks = [_walk(container.openstream(entry).read()) for entry in streams]
    except Exception as exc:
        # olefile raises many kinds of error for a container it cannot follow.
        raise damaged_workbook(path_name, repr(exc)) from exc
    for entry, walk in zip(streams, walks, strict=True):
        if walk.rows * walk.columns > MAX_SHEET_CELLS:
            details = f"{'/'.join(entry)}: cells or DIMENSIONS"
            raise grid_too_big(path_name, walk.sheet, walk.rows, walk.columns, details)


def _walk(data: bytes) -> _Walk:
    """One walk over the stream's records: the workbook's globals, then each sheet from the
    offset calamine seeks to. Extents are the union over all sheets: a real .xls stays far
    below the limit even so (65,536 rows by 256 columns at most)."""
    walk = _Walk()
    walk.records(data, 0, "?")
    for offset, sheet in sorted(walk.sheets.items()):
        # Real sheets do not overlap: many sheets walking the same records are a trap.
        if walk.walked > 2 * len(data):
            raise ValueError("sheets that overlap in the workbook stream")
        walk.records(data, offset, sheet)
    return walk
