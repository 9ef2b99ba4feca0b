"""``o2c import --kind invoice-register`` then ``o2c gaps``: the supplier's own folio gaps, under
the RFC of its settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def o2c(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _settings(data_dir: Path, general: str) -> None:
    config = data_dir / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(
        f"schema_version = 1\n\n[general]\n{general}\n", encoding="utf-8"
    )


def test_imported_register_gives_the_gaps_of_the_suppliers_series(
    data_dir: Path, real_samples: Path
) -> None:
    _settings(data_dir, 'supplier_rfc = "xyz990101ab3"')
    register = real_samples / "invoice_register_imss_2025-08-25.xlsx"
    imported = o2c(data_dir, "import", "--kind", "invoice-register", str(register))
    assert imported.returncode == 0, imported.stderr

    gaps = o2c(data_dir, "gaps", "--from", "2023-01-01", "--to", "2025-12-31",
               "--format", "json")  # fmt: skip
    assert gaps.returncode == 0, gaps.stderr
    rows = json.loads(gaps.stdout)
    assert {(r["emisor_rfc"], r["tienda"], r["serie"]) for r in rows} == {("XYZ990101AB3", "", "P")}
    # The real file's facts: P-3700 … P-6584; the longest gap is flagged, not listed.
    assert rows[0]["gap_inicio"] >= 3701 and rows[-1]["gap_fin"] <= 6583
    assert len(rows) == 261


def test_a_supplier_rfc_that_is_not_an_rfc_is_refused_in_spanish(data_dir: Path) -> None:
    _settings(data_dir, 'supplier_rfc = "FARMACEUTICA"')
    done = o2c(data_dir, "gaps", "--month", "2024-01")
    assert done.returncode != 0
    assert "«general.supplier_rfc»" in done.stderr
    assert "no tiene el formato esperado" in done.stderr
