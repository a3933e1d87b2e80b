"""The journey with the keyboard alone: shortcuts, Tab, Enter, typing; no clicks, no setters.

Key events go to the focused widget, as a physiotherapist's keystrokes would. The
modal dialogs of the application are answered with keys too, from a timer that
runs inside their event loop. Only the operating system's file chooser is
replaced (it is not part of Kinelink). Typed text is ASCII: pytest-qt cannot
send other characters reliably (see house-style.md); Unicode names are covered
by test_journey.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.db import repository
from kinelink.db.records import ExamStatus
from kinelink.desktop import dialogs
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.main_window import MainWindow
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

REAL = {
    (QDialog, "exec"): QDialog.exec,
    (QMessageBox, "exec"): QMessageBox.exec,
    (QMessageBox, "question"): QMessageBox.question,
}
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> QWidget:
    """The widget with the keyboard focus.

    A window manager gives the main window back its activation when a dialog closes; the offscreen
    platform of the tests has none, so that is done here.
    """
    for _ in range(100):
        widget = QApplication.focusWidget()
        if widget is not None:
            return widget
        if QApplication.activeWindow() is None and QApplication.activeModalWidget() is None:
            for top in QApplication.topLevelWidgets():
                if isinstance(top, MainWindow) and top.isVisible():
                    top.activateWindow()
        QTest.qWait(10)
    raise AssertionError(f"nothing has the keyboard focus; active window {QApplication.activeWindow()}, "
                         f"modal {QApplication.activeModalWidget()}, top {QApplication.topLevelWidgets()}")


def keys(*sequence: str | Qt.Key | tuple[Qt.Key, Qt.KeyboardModifier]) -> None:
    """Type into whatever has the focus: text, a key, or (key, modifiers)."""
    for item in sequence:
        if isinstance(item, str):
            QTest.keyClicks(focused(), item)
        elif isinstance(item, tuple):
            QTest.keyClick(focused(), item[0], item[1])
        else:
            QTest.keyClick(focused(), item)


def press(label: str) -> None:
    """Tab to the button called `label` in the focused dialog, then press Space on it."""
    for _ in range(10):
        widget = focused()
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "") == label:
            keys(Qt.Key.Key_Space)
            return
        keys(Qt.Key.Key_Tab)
    raise AssertionError(f"no button {label!r} reachable with Tab")


def in_modal(answer: Callable[[QWidget], object]) -> list[str]:
    """Answer the next modal dialog with keys, from inside its event loop, once it has the focus.

    Returns a list that gets the dialog's title. A dialog still open after 10 s is closed, so a
    broken step fails the test instead of hanging it.
    """
    seen: list[str] = []
    waited = [0]

    def poll() -> None:
        modal = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        if modal is None or focus is None or not (focus is modal or modal.isAncestorOf(focus)):
            waited[0] += 20
            if waited[0] < 10_000:
                QTimer.singleShot(20, poll)
            elif modal is not None:
                modal.close()
            return
        seen.append(modal.windowTitle())
        answer(modal)

    QTimer.singleShot(20, poll)
    return seen


@pytest.mark.slow
def test_whole_journey_by_keyboard(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], app_opened: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for (cls, name), real in REAL.items():
        monkeypatch.setattr(cls, name, real)  # the real modal dialogs, answered with keys
    window = app_start(tmp_path / "clinic.sqlite3")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.patients.search)  # typing finds a patient

    # New patient: Ctrl+Shift+N, fields in Tab order, Enter saves
    seen = in_modal(lambda d: keys("Nowak", Qt.Key.Key_Tab, "Jan", Qt.Key.Key_Tab, "17.04.1988", Qt.Key.Key_Tab,
                                   "m", Qt.Key.Key_Tab, "MRN-77", Qt.Key.Key_Return))
    keys((Qt.Key.Key_N, CTRL | SHIFT))
    assert seen == ["New patient"]
    assert window.patient_page.name.text() == "Jan Nowak"
    assert window.patient_page.details.text().startswith("born 17 Apr 1988")

    # New exam: Ctrl+N; Alt+1 History (focus in the complaint), Alt+2 ROM (Enter moves on)
    keys((Qt.Key.Key_N, CTRL))
    page = window.exam_page
    assert window.pages.currentWidget() is page and page.mode is Mode.DRAFT
    keys((Qt.Key.Key_1, ALT), "Knee gives way on stairs")
    keys((Qt.Key.Key_2, ALT), "110", Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.exam_id is not None and not page.has_unsaved_changes(), timeout=3000)
    exam = page.current_exam()
    assert exam.history.complaint == "Knee gives way on stairs"
    assert [(r.movement.value, r.degrees) for r in exam.rom] == [("flexion", 110.0)]
    keys((Qt.Key.Key_S, CTRL))
    assert window.saved_status.text().startswith("Saved ")

    # Sign off: Ctrl+Shift+S, then Tab to Yes (Cancel is the default) and Space
    seen = in_modal(lambda box: press("Yes"))
    keys((Qt.Key.Key_S, CTRL | SHIFT))
    assert seen == ["Sign off exam"]
    assert page.mode is Mode.LOCKED and page.status is ExamStatus.SIGNED

    # Back to the list: Ctrl+W closes the exam, Ctrl+F finds the patient, Down and Enter open them
    keys((Qt.Key.Key_W, CTRL))
    assert window.pages.currentWidget() is window.home
    keys((Qt.Key.Key_F, CTRL))
    assert focused() is window.patients.search
    keys("nowak")
    qtbot.waitUntil(lambda: len(window.patients.summaries()) == 1 and window.patients.search.text() == "nowak",
                    timeout=2000)
    keys(Qt.Key.Key_Down)
    assert focused() is window.patients.table
    keys(Qt.Key.Key_Return)
    assert window.right.currentWidget() is window.patient_page
    assert focused() is window.patient_page.table

    # Enter opens the signed exam; Ctrl+Shift+A amends; Ctrl+S asks the reason; Tab, Space save it
    keys(Qt.Key.Key_Return)
    assert page.mode is Mode.LOCKED
    keys((Qt.Key.Key_A, CTRL | SHIFT))
    assert page.mode is Mode.AMENDING
    keys((Qt.Key.Key_2, ALT), "112", Qt.Key.Key_Return)
    seen = in_modal(lambda d: (keys("Re-measured with a long-arm goniometer"), press("Save amendment")))
    keys((Qt.Key.Key_S, CTRL))
    assert seen == ["Reason for the amendment"]
    assert page.mode is Mode.LOCKED and page.status is ExamStatus.AMENDED and page.version == 2
    with window.ws.database.session() as s:
        (amendment,) = repository.amendments(s, str(page.exam_id))
    assert amendment.reason == "Re-measured with a long-arm goniometer"

    # Ctrl+P writes the summary (the system's file chooser is replaced) and opens it
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, title, suggested, f="": tmp_path / suggested.name)
    keys((Qt.Key.Key_P, CTRL))
    assert [p.name for p in app_opened] == [f"Nowak Jan {page.current_exam().date.isoformat()} summary.pdf"]
    assert app_opened[0].stat().st_size > 1000

    # F1 lists every shortcut
    rows = dict((what, keys_) for keys_, what in window.shortcut_rows())
    assert rows["Summary PDF"] == "Ctrl+P" and rows["New exam"] == "Ctrl+N" and rows["Find patient"] == "Ctrl+F"
