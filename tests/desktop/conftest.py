"""Shared fixtures of the desktop tests. Names of the window's fixtures start with `app_`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

if TYPE_CHECKING:
    from kinelink.desktop.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def app_theme(qapp: QApplication) -> None:
    """The window's style and font (Fusion, 10 pt) from the first test on. The first window a test opens
    sets them for the whole process, so without this a layout test measured Qt's 9 pt when run alone and
    10 pt after any window test: it passed alone and failed in the full run."""
    from kinelink.desktop import theme

    theme.apply(qapp)


@pytest.fixture(autouse=True)
def app_private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every desktop test gets its own data, config, documents and log folders: never the user's own."""
    home = tmp_path / "home"
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                      ("XDG_DOCUMENTS_DIR", "Documents"), ("XDG_STATE_HOME", "state")):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.delenv("KINELINK_DB", raising=False)
    monkeypatch.delenv("KINELINK_DATABASE_URL", raising=False)
    monkeypatch.delenv("KINELINK_TEST_SCRIPT", raising=False)
    yield home


@pytest.fixture
def app_opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Documents the window asked the system viewer to show (nothing is really opened in tests)."""
    from kinelink.desktop import viewer

    opened: list[Path] = []

    def record(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(viewer, "open_with_system_viewer", record)
    return opened


@pytest.fixture
def app_start(qtbot: QtBot, tmp_path: Path, app_opened: list[Path], monkeypatch: pytest.MonkeyPatch,
              qapp: QApplication) -> Iterator[Callable[..., MainWindow]]:
    """Start the window as `kinelink --db PATH` does, with settings in tmp_path; closed cleanly after."""
    from kinelink.desktop import app, dialogs
    from kinelink.desktop.settings import Settings, save_settings

    monkeypatch.setattr(dialogs, "ask_unsaved_amendment", lambda parent: dialogs.UnsavedChoice.DISCARD)
    monkeypatch.setattr(dialogs, "ask_baseline", lambda parent, options, default: default)
    # Ctrl+N beside a draft (imported exams are stored as drafts) starts another exam, as before the
    # question was asked; tests/desktop/test_new_exam_draft.py answers it otherwise
    monkeypatch.setattr(dialogs, "ask_existing_draft",
                        lambda parent, patient, draft, is_open: dialogs.DraftChoice.NEW_EXAM)

    def no_modal(*args: object, **kwargs: object) -> int:  # a dialog nobody answers would hang the test run
        raise AssertionError(f"unexpected modal dialog: {args!r}")

    for cls, name in ((QDialog, "exec"), (QMessageBox, "exec"), (QMessageBox, "question"),
                      (QMessageBox, "warning"), (QMessageBox, "information"), (QMessageBox, "critical")):
        monkeypatch.setattr(cls, name, no_modal)
    windows: list[MainWindow] = []
    settings_path = tmp_path / "settings.json"

    def start(database: Path | str, *, demo: bool = False, clinician: str = "Anna Nowak, PT") -> MainWindow:
        if not settings_path.exists():
            save_settings(Settings(clinician_name=clinician, clinic_name="Fizjoterapia Żółty Dom",
                                   auto_backup=False), settings_path)
        window = app.start(str(database), demo, settings_path=settings_path)
        assert window is not None
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield start
    for window in windows:
        window.close()
        window.ws.database.close()
