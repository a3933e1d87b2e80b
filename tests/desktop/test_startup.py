"""Start-up order: the window is on screen before the database layer is imported and the file opened.

Checked in a fresh interpreter (this test process has long imported SQLAlchemy). How long start-up
takes is measured by the benchmarks (benchmarks/startup.py), not here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import builtins, json, logging, sys
from kinelink.desktop import app
from kinelink.desktop.main_window import MainWindow
from PySide6 import QtCore
from PySide6.QtWidgets import QApplication

seen = {}
DEFERRED = set(sys.argv[2].split(","))
show = MainWindow.show_on_screen

def watched(window):
    show(window)
    seen["loaded_when_shown"] = sorted(n for n in sys.modules if n.split(".")[0] in ("sqlalchemy", "alembic"))
    seen["open_when_shown"] = window.ws.is_open
    seen["deferred_when_shown"] = sorted(n for n in sys.modules if n in DEFERRED)
    seen["qt_namespace_when_shown"] = "Qt" in vars(QtCore)  # its 113 enums are made on first use
    seen["qt_types_when_shown"] = sorted(n for m, n in QT_TYPES if n in vars(sys.modules[m]))
    seen["dataclasses_when_shown"] = sorted(
        f"{name}.{k}" for name, m in list(sys.modules.items()) if name.startswith("kinelink")
        for k, v in vars(m).items()
        if isinstance(v, type) and v.__module__ == name and "__dataclass_fields__" in vars(v))
    seen["pyside_import_hook_when_shown"] = builtins.__import__ is not vars(builtins)["__orig_import__"]

QT_TYPES = [("PySide6.QtGui", n) for n in ("QPainter", "QPen")] + [
    ("PySide6.QtCore", n) for n in ("QRectF", "QByteArray", "QLibraryInfo", "QTranslator")]
MainWindow.show_on_screen = watched
window = app.start(sys.argv[1], False)
seen["exposed"] = window.windowHandle().isExposed()
seen["exam_page_built_by_start"] = window._exam_page is not None
seen["log_file_open"] = any(type(h).__name__ == "PrivateRotatingFileHandler" for h in logging.getLogger().handlers)
seen["answers_later_starts"] = window.ws.instance is not None and window.ws.instance._server is not None
seen["open_after_start"] = window.ws.is_open
seen["patients"] = len(window.patients.summaries())
seen["loaded_after_start"] = "sqlalchemy" in sys.modules
window.close()
window.ws.database.close()
print(json.dumps(seen))
"""


# What the first paint does not need, loaded on first use: the letters and their wording, the red-flag
# text scan, the exam-file reader, the MDC/MCID and progress tables with the questionnaires, the
# amendment differ, and the package metadata (the version is read from the dist-info folder's name);
# the database layer's records and errors with the domain's enums and dataclasses (`forms.model`,
# `forms.vocab`: the window's modules take the typed ids from `forms.ids`); the exam page, the patient
# page, the File, Documents and record actions and the dialogs (built or loaded when first needed);
# the rotating log file's handler and the local socket's QtNetwork (set up once the window is painted);
# the idle lock, the background integrity check, encryption and the demo data (used once the file is open);
# platformdirs (the settings and data folders are computed in `paths`, the log folder is asked once painted)
# and hashlib with OpenSSL (the lock's name is hashed with CPython's own SHA-256), getpass with termios
# (the lock's folder names the user from the login variables, as getpass does first); the date formats with
# `datetime` and their patterns (loaded when the patient list shows its first row).
DEFERRED = (
    "kinelink.forms.letters.compose",
    "kinelink.forms.redflags", "kinelink.forms.redflag_text", "kinelink.forms.analysis",
    "kinelink.forms.examfile", "kinelink.desktop.usecases.examfiles",
    "kinelink.forms.change", "kinelink.forms.progress", "kinelink.forms.questionnaires",
    "kinelink.forms.exam_changes", "importlib.metadata", "reportlab",
    "kinelink.db.records", "kinelink.db.errors", "kinelink.forms.model", "kinelink.forms.vocab",
    "kinelink.desktop.exam_page", "kinelink.desktop.patient_page", "kinelink.desktop.usecases.exams",
    "kinelink.desktop.file_actions", "kinelink.desktop.document_actions", "kinelink.desktop.record_actions",
    "kinelink.desktop.dialogs", "logging.handlers", "PySide6.QtNetwork",
    "kinelink.desktop.idle_lock", "kinelink.desktop.integrity", "kinelink.desktop.usecases.encryption",
    "kinelink.desktop.usecases.demo_data",
    "platformdirs", "hashlib", "_hashlib", "getpass", "termios",
    "kinelink.forms.formats", "kinelink.forms.partialdate", "datetime",
)


def _start(tmp_path: Path) -> dict[str, object]:
    """What a fresh interpreter had loaded when the window was shown, and after start-up."""
    database = tmp_path / "clinic.sqlite3"
    exam = sorted((ROOT / "tests" / "fixtures" / "exams").glob("*.json"))[0]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state")}
    subprocess.run([sys.executable, "-m", "kinelink.desktop.cli", "import", str(exam), "--db", str(database)],
                   check=True, env=env, cwd=ROOT, capture_output=True)
    done = subprocess.run([sys.executable, "-c", CHILD, str(database), ",".join(DEFERRED)], capture_output=True,
                          text=True, env=env, cwd=ROOT, check=True, timeout=120)
    seen: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return seen


