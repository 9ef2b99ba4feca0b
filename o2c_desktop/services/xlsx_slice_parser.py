"""One slice of a big worksheet, parsed by python-calamine: the work a reading process does.

This module stands outside ``services.ingest`` on purpose: a reading process imports it alone
(python-calamine and the standard library), never the ingest package with DuckDB and Arrow.
The same function runs in this process when no reading processes are open (see
``services.ingest.reading_processes``), so both paths read a slice alike.
"""

from __future__ import annotations

import io
import multiprocessing
import multiprocessing.connection
import os
import threading
import zipfile
from typing import cast

import python_calamine

Row = list[object]
# (row, column) of the slice's first cell, counted from 0; None for a slice with no cell.
Start = tuple[int, int] | None


def parse_slice(
    template: bytes, part: str, sheet: str, prefix: bytes, rows: bytes | memoryview
) -> tuple[Start, list[Row]]:
    """The slice's first cell and its rows, as ``CalamineSheet.to_python`` gives them.

    ``template`` holds the workbook's parts a slice needs (stored, not compressed); ``part``
    is added to it holding only ``rows``, so calamine reads the slice as it reads the whole.
    """
    buffer = io.BytesIO(template)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as book, book.open(part, "w") as xml:
        xml.write(prefix)
        xml.write(rows)
        xml.write(b"</sheetData></worksheet>")
    buffer.seek(0)
    grid = python_calamine.CalamineWorkbook.from_filelike(buffer).get_sheet_by_name(sheet)
    start = grid.start
    if start is None:
        return None, []
    return (start[0], start[1]), cast(list[Row], grid.to_python(skip_empty_area=True))


def end_with_parent() -> None:
    """A reading process's start: it ends as soon as the program that started it ends, even
    when that program was killed (the task manager, a crash) and could not close its pool."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
