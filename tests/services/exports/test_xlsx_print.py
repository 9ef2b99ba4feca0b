"""Excel exports finance can read and print: titles as on screen, numbers formatted by the kind
of their column (pieces never as money, folios and years without separators, Sí/No, %),
exception reasons in words with the code beside them, and a print setup that LibreOffice honours:
landscape, one page wide, the header row on every page, a footer with the parameters and the
page number."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from o2c_desktop.services.exports import Column, SheetSpec, sheet_columns, write_xlsx

SOFFICE = shutil.which("soffice")
PDFTOTEXT, PDFINFO = shutil.which("pdftotext"), shutil.which("pdfinfo")
COLUMNS = [
    "no_orden", "anio", "unidad", "cantidad_entregada", "importe_alta", "fecha_entrega",
    "factura_cancelada", "otif_pct", "excepcion",
]  # fmt: skip
PARAMETERS = {"reporte": "Conciliación", "fecha de corte": date(2025, 7, 31), "filtros": "ninguno"}


def _records(count: int) -> list[dict[str, object]]:
    return [
        {
            "no_orden": 40126288 + i,
            "anio": 2025,
            "unidad": f"ALMACEN DELEGACIONAL EN AGUASCALIENTES {i:03d}",
            "cantidad_entregada": 1350,
            "importe_alta": Decimal("112050.00"),
            "fecha_entrega": date(2025, 7, 1),
            "factura_cancelada": i % 2 == 0,
            "otif_pct": Decimal("70.9"),
            "excepcion": "INVOICE_NOT_IN_PREI",
        }
        for i in range(count)
    ]


def _write(path: Path, count: int, lang: str = "es") -> None:
    spec = SheetSpec("Detalle", sheet_columns(COLUMNS, lang), _records(count))
    write_xlsx(path, [spec], PARAMETERS, lang=lang)


def test_cells_are_formatted_by_the_kind_of_their_column(tmp_path: Path) -> None:
    path = tmp_path / "conciliacion.xlsx"
    _write(path, 3)
    sheet = openpyxl.load_workbook(path)["Detalle"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "Orden", "Año", "Unidad", "Cantidad entregada", "Importe del alta", "Fecha de entrega",
        "Factura cancelada", "% OTIF", "Excepción", "Excepción (código)",
    ]  # fmt: skip
    order, year, _unit, pieces, money, when, cancelled, otif, words, code = sheet[2]
    assert (order.value, order.number_format) == (40126288, "0")
    assert (year.value, year.number_format) == (2025, "0")
    assert (pieces.value, pieces.number_format) == (1350, "#,##0")
    assert (money.value, money.number_format) == (112050, '"$"#,##0.00')
    assert when.is_date and when.number_format == "dd/mm/yyyy"
    assert (cancelled.value, cancelled.number_format) == (1, '"Sí";"Sí";"No"')
    assert otif.value == pytest.approx(0.709) and otif.number_format == "0.0 %"
    assert words.value == "Factura sin registro en PREI (súbala al Buzón)"
    assert code.value == "INVOICE_NOT_IN_PREI"
    assert sheet.column_dimensions["D"].width >= len("Cantidad entregada")


def test_english_export_has_english_titles_and_words(tmp_path: Path) -> None:
    path = tmp_path / "reconciliation.xlsx"
    _write(path, 1, lang="en")
    sheet = openpyxl.load_workbook(path)["Detalle"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "Order" and header[-2:] == ["Exception", "Exception (code)"]
    assert sheet["G2"].number_format == '"Yes";"Yes";"No"'
    assert sheet["I2"].value == "Invoice unknown to PREI (upload it to the Buzón)"
    assert "Page &P of &N" in sheet.oddFooter.right.text


def test_every_sheet_is_set_up_to_print(tmp_path: Path) -> None:
    path = tmp_path / "conciliacion.xlsx"
    _write(path, 3)
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        # one page wide (1, the file format's default, is left out), as many long as it takes
        assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
        assert sheet.oddFooter.right.text == "Página &P de &N"
        assert "reporte: Conciliación" in sheet.oddFooter.left.text
        assert "fecha de corte: 31/07/2025" in sheet.oddFooter.left.text
    assert book["Detalle"].print_title_rows == "$1:$1"


def _pdf(book: Path, tmp: Path) -> Path:
    assert SOFFICE, "LibreOffice (libreoffice-calc-nogui) is installed by scripts/setup.sh"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp / "pdf"), str(book)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return tmp / "pdf" / (book.stem + ".pdf")


def _page_text(pdf: Path, page: int) -> str:
    assert PDFTOTEXT, "pdftotext (poppler-utils) is installed by scripts/setup.sh"
    done = subprocess.run(
        [PDFTOTEXT, "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return done.stdout


def _pages(pdf: Path) -> int:
    assert PDFINFO, "pdfinfo (poppler-utils) is installed by scripts/setup.sh"
    info = subprocess.run([PDFINFO, str(pdf)], check=True, capture_output=True, text=True)
    return int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])


def test_long_export_prints_with_the_header_row_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "conciliacion.xlsx"
    _write(path, 200)
    pdf = _pdf(path, tmp_path)
    pages = _pages(pdf)
    assert pages > 2  # the detail's pages and the parameters' page
    first, second = _page_text(pdf, 1), _page_text(pdf, 2)
    for text in (first, second):
        # the header row repeated, every column on the page (one page wide), the footer
        assert "Orden" in text and "Importe del alta" in text and "Excepción (código)" in text
        assert "reporte: Conciliación" in text
    assert f"Página 2 de {pages}" in second
    row = next(line for line in second.splitlines() if "40126" in line)
    assert "$112,050.00" in row and "1,350" in row and "70.9 %" in row and "2025" in row
    assert "2,025" not in row and "Factura sin registro en PREI" in row
    assert "Sí" in second and "No" in second


def _write_wide(path: Path, rows: int) -> None:
    """A reconciliation-like sheet: the order and its alta first, then 24 columns of detail."""
    columns = [Column("orden", "Orden", "id"), Column("alta", "Alta", "text")] + [
        Column(f"dato_{i}", f"Dato {i:02d}", "money") for i in range(24)
    ]
    records = [
        {"orden": 40126288 + r, "alta": f"058001-{102000 + r}"}
        | {f"dato_{i}": Decimal(1000 * i + r) for i in range(24)}
        for r in range(rows)
    ]
    write_xlsx(path, [SheetSpec("Detalle", columns, records)], PARAMETERS)


def test_a_wide_sheet_prints_readable_pages_with_its_first_columns_on_each(
    tmp_path: Path,
) -> None:
    path = tmp_path / "conciliacion.xlsx"
    _write_wide(path, 30)
    sheet = openpyxl.load_workbook(path)["Detalle"]
    # shrunk to one page wide, 26 columns would print at about a third of their size
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.scale == 65 and sheet.page_setup.pageOrder == "overThenDown"
    assert sheet.print_title_cols == "$A:$B" and sheet.print_title_rows == "$1:$1"

    pdf = _pdf(path, tmp_path)
    pages = _pages(pdf)
    assert pages > 2
    last_detail = _page_text(pdf, pages - 1)  # the parameters sheet prints last
    # A page of the right-hand columns still says which order and alta each row is.
    assert "Dato 23" in last_detail and "Dato 00" not in last_detail
    row = next(line for line in last_detail.splitlines() if "40126288" in line)
    assert "058001-102000" in row and "$23,000.00" in row


def test_a_narrow_sheet_still_prints_one_page_wide(tmp_path: Path) -> None:
    path = tmp_path / "conciliacion.xlsx"
    _write(path, 3)
    sheet = openpyxl.load_workbook(path)["Detalle"]
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and not sheet.print_title_cols
