"""Supportability: the version, the private rotating log, the crash dialog and Help ▸ About."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest
from kinelink.desktop import about, cli, crash, logfile, logs
from kinelink.desktop.main_window import MainWindow
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_version_prints_the_package_version() -> None:
    done = subprocess.run([sys.executable, "-m", "kinelink.desktop.cli", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout == f"kinelink {version('kinelink')}\n"


def test_gui_entry_survives_having_no_console(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdout", None)  # what pythonw (Windows, no console) gives a gui-script
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "argv", ["kinelink-gui", "--version"])
    with pytest.raises(SystemExit) as done:
        cli.gui_entry()
    assert done.value.code == 0
    assert sys.stdout is not None and sys.stdout.name == os.devnull


def test_the_log_and_its_folder_are_private_also_after_rotation(app_private_dirs: Path) -> None:
    path = logs.setup(command="check")
    assert path == app_private_dirs / "state" / "kinelink" / "log" / "kinelink.log"
    assert mode(path.parent) == 0o700 and mode(path) == 0o600
    text = path.read_text("utf-8")
    assert f"start: kinelink {version('kinelink')} (check), Python" in text
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, logfile.PrivateRotatingFileHandler))
    handler.doRollover()
    logging.getLogger("kinelink.test").info("after rollover")
    assert mode(path) == 0o600 and mode(path.with_name("kinelink.log.1")) == 0o600
    assert "after rollover" in path.read_text("utf-8")
    assert logs.setup() == path  # a second call adds no second handler
    assert sum(isinstance(h, logfile.PrivateRotatingFileHandler) for h in logging.getLogger().handlers) == 1


def test_faulthandler_writes_to_a_private_file_in_a_fresh_process(tmp_path: Path) -> None:
    code = "from kinelink.desktop import logs; import faulthandler; print(logs.enable_faulthandler()); " \
           "print(faulthandler.is_enabled()); faulthandler.dump_traceback(all_threads=False)"
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60,
                          check=True)
    faults = Path(done.stdout.splitlines()[0])
    assert done.stdout.splitlines()[1] == "True"
    assert faults == tmp_path / "kinelink" / "log" / "faults.log" and mode(faults) == 0o600


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_error_in_the_window_shows_the_dialog_and_is_logged(
        qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow]) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    assert sys.excepthook is crash.handle

    def broken_slot() -> None:
        raise RuntimeError("forced failure for the test")

    QTimer.singleShot(0, window, broken_slot)  # raised inside Qt's event loop, as a real bug would be

    def dialog() -> crash.CrashDialog:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, crash.CrashDialog) and w.isVisible()]
        assert len(shown) == 1
        return shown[0]

    qtbot.waitUntil(lambda: dialog() is not None, timeout=5000)
    shown = dialog()
    assert window.isVisible()  # the window did not vanish
    assert str(logs.log_file()) in shown.message.text()
    assert "RuntimeError: forced failure for the test" in shown.text.toPlainText()
    shown.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Traceback (most recent call last)" in copied and "broken_slot" in copied and "Kinelink " in copied
    log_text = logs.log_file().read_text("utf-8")
    assert "CRITICAL kinelink.desktop.crash" in log_text and "uncaught error" in log_text
    assert "Traceback (most recent call last)" in log_text and "RuntimeError: forced failure for the test" in log_text
    shown.close()


def test_about_shows_versions_and_the_folders(qtbot: QtBot, tmp_path: Path,
                                              app_start: Callable[..., MainWindow]) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    window.act_about.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, about.AboutDialog) and w.isVisible()]
    assert len(dialogs) == 1
    rows = dict(dialogs[0].rows)
    assert rows["Kinelink"] == version("kinelink")
    assert rows["PySide6"] and rows["Qt"] and rows["SQLAlchemy"] and rows["Python"]
    assert rows["Log folder"] == str(logs.log_dir()) and rows["Data folder"].endswith("kinelink")
    assert rows["Database"] == str(tmp_path / "clinic.sqlite3")
    dialogs[0].copy_button.click()
    assert f"Log folder: {logs.log_dir()}" in QGuiApplication.clipboard().text()
    dialogs[0].close()
