"""SQLite's whole-file `quick_check`, run in the background once the window is shown.

On a clinic's database of several years the check reads gigabytes and takes
seconds; the header and schema checks that refuse a damaged file untouched run
before the window opens (`db.open_database(..., quick_check=False)`), and this
finishes the job without keeping the physiotherapist waiting.
"""

from __future__ import annotations

import contextlib
import threading

from kinelink import db
from kinelink.forms.i18n import _
from PySide6.QtCore import QObject, Signal


class IntegrityCheck(QObject):
    """Runs `Database.quick_check()` on a worker thread; `finished(problems)` arrives on the GUI thread."""

    finished = Signal(list)

    def __init__(self, database: db.Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._thread = threading.Thread(target=self._run, name="kinelink-quick-check", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        try:
            problems = self._database.quick_check()
        except Exception as err:  # a read error is itself a finding to report, never a crash
            problems = [_("the check could not read the file ({error})").format(error=err)]
        # Queued to the receiver's (GUI) thread; if the window closed meanwhile, nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            self.finished.emit(problems)
