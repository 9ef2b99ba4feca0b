"""One window per data folder: a second start asks the first to come forward and then leaves.

The guard is a ``QLockFile`` in the data folder: the operating system's file lock decides who is
first, and a lock left by a process that died is taken over. A local socket (a named pipe on
Windows) whose name is derived from the data folder and the user carries only the "come forward"
request; it cannot be the guard, because on Windows two servers can listen on one pipe name.
Two windows on the same folder would each run a scheduler and fight over the warehouse's write
lock.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE_REQUEST = b"raise\n"
CONNECT_TIMEOUT_MS = 1000
# The first window may hold the lock but not listen yet (it is still starting).
RAISE_ATTEMPTS = 5
RAISE_RETRY_S = 0.3
LOCK_FILE_NAME = "o2c-desktop.lock"


def server_name(data_dir: Path) -> str:
    key = f"{getpass.getuser()}\n{data_dir.resolve()}".encode()
    return f"o2c_desktop-{hashlib.sha256(key).hexdigest()[:24]}"


def ask_running_instance_to_raise(name: str) -> bool:
    """True when a first instance answered and got the request."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(RAISE_REQUEST)
    sent = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return sent


class SingleInstance(QObject):
    """``claim()`` once at start; while held, ``raise_requested`` fires for each later start."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.lock_path = data_dir / LOCK_FILE_NAME
        self._lock = QLockFile(str(self.lock_path))
        # Never stale by age: only a lock whose process is gone is taken over.
        self._lock.setStaleLockTime(0)
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)
        self.first_window_answered = False

    def claim(self) -> bool:
        """True when this process is now the only one for the folder; False when another
        process holds it (``first_window_answered`` tells whether it got the request to show
        its window)."""
        if not self._lock.tryLock(0):
            log.info("data folder already open by another window (%s)", self.lock_path)
            self.first_window_answered = self._ask_first_window_to_raise()
            return False
        # Ours now: a socket left by a crashed process would block listen().
        QLocalServer.removeServer(self.name)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self.name):
            log.warning(
                "a second start cannot bring this window forward: %s", self._server.errorString()
            )
        return True

    def release(self) -> None:
        self._server.close()
        self._lock.unlock()

    def _ask_first_window_to_raise(self) -> bool:
        for attempt in range(RAISE_ATTEMPTS):
            if attempt:
                time.sleep(RAISE_RETRY_S)
            if ask_running_instance_to_raise(self.name):
                return True
        return False

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).startswith(RAISE_REQUEST.strip()):
            log.info("another start on the same data folder: showing this window")
            self.raise_requested.emit()
