"""The log file's handler: rotating, and every file it makes (the first and each after a rollover) 0600.

On its own so that `logging.handlers` (with pickle, queue and socket) loads only when the file is opened:
the window opens it after its first paint (`desktop.logs`).
"""

from __future__ import annotations

import os
from logging.handlers import RotatingFileHandler
from typing import Any

from kinelink.desktop.logs import PRIVATE_FILE, private_opener


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating file handler whose every file, the first and each one after a rollover, is 0600."""

    def _open(self) -> Any:
        stream = open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,  # noqa: SIM115
                      opener=private_opener)
        os.chmod(self.baseFilename, PRIVATE_FILE)  # an older file may have been created wider
        return stream
