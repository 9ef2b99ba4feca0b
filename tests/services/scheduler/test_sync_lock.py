"""The data folder's sync lock between real processes: a second holder is refused with the first
one's name, and a holder that dies without releasing (SIGKILL) leaves nothing to clean by hand.

On Windows the same code runs on ``LockFileEx`` (through filelock) instead of ``flock``; that branch
cannot run here, so these tests hold it to the behaviour the Linux branch shows.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from o2c_desktop.services.scheduler import SyncBusy, SyncLock

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from o2c_desktop.services.scheduler import SyncLock

    lock = SyncLock(Path(sys.argv[1]), holder="o2c sync (otra terminal)")
    lock.acquire()
    print("held", flush=True)
    sys.stdin.read()
    lock.release()
    """
)

TRY_ONCE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from o2c_desktop.services.scheduler import SyncBusy, SyncLock

    try:
        with SyncLock(Path(sys.argv[1]), holder="segundo proceso"):
            print("acquired")
    except SyncBusy as busy:
        print(busy.es)
    """
)


@pytest.fixture
def holder_process(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    lock_path = tmp_path / "data" / "sync.lock"
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    yield lock_path, process
    if process.poll() is None:
        process.communicate("", timeout=30)
    for pipe in (process.stdin, process.stdout):
        if pipe is not None and not pipe.closed:
            pipe.close()


def test_a_second_process_is_refused_while_the_first_holds_the_lock(
    holder_process: tuple[Path, subprocess.Popen[str]],
) -> None:
    lock_path, process = holder_process
    with pytest.raises(SyncBusy) as caught:
        SyncLock(lock_path, holder="ventana").acquire()
    assert "Ya hay una sincronización en curso (o2c sync (otra terminal), desde" in caught.value.es

    other = subprocess.run(
        [sys.executable, "-c", TRY_ONCE, str(lock_path)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert other.stdout.startswith("Ya hay una sincronización en curso"), other.stdout

    process.communicate("", timeout=30)
    assert process.returncode == 0
    with SyncLock(lock_path, holder="ventana"):
        pass


def test_a_holder_killed_without_releasing_leaves_a_lock_the_next_run_takes(
    holder_process: tuple[Path, subprocess.Popen[str]],
) -> None:
    lock_path, process = holder_process
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    other = subprocess.run(
        [sys.executable, "-c", TRY_ONCE, str(lock_path)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert other.stdout.strip() == "acquired"
    with SyncLock(lock_path, holder="ventana"):
        with pytest.raises(SyncBusy) as caught:
            SyncLock(lock_path, holder="otra").acquire()
        assert "(ventana, desde" in caught.value.es, "the dead holder's name is gone"


def test_the_lock_taken_on_one_thread_is_released_on_another(tmp_path: Path) -> None:
    """The scheduler takes its lock at start and the window's quit may release it elsewhere."""
    lock_path = tmp_path / "scheduler.lock"
    lock = SyncLock(lock_path, holder="programador")
    lock.acquire()
    releaser = threading.Thread(target=lock.release)
    releaser.start()
    releaser.join(timeout=30)
    other = subprocess.run(
        [sys.executable, "-c", TRY_ONCE, str(lock_path)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert other.stdout.strip() == "acquired"
