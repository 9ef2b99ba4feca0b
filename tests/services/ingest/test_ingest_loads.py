"""Loads: idempotence, snapshot history, atomicity, ledger counts and layout drift."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

import pytest

from o2c_desktop.services.ingest import ledger, service

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

U1 = "E4A42BD2-8E8D-460C-AAFA-D73B0BA1E9C5"
U2 = "80251847-9E99-4276-AABC-EDCEC7CE5FC2"


def _altas(kit: FileKit, name: str, rows: list[list[object]]) -> object:
    return kit.xlsx(name, [kit.ALTAS_HEADER, *rows])


def test_same_file_twice_and_same_content_renamed_add_nothing(env: IngestEnv, kit: FileKit) -> None:
    first = _altas(kit, "altas.xlsx", [kit.alta_row("018001-100001", 40000001, 10)])
    assert env.one(first).inserted == 1
    before = env.fingerprint(skip=kit.ATTEMPT_TABLES)
    renamed = kit.path("copia de altas.xlsx")
    renamed.write_bytes(first.read_bytes())
    outcomes = env.run(first, renamed)
    assert [o.status for o in outcomes] == ["duplicate", "duplicate"]
    assert all(o.inserted == 0 for o in outcomes)
    assert env.fingerprint(skip=kit.ATTEMPT_TABLES) == before
    # The archive keeps one copy and remembers both names.
    assert env.scalar("SELECT count(*) FROM raw_file") == 1
    names = {r[0] for r in env.rows("SELECT original_name FROM raw_file_source")}
    assert names == {"altas.xlsx", "copia de altas.xlsx"}
    stored = env.archive.path_of(outcomes[0].sha256 or "")
    assert stored is not None and stored.read_bytes() == first.read_bytes()


def test_ledger_counts_new_changed_unchanged(env: IngestEnv, kit: FileKit) -> None:
    rows = [kit.alta_row(f"018001-10000{i}", 40000000 + i, 10 + i) for i in range(5)]
    env.one(_altas(kit, "2025-07-01-09 SAI Altas.xlsx", rows))
    changed = [list(r) for r in rows]
    changed[0][5] = 999.0  # a quantity corrected by the portal
    changed[0][6] = 999.0 * 83
    changed.append(kit.alta_row("018001-100009", 40000009, 7))
    outcome = env.one(_altas(kit, "2025-07-02-09 SAI Altas.xlsx", changed))
    assert (outcome.rows_read, outcome.inserted, outcome.changed, outcome.unchanged) == (
        6, 1, 1, 4
    )  # fmt: skip
    ledger_row = env.rows(
        "SELECT rows_read, inserted, changed, unchanged, rejected, snapshot_at FROM load_ledger "
        "WHERE load_id = ?",
        [outcome.load_id],
    )[0]
    assert ledger_row[:5] == (6, 1, 1, 4, 0)
    assert ledger_row[5] == datetime(2025, 7, 2, 9)
    versions = env.rows(
        "SELECT cant_recibida, valid_from, valid_to FROM sai_alta WHERE no_alta = '018001-100000' "
        "ORDER BY valid_from"
    )
    assert versions == [
        (10, datetime(2025, 7, 1, 9), datetime(2025, 7, 2, 9)),
        (999, datetime(2025, 7, 2, 9), None),
    ]
    assert env.scalar("SELECT count(*) FROM sai_alta WHERE valid_to IS NULL") == 6


def _prei(kit: FileKit, stamp: str, a: str, b: str = "En proceso") -> object:
    cr = " " if a == "Sin Contra Recibo" else "460245"
    unit = " " if a == "Sin Contra Recibo" else "24"
    return kit.xlsx(
        f"{stamp} PREI.xlsx",
        [kit.PREI_HEADER, kit.prei_row(U1, a, cr, unit), kit.prei_row(U2, b, "151662", "1401")],
        sheet="Sheet1",
    )


def test_status_history_gives_first_seen_dates(env: IngestEnv, kit: FileKit) -> None:
    env.one(_prei(kit, "2025-07-01-10", "Sin Contra Recibo"))
    env.one(_prei(kit, "2025-07-10-10", "En proceso"))
    last = env.one(_prei(kit, "2025-07-20-10", "pagado"))  # case differs from the vocabulary
    assert (last.inserted, last.changed, last.unchanged) == (0, 1, 1)
    # Older snapshots arriving late still place their states in time.
    late = env.one(_prei(kit, "2025-06-25-10", "Sin Contra Recibo"))
    assert late.changed == 2  # both invoices are now known from an earlier date
    env.one(_prei(kit, "2025-07-15-10", "Aprobado"))
    history = env.rows(
        "SELECT estado, valid_from, valid_to, contra_recibo FROM contrarecibo_status "
        "WHERE uuid = ? ORDER BY valid_from",
        [U1],
    )
    assert history == [
        ("Sin Contra Recibo", datetime(2025, 6, 25, 10), datetime(2025, 7, 10, 10), None),
        ("En proceso", datetime(2025, 7, 10, 10), datetime(2025, 7, 15, 10), "00460245"),
        ("Aprobado", datetime(2025, 7, 15, 10), datetime(2025, 7, 20, 10), "00460245"),
        ("Pagado", datetime(2025, 7, 20, 10), None, "00460245"),
    ]
    first_seen = dict(
        env.rows(
            "SELECT estado, min(valid_from) FROM contrarecibo_status WHERE uuid = ? GROUP BY 1",
            [U1],
        )
    )
    assert first_seen["Pagado"] == datetime(2025, 7, 20, 10)
    # The other invoice never changed: one version over all five snapshots.
    assert env.rows(
        "SELECT valid_from, valid_to FROM contrarecibo_status WHERE uuid = ?", [U2]
    ) == [(datetime(2025, 6, 25, 10), None)]


def test_identical_snapshot_with_new_time_changes_nothing(env: IngestEnv, kit: FileKit) -> None:
    env.one(_prei(kit, "2025-07-01-10", "Aprobado"))
    before = env.fingerprint(skip=kit.ATTEMPT_TABLES | {"raw_file"})
    again = env.one(_prei(kit, "2025-07-02-10", "Aprobado"))
    assert (again.status, again.inserted, again.changed, again.unchanged) == ("loaded", 0, 0, 2)
    assert env.fingerprint(skip=kit.ATTEMPT_TABLES | {"raw_file"}) == before


@pytest.mark.expected_log_warnings
def test_crash_mid_load_leaves_warehouse_as_before(
    env: IngestEnv, kit: FileKit, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    env.one(_prei(kit, "2025-07-01-10", "Sin Contra Recibo"))
    before = env.fingerprint(skip={"raw_file", "raw_file_source"})
    real_write = ledger.write_entry

    def crash(con: object, entry: ledger.LedgerEntry) -> None:
        if entry.status == "loaded":
            raise RuntimeError("power cut after the rows were merged")
        real_write(con, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(ledger, "write_entry", crash)
    second = _prei(kit, "2025-07-10-10", "Pagado")
    # A defect fails this file only (a folder import goes on), and its traceback is logged.
    (outcome,) = env.run(second)
    assert outcome.status == "failed"
    assert "defecto del programa" in outcome.message.es
    assert "power cut after the rows were merged" in caplog.text
    assert env.fingerprint(skip={"raw_file", "raw_file_source"}) == before
    # The raw file itself was archived before parsing, and nothing is lost.
    assert env.scalar("SELECT count(*) FROM raw_file") == 2
    monkeypatch.setattr(ledger, "write_entry", real_write)
    assert env.one(second).changed == 1


@pytest.mark.expected_log_warnings  # the defect's traceback goes to the log
def test_crash_between_targets_rolls_back_the_first(
    env: IngestEnv, kit: FileKit, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    xml = kit.cfdi("P-1 IMSS.xml", "AAAAAAAA-0000-0000-0000-000000000001", folio="1")
    before = env.fingerprint(skip={"raw_file", "raw_file_source"})
    real_merge = service.merge_target
    calls: list[str] = []

    def merge_then_crash(con, source, target, lineage):  # type: ignore[no-untyped-def]
        calls.append(target.table)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_merge(con, source, target, lineage)

    monkeypatch.setattr(service, "merge_target", merge_then_crash)
    (outcome,) = env.run(xml)
    assert outcome.status == "failed"
    assert "disk full" in caplog.text
    assert calls[0] == "invoice"
    assert env.fingerprint(skip={"raw_file", "raw_file_source"}) == before


def test_layout_drift_is_reported_and_extra_columns_kept(env: IngestEnv, kit: FileKit) -> None:
    env.one(_altas(kit, "a1.xlsx", [kit.alta_row("018001-100001", 40000001, 10)]))
    header = [*(h for h in kit.ALTAS_HEADER if h != "resguardo"), "proveedor3pl"]
    row = [*kit.alta_row("018001-100002", 40000002, 20)[:13], "Provider B"]
    outcome = env.one(kit.xlsx("a2.xlsx", [header, row]))
    assert outcome.status == "loaded"
    assert outcome.drift_added == ["proveedor3pl"]
    assert outcome.drift_missing == ["resguardo"]
    assert "cambio de formato respecto a «a1.xlsx»" in outcome.message.es
    extra = env.scalar("SELECT extra FROM sai_alta WHERE no_alta = '018001-100002'")
    assert json.loads(extra) == {"proveedor3pl": "Provider B"}
    stored = env.rows(
        "SELECT drift_added, drift_missing FROM load_ledger WHERE load_id = ?", [outcome.load_id]
    )[0]
    assert (json.loads(stored[0]), json.loads(stored[1])) == (["proveedor3pl"], ["resguardo"])
