"""One writer per data folder: a second launch hands over to the running window and exits.

The running app listens on a local socket named after its data folder. A new launch first
tries to connect; if someone answers, it asks them to come to the front and stops before it
ever opens the database.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from studyapp import APP_ID

CONNECT_TIMEOUT_MS = 300
ACTIVATE = b"activate\n"


def server_name(data_dir: Path) -> str:
    folder = hashlib.sha1(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"{APP_ID}-{folder}"


def notify_running(name: str) -> bool:
    """True if another instance answered (and was asked to show itself)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(ACTIVATE)
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches; `activation_requested` fires when one knocks."""

    activation_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):
            # A crashed instance can leave its socket file behind; nobody answered, so clear it.
            QLocalServer.removeServer(name)
            self.server.listen(name)
        self.server.newConnection.connect(self._on_connection)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            # The message is one short line written right after connecting: read it here,
            # briefly blocking, rather than keep per-socket callbacks alive.
            if socket.bytesAvailable() or socket.waitForReadyRead(CONNECT_TIMEOUT_MS):
                message = bytes(socket.readAll().data())
            else:
                message = b""
            socket.abort()
            socket.deleteLater()
            if message.startswith(ACTIVATE.strip()):
                self.activation_requested.emit()

    def close(self) -> None:
        self.server.close()
