"""The CLI speaks the language asked for: ``--lang`` first, else the settings' language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

O2C = [sys.executable, "-m", "o2c_desktop"]


def o2c(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*O2C, *args], capture_output=True, text=True, timeout=300, check=False)


def test_an_error_is_told_in_the_settings_language_unless_lang_says_otherwise(
    data_dir: Path,
) -> None:
    (data_dir / "config").mkdir()
    settings = data_dir / "config" / "settings.toml"
    settings.write_text('[general]\nlanguage = "en"\n', encoding="utf-8")

    english = o2c("--data-dir", str(data_dir), "runs", "--run", "999")
    assert english.returncode == 1
    assert english.stderr.strip() == "Error: There is no run 999. List the runs with 'o2c runs'."

    spanish = o2c("--data-dir", str(data_dir), "--lang", "es", "runs", "--run", "999")
    assert spanish.returncode == 1
    assert spanish.stderr.strip() == (
        "Error: No existe la ejecución 999. Vea las ejecuciones con «o2c runs»."
    )


def test_unreadable_settings_are_reported_in_spanish(data_dir: Path) -> None:
    (data_dir / "config").mkdir()
    (data_dir / "config" / "settings.toml").write_text("[general\n", encoding="utf-8")
    result = o2c("--data-dir", str(data_dir), "status")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: No se pudo leer el archivo de configuración")
