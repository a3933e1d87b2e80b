"""The main window fits the screen it opens on: first start, a size remembered from a larger screen, the title."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kinelink.desktop import dialogs
from kinelink.desktop.main_window import MainWindow, fit_inside
from kinelink.desktop.settings import Settings, save_settings
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot


def inside(window: MainWindow) -> bool:
    return window.screen().availableGeometry().contains(window.frameGeometry())


def test_first_start_fits_the_available_screen(tmp_path: Path, app_start: Callable[..., MainWindow]) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    room = window.screen().availableGeometry()
    assert inside(window), (window.frameGeometry(), room)
    assert window.minimumWidth() <= room.width() and window.minimumHeight() <= room.height()


def test_a_size_remembered_from_a_larger_screen_is_clamped(tmp_path: Path,
                                                          app_start: Callable[..., MainWindow]) -> None:
    room = QApplication.primaryScreen().availableGeometry()
    big = QWidget()
    big.setGeometry(QRect(room.left() + 200, room.top() + 150, room.width() + 900, room.height() + 700))
    remembered = bytes(big.saveGeometry().toBase64().data()).decode("ascii")
    save_settings(Settings(clinician_name="Łukasz Żółć", window_geometry=remembered, auto_backup=False),
                  tmp_path / "settings.json")
    window = app_start(tmp_path / "clinic.sqlite3")
    assert inside(window), (window.frameGeometry(), room)


def test_fit_inside_moves_and_shrinks() -> None:
    screen = QRect(0, 0, 1366, 768)
    assert fit_inside(QRect(100, 100, 1280, 800), screen) == QRect(86, 0, 1280, 768)
    assert fit_inside(QRect(-50, 700, 400, 300), screen) == QRect(0, 468, 400, 300)
    assert fit_inside(QRect(10, 10, 400, 300), screen) == QRect(10, 10, 400, 300)


def test_the_title_names_the_application_once(tmp_path: Path, app_start: Callable[..., MainWindow]) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    # Qt appends " — <display name>" to every window title; the window's own part must not repeat it
    assert QApplication.applicationDisplayName() == "Kinelink"
    assert window.windowTitle() == "clinic.sqlite3"


def test_f1_list_scrolls_within_the_screen(tmp_path: Path, app_start: Callable[..., MainWindow],
                                           qtbot: QtBot) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    rows = window.shortcut_rows() * 3  # longer than any screen: it must scroll, not grow
    dialog = dialogs.shortcuts_dialog(window, rows)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= room.height()
    listing = dialog.findChild(QTextBrowser, "ShortcutList")
    assert listing.verticalScrollBar().maximum() > 0
    assert rows[0][1] in listing.toPlainText()
