"""What an import tells the clerk is a code and its parameters: it reads in Spanish or English,
the ledger keeps the code, and what an older program wrote there still reads word for word."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from o2c_desktop.errors import InputFileError
from o2c_desktop.messages import Message
from o2c_desktop.services.archive import RawArchive
from o2c_desktop.services.ingest import ColumnMapping, ingest_paths, load_mapping, save_mapping
from o2c_desktop.services.warehouse import Warehouse
from o2c_desktop.services.warehouse.warehouse import bundled_migrations

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

pytestmark = pytest.mark.expected_log_warnings

BEFORE_INGEST_CODES = 18  # the schema before 0019


def _bad_altas(kit: FileKit, name: str) -> Path:
    row = kit.alta_row("018001-100001", 40000001, 10, "31/02/2025")
    return kit.xlsx(name, [kit.ALTAS_HEADER, row])


def _stored(env: IngestEnv, table: str, load_id: int | None) -> Message:
    raw = env.scalar(f"SELECT message FROM {table} WHERE load_id = ?", [load_id])
    message = Message.from_stored(raw)
    assert message is not None
    return message


def test_each_outcome_reads_in_spanish_and_english_and_the_ledger_keeps_its_code(
    env: IngestEnv, kit: FileKit, real_samples: Path
) -> None:
    loaded = env.one(real_samples / "sai_altas_2025-08-25.xlsx")
    assert loaded.message.es.startswith("Cargado como SAI Reporte de Altas: 58 nuevas, 0 cambiadas")
    assert loaded.message.en.startswith("Loaded as SAI Reporte de Altas: 58 new, 0 changed")
    raw = env.scalar("SELECT message FROM load_ledger WHERE load_id = ?", [loaded.load_id])
    assert json.loads(raw)["code"] == "ingest.sentence"
    assert _stored(env, "load_ledger", loaded.load_id) == loaded.message

    again = env.one(shutil.copyfile(loaded.path, kit.path("otra copia.xlsx")))
    assert again.status == "duplicate"
    assert again.message.es == (
        f"Sin cambios: el mismo contenido ya se cargó (carga {loaded.load_id}, "
        "«sai_altas_2025-08-25.xlsx»)."
    )
    assert again.message.en.startswith("No change: the same content was already loaded")

    bad = env.one(_bad_altas(kit, "altas_fecha.xlsx"))
    assert bad.status == "quarantined"
    assert "se esperaba una fecha dd/mm/aaaa; se encontró «31/02/2025»" in bad.message.es
    assert bad.message.en.startswith("«altas_fecha.xlsx» (SAI Reporte de Altas) does not have")
    assert "row 2, column «fechaaltatrunc»: expected una fecha dd/mm/aaaa" in bad.message.en
    assert _stored(env, "quarantine_file", bad.load_id) == bad.message
    assert bad.report_path is not None
    report = bad.report_path.read_text(encoding="utf-8")
    spanish, english = report.split("=" * 72)
    assert "ARCHIVO EN CUARENTENA" in spanish and "Motivo:" in spanish
    assert "FILE IN QUARANTINE" in english and "Reason:" in english
    assert "- hoja «data», fila 2" in spanish and "- sheet «data», row 2" in english
    assert "nada de lo ya cargado cambió" in spanish
    assert "nothing already loaded changed" in english


def test_an_unknown_kind_is_refused_in_both_languages(env: IngestEnv, kit: FileKit) -> None:
    with pytest.raises(InputFileError) as refused:
        env.run(kit.path("x.xlsx"), kind="facturas")
    assert refused.value.es.startswith("Tipo desconocido «facturas». Use uno de: sai-altas")
    assert refused.value.en.startswith("Unknown kind «facturas». Use one of: sai-altas")


def test_ledger_text_from_before_codes_reads_word_for_word_and_a_repeat_is_still_recognised(
    tmp_path: Path, kit: FileKit, real_samples: Path
) -> None:
    """A warehouse an older program filled: its ledger and quarantine hold Spanish text."""
    root = tmp_path / "data"
    path = root / "warehouse.duckdb"
    quarantine = root / "quarantine"
    bad = _bad_altas(kit, "altas_fecha.xlsx")
    with Warehouse(path, migrations=bundled_migrations()[:BEFORE_INGEST_CODES]) as old:
        archive = RawArchive(root / "archive", old)
        [first] = ingest_paths(old, archive, [bad], quarantine_dir=quarantine)
        [good] = ingest_paths(old, archive, [real_samples / "sai_altas_2025-08-25.xlsx"])
        # What the older program stored: the Spanish words themselves.
        con = old.connection
        for table in ("load_ledger", "quarantine_file"):
            for load_id, stored in con.execute(f"SELECT load_id, message FROM {table}").fetchall():
                old_text = Message.from_json(stored).es
                con.execute(
                    f"UPDATE {table} SET message = ? WHERE load_id = ?",
                    [old_text, load_id],
                )
    old_words = {
        "reason": first.message.es,
        "loaded": good.message.es,
    }

    with Warehouse(path) as warehouse:
        con = warehouse.connection
        for table in ("load_ledger", "quarantine_file"):
            for (stored,) in con.execute(f"SELECT message FROM {table}").fetchall():
                assert json.loads(stored)["code"] == "text"

        def reads(table: str, load_id: int | None) -> Message:
            raw = con.execute(
                f"SELECT message FROM {table} WHERE load_id = ?",
                [load_id],
            ).fetchall()[0][0]
            message = Message.from_stored(raw)
            assert message is not None
            return message

        assert reads("quarantine_file", first.load_id).es == old_words["reason"]
        assert reads("quarantine_file", first.load_id).en == old_words["reason"]
        assert reads("load_ledger", first.load_id).es == old_words["reason"]
        assert reads("load_ledger", good.load_id).es == old_words["loaded"]

        # The same bad bytes again, under another name: the old entry is the one reported.
        renamed = shutil.copyfile(bad, kit.path("altas_fecha (1).xlsx"))
        archive = RawArchive(root / "archive", warehouse)
        [again] = ingest_paths(warehouse, archive, [Path(renamed)], quarantine_dir=quarantine)
        entries = con.execute("SELECT count(*) FROM quarantine_file").fetchall()[0][0]
    assert again.status == "quarantined" and again.load_id == first.load_id
    assert again.message.es.startswith("«altas_fecha (1).xlsx» (SAI Reporte de Altas) no cumple")
    assert f"carga {first.load_id}; no se guardó otra copia" in again.message.es
    assert f"load {first.load_id}; no other copy was kept" in again.message.en
    assert entries == 1


def test_a_mapping_problem_says_how_to_fix_it_in_both_languages(env: IngestEnv) -> None:
    wrong = ColumnMapping("propio", "invoice-register", {"factura": "No.", "color": "Color"})
    with pytest.raises(InputFileError) as unknown_field:
        save_mapping(env.warehouse, wrong)
    assert unknown_field.value.es.startswith("El mapeo «propio» usa campos que invoice-register")
    assert "Campos válidos: " in unknown_field.value.es and "factura" in unknown_field.value.es
    assert unknown_field.value.en.startswith("Mapping «propio» uses fields that invoice-register")
    with pytest.raises(InputFileError) as missing:
        load_mapping(env.warehouse, "propio")
    assert "«o2c import --kind TIPO --save-mapping propio --map" in missing.value.es
    assert "«o2c import --kind KIND --save-mapping propio --map" in missing.value.en