def test_the_window_is_shown_before_the_database_layer_loads(tmp_path: Path) -> None:
    seen = _start(tmp_path)
    assert seen["loaded_when_shown"] == [] and seen["open_when_shown"] is False
    assert seen["exposed"] and seen["open_after_start"] and seen["loaded_after_start"]
    assert seen["patients"] == 1  # the list filled once the database was open
    # and what the first paint does not need was not loaded for it
    assert seen["deferred_when_shown"] == []
    # nor the `Qt` namespace (its enums take ~20 ms to make): not imported by the window's modules, not
    # chosen among overloads (`QAction.setShortcut`), not passed to Python (the patient list's header)
    assert seen["qt_namespace_when_shown"] is False
    # PySide6's hook on `import` (it reads every later module's source) is off before the window's modules load
    assert seen["pyside_import_hook_when_shown"] is False
    # nor PySide's view of the Qt classes only the editor's painting (QPainter, QPen, QRectF), a saved
    # window geometry (QByteArray) or another language than English (QLibraryInfo, QTranslator) need
    assert seen["qt_types_when_shown"] == []
    # making a dataclass compiles its methods (about 1 ms each): before the first paint only the settings are one
    assert seen["dataclasses_when_shown"] == ["kinelink.desktop.settings.Settings"]
    # the exam page is built later, from the event loop (`desktop.app` prepares it); the log file and the
    # local socket are open once start-up returns
    assert seen["exam_page_built_by_start"] is False
    assert seen["log_file_open"] and seen["answers_later_starts"]


def test_pyside_s_import_hook_is_off_whichever_loads_first() -> None:
    """PySide6 replaces `builtins.__import__` to serve `from __feature__ import ...` and reads the source of
    every module imported after it (30 M instructions of start-up); Kinelink puts Python's own back, whether
    PySide6 was loaded before it (a test run, the benchmark's probe) or by the window (`desktop.pyside`)."""
    check = "import builtins; print(builtins.__import__ is vars(builtins)['__orig_import__'])"
    for first in ("import PySide6.QtWidgets; import kinelink.desktop.cli", "import kinelink.desktop.app"):
        done = subprocess.run([sys.executable, "-c", f"{first}; {check}"], capture_output=True, text=True,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, cwd=ROOT, check=True, timeout=60)
        assert done.stdout.split() == ["True"], first


def test_no_module_asks_for_a_pyside_feature() -> None:
    """With the hook off, importing from `__feature__` would silently do nothing: no module may do it."""
    feature = re.compile(r"^\s*(from\s+__feature__\s+import|import\s+__feature__)", re.MULTILINE)
    asking = [str(path.relative_to(ROOT)) for folder in ("desktop", "forms", "db", "reports")
              for path in (ROOT / folder).rglob("*.py") if feature.search(path.read_text("utf-8"))]
    assert asking == []


WINDOW_ARGVS = [[], ["--demo"], ["--db", "clinic.sqlite3"], ["--db=Praxis Żółć.sqlite3", "--demo"],
                ["--demo", "--db", "a.sqlite3", "--db", "b.sqlite3"], ["--db", "x", "--db=y"]]
OTHER_ARGVS = [["--db"], ["--db="], ["--db", "--demo"], ["--version"], ["-h"], ["--d", "x"], ["check", "--db", "x"],
               ["--db", "x", "import", "f.json", "--db", "y"]]


def test_the_window_s_options_are_read_without_building_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """`kinelink --db FILE` starts the window without argparse building its 15 subcommand parsers (3-15 ms of
    start-up), with the answer the whole parser gives; anything else goes to the parser."""
    from kinelink.desktop import app, cli, logs

    for argv in WINDOW_ARGVS:
        parsed = cli.build_parser().parse_args(argv)
        assert parsed.command is None and cli.window_options(argv) == (parsed.db, parsed.demo), argv
    for argv in OTHER_ARGVS:
        assert cli.window_options(argv) is None, argv

    started: list[tuple[str | None, bool]] = []

    def no_parser() -> None:
        raise AssertionError("the parser was built for the window's own options")

    monkeypatch.setattr(cli, "build_parser", no_parser)
    monkeypatch.setattr(logs, "hold", lambda: None)
    monkeypatch.setattr(app, "run_app", lambda db, demo: started.append((db, demo)) or 0)
    monkeypatch.delenv("KINELINK_DB", raising=False)
    assert cli.main(["--db", "Praxis Żółć.sqlite3", "--demo"]) == 0
    assert started == [("Praxis Żółć.sqlite3", True)]


RUN_APP = """
import sys
from kinelink.desktop import app
calls = []
real = app.application
def counted():
    calls.append(1)
    return real()
app.application = counted
code = app.run_app(sys.argv[1], False)
print(len(calls), code)
"""


def test_the_application_is_set_up_once(tmp_path: Path) -> None:
    """`run_app` sets up the application (name, icon, theme, crash handler) and `start` does not do it again
    (1 ms of start-up); the window still opens the file and closes cleanly."""
    database = tmp_path / "Praxis Żółć.sqlite3"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "KINELINK_SMOKE_CLOSE_MS": "50"}
    done = subprocess.run([sys.executable, "-c", RUN_APP, str(database)], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=True, timeout=120)
    assert f"window open: {database}" in done.stdout
    assert done.stdout.splitlines()[-1] == "1 0"
