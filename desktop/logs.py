"""The support log: what happened, for whoever helps when something goes wrong.

One rotating file, `kinelink.log`, in the per-user log folder
(`platformdirs.user_log_dir("kinelink")`, 0700; files 0600), and
`faults.log` beside it for `faulthandler` (a hard crash in Qt or SQLite
leaves the Python stack of every thread there).

What is written: start-up, versions, which database was opened (its path or
server host, never a password), migrations, and errors with their tracebacks.
Never patient names, record numbers, exam contents or the paths of files the
user reads or writes (those are often named after the patient); a test runs a
whole journey and searches the log for them. Modules log through
`logging.getLogger(__name__)`; only this module decides where it goes.

The window opens the file once it is first painted (`setup` from `desktop.app.start`); until then
`hold` keeps the records in memory and `setup` writes them after its start line.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import os
import sys
from pathlib import Path
from typing import IO

LOG_NAME = "kinelink.log"
FAULTS_NAME = "faults.log"
MAX_BYTES = 1_000_000
KEEP = 5  # rotated files kept: kinelink.log.1 ... .5, at most ~6 MB in all
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"

log = logging.getLogger(__name__)
_faults: IO[str] | None = None  # kept open for the life of the process (faulthandler writes to its fd)


def log_dir() -> Path:
    import platformdirs  # 7 ms: the file is opened after the window's first paint

    return Path(platformdirs.user_log_dir("kinelink"))


def log_file() -> Path:
    return log_dir() / LOG_NAME


def private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, PRIVATE_FILE)


class HeldRecords(logging.Handler):
    """The records logged before the file is opened (the window opens it after its first paint)."""

    LIMIT = 1000  # a runaway loop before the first paint must not fill the memory

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.LIMIT:
            self.records.append(record)


def _levels(root: logging.Logger) -> None:
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    logging.getLogger("kinelink").setLevel(logging.INFO)


def hold() -> None:
    """Keep the log records in memory until `setup` opens the file: the window opens it once it is first
    painted (the rotating handler's module and the file cost every start-up ~25 ms before it)."""
    root = logging.getLogger()
    logfile = sys.modules.get("kinelink.desktop.logfile")  # loaded once a file was opened
    opened = logfile is not None and any(isinstance(h, logfile.PrivateRotatingFileHandler) for h in root.handlers)
    if opened or any(isinstance(h, HeldRecords) for h in root.handlers):
        return
    root.addHandler(HeldRecords())
    _levels(root)


def _folder() -> Path:
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    os.chmod(folder, PRIVATE_DIR)  # mkdir's mode is filtered by the umask
    return folder


def setup(*, command: str | None = None) -> Path | None:
    """Send Kinelink's log records (INFO and up) and everyone's warnings to the log file; return it.

    Idempotent: a second call in the same process adds nothing unless the log folder changed (tests
    point it elsewhere). A log that cannot be written (read-only home) never stops the program.
    Records held until now (`hold`) are written after the start line, with their own times.
    """
    import platform

    from kinelink.desktop.logfile import PrivateRotatingFileHandler

    path = log_file()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, PrivateRotatingFileHandler):
            if Path(handler.baseFilename) == path:
                return path
            root.removeHandler(handler)
            handler.close()
    try:
        handler = PrivateRotatingFileHandler(_folder() / LOG_NAME, maxBytes=MAX_BYTES, backupCount=KEEP,
                                             encoding="utf-8")
    except OSError as err:
        from kinelink.forms.i18n import _

        sys.stderr.write(f"kinelink: warning: {path}: "
                         + _("the log cannot be written ({reason})").format(reason=err.strerror) + "\n")
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    held = [h for h in root.handlers if isinstance(h, HeldRecords)]
    for h in held:
        root.removeHandler(h)
    root.addHandler(handler)
    _levels(root)
    # the system as os.uname says it: platform.platform() reads the C library's version out of the
    # Python binary, 50 ms of every start (the full string is in `versions()`, logged once the window is up)
    log.info("start: kinelink %s (%s), Python %s, %s %s", kinelink_version(), command or "window",
             platform.python_version(), platform.system(), platform.release())
    for h in held:
        for record in h.records:
            handler.handle(record)
    return path


def enable_faulthandler() -> Path | None:
    """Hard crashes (segfaults, aborts) write every thread's Python stack to faults.log."""
    global _faults
    if _faults is not None:
        return Path(_faults.name)
    try:
        _faults = open(_folder() / FAULTS_NAME, "a", encoding="utf-8", opener=private_opener)  # noqa: SIM115
    except OSError:
        return None
    faulthandler.enable(file=_faults, all_threads=True)
    return Path(_faults.name)


def kinelink_version() -> str:
    """This program's version, from the installed package's metadata (a frozen app ships it too).

    The `kinelink-VERSION.dist-info` folder's name says it; `importlib.metadata` (which parses the
    metadata as e-mail) only when there is no such folder: it cost every start a tenth of a second."""
    for entry in sys.path:
        with contextlib.suppress(OSError):
            for found in Path(entry or ".").glob("kinelink-*.dist-info"):
                return found.name.removesuffix(".dist-info").split("-", 1)[1]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kinelink")
    except PackageNotFoundError:
        return "0+unknown"


def versions() -> dict[str, str]:
    """The versions that matter for support, of the modules this process has loaded."""
    import platform

    found = {"Kinelink": kinelink_version(), "Python": platform.python_version(),
             "System": platform.platform(terse=True)}
    for label, module in (("PySide6", "PySide6"), ("SQLAlchemy", "sqlalchemy"), ("Alembic", "alembic"),
                          ("reportlab", "reportlab")):
        loaded = sys.modules.get(module)
        if loaded is not None:
            found[label] = str(getattr(loaded, "__version__", getattr(loaded, "Version", "?")))
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        found["Qt"] = qtcore.qVersion()
    return found
