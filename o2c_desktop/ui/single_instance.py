"""One window per data folder: a second start asks the first to come forward and then leaves.

The first process listens on a local socket (a named pipe on Windows) whose name is derived from
the data folder and the user, so two users or two folders never meet. Two windows on the same
folder would each run a scheduler and fight over the warehouse's write lock.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE_REQUEST = b"raise\n"
CONNECT_TIMEOUT_MS = 1000


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
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)

    def claim(self) -> bool:
        """True when this process is now the only one for the folder; False when another
        process holds it (that one has been asked to show its window)."""
        if ask_running_instance_to_raise(self.name):
            return False
        # Nobody answered: a socket file left by a crashed process would block listen().
        QLocalServer.removeServer(self.name)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self.name):
            log.warning("cannot guard against a second window: %s", self._server.errorString())
        return True

    def release(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)

    def _read(self, connection: QLocalSocket) -> None:
        if bytes(connection.readAll().data()).startswith(RAISE_REQUEST.strip()):
            log.info("another start on the same data folder: showing this window")
            self.raise_requested.emit()
