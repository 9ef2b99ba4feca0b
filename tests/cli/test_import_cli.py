"""``o2c import`` end to end: the real command, a real data folder, the real samples."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from o2c_desktop.cli import cli


def _import(data_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), "import", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout


def test_import_real_samples_then_reimport_is_a_no_op(data_dir: Path, real_samples: Path) -> None:
    code, out = _import(data_dir, "--format", "json", str(real_samples))
    assert code == 0
    records = {r["archivo"]: r for r in json.loads(out)}
    assert records["sai_altas_2025-08-25.xlsx"]["tipo"] == "sai-altas"
    assert records["sai_altas_2025-08-25.xlsx"]["nuevas"] == 58
    assert records["prei_facturas_vs_cr_2025-08-25.xlsx"]["nuevas"] == 124
    assert {r["estado"] for r in records.values()} == {"loaded"}
    archived = sorted(p.name for p in (data_dir / "archive").rglob("*") if p.is_file())
    assert len(archived) == 4

    def counts() -> dict[str, int]:
        con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
        try:
            tables = ["sai_alta", "contrarecibo_status", "invoice_register", "raw_file"]
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in tables}
        finally:
            con.close()

    before = counts()
    assert before == {
        "sai_alta": 58, "contrarecibo_status": 124, "invoice_register": 1314, "raw_file": 4
    }  # fmt: skip
    code, out = _import(data_dir, "--format", "csv", str(real_samples))
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "archivo,tipo,estado,leidas,nuevas,cambiadas,sin_cambios,rechazadas,mensaje"
    assert all(",duplicate," in line for line in lines[1:]) and len(lines) == 5
    assert counts() == before


@pytest.mark.expected_log_warnings
def test_import_broken_file_reports_quarantine(data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "altas.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated download")
    code, out = _import(data_dir, str(broken))
    assert code == 2
    assert "quarantined" in out
    assert "dañado o incompleto" in out
    reports = list((data_dir / "quarantine").glob("*.informe.txt"))
    assert len(reports) == 1
    assert "altas.xlsx" in reports[0].read_text(encoding="utf-8")


def test_import_with_kind_and_saved_mapping(data_dir: Path, tmp_path: Path) -> None:
    register = tmp_path / "mi registro.csv"
    register.write_text(
        "No. Factura,Fecha de emisión,Folio fiscal,Pedido\n"
        "P-100,2025-07-03T10:15:22,e4a42bd2-8e8d-460c-aafa-d73b0ba1e9c5,40126288\n",
        encoding="utf-8",
    )
    code, out = _import(
        data_dir,
        "--kind", "invoice-register",
        "--save-mapping", "registro-propio",
        "--map", "factura=No. Factura",
        "--map", "fecha=Fecha de emisión",
        "--map", "uuid=Folio fiscal",
        "--map", "referencia=Pedido",
        "--format", "json",
        str(register),
    )  # fmt: skip
    assert code == 0, out
    assert json.loads(out)[0]["nuevas"] == 1
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    try:
        row = con.execute("SELECT factura, uuid, referencia FROM invoice_register").fetchall()
    finally:
        con.close()
    assert row == [("P-100", "E4A42BD2-8E8D-460C-AAFA-D73B0BA1E9C5", "40126288")]
