"""Big sheets read a slice at a time give the very rows, and the very warehouse, of a whole read.

The slicing threshold and slice size are lowered here so that small files are cut into many
slices; everything else (calamine, DuckDB, the files) is real.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from o2c_desktop.errors import InputFileError
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.generator.api import DEFAULT_AS_OF
from o2c_desktop.services.generator.render.register import render_registers
from o2c_desktop.services.generator.render.sai import render_altas, render_orders
from o2c_desktop.services.generator.world import build_world
from o2c_desktop.services.ingest import reading_processes, xlsx_slices
from o2c_desktop.services.ingest.readers import FileFormat, read_workbook
from o2c_desktop.services.ingest.xlsx_guard import check_xlsx_extent
from o2c_desktop.services.ingest.xlsx_slices import NotSliceable, sliced_rows
from o2c_desktop.services.warehouse import Warehouse
from tests.services.ingest.conftest import ATTEMPT_TABLES, IngestEnv
from tests.services.ingest.test_xlsx_guard import write_one_sheet_workbook

WHEN_TABLES = {"schema_version", "raw_file"}
TINY_SLICE = 1500  # bytes of XML: a few rows per slice


def _typed(row: list[object]) -> list[tuple[str, object]]:
    """A row compared strictly: 1 and 1.0 and True differ."""
    cells = [(type(v).__name__, v) for v in row]
    while cells and cells[-1] == ("str", ""):
        cells.pop()  # the whole sheet is as wide as its widest row; a slice as wide as its own
    return cells


def _whole_and_sliced(path: Path) -> Iterator[tuple[str, list[object], list[object]]]:
    with zipfile.ZipFile(path) as archive:
        parts = {e.sheet: e.part for e in check_xlsx_extent(path.name, archive)}
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        whole = [_typed(r) for r in workbook.get_sheet_by_name(name).iter_rows()]
        sliced = [_typed(r) for r in sliced_rows(path, name, parts[name], slice_bytes=TINY_SLICE)]
        yield name, whole, sliced


def _awkward_workbook(path: Path) -> Path:
    """Shared strings, a title block, dates, text that looks like numbers, booleans, blank rows
    (also across many slices), a stray cell wider than the header, and a second sheet."""
    book = xlsxwriter.Workbook(str(path))
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet = book.add_worksheet("Reporte Paq")
    sheet.write(0, 0, "Farmacéutica Demo - Reporte")
    sheet.write(2, 0, "Folio")
    sheet.write(2, 1, "Fecha")
    sheet.write(2, 2, "Importe")
    sheet.write(2, 3, "Nota")
    row = 3
    for n in range(400):
        sheet.write(row, 0, f"P-{n % 37}")
        sheet.write_datetime(row, 1, datetime(2024, 1, 1 + n % 28, n % 24), day)
        sheet.write(row, 2, n * 1.25 if n % 5 else n)
        if n % 7 == 0:
            sheet.write_string(row, 3, "1.234")
        elif n % 11 == 0:
            sheet.write_boolean(row, 3, n % 2 == 0)
        row += 1 if n % 50 else 300  # runs of blank rows longer than a slice
    sheet.write(row + 5, 7, "celda suelta")
    other = book.add_worksheet("Reporte Paq_2")
    other.write(0, 0, "Folio")
    other.write_datetime(1, 0, datetime(2025, 2, 3), day)
    other.write(1, 1, date(2025, 2, 3).isoformat())
    book.close()
    return path


def test_sliced_rows_are_the_whole_sheets_rows(
    tmp_path: Path, real_samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_slices, "SHARED_STRINGS_SHARE", 0)  # slice despite shared strings
    files = [_awkward_workbook(tmp_path / "awkward.xlsx"), *sorted(real_samples.glob("*.xlsx"))]
    compared = 0
    for path in files:
        for name, whole, sliced in _whole_and_sliced(path):
            assert sliced == whole, (path.name, name)
            compared += len(whole)
    assert compared > 2000


def test_a_sheet_that_does_not_start_at_column_a_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "offset.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("data")
    for r in range(50):
        sheet.write(r, 1, f"valor {r}")
    book.close()
    with pytest.raises(NotSliceable):
        next(sliced_rows(path, "data", "xl/worksheets/sheet1.xml", slice_bytes=TINY_SLICE))


def _generated_exports(folder: Path) -> list[Path]:
    world = build_world(seed=5, scale=1500, as_of=DEFAULT_AS_OF)
    files = [render(world, folder, lambda: None) for render in (render_orders, render_altas)]
    files.append(render_registers(world, folder, lambda: None))
    return sorted(f.path for group in files for f in group if f.path.suffix == ".xlsx")


def _outcomes(env: IngestEnv, paths: list[Path]) -> list[tuple[object, ...]]:
    return [
        (o.name, o.status, o.kind, o.rows_read, o.inserted, o.changed, o.rejected, o.message.es)
        for o in env.run(*paths)
    ]


def test_importing_big_sheets_in_slices_loads_what_a_whole_read_loads(
    tmp_path: Path, real_samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    paths = [*_generated_exports(tmp_path / "exports"), *sorted(real_samples.glob("*.xlsx"))]

    def imported(name: str) -> tuple[list[tuple[object, ...]], dict[str, tuple[int, str]]]:
        root = tmp_path / name
        warehouse = Warehouse(root / "warehouse.duckdb")
        try:
            env = IngestEnv(root, warehouse, RawArchive(root / "archive", warehouse))
            # Tables that note when something happened differ by their clock times only.
            return _outcomes(env, paths), env.fingerprint(skip=ATTEMPT_TABLES | WHEN_TABLES)
        finally:
            warehouse.close()

    whole = imported("whole")
    sliced_sheets: list[str] = []

    def counted(path: Path, sheet: str, part: str) -> Iterator[list[object]]:
        sliced_sheets.append(f"{path.name}:{sheet}")
        return sliced_rows(path, sheet, part)  # the module's own, imported above

    monkeypatch.setattr(xlsx_slices, "SLICED_ABOVE_BYTES", 0)
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", 4096)
    monkeypatch.setattr(xlsx_slices, "SHARED_STRINGS_SHARE", 0)
    monkeypatch.setattr(xlsx_slices, "sliced_rows", counted)
    monkeypatch.setattr(xlsx_slices, "PARSED_APART_ABOVE_BYTES", 0)
    pools: list[object] = []
    executor = reading_processes.executor

    def recorded() -> Any:
        pools.append(executor())
        return pools[-1]

    monkeypatch.setattr(reading_processes, "executor", recorded)
    sliced = imported("sliced")

    assert {s.split(":")[0] for s in sliced_sheets} >= {p.name for p in paths}
    # Every sheet was parsed by the import's reading processes.
    assert len(pools) == len(sliced_sheets) and None not in pools
    assert all(status == "loaded" for _, status, *_ in whole[0])
    assert sliced[0] == whole[0]
    assert sliced[1] == whole[1]
    assert sum(rows for rows, _ in whole[1].values()) > 5000


def _refuse_slices(monkeypatch: pytest.MonkeyPatch, from_slice: int) -> None:
    """calamine refusing a slice is simulated: a real one is hard to build without breaking the
    whole sheet too."""
    made = xlsx_slices.parse_slice
    seen: list[int] = []

    def parse(*args: Any) -> Any:
        seen.append(1)
        if len(seen) >= from_slice:
            raise ValueError("malformed slice")
        return made(*args)

    monkeypatch.setattr(xlsx_slices, "parse_slice", parse)
    monkeypatch.setattr(xlsx_slices, "SLICED_ABOVE_BYTES", 0)
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", TINY_SLICE)
    monkeypatch.setattr(xlsx_slices, "SHARED_STRINGS_SHARE", 0)


@pytest.mark.expected_log_warnings
def test_a_first_slice_calamine_refuses_leaves_the_sheet_to_the_whole_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    path = _awkward_workbook(tmp_path / "awkward.xlsx")
    whole = [r for s in read_workbook(path, FileFormat.XLSX) for r in s.rows()]
    _refuse_slices(monkeypatch, from_slice=1)
    assert [r for s in read_workbook(path, FileFormat.XLSX) for r in s.rows()] == whole


def test_a_later_slice_calamine_refuses_names_the_damaged_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    path = _awkward_workbook(tmp_path / "awkward.xlsx")
    _refuse_slices(monkeypatch, from_slice=3)
    sheet = read_workbook(path, FileFormat.XLSX)[0]
    with pytest.raises(InputFileError) as refused:
        list(sheet.rows())
    assert "awkward.xlsx" in refused.value.es
    assert "«Reporte Paq» está dañada" in refused.value.es


def _workbook_with_cdata(path: Path) -> Path:
    """A sheet whose row 50 holds, in a CDATA section, text that looks like the end of a row
    and a whole row after it (xlsxwriter never writes CDATA, so the parts are written here)."""
    rows = []
    for r in range(1, 200):
        text = f"t{r}"
        if r == 50:
            text = f'<![CDATA[x</row><row r="{r}"><c r="B{r}"><v>999</v></c></row>]]>'
        rows.append(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{text}</t></is></c>'
            f'<c r="B{r}"><v>{r}</v></c></row>'
        )
    write_one_sheet_workbook(path, "".join(rows))
    return path


def test_a_sheet_with_cdata_is_read_whole_not_cut_inside_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    path = _workbook_with_cdata(tmp_path / "cdata.xlsx")
    whole = list(read_workbook(path, FileFormat.XLSX)[0].rows())
    assert len(whole) == 199
    assert whole[49] == ['x</row><row r="50"><c r="B50"><v>999</v></c></row>', 50.0]
    monkeypatch.setattr(xlsx_slices, "SLICED_ABOVE_BYTES", 0)
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", 600)  # would cut inside the CDATA section
    assert list(read_workbook(path, FileFormat.XLSX)[0].rows()) == whole


def _workbook_with_a_long_row(path: Path, at: int) -> Path:
    """200 short rows; row ``at`` holds a 6,000-character text (inline, so it is in the row)."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("data")
    for r in range(200):
        sheet.write_string(r, 0, "x" * 6000 if r == at else f"fila {r}")
        sheet.write_number(r, 1, r)
    book.close()
    return path


def _rows_read_with_a_short_row_limit(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[list[object]]:

    monkeypatch.setattr(xlsx_slices, "SLICED_ABOVE_BYTES", 0)
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", TINY_SLICE)
    monkeypatch.setattr(xlsx_slices, "LONGEST_ROW_BYTES", 4000)  # the long row is over it
    return list(read_workbook(path, FileFormat.XLSX)[0].rows())


def test_a_row_longer_than_any_excel_writes_is_refused_as_damaged_once_slices_were_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    path = _workbook_with_a_long_row(tmp_path / "fila_larga.xlsx", at=150)
    with pytest.raises(InputFileError) as refused:
        _rows_read_with_a_short_row_limit(path, monkeypatch)
    assert "«data» está dañada" in refused.value.es


def test_a_row_longer_than_any_excel_writes_in_the_first_slice_is_left_to_the_whole_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    path = _workbook_with_a_long_row(tmp_path / "fila_larga.xlsx", at=0)
    whole = list(read_workbook(path, FileFormat.XLSX)[0].rows())
    assert whole[0] == ["x" * 6000, 0.0]
    assert _rows_read_with_a_short_row_limit(path, monkeypatch) == whole
