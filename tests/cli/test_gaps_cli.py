"""``o2c gaps``: what a clerk types and gets back (records, files, manifests, messages)."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from python_calamine import CalamineWorkbook

from o2c_desktop.services.warehouse import Warehouse


def o2c(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _load(data_dir: Path, rows: list[tuple[str, str, str, str | None]]) -> None:
    """(store, folio, issued, uploaded) rows of issuer AAA010101AAA, serie A."""
    with Warehouse(data_dir / "warehouse.duckdb") as warehouse:
        for i, (store, folio, issued, uploaded) in enumerate(rows):
            warehouse.connection.execute(
                "INSERT INTO sequence_invoice VALUES ('store-feed', 'AAA010101AAA', ?, 'A', ?, "
                "NULL, ?, ?, ?, 'Vigente', TIMESTAMP '2020-01-01', NULL, 'h', 1, 't', NULL, ?, "
                "NULL)",
                [store, folio, f"UUID-{i}", datetime.fromisoformat(issued),
                 datetime.fromisoformat(uploaded or issued), i],
            )  # fmt: skip


STORES = [
    ("T1", "1", "2024-01-05", None),
    ("T1", "4", "2024-01-06", None),
    ("T1", "7", "2024-02-02", None),
    ("T2", "10", "2024-01-05", None),
    ("T2", "20", "2024-01-20", None),
]


@pytest.mark.slow
def test_clear_spanish_errors_for_bad_periods_and_an_empty_warehouse(data_dir: Path) -> None:
    month = o2c(data_dir, "gaps", "--month", "2024-13")
    assert month.returncode == 1
    assert "El mes «2024-13» de --month no es válido" in month.stderr
    backwards = o2c(data_dir, "gaps", "--from", "2024-02-01", "--to", "2024-01-01")
    assert backwards.returncode == 1
    assert "es posterior a la de --to" in backwards.stderr
    empty = o2c(data_dir, "gaps", "--month", "2024-01")
    assert empty.returncode == 1
    assert "Aún no hay facturas cargadas" in empty.stderr


@pytest.mark.slow
def test_ranges_per_folio_and_top_in_json_and_csv(data_dir: Path) -> None:
    _load(data_dir, STORES)
    january = o2c(data_dir, "gaps", "--month", "2024-01", "--format", "json")
    assert january.returncode == 0, january.stderr
    rows = json.loads(january.stdout)
    assert [
        (r["tienda"], r["gap_inicio"], r["gap_fin"], r["faltantes"], r["estado"]) for r in rows
    ] == [
        ("T1", 2, 3, 2, "abierto"),
        ("T2", 11, 19, 9, "abierto"),
    ]
    assert rows[0]["emisor_rfc"] == "AAA010101AAA"
    assert (rows[0]["folio_anterior"], rows[0]["fecha_siguiente"]) == (1, "2024-01-06T00:00:00")
    assert rows[0]["detectado_en"]

    per_folio = o2c(data_dir, "gaps", "--from", "2024-01-01", "--to", "2024-02-29",
                    "--store", "T1", "--per-folio", "--format", "csv")  # fmt: skip
    assert per_folio.returncode == 0, per_folio.stderr
    parsed = list(csv.DictReader(per_folio.stdout.splitlines()))
    assert [r["folio_faltante"] for r in parsed] == ["2", "3", "5", "6"]

    top = o2c(data_dir, "gaps", "--from", "2024-01-01", "--to", "2024-02-29", "--top", "1",
              "--format", "json")  # fmt: skip
    assert json.loads(top.stdout)[0] | {"primer_folio": 0} == {
        "lugar": 1, "emisor_rfc": "AAA010101AAA", "tienda": "T2", "faltantes": 9, "rangos": 1,
        "primer_folio": 0, "ultimo_folio": 19,
    }  # fmt: skip


def test_auditor_csv_with_manifest_and_excel_export(data_dir: Path, tmp_path: Path) -> None:
    _load(data_dir, STORES)
    target = tmp_path / "auditoria.csv"
    done = o2c(data_dir, "gaps", "--month", "2024-01", "--per-folio", "--export", str(target))
    assert done.returncode == 0, done.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [(r["tienda"], r["folio_faltante"]) for r in lines][:3] == [
        ("T1", "2"),
        ("T1", "3"),
        ("T2", "11"),
    ]
    manifest = json.loads((tmp_path / "auditoria.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == hashlib.sha256(raw).hexdigest()
    assert manifest["row_count"] == len(lines) == 11
    assert manifest["parameters"]["periodo"] == "2024-01"

    workbook = tmp_path / "reporte.xlsx"
    done = o2c(data_dir, "gaps", "--month", "2024-01", "--export", str(workbook))
    assert done.returncode == 0, done.stderr
    book = CalamineWorkbook.from_path(str(workbook))
    assert book.sheet_names == ["Resumen", "Detalle", "Parámetros"]
    detail = book.get_sheet_by_name("Detalle").to_python()
    assert detail[1][:6] == ["AAA010101AAA", "T1", "A", 2.0, 3.0, 2.0]


def test_auditor_csv_escapes_store_names_that_look_like_formulas(
    data_dir: Path, tmp_path: Path
) -> None:
    _load(data_dir, [
        ('=HYPERLINK("http://x.example","T1")', "1", "2024-01-05", None),
        ('=HYPERLINK("http://x.example","T1")', "3", "2024-01-06", None),
        ("@T2", "10", "2024-01-05", None),
        ("@T2", "12", "2024-01-07", None),
    ])  # fmt: skip
    target = tmp_path / "auditoria.csv"
    done = o2c(data_dir, "gaps", "--month", "2024-01", "--per-folio", "--export", str(target))
    assert done.returncode == 0, done.stderr
    lines = list(csv.DictReader(target.read_bytes().decode("utf-8-sig").splitlines()))
    assert [(r["tienda"], r["folio_faltante"]) for r in lines] == [
        ('\'=HYPERLINK("http://x.example","T1")', "2"),
        ("'@T2", "11"),
    ]
    manifest = json.loads((tmp_path / "auditoria.csv.manifest.json").read_text(encoding="utf-8"))
    assert "OWASP" in manifest["formula_escaping"]


def test_late_upload_closes_a_gap_and_as_of_shows_what_was_known(data_dir: Path) -> None:
    _load(
        data_dir,
        [*STORES, ("T1", "5", "2024-01-06", "2024-02-10"), ("T1", "6", "2024-01-06", "2024-02-10")],
    )
    replay = o2c(data_dir, "gaps", "refresh", "--since", "2024-01-01", "--format", "json")
    assert replay.returncode == 0, replay.stderr
    assert sum(r["closed"] for r in json.loads(replay.stdout)) == 1
    before = o2c(data_dir, "gaps", "--month", "2024-02", "--store", "T1", "--as-of", "2024-02-05",
                 "--format", "json")  # fmt: skip
    after = o2c(data_dir, "gaps", "--month", "2024-02", "--store", "T1", "--format", "json")
    assert [(r["gap_inicio"], r["gap_fin"], r["estado"]) for r in json.loads(before.stdout)] == [
        (5, 6, "abierto")
    ]
    # The same day as clerks write it, as every other command's --as-of takes it.
    day_first = o2c(data_dir, "gaps", "--month", "2024-02", "--store", "T1", "--as-of",
                    "05/02/2024", "--format", "json")  # fmt: skip
    assert day_first.returncode == 0, day_first.stderr
    assert json.loads(day_first.stdout) == json.loads(before.stdout)
    closed = json.loads(after.stdout)
    assert [(r["gap_inicio"], r["estado"], r["cerrado_por_uuid"]) for r in closed] == [
        (5, "cerrado", "UUID-5")
    ]


def test_monthly_writes_one_csv_and_manifest_per_month(data_dir: Path) -> None:
    _load(data_dir, STORES)
    done = o2c(data_dir, "gaps", "monthly", "--since", "2024-01", "--format", "json")
    assert done.returncode == 0, done.stderr
    written = json.loads(done.stdout)
    months = [w["month"] for w in written]
    assert months[:3] == ["2024-01", "2024-02", "2024-03"]
    assert months[-1] == f"{datetime.now(ZoneInfo('America/Mexico_City')):%Y-%m}"
    folder = data_dir / "exports" / "folios_faltantes"
    assert (folder / "folios_faltantes_2024-01.csv.manifest.json").exists()
    assert [w["rows"] for w in written[:2]] == [11, 2]
