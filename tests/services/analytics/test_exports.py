"""Every kind of exported workbook opens in LibreOffice with the same values; CSV has a BOM."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from o2c_desktop.services.analytics import (
    contracts,
    export,
    logistics,
    make_cut,
    receivables,
    reconcile,
    records,
)
from o2c_desktop.services.exports import sheet_columns
from o2c_desktop.settings import AnalyticsSettings

SETTINGS = AnalyticsSettings()
SOFFICE = shutil.which("soffice")


def _libreoffice_csv(book: Path, tmp: Path) -> list[list[str]]:
    assert SOFFICE, "LibreOffice (libreoffice-calc-nogui) is installed by scripts/setup.sh"
    out = tmp / "lo"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false",
         "--outdir", str(out), str(book)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    converted = out / (book.stem + ".csv")
    with converted.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _reports(world: Any) -> dict[str, Any]:
    con, cut = world.warehouse.connection, make_cut(world.as_of)
    return {
        "conciliacion": reconcile.chain(con, cut, SETTINGS),
        "excepciones": reconcile.exceptions(con, cut, SETTINGS),
        "cobranza": receivables.open_items(con, cut, SETTINGS),
        "contratos": contracts.balances(con, cut, SETTINGS),
        "logistica": logistics.kpis(con, cut, SETTINGS),
    }


@pytest.mark.parametrize(
    "kind", ["conciliacion", "excepciones", "cobranza", "contratos", "logistica"]
)
def test_workbook_reads_back_in_libreoffice(world: Any, tmp_path: Path, kind: str) -> None:
    report = _reports(world)[kind]
    path = tmp_path / f"{kind}.xlsx"
    result = export(world.warehouse.connection, report, path)
    expected = records(report.relation, list(report.columns))
    assert result.rows == len(expected) > 0
    rows = _libreoffice_csv(path, tmp_path)
    sheet = sheet_columns(report.columns)
    assert rows[0] == [c.title for c in sheet]  # titles as on screen, not field names
    assert len(rows) == len(expected) + 1
    money = [c for c in report.columns if isinstance(expected[0].get(c), Decimal)]
    fields = [c.field for c in sheet]
    for got, want in zip(rows[1:], expected, strict=True):
        for column in money:
            value = want[column]
            cell = got[fields.index(column)]
            if value is None:
                assert cell == ""
            else:
                assert Decimal(cell.replace("$", "").replace(",", "")) == value


def test_workbook_cells_are_typed_with_summary_and_parameters(world: Any, tmp_path: Path) -> None:
    report = _reports(world)["conciliacion"]
    path = tmp_path / "c.xlsx"
    export(world.warehouse.connection, report, path)
    book = openpyxl.load_workbook(path, read_only=False)
    assert book.sheetnames == ["Detalle", "Resumen", "Parámetros"]
    detail = book["Detalle"]
    header = [c.value for c in detail[1]]
    assert detail.freeze_panes == "A2"
    assert detail.auto_filter.ref
    amount = detail.cell(row=2, column=header.index("Importe del alta") + 1)
    when = detail.cell(row=2, column=header.index("Fecha de entrega") + 1)
    assert isinstance(amount.value, int | float) and "$" in amount.number_format
    assert when.is_date and when.number_format == "dd/mm/yyyy"
    summary = book["Resumen"]
    head = [c.value for c in summary[1]]
    last = [c.value for c in summary[summary.max_row]]
    assert last[0] == "TOTAL"
    total = sum(r["importe_alta"] or 0 for r in records(report.relation, ["importe_alta"]))
    assert Decimal(str(last[head.index("Importe del alta")])) == total
    params = {r[0].value: r[1].value for r in book["Parámetros"].iter_rows(min_row=2)}
    assert params["fecha de corte"].date() == world.as_of
    assert "versión del programa" in params
    assert any(str(k).startswith("archivo fuente") for k in params)


def test_detail_beyond_the_sheet_limit_continues_on_another_sheet(
    world: Any, tmp_path: Path
) -> None:
    report = _reports(world)["conciliacion"]
    path = tmp_path / "split.xlsx"
    export(world.warehouse.connection, report, path, max_rows_per_sheet=100)
    book = openpyxl.load_workbook(path, read_only=True)
    parts = [n for n in book.sheetnames if n.startswith("Detalle")]
    n = len(records(report.relation, ["no_orden"]))
    assert len(parts) == -(-n // 100) > 1
    assert sum(book[p].max_row - 1 for p in parts) == n


def test_csv_has_bom_and_one_record_per_row(world: Any, tmp_path: Path) -> None:
    report = _reports(world)["conciliacion"]
    path = tmp_path / "c.csv"
    result = export(world.warehouse.connection, report, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == result.rows
    for key in ("no_orden", "no_alta", "uuid", "folio_factura", "estado_cr", "estatus_cadena",
                "excepcion", "importe_alta", "importe_factura"):  # fmt: skip
        assert key in rows[0]
    assert result.manifest is not None and result.manifest.exists()
    assert date.fromisoformat(rows[0]["fecha_limite"] or "2000-01-01")
