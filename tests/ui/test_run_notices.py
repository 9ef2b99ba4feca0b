"""What the tray says when a scheduled run ends: each run once, nothing about runs that had
already ended when the window opened, and the words match how the run ended."""

from __future__ import annotations

from datetime import datetime

from o2c_desktop.messages import msg, text
from o2c_desktop.services.runs import RunRecord
from o2c_desktop.ui.run_notices import TrayNotifier, notice_for_run


def run(run_id: int, status: str, message: str | None = None) -> RunRecord:
    started = datetime(2025, 3, 3, 7, 0)
    return RunRecord(run_id, "schedule", "diario", "sai", None, None, started, started, status,
                     text(message) if message else None, None)  # fmt: skip


def test_notice_says_how_the_run_ended(qapp) -> None:
    ok = notice_for_run(run(1, "ok"))
    assert ok is not None and ok.level == "info"
    assert (ok.title, ok.text) == ("Horario «diario» terminado", "La ejecución 1 terminó bien.")
    human = notice_for_run(run(2, "needs-human", "sai.altas: captcha"))
    assert human is not None and human.level == "warning"
    assert human.title == "Horario «diario» necesita a una persona"
    assert human.text.endswith("sai.altas: captcha")
    failed = notice_for_run(run(3, "failed", "PREI no respondió"))
    assert failed is not None and failed.level == "critical"
    assert "PREI no respondió" in failed.text
    assert notice_for_run(run(4, "running")) is None


def test_each_run_is_announced_once_and_old_runs_never(qapp) -> None:
    notifier = TrayNotifier()
    assert notifier.tray is None  # offscreen has no system tray
    assert notifier.announce([run(1, "ok")]) == []
    fresh = notifier.announce([run(2, "failed"), run(1, "ok")])
    assert [notice.title for notice in fresh] == ["Horario «diario» con problemas"]
    assert notifier.announce([run(2, "failed"), run(1, "ok")]) == []


def test_a_run_ended_by_a_coded_reason_is_told_in_the_notifiers_language(qapp) -> None:
    started = datetime(2025, 3, 3, 7, 0)
    interrupted = RunRecord(5, "schedule", "diario", "sai", None, None, started, started,
                            "failed", msg("run.interrupted"), None)  # fmt: skip
    spanish = TrayNotifier("es")
    english = TrayNotifier("en")
    for notifier in (spanish, english):
        notifier.announce([])
    [es] = spanish.announce([interrupted])
    [en] = english.announce([interrupted])
    assert es.text.endswith("La ejecución se interrumpió (el programa se cerró antes de terminar).")
    assert en.text.endswith("The run was interrupted (the program closed before it finished).")
