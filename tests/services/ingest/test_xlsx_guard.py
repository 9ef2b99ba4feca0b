"""The size guard's quick proof that a sheet lies within the usual bounds (columns up to AN,
rows up to 1,099,999): a cell just inside passes it, a cell just outside makes the guard walk
the sheet and measure it exactly, wherever in the sheet that cell sits; and however the cell's
reference is spelled, the guard never measures less than calamine reads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO

import pytest
import python_calamine

from o2c_desktop.errors import InputFileError
from o2c_desktop.services.ingest.xlsx_guard import SheetExtent, check_xlsx_extent

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_RELATIONSHIP = 'Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"'


def write_one_sheet_workbook(
    target: Path | IO[bytes],
    rows_xml: str,
    *,
    part: str = "xl/worksheets/sheet1.xml",
    relationship: str = WORKSHEET_RELATIONSHIP,
    also: tuple[tuple[str, str], ...] = (),
) -> None:
    """A workbook of one sheet named "data" holding ``rows_xml`` as its sheetData, written part
    by part (for spellings no library writes): the sheet stored as ``part``, the workbook's
    relationship to it saying ``relationship``, and the parts ``also`` added after."""
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><sheets>'
            '<sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f"{relationship.format(RELATIONS=RELATIONS)}/></Relationships>"
        ),
        part: f'<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in [*parts.items(), *also]:
            archive.writestr(name, text)


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


# A cell at BZ9 (column 78, row 9) spelled as calamine reads it but no writer spells it.
ODD_SPELLINGS = {
    "tab before r": '<c\tr="BZ9"><v>1</v></c>',
    "newline before r": '<c\nr="BZ9"><v>1</v></c>',
    "line break before r": '<c\r\nr="BZ9"><v>1</v></c>',
    "single quotes": "<c r='BZ9'><v>1</v></c>",
    "blanks around =": '<c r = "BZ9"><v>1</v></c>',
    "lower case": '<c r="bz9"><v>1</v></c>',
    "mixed case": '<c r="Bz9"><v>1</v></c>',
    "ten digits": '<c r="BZ0000000009"><v>1</v></c>',
    "r after a value holding >": '<c s=">" r="BZ9"><v>1</v></c>',
    "r after a value holding <": '<c s="<" r="BZ9"><v>1</v></c>',
    "r given twice": '<c r="A9" r="BZ9"><v>1</v></c>',
}


@pytest.mark.parametrize("cell", ODD_SPELLINGS.values(), ids=ODD_SPELLINGS.keys())
def test_an_oddly_spelled_reference_is_measured_as_calamine_reads_it(cell: str) -> None:
    buffer = io.BytesIO()
    write_one_sheet_workbook(
        buffer, f'<row r="1"><c r="A1"><v>1</v></c></row><row r="9">{cell}</row>'
    )
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    read = sheet.get_sheet_by_name("data")
    with zipfile.ZipFile(buffer) as book:
        (extent,) = check_xlsx_extent("libro.xlsx", book)
    assert (read.width, read.height) == (78, 9)
    assert extent.exact
    assert (extent.columns, extent.rows) == (78, 9)


def _sheet_extent(rows_xml: str) -> SheetExtent:
    buffer = io.BytesIO()
    write_one_sheet_workbook(buffer, rows_xml)
    with zipfile.ZipFile(buffer) as book:
        (extent,) = check_xlsx_extent("libro.xlsx", book)
    return extent


def test_a_tag_cut_between_two_chunks_of_xml_is_measured_whole() -> None:
    # The guard reads the sheet a megabyte at a time, cut before the last "<" of each: here that
    # "<" sits inside a value of the tag, whose reference comes after the cut.
    filler = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 20_000))
    head = f'<worksheet xmlns="{MAIN}"><sheetData>{filler}<row r="20000"><c s="'
    padding = "y" * (1024 * 1024 - 100 - len(head))
    cell = f'{padding}<{"x" * 400}" r="BZ20000"><v>1</v></c></row>'
    extent = _sheet_extent(filler + '<row r="20000"><c s="' + cell)
    assert extent.exact
    assert (extent.columns, extent.rows) == (78, 20_000)


def test_a_tag_longer_than_any_writer_makes_is_refused_as_damaged() -> None:
    cell = f'<c s="{"x" * (3 * 1024 * 1024)}" r="XFD1048576"><v>1</v></c>'
    with pytest.raises(InputFileError) as refused:
        _sheet_extent(f'<row r="1">{cell}</row>')
    assert "«data» está dañada" in refused.value.es


def test_a_reference_of_thousands_of_digits_is_refused_as_too_big() -> None:
    with pytest.raises(InputFileError) as refused:
        _sheet_extent(f'<row r="1"><c r="A1"><v>1</v></c><c\tr="B{"9" * 5000}"><v>1</v></c></row>')
    assert "más de lo que se puede leer en memoria" in refused.value.es


BZ9 = '<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="BZ9"><v>1</v></c></row>'
# Where calamine finds the sheet: parts in any case, a relationship of any type or absolute.
ODD_PLACES = {
    "part in upper case": {"part": "XL/worksheets/sheet1.xml"},
    "extension in upper case": {"part": "xl/worksheets/sheet1.XML"},
    "outside worksheets, absolute": {
        "part": "hoja.xml",
        "relationship": 'Type="{RELATIONS}/chartsheet" Target="/hoja.xml"',
    },
    "relationship in single quotes": {
        "part": "xl/datos.xml",
        "relationship": "Type='{RELATIONS}/worksheet' Target='datos.xml'",
    },
}


@pytest.mark.parametrize("place", ODD_PLACES.values(), ids=ODD_PLACES.keys())
def test_a_sheet_stored_where_calamine_still_finds_it_is_measured(place: dict[str, str]) -> None:
    buffer = io.BytesIO()
    relationship = place.get("relationship", WORKSHEET_RELATIONSHIP)
    write_one_sheet_workbook(buffer, BZ9, part=place["part"], relationship=relationship)
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue()))
    assert book.get_sheet_by_name("data").width == 78
    with zipfile.ZipFile(buffer) as archive:
        extents = check_xlsx_extent("libro.xlsx", archive)
    assert [(e.sheet, e.columns, e.rows) for e in extents] == [("data", 78, 9)]


def test_a_workbook_with_two_parts_of_one_name_is_refused_as_damaged() -> None:
    buffer = io.BytesIO()
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{BZ9}</sheetData></worksheet>'
    write_one_sheet_workbook(
        buffer, '<row r="1"><c r="A1"><v>1</v></c></row>',
        also=(("XL/Worksheets/Sheet1.xml", sheet),),
    )  # fmt: skip
    with zipfile.ZipFile(buffer) as archive, pytest.raises(InputFileError) as refused:
        check_xlsx_extent("libro.xlsx", archive)
    assert "el libro de Excel está dañado" in refused.value.es


def test_a_workbook_holding_a_binary_workbook_part_is_refused() -> None:
    # calamine would read it as binary Excel (.xlsb), which this guard does not measure.
    buffer = io.BytesIO()
    write_one_sheet_workbook(buffer, BZ9, also=(("xl/workbook.bin", ""),))
    with zipfile.ZipFile(buffer) as archive, pytest.raises(InputFileError) as refused:
        check_xlsx_extent("libro.xlsx", archive)
    assert "las partes de otro formato (xl/workbook.bin)" in refused.value.es
