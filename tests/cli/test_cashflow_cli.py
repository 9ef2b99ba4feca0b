"""``o2c cashflow`` on the hand-summed two-invoice warehouse of tests/support/cash_world.py: the
weeks as a table, JSON and CSV, the events behind them, and the Excel / CSV export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cash_world
import openpyxl
import pytest
from click.testing import CliRunner

from o2c_desktop.cli import cli
from o2c_desktop.errors import UserError
from o2c_desktop.services.warehouse import Warehouse

CUT = ("--as-of", "25/08/2025", "--weeks", "3")
WEEK_KEYS = ["week", "start", "end", "institution_p50", "institution_p90", "advances",
             "reserves", "fees", "net", "running_total"]  # fmt: skip


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("cli-cashflow")
    with Warehouse(root / "warehouse.duckdb") as warehouse:
        cash_world.fill(warehouse.connection)
    yield root


def o2c(data: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--data-dir", str(data), *args])


def _ok(result: Any) -> str:
    assert result.exit_code == 0, (result.output, result.exception)
    return str(result.stdout)


def test_table_has_spanish_headers_and_the_hand_summed_weeks(data_dir: Path) -> None:
    lines = _ok(o2c(data_dir, "cashflow", *CUT)).splitlines()
    assert lines[0] == "Flujo de efectivo proyectado, corte 2025-08-25: 3 semanas."
    assert lines[1].split("  ")[0:2] == ["Semana", "Desde"]
    for title in ("Cobro institución P50", "Anticipos", "Acumulado"):
        assert title in lines[1]
    rows = [line.split() for line in lines[3:]]
    assert rows == [
        ["1", "2025-08-25", "2025-08-31", "0.00", "0.00", "1800.00", "0.00", "0.00", "1800.00",
         "1800.00"],
        ["2", "2025-09-01", "2025-09-07", "900.00", "0.00", "0.00", "0.00", "0.00", "900.00",
         "2700.00"],
        ["3", "2025-09-08", "2025-09-14", "0.00", "900.00", "0.00", "200.00", "-30.00", "170.00",
         "2870.00"],
    ]  # fmt: skip


def test_json_and_csv_keep_english_keys(data_dir: Path) -> None:
    weeks = json.loads(_ok(o2c(data_dir, "cashflow", *CUT, "--format", "json")))
    assert [list(w) for w in weeks] == [WEEK_KEYS] * 3
    assert [(w["advances"], w["running_total"]) for w in weeks] == [
        ("1800.00", "1800.00"), ("0.00", "2700.00"), ("0.00", "2870.00"),
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(_ok(o2c(data_dir, "cashflow", *CUT, "--format",
                                                     "csv")))))  # fmt: skip
    assert [r["net"] for r in rows] == ["1800.00", "900.00", "170.00"]


def test_detail_names_the_invoice_behind_each_figure(data_dir: Path) -> None:
    events = json.loads(_ok(o2c(data_dir, "cashflow", *CUT, "--detail", "--format", "json")))
    got = sorted((e["concept"], e["invoice"], e["uuid"], e["week_p50"], e["week_p90"],
                  e["amount"]) for e in events)  # fmt: skip
    assert got == [
        ("anticipo", "P-202", cash_world.UB, 1, 1, "1800.00"),
        ("cobro_institucion", "P-201", cash_world.UA, 2, 3, "900.00"),
        ("comision", "P-202", cash_world.UB, 3, 3, "-30.00"),
        ("reserva", "P-202", cash_world.UB, 3, 3, "200.00"),
    ]
    table = _ok(o2c(data_dir, "cashflow", *CUT, "--detail")).splitlines()
    assert table[0] == "Flujo de efectivo proyectado, corte 2025-08-25: 4 eventos."
    assert table[1].startswith("Semana P50  Semana P90  Concepto")


def test_past_cut_knows_nothing_of_the_later_factoring(data_dir: Path) -> None:
    events = json.loads(_ok(o2c(data_dir, "cashflow", "--as-of", "2025-08-21", "--detail",
                                "--format", "json")))  # fmt: skip
    assert sorted((e["concept"], e["invoice"]) for e in events) == [
        ("cobro_institucion", "P-201"), ("cobro_institucion", "P-202"),
    ]  # fmt: skip


def test_excel_export_holds_weeks_and_the_events_that_sum_to_them(data_dir: Path) -> None:
    book_path = data_dir / "flujo.xlsx"
    assert _ok(o2c(data_dir, "cashflow", *CUT, "--export", str(book_path))).strip() == (
        f"3 semanas y 4 eventos escritos en {book_path}."
    )
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["Semanas", "Eventos", "Parámetros"]
    weeks = list(book["Semanas"].values)
    assert weeks[0][:4] == ("Semana", "Desde", "Hasta", "Cobro institución P50")
    assert [w[-1] for w in weeks[1:]] == [1800, 2700, 2870]
    events = list(book["Eventos"].values)
    header = list(events[0])
    assert header[:4] == ["Semana P50", "Semana P90", "Concepto", "Institución"]
    week, concept, amount = (header.index(t) for t in ("Semana P50", "Concepto", "Importe"))
    reserves = [r[amount] for r in events[1:] if r[week] == 3 and r[concept] == "reserva"]
    assert reserves == [200]
    params = dict(book["Parámetros"].values)
    assert params["reporte"] == "Flujo de efectivo proyectado" and params["semanas"] == 3


def test_csv_export_writes_weeks_or_events_with_a_manifest(data_dir: Path) -> None:
    weeks_path, events_path = data_dir / "semanas.csv", data_dir / "eventos.csv"
    assert "3 semanas y 0 eventos" in _ok(o2c(data_dir, "cashflow", *CUT, "--export",
                                             str(weeks_path)))  # fmt: skip
    assert "0 semanas y 4 eventos" in _ok(o2c(data_dir, "cashflow", *CUT, "--detail",
                                             "--export", str(events_path)))  # fmt: skip
    weeks = list(csv.DictReader(io.StringIO(weeks_path.read_text(encoding="utf-8-sig"))))
    assert [r["running_total"] for r in weeks] == ["1800.00", "2700.00", "2870.00"]
    events = list(csv.DictReader(io.StringIO(events_path.read_text(encoding="utf-8-sig"))))
    assert sorted(r["invoice"] for r in events) == ["P-201", "P-202", "P-202", "P-202"]
    manifest = json.loads((data_dir / "eventos.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["row_count"] == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--weeks", "0"), "El número de semanas (0) debe estar entre 1 y 104."),
        (("--as-of", "31/02/2025"), "La fecha de corte «31/02/2025» no es válida"),
        (("--export", "flujo.pdf"), "No se puede exportar a «flujo.pdf»: use un archivo .xlsx"),
    ],
)
def test_bad_input_says_what_to_do(data_dir: Path, args: tuple[str, ...], message: str) -> None:
    result = o2c(data_dir, "cashflow", *args)
    assert isinstance(result.exception, UserError), result.output
    assert result.exception.es.startswith(message)
    assert not (data_dir / "flujo.pdf").exists()
