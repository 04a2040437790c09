"""A second launch on the same data folder brings the running window to the front.

Who is the one writer is settled by the data folder's lock (storage.instance_lock), taken
before the database opens; a launch that cannot take it knocks here and exits. The running app
listens on a local socket named after its data folder, in the user's own runtime folder
(`$XDG_RUNTIME_DIR`, mode 0700) where one is set: in the shared /tmp another local user could
take the name first and answer in its place. Wherever it is, a knock is only delivered to a
listener running as the same user.
"""

from __future__ import annotations

import hashlib
import os
import socket as pysocket
import stat
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from studyapp import APP_ID

CONNECT_TIMEOUT_MS = 300
ACTIVATE = b"activate\n"


# A Unix socket's path must fit in sockaddr_un (108 bytes on Linux, 104 on macOS).
_MAX_SOCKET_PATH = 100


def server_name(data_dir: Path, environ: dict[str, str] | None = None) -> str:
    """The socket for `data_dir`: a full path in the private runtime folder when there is
    one, otherwise a name Qt places in the temporary folder."""
    folder = hashlib.sha1(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    name = f"{APP_ID}-{folder}"
    runtime = _private_runtime_dir(os.environ if environ is None else environ)
    private = runtime / f"deepstudy-{folder}" if runtime is not None else None
    if private is not None and len(str(private)) <= _MAX_SOCKET_PATH:
        return str(private)
    return name


def _private_runtime_dir(environ: dict[str, str] | os._Environ[str]) -> Path | None:
    """$XDG_RUNTIME_DIR if it is an absolute folder of ours that nobody else can write."""
    value = environ.get("XDG_RUNTIME_DIR", "")
    if not value or not os.path.isabs(value) or not hasattr(os, "getuid"):
        return None
    try:
        info = os.stat(value)
    except OSError:
        return None
    private = not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and private:
        return Path(value)
    return None


def peer_is_same_user(descriptor: int) -> bool:
    """Whether the process at the other end of a connected Unix socket runs as this user
    (Linux's SO_PEERCRED); True where the system cannot tell (the runtime folder, or the
    socket's own permissions, are then what protects it)."""
    if not sys.platform.startswith("linux") or descriptor < 0:
        return True
    raw = pysocket.socket(fileno=os.dup(descriptor))
    try:
        credentials = raw.getsockopt(
            pysocket.SOL_SOCKET, pysocket.SO_PEERCRED, struct.calcsize("3i")
        )
    except OSError:
        return True
    finally:
        raw.close()
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return bool(uid == os.getuid())


def notify_running(name: str) -> bool:
    """True if another instance of this user answered (and was asked to show itself)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    if not peer_is_same_user(int(socket.socketDescriptor())):
        socket.abort()  # someone else holds the name: tell them nothing
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
