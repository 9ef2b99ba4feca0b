"""The terminal's progress lines: portals synced side by side report from several threads, and
while a captcha is asked at the terminal no progress is written over the question."""

from __future__ import annotations

import threading

import pytest

from o2c_desktop.cli.progress import TerminalProgress


def test_progress_waits_while_a_question_is_asked_then_shows_the_latest(
    capsys: pytest.CaptureFixture[str],
) -> None:
    progress = TerminalProgress("Sincronizando")
    progress.update("sai: SAI Altas 2024", 0.1)
    assert capsys.readouterr().err == "Sincronizando: sai: SAI Altas 2024\n"
    with progress.held():
        # PREI and SAGI keep working in their threads while the clerk reads the captcha.
        reporters = [
            threading.Thread(target=progress.update, args=(label, 0.5))
            for label in ("prei: PREI 2024", "sagi: SAGI leyendo páginas")
        ]
        for reporter in reporters:
            reporter.start()
        for reporter in reporters:
            reporter.join()
        progress.update("prei: PREI 2025", 0.7)
        assert capsys.readouterr().err == "", "nothing is written over the question"
    assert capsys.readouterr().err == "Sincronizando: prei: PREI 2025\n"
    progress.update("sai: SAI Altas 2025", 0.6)
    assert capsys.readouterr().err == "Sincronizando: sai: SAI Altas 2025\n"
