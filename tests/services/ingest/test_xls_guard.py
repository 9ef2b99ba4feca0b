"""The .xls guard: a legacy workbook whose sheet would cost calamine billions of cells (a cell
record at row and column 65,536, a DIMENSIONS record claiming a million rows) is refused before
calamine opens it; real .xls files pass; a container olefile cannot follow is damaged."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
import python_calamine

from o2c_desktop.errors import InputFileError
from o2c_desktop.services.ingest.xls_guard import check_xls_extent
from tests.services.ingest.conftest import write_xls

# An RK record (type, length, row, column): how xlwt writes the number at row 6, column D.
NUMBER_AT_D6 = struct.pack("<HHHH", 0x027E, 10, 5, 3)


def xls_with_a_number_at_d6(path: Path) -> Path:
    return write_xls(
        path, [["noAlta", "importe"], *([f"A{r}", r] for r in range(4)), [None, None, None, 7.5]]
    )


def moved(path: Path, before: bytes, after: bytes) -> Path:
    """The file with one record's bytes changed, in place (the record lies in one sector)."""
    data = path.read_bytes()
    assert data.count(before) == 1
    path.write_bytes(data.replace(before, after))
    return path


def test_a_real_xls_passes_and_calamine_reads_it(tmp_path: Path) -> None:
    path = xls_with_a_number_at_d6(tmp_path / "libro.xls")
    check_xls_extent("libro.xls", path)
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    assert (sheet.height, sheet.width) == (6, 4)


def test_a_cell_at_row_and_column_65536_is_refused(tmp_path: Path) -> None:
    path = moved(
        xls_with_a_number_at_d6(tmp_path / "libro.xls"),
        NUMBER_AT_D6,
        struct.pack("<HHHH", 0x027E, 10, 65535, 65535),
    )
    with pytest.raises(InputFileError) as refused:
        check_xls_extent("libro.xls", path)
    assert "hasta la celda CRXP65536 (65,536 filas × 65,536 columnas)" in refused.value.es
    assert "«Sheet1»" in refused.value.es


def test_dimensions_claiming_a_million_rows_by_65535_columns_are_refused(tmp_path: Path) -> None:
    path = xls_with_a_number_at_d6(tmp_path / "libro.xls")
    dimensions = struct.pack("<HHIIHH", 0x0200, 14, 0, 6, 0, 4)
    moved(path, dimensions, struct.pack("<HHIIHH", 0x0200, 14, 0, 1_048_576, 0, 65_535))
    with pytest.raises(InputFileError) as refused:
        check_xls_extent("libro.xls", path)
    assert "(1,048,576 filas × 65,535 columnas)" in refused.value.es


def test_a_container_olefile_cannot_follow_is_damaged(tmp_path: Path) -> None:
    whole = xls_with_a_number_at_d6(tmp_path / "libro.xls").read_bytes()
    cut = tmp_path / "cortado.xls"
    cut.write_bytes(whole[:1024])
    with pytest.raises(InputFileError) as refused:
        check_xls_extent("cortado.xls", cut)
    assert "el libro de Excel está dañado" in refused.value.es
