"""Big sheets parsed in other processes: the same rows as parsed here, a process that dies
costs only its own file, and the processes live exactly as long as an import. (The warehouse
an import in slices loads, through these processes, is in test_xlsx_slices.)

Real spawned processes and real calamine throughout; slices are made tiny so that small files
are cut into many.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from o2c_desktop.services.ingest import reading_processes, xlsx_slices
from o2c_desktop.services.ingest.reading_processes import reading_processes as processes_open
from tests.services.ingest import dying_reader
from tests.services.ingest.conftest import IngestEnv
from tests.services.ingest.test_xlsx_slices import (
    TINY_SLICE,
    _awkward_workbook,
    _generated_exports,
    _whole_and_sliced,
)


def test_rows_parsed_in_other_processes_are_the_whole_sheets_rows(
    tmp_path: Path, real_samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_slices, "SHARED_STRINGS_SHARE", 0)
    monkeypatch.setattr(xlsx_slices, "PARSED_APART_ABOVE_BYTES", 0)
    files = [_awkward_workbook(tmp_path / "awkward.xlsx"), *sorted(real_samples.glob("*.xlsx"))]
    compared = 0
    with processes_open():
        for path in files:
            for name, whole, sliced in _whole_and_sliced(path):
                assert sliced == whole, (path.name, name)
                compared += len(whole)
    assert compared > 2000


@pytest.mark.expected_log_warnings
def test_a_reading_process_that_dies_fails_its_file_alone(
    tmp_path: Path, env: IngestEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports = {p.name: p for p in _generated_exports(tmp_path / "exports")}
    batch = [
        exports["ordenes_export_2024.xlsx"],
        exports["Reporte Paq IMSS.xlsx"],
        exports["altas_export_2024.xlsx"],
    ]
    monkeypatch.setattr(xlsx_slices, "SLICED_ABOVE_BYTES", 0)
    monkeypatch.setattr(xlsx_slices, "PARSED_APART_ABOVE_BYTES", 0)
    monkeypatch.setattr(xlsx_slices, "SLICE_BYTES", TINY_SLICE)
    monkeypatch.setattr(xlsx_slices, "parse_slice", dying_reader.parse_or_die)

    orders, register, altas = env.run(*batch)

    assert register.status != "loaded"
    assert "Reporte Paq IMSS.xlsx" in register.message.es
    assert "el proceso que leía la hoja «Reporte Paq» terminó de forma inesperada" in (
        register.message.es
    )
    assert "impórtelo de nuevo" in register.message.es
    assert env.scalar("SELECT count(*) FROM invoice_register") == 0
    # The files before and after it load whole, the one after through fresh processes.
    assert (orders.status, altas.status) == ("loaded", "loaded")
    assert orders.inserted > 100 and altas.inserted > 100
    assert env.scalar("SELECT count(*) FROM sai_alta") == altas.inserted


def _pid_in(pool: ProcessPoolExecutor | None) -> int:
    assert pool is not None
    return pool.submit(os.getpid).result(timeout=60)


def test_the_processes_live_as_long_as_the_outermost_import() -> None:
    assert reading_processes.executor() is None
    with processes_open():
        outer = reading_processes.executor()
        assert _pid_in(outer) != os.getpid()
        with processes_open():
            assert reading_processes.executor() is outer
        assert reading_processes.executor() is outer
        assert _pid_in(outer) != os.getpid()
    assert reading_processes.executor() is None
    with pytest.raises(RuntimeError):  # closed with the import
        _pid_in(outer)


@pytest.mark.expected_log_warnings
def test_a_pool_whose_process_died_is_replaced_for_the_next_sheet() -> None:
    with processes_open():
        pool = reading_processes.executor()
        assert pool is not None
        with pytest.raises(BrokenProcessPool):
            pool.submit(os._exit, 70).result(timeout=60)
        reading_processes.discard(pool)
        fresh = reading_processes.executor()
        assert fresh is not pool
        assert _pid_in(fresh) != os.getpid()


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listing:
        return [int(child) for child in listing.read().split()]


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            return "State:\tZ" not in status.read()  # a zombie has ended
    except FileNotFoundError:
        return False


# The suite runs on Linux; the Windows workflow runs the frozen smoke test instead.
@pytest.mark.skipif(sys.platform != "linux", reason="lists a process's children from /proc")
def test_reading_processes_end_when_the_program_is_killed() -> None:
    # The task manager's "End task" gives the program no chance to close its pool.
    program = subprocess.Popen(
        [sys.executable, "-m", "tests.services.ingest.killed_importer"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    children: list[int] = []
    try:
        assert program.stdout is not None
        assert program.stdout.readline().strip() == "ready"
        children = _children(program.pid)
        assert len(children) >= reading_processes.process_count()
        program.send_signal(signal.SIGKILL)
        program.wait()
        deadline = time.monotonic() + 30
        while any(_running(child) for child in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [child for child in children if _running(child)] == []
    finally:
        program.kill()
        program.wait()
        for pipe in (program.stdin, program.stdout):
            if pipe is not None:
                pipe.close()
        for child in filter(_running, children):  # left behind only when the check failed
            os.kill(child, signal.SIGKILL)
