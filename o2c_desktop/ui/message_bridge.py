"""One way for messages and errors from any thread to reach the window.

Workers, the scheduler and the exception hooks post here from whatever thread they run on. The
bridge lives in the GUI thread and hands each message to the window there; messages posted before
the window is up (or while none is attached) wait in order and are delivered when one attaches.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal

from o2c_desktop.errors import UserError

log = logging.getLogger(__name__)

Level = Literal["info", "warning", "error", "bug"]


@dataclass(frozen=True)
class Message:
    level: Level
    text: str
    details: str = ""


Receiver = Callable[[Message], None]


class MessageBridge(QObject):
    _arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._waiting: list[Message] = []
        self._receiver: Receiver | None = None
        # Queued even when posted from the GUI thread: a message never re-enters the code
        # that posted it (e.g. an error dialog opening in the middle of a model reset).
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def post(self, message: Message) -> None:
        """Thread-safe: deliver in the GUI thread, or keep until a receiver attaches."""
        self._arrived.emit(message)

    def _deliver(self, message: Message) -> None:
        with self._lock:
            receiver = self._receiver
            if receiver is None:
                self._waiting.append(message)
                return
        receiver(message)

    def attach(self, receiver: Receiver) -> None:
        """Start delivering to ``receiver`` (GUI thread), first everything that waited."""
        with self._lock:
            self._receiver = receiver
            waiting, self._waiting = self._waiting, []
        for message in waiting:
            receiver(message)

    def detach(self, receiver: Receiver) -> None:
        with self._lock:
            if self._receiver == receiver:
                self._receiver = None

    def waiting(self) -> list[Message]:
        with self._lock:
            return list(self._waiting)


_bridge: MessageBridge | None = None


def install_bridge() -> MessageBridge:
    """Create the bridge in the GUI thread (once the QApplication exists)."""
    global _bridge
    if _bridge is None:
        _bridge = MessageBridge()
    return _bridge


def bridge() -> MessageBridge | None:
    return _bridge


def post(level: Level, text: str, details: str = "") -> None:
    """Post from any thread; without a bridge (no GUI) the message goes to the log only."""
    if _bridge is None:
        log.warning("message with no window to show it: %s | %s", text, details)
        return
    _bridge.post(Message(level, text, details))


def post_user_error(error: UserError, lang: str) -> None:
    post("error", error.message(lang), error.details)
