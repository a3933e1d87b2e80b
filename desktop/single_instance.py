"""One running Kinelink per SQLite file.

The first window on a file holds a lock file named after it in the user's runtime folder (Qt's
QLockFile: a lock left by a program that died is recognised by its process id and taken over; kept
out of the database's folder, which holds only the file and its backups) and listens on a local
socket named after the file. A second start on the same file asks that window to come forward and ends; when the first
does not answer (hung, or another user's), the second opens the file read-only, with a banner.
Local sockets only: nothing goes over a network. The window takes the lock before it is first painted
and listens once it is (`listen`); a start asks the window only when the lock names a live process, so
`QtNetwork` is loaded before the first paint only when another Kinelink has the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kinelink.desktop import paths
from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

ANSWER_MS = 5000
_RAISE = b"raise\n"


_key = paths.instance_key


class Instance(QObject):
    """This program's claim on a file: `owned` when it is the first; `raise_requested` when another
    start asked it to come forward."""

    raise_requested = Signal()

    def __init__(self, file: Path) -> None:
        super().__init__()
        self.file = file
        self._lock = QLockFile(str(paths.instance_lock(file)))
        self._lock.setStaleLockTime(0)  # held as long as the program runs; a dead holder's lock is stale
        self.owned = self._lock.tryLock(0)
        self._server: QLocalServer | None = None

    def listen(self) -> None:
        """Answer later starts on the file (the window calls it once it is painted)."""
        from PySide6.QtNetwork import QLocalServer

        if self.owned and self._server is None:
            file = self.file
            QLocalServer.removeServer(_key(file))  # a socket left by a program that died
            self._server = QLocalServer(self)
            self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self._server.newConnection.connect(self._answer)
            self._server.listen(_key(file))

    def _answer(self) -> None:
        assert self._server is not None
        while (conn := self._server.nextPendingConnection()) is not None:
            conn.readyRead.connect(lambda c=conn: self._read(c))
            if conn.bytesAvailable():
                self._read(conn)

    def _read(self, conn: QLocalSocket) -> None:
        if not conn.canReadLine():
            return  # the request arrived in pieces: wait for the rest of the line
        if bytes(conn.readLine().data()) == _RAISE:
            self.raise_requested.emit()
            conn.write(b"ok\n")
            conn.flush()
        conn.disconnectFromServer()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self.owned:
            self._lock.unlock()
            self.owned = False


def bring_forward(file: Path) -> bool:
    """Ask the window already running on `file` to come forward; True when it answered."""
    if not paths.open_in_a_window(file):  # no live process holds the file's lock: nobody to ask
        return False
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    sock.connectToServer(_key(file))
    if not sock.waitForConnected(ANSWER_MS):
        return False
    sock.write(_RAISE)
    sock.flush()
    while not sock.canReadLine() and sock.waitForReadyRead(ANSWER_MS):
        pass
    answered = sock.canReadLine() and bytes(sock.readLine().data()) == b"ok\n"
    sock.disconnectFromServer()
    return answered
