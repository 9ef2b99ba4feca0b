"""The size guard's quick proof that a sheet lies within the usual bounds (columns up to AN,
rows up to 1,099,999): a cell just inside passes it, a cell just outside makes the guard walk
the sheet and measure it exactly, wherever in the sheet that cell sits."""

from __future__ import annotations

import io
import zipfile

import pytest

from o2c_desktop.services.ingest.xlsx_guard import SheetExtent, check_xlsx_extent


def _extent(last_cell: str, *, filler_rows: int = 0) -> SheetExtent:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, filler_rows))
    sheet = (
        '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        f'{rows}<row r="9"><c r="{last_cell}"><v>1</v></c></row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    with zipfile.ZipFile(buffer) as book:
        (extent,) = check_xlsx_extent("libro.xlsx", book)
    return extent


@pytest.mark.parametrize("cell", ["Z9", "AA9", "AN9", "B999999", "C1099999"])
def test_a_cell_within_the_usual_bounds_is_proven_without_a_walk(cell: str) -> None:
    assert not _extent(cell).exact


@pytest.mark.parametrize(
    ("cell", "columns", "rows"),
    [("AO9", 41, 9), ("BA9", 53, 9), ("AAA9", 703, 9), ("A1100000", 1, 1_100_000),
     ("C12345678", 3, 12_345_678)],
)  # fmt: skip
def test_a_cell_beyond_them_is_measured_exactly(cell: str, columns: int, rows: int) -> None:
    extent = _extent(cell)
    assert extent.exact
    assert (extent.columns, extent.rows) == (columns, rows)


def test_a_cell_beyond_them_deep_in_a_big_sheet_is_found() -> None:
    # Past the first megabyte of XML: the search runs on every chunk, not only the first.
    extent = _extent("AO9", filler_rows=40_000)
    assert extent.exact and extent.columns == 41
