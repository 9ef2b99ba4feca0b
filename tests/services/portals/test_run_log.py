"""Each report's run log holds its own lines, also while other portals' reports log beside it."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from o2c_desktop.services.portals.engine.evidence import RunLog

ENGINE = logging.getLogger("o2c_desktop.services.portals.engine.runner")
SERVER = logging.getLogger("o2c_desktop.services.portals.demo.server")


def test_reports_logging_side_by_side_keep_their_own_lines(tmp_path: Path) -> None:
    both_open = threading.Barrier(2, timeout=10)
    logged = threading.Barrier(3, timeout=10)
    done = threading.Event()

    def report(name: str) -> None:
        with RunLog(tmp_path / name):
            both_open.wait()
            ENGINE.info("run %s on the portal", name)
            logged.wait()
            assert done.wait(10)

    threads = [threading.Thread(target=report, args=(n,)) for n in ("sai.altas", "prei.facturas")]
    for thread in threads:
        thread.start()
    logged.wait()
    SERVER.info("the portal dropped a session")  # a thread with no run log of its own
    done.set()
    for thread in threads:
        thread.join()

    altas = (tmp_path / "sai.altas" / "run.log").read_text(encoding="utf-8")
    facturas = (tmp_path / "prei.facturas" / "run.log").read_text(encoding="utf-8")
    assert "run sai.altas on" in altas and "prei.facturas" not in altas
    assert "run prei.facturas on" in facturas and "sai.altas" not in facturas
    assert "dropped a session" in altas and "dropped a session" in facturas


def test_the_loggers_level_comes_back_once_every_run_log_is_closed(tmp_path: Path) -> None:
    portals = logging.getLogger("o2c_desktop.services.portals")
    before = portals.level
    first, second = RunLog(tmp_path / "a"), RunLog(tmp_path / "b")
    first.__enter__()
    second.__enter__()
    first.__exit__()  # the first one closes while the second still logs
    assert portals.getEffectiveLevel() <= logging.INFO, "the second report still logs INFO"
    second.__exit__()
    assert portals.level == before
