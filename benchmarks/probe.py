"""Child process of the start-up benchmark: start a window, note when it is first on screen, quit.

    python -m benchmarks.probe bare           # a bare PySide6 program with an empty QMainWindow (the floor)
    python -m benchmarks.probe kinelink FILE  # `kinelink --db FILE`: desktop.cli.main, run_app, the real window

Both print one JSON line: `shown`, the `time.time()` at which the window's first expose event had been
handled (painted and flushed), `cpu_shown`, the process's CPU time (`time.process_time()`, interpreter start
included) at that moment, `usable` and `cpu_usable`, the same once the window can be used (Kinelink: the
database open and the patient list filled, so the search field answers; the bare window: its first paint),
and `peak_rss_kib`, the process's peak resident memory. The parent
subtracts the moment it launched the process, so a figure covers interpreter start, imports, opening
building the window and whatever start-up does before the window is first painted (Kinelink shows its
window before it imports the database layer and opens the file). The watch starts where
`MainWindow.show_on_screen` puts the window on screen; once start-up has finished it runs a one-letter
search and opens the first patient found, so `peak_rss_kib` is the peak of a short session, then it quits.
Both import the same Qt modules the same way; only what Kinelink adds differs.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _FirstExpose(QObject):
    """Calls `then(time.time(), time.process_time())` once, right after the window's first expose has been
    handled."""

    def __init__(self, window: QMainWindow, then: Callable[[float, float], None]) -> None:
        super().__init__(window)
        self._then = then
        self._done = False
        handle = window.windowHandle()
        assert handle is not None, "watch the window after show()"
        self._handle = handle
        handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Expose and self._handle.isExposed():
            self._done = True
            # runs once this expose is painted
            QTimer.singleShot(0, lambda: self._then(time.time(), time.process_time()))
        return False


def peak_rss_kib() -> int:
    """This process's peak resident memory. On Linux `ru_maxrss` also counts the parent's memory at
    the fork before `exec`, so the high-water mark of this program's own address space (VmHWM) is used."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _report(shown: tuple[float, float], usable: tuple[float, float], **extra: Any) -> None:
    peak = peak_rss_kib()
    sys.stdout.write(json.dumps({"shown": shown[0], "cpu_shown": shown[1], "usable": usable[0],
                                 "cpu_usable": usable[1], "peak_rss_kib": peak, **extra}) + "\n")
    sys.stdout.flush()


def bare() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()

    def shown(at: float, cpu: float) -> None:
        _report((at, cpu), (at, cpu))
        app.quit()

    _FirstExpose(window, shown)
    return app.exec()


def kinelink(database: str) -> int:
    from kinelink.desktop import cli
    from kinelink.desktop.main_window import MainWindow

    shown_at: list[tuple[float, float]] = []
    keep: list[_FirstExpose] = []
    show_on_screen = MainWindow.show_on_screen

    def show_and_watch(window: MainWindow) -> None:
        """The window is put on screen inside `desktop.app.start` (before the database is opened): watch it
        from that moment, and run the short session once start-up has finished, from the event loop."""
        show_on_screen(window)
        keep.append(_FirstExpose(window, lambda at, cpu: shown_at.append((at, cpu))))
        QTimer.singleShot(0, lambda: session(window))

    def session(window: MainWindow) -> None:
        if not shown_at or not window.ws.is_open:
            QTimer.singleShot(5, lambda: session(window))
            return
        usable = (time.time(), time.process_time())  # the list is filled: typing in the search field finds
        window.patients.search.setText("s")
        window.patients.refresh()
        rows = window.patients.summaries()
        if rows:
            window.open_patient(rows[0].id)
        _report(shown_at[0], usable, patients_listed=len(rows))
        window.close()
        QApplication.quit()

    MainWindow.show_on_screen = show_and_watch  # type: ignore[method-assign]
    return cli.main(["--db", database])


def main(argv: list[str]) -> int:
    if argv[1:2] == ["bare"]:
        return bare()
    if argv[1:2] == ["kinelink"] and len(argv) == 3:
        return kinelink(argv[2])
    sys.stderr.write("usage: python -m benchmarks.probe bare | kinelink FILE\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
