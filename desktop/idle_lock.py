"""Locking the window after a while without keyboard or mouse (Settings: minutes; 0 = never).

Only when someone has logged in: a single-user file without accounts has nobody to unlock it. On
locking, what is being typed is saved first, the window's content is hidden, and only the same
account's password shows it again (or the window is closed, which saves and logs out).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleLock(QObject):
    """Calls `lock` after `minutes` without input anywhere in the application."""

    def __init__(self, parent: QWidget, minutes: int, lock: Callable[[], None]) -> None:
        super().__init__(parent)
        self._lock = lock
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.fire)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and not self.locked and self.minutes > 0:
            self.timer.start()
        return False

    def fire(self) -> None:
        if self.locked:
            return
        self.locked = True
        try:
            self._lock()
        finally:
            self.locked = False
            if self.minutes > 0:
                self.timer.start()
