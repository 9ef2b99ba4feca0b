"""A batch reads the next file while the current one is cleaned and loaded: the outcomes, the
ledger's order and what a cancel leaves behind are the same as one file after another."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from o2c_desktop.messages import Message
from o2c_desktop.services.ingest.readahead import read_ahead

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

WAIT = 30.0  # seconds; only ever reached when the behaviour under test is broken


def test_the_next_item_is_prepared_while_the_caller_works_on_the_current() -> None:
    started: dict[int, threading.Event] = {i: threading.Event() for i in range(3)}

    def prepare(item: int) -> str:
        started[item].set()
        return f"read {item}"

    seen = []
    for item, future in read_ahead([0, 1, 2], prepare, discard=lambda _p: None):
        seen.append(future.result())
        if item < 2:
            # The caller is still on ``item``: the following one is already being read.
            assert started[item + 1].wait(WAIT)
    assert seen == ["read 0", "read 1", "read 2"]


def test_an_item_that_fails_to_prepare_fails_alone() -> None:
    def prepare(item: int) -> int:
        if item == 1:
            raise ValueError("damaged")
        return item * 10

    results: list[object] = []
    for _item, future in read_ahead([0, 1, 2], prepare, discard=lambda _p: None):
        try:
            results.append(future.result())
        except ValueError as exc:
            results.append(str(exc))
    assert results == [0, "damaged", 20]


def test_stopping_early_discards_what_was_read_ahead() -> None:
    discarded: list[int] = []
    prepared: list[int] = []

    def prepare(item: int) -> int:
        prepared.append(item)
        return item

    for item, future in read_ahead([0, 1, 2, 3], prepare, discard=discarded.append):
        assert future.result() == item
        if item == 1:
            break
    assert discarded == [2]  # read ahead while item 1 was handled, never used
    assert prepared == [0, 1, 2]


def test_cancel_hands_out_nothing_more_and_discards_the_item_read_ahead() -> None:
    cancel = threading.Event()
    discarded: list[int] = []
    handed: list[int] = []
    for item, future in read_ahead(
        [0, 1, 2, 3], lambda i: i, discard=discarded.append, cancel=cancel
    ):
        handed.append(future.result())
        if item == 1:
            cancel.set()
    assert handed == [0, 1]
    assert discarded == [2]


def _altas(kit: FileKit, name: str, first: int, count: int) -> Path:
    rows = [kit.alta_row(f"018001-2{first + i:05d}", 41000000 + first + i, 5) for i in range(count)]
    return Path(str(kit.xlsx(name, [kit.ALTAS_HEADER, *rows])))


@pytest.mark.expected_log_warnings  # the damaged file's quarantine
def test_a_batch_loads_in_file_order_with_duplicates_and_bad_files(
    env: IngestEnv, kit: FileKit
) -> None:
    first = _altas(kit, "2025-07-01-09 SAI Altas.xlsx", 0, 30)
    copy = kit.path("copia.xlsx")
    copy.write_bytes(first.read_bytes())
    damaged = kit.path("dañado.xlsx")
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    second = _altas(kit, "2025-07-02-09 SAI Altas.xlsx", 30, 20)

    outcomes = env.run(first, copy, damaged, second)

    assert [o.status for o in outcomes] == ["loaded", "duplicate", "quarantined", "loaded"]
    assert [o.inserted for o in outcomes] == [30, 0, 0, 20]
    # The copy was read ahead while the first file loaded: it is still a duplicate of it.
    assert "carga 1, «2025-07-01-09 SAI Altas.xlsx»" in outcomes[1].message.es
    ledger = env.rows("SELECT original_name, status FROM load_ledger ORDER BY load_id")
    assert ledger == [
        ("2025-07-01-09 SAI Altas.xlsx", "loaded"),
        ("copia.xlsx", "duplicate"),
        ("dañado.xlsx", "quarantined"),
        ("2025-07-02-09 SAI Altas.xlsx", "loaded"),
    ]
    assert env.scalar("SELECT count(*) FROM sai_alta WHERE valid_to IS NULL") == 50


def test_cancel_during_a_batch_loads_nothing_of_the_files_after_it(
    env: IngestEnv, kit: FileKit
) -> None:
    files = [_altas(kit, f"2025-07-0{d}-09 SAI Altas.xlsx", d * 100, 10) for d in (1, 2, 3, 4)]
    cancel = threading.Event()

    def progress(label: Message, _fraction: float) -> None:
        # The clerk presses Cancelar while the second file is being loaded (the third is
        # being read meanwhile).
        if "2025-07-02" in label.es:
            cancel.set()

    outcomes = env.run(*files, cancel=cancel, progress=progress)

    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    assert env.rows("SELECT status, count(*) FROM load_ledger GROUP BY ALL") == [("loaded", 2)]
    assert env.scalar("SELECT count(*) FROM sai_alta") == 20
    # Importing the same files again loads what the cancel left out, and only that.
    again = env.run(*files)
    assert [o.status for o in again] == ["duplicate", "duplicate", "loaded", "loaded"]
    assert env.scalar("SELECT count(*) FROM sai_alta") == 40


@pytest.mark.expected_log_warnings  # the defect, with its traceback
@pytest.mark.parametrize("failing", ["prepare", "finish"])
def test_a_defect_in_one_file_spares_the_others(
    env: IngestEnv, kit: FileKit, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    from o2c_desktop.services.ingest import service

    files = [_altas(kit, f"2025-07-0{d}-09 SAI Altas.xlsx", d * 100, 10) for d in (1, 2, 3)]
    original = getattr(service.Ingestor, failing)

    def broken(self: service.Ingestor, prepared_or_path: object, **kw: object) -> object:
        name = getattr(prepared_or_path, "name", str(prepared_or_path))
        if "2025-07-02" in name:
            raise RuntimeError("a defect")
        return original(self, prepared_or_path, **kw)

    monkeypatch.setattr(service.Ingestor, failing, broken)
    outcomes = env.run(*files)
    assert [o.status for o in outcomes] == ["loaded", "failed", "loaded"]
    assert "2025-07-02-09 SAI Altas.xlsx" in outcomes[1].message.es
    assert env.scalar("SELECT count(*) FROM sai_alta") == 20
