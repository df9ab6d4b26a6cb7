"""One window per data folder: a second launch raises the first window and exits.

Two windows on one index would start two indexing workers writing the same catalog.
A lock file in the data folder decides who is first (``QLockFile`` notices a lock left
by a crashed process); the first also listens on a local socket named after the data
folder, and a later launch connects to it and says "show yourself" (and what to search
for, when it was started with words: ``desktop-search QUERY``). Qt's network module
(~10 ms to import) is loaded only for the socket, which the launcher opens after the
window's first paint (``listen``); a later launch retries until it answers.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, QThread, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

log = logging.getLogger(__name__)

_RAISE = b"raise\n"


def server_name(data_dir: str | Path) -> str:
    """A socket name unique to this user and data folder (short: Unix limits it)."""
    key = f"{getpass.getuser()}\0{Path(data_dir).resolve()}".encode()
    return "desktop-search-" + hashlib.sha256(key).hexdigest()[:16]


class SingleInstance(QObject):
    """Call :meth:`acquire` before building the window; ``activated`` fires on re-launch
    with the words that launch was given to search for ("" for none)."""

    activated = Signal(str)

    def __init__(self, data_dir: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(Path(data_dir) / "gui.lock"))
        self._lock.setStaleLockTime(0)  # a lock whose process is gone is stale at once
        self._server: QLocalServer | None = None

    def acquire(self, wait_ms: int = 3000, *, listen: bool = True, query: str = "") -> bool:
        """True if this process is the first; otherwise the first is asked to show itself
        (and to search for ``query``).

        With ``listen=False`` the first opens its socket only when :meth:`listen` is called.
        """
        if self._lock.tryLock(100):
            if listen:
                self.listen()
            return True
        # Another instance holds the lock; it may still be starting its server.
        deadline = QDeadlineTimer(wait_ms)
        while not deadline.hasExpired():
            if self._notify_first(query):
                return False
            QThread.msleep(100)
        log.warning("another instance holds %s but does not answer", self._lock.fileName())
        return False

    def listen(self) -> None:
        """Answer later launches (they wait for this while they retry)."""
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None or not self._lock.isLocked():
            return
        QLocalServer.removeServer(self.name)  # a socket file left by a crash
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self.name):
            log.warning("single-instance server failed: %s", self._server.errorString())
        self._server.newConnection.connect(self._on_connection)

    def _notify_first(self, query: str) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(300):
            return False
        socket.write(_RAISE + " ".join(query.split()).encode("utf-8") + b"\n")
        socket.flush()
        socket.waitForBytesWritten(300)
        socket.disconnectFromServer()
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            # The message is a few bytes on a local socket: it is there at once.
            message = b""
            deadline = QDeadlineTimer(500)
            while message.count(b"\n") < 2 and not deadline.hasExpired():
                if socket.bytesAvailable() or socket.waitForReadyRead(deadline.remainingTime()):
                    message += bytes(socket.readAll().data())
                elif socket.state() != socket.LocalSocketState.ConnectedState:
                    break
            command, _, query = message.partition(b"\n")
            if command == _RAISE.strip():
                self.activated.emit(query.decode("utf-8", "replace").strip())
            socket.disconnectFromServer()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()
