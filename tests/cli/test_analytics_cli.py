"""``o2c reconcile | receivables | contracts | logistics`` on the real exports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.ingest import ingest_paths
from o2c_desktop.services.warehouse import Warehouse

REAL_SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "real"
# Each test starts the program (a few seconds each) on a warehouse of the real samples.
pytestmark = pytest.mark.slow


def o2c(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("cli-analytics")
    with Warehouse(root / "warehouse.duckdb") as warehouse:
        ingest_paths(
            warehouse, RawArchive(root / "archive", warehouse), [REAL_SAMPLES],
            quarantine_dir=root / "quarantine",
        )  # fmt: skip
    yield root


def test_reconcile_json_has_the_chain_keys(data_dir: Path) -> None:
    done = o2c(data_dir, "reconcile", "--format", "json", "--filter", "no_alta=298001-107689")
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert row["uuid"] is None
    assert row["estado_cr"] is None
    assert row["estatus_cadena"] == "Por facturar"
    assert row["excepcion"] == "ALTA_NOT_INVOICED"
    assert row["importe_alta"] == "81506.00"


def test_reconcile_csv_one_record_per_alta(data_dir: Path) -> None:
    done = o2c(data_dir, "reconcile", "--format", "csv", "--filter", "registro=alta")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 58
    keys = {"no_orden", "no_alta", "uuid", "folio_factura", "estado_cr", "estatus_cadena",
            "excepcion", "importe_alta", "importe_factura"}  # fmt: skip
    assert keys <= set(rows[0])
    by_alta = {r["no_alta"]: r for r in rows}
    assert by_alta["168001-106721"]["estado_cr"] == "Aprobado"
    assert by_alta["028001-107918"]["estado_cr"] == ""


def test_export_to_excel_and_csv(data_dir: Path) -> None:
    book = data_dir / "conciliacion.xlsx"
    done = o2c(data_dir, "reconcile", "--filter", "registro=alta", "--export", str(book))
    assert done.returncode == 0, done.stderr
    assert "58 renglones" in done.stdout
    assert openpyxl.load_workbook(book).sheetnames == ["Detalle", "Resumen", "Parámetros"]
    header = [c.value for c in openpyxl.load_workbook(book)["Detalle"][1]]
    assert header[:3] == ["Institución", "Registro", "Orden"]
    english = data_dir / "reconciliation.xlsx"
    done = o2c(data_dir, "--lang", "en", "reconcile", "--filter", "registro=alta",
               "--export", str(english))  # fmt: skip
    assert done.returncode == 0, done.stderr
    header = [c.value for c in openpyxl.load_workbook(english)["Detalle"][1]]
    assert header[:3] == ["Institution", "Registration", "Order"]
    assert "Exception (code)" in header
    table = data_dir / "excepciones.csv"
    done = o2c(data_dir, "reconcile", "--exceptions", "--export", str(table))
    assert done.returncode == 0, done.stderr
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")


def test_other_reports_run(data_dir: Path) -> None:
    for args in (("receivables",), ("receivables", "--view", "dso"), ("contracts",),
                 ("contracts", "--view", "versions"),
                 ("logistics", "--by", "unidad"), ("receivables", "--view", "states")):  # fmt: skip
        done = o2c(data_dir, *args, "--format", "json")
        assert done.returncode == 0, (args, done.stderr)
        assert isinstance(json.loads(done.stdout), list)


def test_dso_and_collections_take_the_filter_and_refuse_an_export_they_cannot_write(
    data_dir: Path, tmp_path: Path
) -> None:
    every = json.loads(o2c(data_dir, "receivables", "--view", "dso", "--format", "json").stdout)
    assert [r["institucion"] for r in every] == ["IMSS"]  # the real samples are IMSS's
    for institution, expected in (("IMSS", every), ("IMSS-BIENESTAR", [])):
        only = o2c(data_dir, "receivables", "--view", "dso", "--filter",
                   f"institucion={institution}", "--format", "json")  # fmt: skip
        assert only.returncode == 0, only.stderr
        assert json.loads(only.stdout) == expected
    target = tmp_path / "dso.xlsx"
    refused = o2c(data_dir, "receivables", "--view", "collections", "--export", str(target))
    assert refused.returncode == 1
    assert "La vista collections no se exporta a un archivo" in refused.stderr
    assert not target.exists()


def test_bad_filter_and_bad_date_are_explained(data_dir: Path) -> None:
    done = o2c(data_dir, "reconcile", "--filter", "color=rojo")
    assert done.returncode == 1
    assert "No se puede filtrar por «color»" in done.stderr
    done = o2c(data_dir, "reconcile", "--as-of", "31/02/2025")
    assert done.returncode == 1
    assert "dd/mm/aaaa" in done.stderr


def test_as_of_before_the_data_shows_nothing(data_dir: Path) -> None:
    done = o2c(data_dir, "reconcile", "--as-of", "30/06/2025", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_reconcile_reads_the_rows_the_conciliacion_screen_kept(data_dir: Path) -> None:
    from o2c_desktop.paths import resolve_paths
    from o2c_desktop.services.analytics import make_cut
    from o2c_desktop.services.analytics.reconcile import COLUMNS, chain
    from o2c_desktop.services.analytics.report_cache import ReportCache
    from o2c_desktop.settings import AnalyticsSettings

    computed = {fmt: o2c(data_dir, "reconcile", "--format", fmt).stdout for fmt in ("csv", "json")}
    paths = resolve_paths(str(data_dir))
    cache = ReportCache(paths.cache_dir / "reports")
    settings = AnalyticsSettings()
    with Warehouse(data_dir / "warehouse.duckdb", read_only=True) as warehouse:
        con = warehouse.connection
        cut = make_cut(None)
        report = chain(con, cut, settings)
        key = cache.key(con, paths.warehouse_file, "reconciliation", COLUMNS, cut, settings, {})
        rows = report.relation.select(*COLUMNS).to_arrow_table()
    # Three rows kept: what the command prints proves it read the cache, not the view.
    cache.store("reconciliation", key, rows.slice(0, 3))
    few = o2c(data_dir, "reconcile", "--format", "csv")
    assert few.returncode == 0, few.stderr
    assert few.stdout.splitlines() == computed["csv"].splitlines()[:4]
    cache.store("reconciliation", key, rows)
    for fmt in ("csv", "json"):
        kept = o2c(data_dir, "reconcile", "--format", fmt)
        assert kept.returncode == 0, kept.stderr
        assert kept.stdout == computed[fmt]
    filtered = o2c(data_dir, "reconcile", "--format", "csv", "--filter", "registro=alta")
    assert len(filtered.stdout.splitlines()) == 59  # another question: not from the cache
