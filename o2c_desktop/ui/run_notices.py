"""Tray notifications when a scheduled run ends, fails or needs a person. Deciding what to say
is a plain function; the tray icon only exists where the desktop has a system tray."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from o2c_desktop.messages import render
from o2c_desktop.services.runs import RunRecord


@dataclass(frozen=True)
class RunNotice:
    title: str
    text: str
    level: Literal["info", "warning", "critical"]


def notice_for_run(run: RunRecord, lang: str = "es") -> RunNotice | None:
    """What to tell the user about a finished scheduled run (None while it still runs)."""
    schedule = run.schedule_id or ""
    detail = render(run.message, lang)
    if run.status == "ok":
        title = QCoreApplication.translate("RunNotices", "Horario «{schedule}» terminado")
        text = QCoreApplication.translate("RunNotices", "La ejecución {run} terminó bien.")
        level: Literal["info", "warning", "critical"] = "info"
    elif run.status == "needs-human":
        title = QCoreApplication.translate(
            "RunNotices", "Horario «{schedule}» necesita a una persona"
        )
        text = QCoreApplication.translate(
            "RunNotices", "La ejecución {run} se detuvo esperando a una persona. {detail}"
        )
        level = "warning"
    elif run.status in ("failed", "partial", "cancelled"):
        title = QCoreApplication.translate("RunNotices", "Horario «{schedule}» con problemas")
        text = QCoreApplication.translate(
            "RunNotices", "La ejecución {run} no terminó bien. {detail}"
        )
        level = "critical"
    else:
        return None
    return RunNotice(
        title.format(schedule=schedule),
        text.format(run=run.run_id, detail=detail).strip(),
        level,
    )


class TrayNotifier(QObject):
    """Announces each scheduled run once; runs finished before the window opened are old news."""

    def __init__(self, lang: str = "es", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self._seen: set[int] | None = None
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            style = QApplication.style()
            icon = style.standardIcon(QStyle.StandardPixmap.SP_ComputerIcon) if style else QIcon()
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("o2c_desktop")
            self.tray.show()

    def new_notices(self, finished_runs: Sequence[RunRecord]) -> list[RunNotice]:
        ids = {run.run_id for run in finished_runs}
        if self._seen is None:
            self._seen = ids
            return []
        fresh = [run for run in finished_runs if run.run_id not in self._seen]
        self._seen |= ids
        return [notice for run in fresh if (notice := notice_for_run(run, self.lang)) is not None]

    def announce(self, finished_runs: Sequence[RunRecord]) -> list[RunNotice]:
        notices = self.new_notices(finished_runs)
        if self.tray is not None:
            icons = {
                "info": QSystemTrayIcon.MessageIcon.Information,
                "warning": QSystemTrayIcon.MessageIcon.Warning,
                "critical": QSystemTrayIcon.MessageIcon.Critical,
            }
            for notice in notices:
                self.tray.showMessage(notice.title, notice.text, icons[notice.level])
        return notices
