"""The human step of a sync run from the window: the worker thread asks, the clerk answers in a
non-modal prompt, the worker waits for the answer (or the portal's time limit, or a cancel)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from o2c_desktop.services.portals import HumanRequest


@dataclass
class PendingQuestion:
    request: HumanRequest
    answered: threading.Event = field(default_factory=threading.Event)
    answer: str | None = None

    def reply(self, answer: str | None) -> None:
        self.answer = answer
        self.answered.set()


class HumanStepBridge(QObject):
    """Callable as a ``HumanStep`` from any thread; ``asked`` reaches the GUI thread."""

    asked = Signal(object)  # PendingQuestion

    def __init__(self, cancel: threading.Event, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = cancel

    def __call__(self, request: HumanRequest) -> str | None:
        question = PendingQuestion(request)
        self.asked.emit(question)
        waited = 0.0
        # Short waits so a cancel ends the wait at once instead of after the portal's limit.
        while not question.answered.wait(0.2):
            waited += 0.2
            if self._cancel.is_set() or waited >= request.timeout_s:
                question.reply(None)
                break
        return question.answer
