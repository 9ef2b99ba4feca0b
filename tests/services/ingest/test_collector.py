"""An import holds Python's cycle collector off while it reads (it walks every live object,
millions of row lists, while no other thread runs), and gives it back as it found it."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from o2c_desktop.messages import Message
from o2c_desktop.services.ingest.collector import collector_paused

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


def test_an_import_reads_with_the_collector_off_and_turns_it_back_on(
    env: IngestEnv, kit: FileKit
) -> None:
    rows = [kit.alta_row(f"018001-2{i:05d}", 41000000 + i, 5) for i in range(20)]
    altas = Path(str(kit.xlsx("2025-07-01-09 SAI Altas.xlsx", [kit.ALTAS_HEADER, *rows])))
    collector_on_at: dict[str, bool] = {}

    def progress(label: Message, _fraction: float) -> None:
        collector_on_at[label.es] = gc.isenabled()

    outcomes = env.run(altas, progress=progress)

    assert [o.status for o in outcomes] == ["loaded"]
    assert env.scalar("SELECT count(*) FROM sai_alta") == 20
    reading = [on for label, on in collector_on_at.items() if "2025-07-01-09" in label]
    assert reading == [False]
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_work_fails() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a defect")
    assert gc.isenabled()


def test_two_imports_at_once_keep_it_off_until_the_last_one_ends() -> None:
    first_inside, second_done = threading.Event(), threading.Event()
    seen_after_second: list[bool] = []

    def second_import() -> None:
        assert first_inside.wait(10)
        with collector_paused():
            pass
        seen_after_second.append(gc.isenabled())
        second_done.set()

    worker = threading.Thread(target=second_import)
    worker.start()
    with collector_paused():
        first_inside.set()
        assert second_done.wait(10)
    worker.join(10)
    assert seen_after_second == [False], "the first import was still reading"
    assert gc.isenabled()


def test_a_collector_the_program_turned_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
