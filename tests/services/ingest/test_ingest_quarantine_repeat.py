"""Importing the same bad file again reports its quarantine instead of storing it once more."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from o2c_desktop import __version__

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

pytestmark = pytest.mark.expected_log_warnings


def _bad_altas(kit: FileKit, name: str) -> Path:
    row = kit.alta_row("018001-100001", 40000001, 10, "31/02/2025")
    return kit.xlsx(name, [kit.ALTAS_HEADER, row])


def _quarantine_state(env: IngestEnv) -> tuple[int, list[str]]:
    entries = env.scalar("SELECT count(*) FROM quarantine_file")
    return entries, sorted(p.name for p in env.quarantine_dir.iterdir())


def test_the_same_bad_file_again_is_reported_not_stored_again(env: IngestEnv, kit: FileKit) -> None:
    bad = _bad_altas(kit, "altas_fecha.xlsx")
    first = env.one(bad)
    assert first.status == "quarantined" and "una fecha dd/mm/aaaa" in first.message.es
    stored = _quarantine_state(env)
    assert stored[0] == 1 and len(stored[1]) == 2, "the copy and its report"
    ledger_rows = env.scalar("SELECT count(*) FROM load_ledger")

    # Again, and under another name (the same bytes downloaded twice).
    for again_path in (bad, shutil.copyfile(bad, kit.path("altas_fecha (1).xlsx"))):
        again = env.one(Path(again_path))
        assert again.status == "quarantined"
        assert again.message.es.startswith(f"«{again.name}» (SAI Reporte de Altas) no cumple")
        assert "se encontró «31/02/2025»" in again.message.es
        assert "Ya estaba en cuarentena desde " in again.message.es
        assert f"carga {first.load_id}; no se guardó otra copia" in again.message.es
        assert again.load_id == first.load_id and again.report_path == first.report_path
        assert _quarantine_state(env) == stored
        assert env.scalar("SELECT count(*) FROM load_ledger") == ledger_rows


def test_another_program_version_or_a_lost_report_quarantines_the_file_anew(
    env: IngestEnv, kit: FileKit
) -> None:
    bad = _bad_altas(kit, "altas_fecha.xlsx")
    first = env.one(bad)
    details = json.loads(
        env.scalar("SELECT details FROM load_ledger WHERE load_id = ?", [first.load_id])
    )
    assert details["program_version"] == __version__

    # The entry was made by an older program, which may have judged the file differently.
    details["program_version"] = "0.0.1"
    env.rows(
        "UPDATE load_ledger SET details = ? WHERE load_id = ?",
        [json.dumps(details), first.load_id],
    )
    second = env.one(bad)
    assert second.load_id != first.load_id and "Ya estaba" not in second.message.es
    assert _quarantine_state(env)[0] == 2

    # The clerk deleted the report: the file is quarantined again, so its report exists.
    assert second.report_path is not None
    second.report_path.unlink()
    third = env.one(bad)
    assert third.load_id not in (first.load_id, second.load_id)
    assert third.report_path is not None and third.report_path.is_file()
