"""`o2c demo`, the README's main job: every demo report through headless Chromium, archived
unchanged, matching the generator's world row for row."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
from python_calamine import CalamineWorkbook

from o2c_desktop.services.portals.demo import DemoPortal

SEED, SCALE = 11, 150
HISTORY_START = date(2024, 1, 1)


def header_and_rows(path: Path, first_header: str) -> tuple[list[str], list[list[object]]]:
    workbook = CalamineWorkbook.from_path(str(path))
    values = workbook.get_sheet_by_index(0).to_python()
    at = next(i for i, row in enumerate(values) if str(row[0]).strip() == first_header)
    return [str(h).strip() for h in values[at]], values[at + 1 :]


def text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def archived_keys(data_dir: Path) -> dict[str, set[tuple[str, ...]]]:
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT s.report, f.stored_path FROM raw_file_source s JOIN raw_file f USING (sha256)"
            " WHERE s.portal IS NOT NULL"
        ).fetchall()
    spec = {
        "sai.altas": ("noAlta", ("noAlta", "noOrden")),
        "sai.ordenes": ("contrato", ("orden",)),
        "prei.facturas_vs_cr": ("Documento", ("Folio Fiscal",)),
        "sagi.facturas2024": ("Unnamed: 0", ("Folio fiscal", "Estado de la factura")),
    }
    found: dict[str, set[tuple[str, ...]]] = {report: set() for report in spec}
    for report, stored in rows:
        path = Path(stored) if Path(stored).is_absolute() else data_dir / "archive" / stored
        first, key_columns = spec[report]
        header, body = header_and_rows(path, first)
        index = [header.index(c) for c in key_columns]
        for row in body:
            found[report].add(tuple(text(row[i]).upper() for i in index))
    return found


def test_o2c_demo_archives_every_report_row_for_row(data_dir: Path) -> None:
    (data_dir / "config").mkdir()
    (data_dir / "config" / "settings.toml").write_text(
        f"[demo]\nseed = {SEED}\nscale = {SCALE}\n"
        f"[portals]\ndemo_export_delay_s = 0.2\nhistory_start = {HISTORY_START.isoformat()}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), "demo",
         "--format", "json"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "ok"
    assert [s["report"] for s in summary["steps"]] == [
        "sai.altas", "sai.ordenes", "prei.facturas_vs_cr", "sagi.facturas2024", "factoraje",
    ]  # fmt: skip
    assert summary["files"] >= 5
    assert summary["rows_loaded"] > 0

    # The bank's factoring statement of the same world (no portal serves it): every operation
    # stored, the one asking for more than its invoice set aside naming its cell.
    with DemoPortal(seed=SEED, scale=SCALE) as portal:
        statement = portal.data.world.factoring
    [step] = [s for s in summary["steps"] if s["report"] == "factoraje"]
    assert (step["portal"], step["status"]) == ("banco", "ok")
    assert step["rows_loaded"] == int((~statement["refused"]).sum()) > 0
    with duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True) as con:
        stored = con.execute("SELECT count(*) FROM factoring_operation").fetchall()
        refused = con.execute(
            "SELECT r.sheet, r.reason FROM rejected_row AS r "
            "JOIN load_ledger AS l USING (load_id) WHERE l.kind = 'factoring'"
        ).fetchall()
    assert stored == [(step["rows_loaded"],)]
    assert [(sheet, reason.split(":")[0]) for sheet, reason in refused] == [
        ("Operaciones", "«monto a recibir»")
    ]

    found = archived_keys(data_dir)
    with DemoPortal(seed=SEED, scale=SCALE) as portal:
        for report, keys in found.items():
            truth = portal.truth_keys(report, HISTORY_START, date.today())
            assert keys == {tuple(k.upper() for k in key) for key in truth}, report
