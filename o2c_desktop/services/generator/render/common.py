"""Helpers every renderer uses: deterministic workbooks, fast row streaming, date text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..model import Checkpoint

FIXED_CREATED = datetime(2025, 1, 1)  # noqa: DTZ001 - file metadata must not depend on the clock
EXCEL_EPOCH_OFFSET = 25_569  # Excel serial of 1970-01-01
MAX_SHEET_ROWS = 1_048_575
CHECK_EVERY = 20_000


def workbook(path: Path) -> Workbook:
    """A streaming workbook with fixed metadata, so equal content gives equal bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties({"created": FIXED_CREATED, "author": "o2c_desktop"})
    return wb


def discard(wb: Workbook, path: Path) -> None:
    """Close a half-written workbook (releasing its temporary files) and delete it."""
    wb.close()
    path.unlink(missing_ok=True)


def write_rows(
    ws: Worksheet, first_row: int, columns: Sequence[Sequence[Any]], checkpoint: Checkpoint
) -> int:
    """Stream rows (given column-wise) below `first_row`; returns the next free row."""
    row = first_row
    for values in zip(*columns, strict=True):
        ws.write_row(row, 0, values)
        row += 1
        if row % CHECK_EVERY == 0:
            checkpoint()
    return row


def write_table(
    path: Path,
    sheet: str,
    header: Sequence[str],
    columns: Sequence[Sequence[Any]],
    checkpoint: Checkpoint,
    *,
    title_rows: Iterable[Sequence[Any]] = (),
    date_columns: Iterable[int] = (),
    date_format: str = "dd/mm/yyyy",
) -> int:
    """Write one table (split over several sheets beyond Excel's row limit); returns data rows.

    Date columns hold Excel serial numbers and get a real date format.
    """
    columns = [nullable(c) for c in columns]
    wb = workbook(path)
    fmt = wb.add_format({"num_format": date_format})
    titles = list(title_rows)
    n = len(columns[0]) if columns else 0
    per_sheet = MAX_SHEET_ROWS - len(titles)
    part = 0
    start = 0
    try:
        while True:
            ws = wb.add_worksheet(sheet if part == 0 else f"{sheet}_{part + 1}")
            for c in date_columns:
                ws.set_column(c, c, 12, fmt)
            for r, title in enumerate(titles):
                ws.write_row(r, 0, list(title))
            ws.write_row(len(titles), 0, list(header))
            stop = min(n, start + per_sheet)
            write_rows(ws, len(titles) + 1, [col[start:stop] for col in columns], checkpoint)
            start, part = stop, part + 1
            if start >= n:
                break
    except BaseException:
        discard(wb, path)
        raise
    wb.close()
    return n


def day_text(days: npt.NDArray[np.int64], fmt: str = "%d/%m/%Y") -> npt.NDArray[np.object_]:
    """Format day numbers through a lookup of the distinct days (a few thousand at most)."""
    if len(days) == 0:
        return np.zeros(0, dtype=object)
    uniq, inverse = np.unique(days, return_inverse=True)
    labels = np.asarray(
        [d.strftime(fmt) for d in uniq.astype("datetime64[D]").astype(object)], dtype=object
    )
    return labels[inverse]


def clock_text(seconds: npt.NDArray[np.int64]) -> npt.NDArray[np.object_]:
    s = seconds % 86_400
    uniq, inverse = np.unique(s, return_inverse=True)
    labels = np.asarray(
        [f"{v // 3600:02d}:{v // 60 % 60:02d}:{v % 60:02d}" for v in uniq.tolist()], dtype=object
    )
    return labels[inverse]


def timestamp_text(ts: npt.NDArray[np.int64], sep: str = "T") -> npt.NDArray[np.object_]:
    """`yyyy-mm-ddThh:mm:ss` (CFDI style) from seconds since the epoch."""
    text: npt.NDArray[np.object_] = day_text(ts // 86_400, "%Y-%m-%d") + sep + clock_text(ts)
    return text


def year_of_day(days: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def as_list(values: Any) -> list[Any]:
    """A plain Python list (numpy scalars would slow xlsxwriter and break type dispatch)."""
    if isinstance(values, np.ndarray):
        return values.tolist()  # type: ignore[no-any-return]
    return list(values.tolist()) if hasattr(values, "tolist") else list(values)


def nullable(values: Any) -> list[Any]:
    """A list with None wherever pandas sees a missing value (NaN would break the writers)."""
    arr = np.asarray(values, dtype=object).copy()
    arr[pd.isna(arr)] = None
    return arr.tolist()  # type: ignore[no-any-return]
