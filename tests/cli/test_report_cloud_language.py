"""``o2c gaps`` and the cloud commands speak the language asked for: an error and a command's own
line in English with ``--lang en``, in Spanish by default, word for word."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def o2c(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o2c_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_gaps_error_in_english_with_lang_en_and_in_spanish_without(data_dir: Path) -> None:
    english = o2c(data_dir, "--lang", "en", "gaps", "--month", "2024-13")
    assert english.returncode == 1
    assert english.stderr.strip() == (
        "Error: The month '2024-13' given to --month is not valid: use YYYY-MM with a month from "
        "01 to 12, e.g. 2024-01."
    )
    spanish = o2c(data_dir, "gaps", "--from", "2024-02-01")
    assert spanish.returncode == 1
    assert spanish.stderr.strip() == (
        "Error: Indique las dos fechas del periodo: --from AAAA-MM-DD y --to AAAA-MM-DD."
    )


def test_a_cloud_error_and_the_outbox_line_in_english_with_lang_en(data_dir: Path) -> None:
    english = o2c(data_dir, "--lang", "en", "push")
    assert english.returncode == 1
    assert english.stderr.strip() == (
        "Error: No push destination is configured: set the S3 bucket (cloud.s3.bucket) or the "
        "Snowflake account (cloud.snowflake.account) in the settings file settings.toml."
    )
    assert o2c(data_dir, "--lang", "en", "outbox", "list").stdout == "Nothing is queued.\n"
    assert o2c(data_dir, "outbox", "list", "--all").stdout == "La cola está vacía.\n"
