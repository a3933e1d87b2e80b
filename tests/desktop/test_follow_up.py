"""The second visit: a follow-up from the last signed exam (issue 12, build 1).

Journey: copy forward, re-measure three values (two typed, one confirmed with =), leave the rest;
the new exam stores only what was measured today. And the keystrokes of a typical follow-up
(10 values re-measured, KOOS repeated), against a new exam where the history is typed again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.db import repository
from kinelink.desktop import dialogs
from kinelink.desktop.main_window import MainWindow
from kinelink.forms import examfile
from kinelink.forms.vocab import Instrument, Joint, Mode, Movement, Side
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

BASE = FIXTURES / "exams" / "full_left_knee_to_hip.json"


@pytest.fixture
def app_signed(tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The window with one patient whose last exam (the rich fixture) is signed."""
    window = app_start(tmp_path / "clinic.sqlite3")
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: [BASE])
    window.act_import.trigger()
    exam_id = window.patient_page.selected_exam().id  # type: ignore[union-attr]
    window.open_exam(exam_id)
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    window.close_exam()
    return window


def test_follow_up_stores_only_what_was_measured_today(
    qtbot: QtBot, app_signed: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_signed
    base = examfile.load(BASE).exam
    offered: list[tuple[str, tuple[Instrument, ...]]] = []
    monkeypatch.setattr(dialogs, "ask_follow_up",
                        lambda parent, last, done: offered.append((last, tuple(done))) or [Instrument.KOOS])
    window.act_follow_up.trigger()
    assert offered == [("2 Oct 2026", (Instrument.KOOS, Instrument.LEFS))]
    page = window.exam_page
    editor = page.editor
    assert editor.history.complaint.toPlainText() == base.history.complaint  # copied
    assert editor.history.goals.toPlainText() == base.history.goals
    assert editor.outcomes.chosen() == [Instrument.KOOS]  # the one chosen, not the last tab
    knee_left = editor.rom.cells[(Joint.KNEE, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)]
    knee_right = editor.rom.cells[(Joint.KNEE, Movement.FLEXION, Side.RIGHT, Mode.ACTIVE)]
    ext_left = editor.rom.cells[(Joint.KNEE, Movement.EXTENSION, Side.LEFT, Mode.ACTIVE)]
    assert knee_left.text() == "" and knee_left.placeholderText() == "(118)"  # greyed, not a value
    assert "last time 118" in knee_left.accessibleDescription()
    assert editor.exam().rom == ()  # nothing measured yet: nothing stored as measured today

    knee_left.setText("125")  # re-measured
    ext_left.setText("-2")  # re-measured
    knee_right.setFocus()
    QTest.keyClick(knee_right, Qt.Key.Key_Equal)  # confirmed as unchanged: "=" takes the last value
    assert knee_right.text() == "142"
    qtbot.waitUntil(lambda: page.exam_id is not None and not page.has_unsaved_changes(), timeout=3000)
    with window.ws.database.session() as s:
        stored = repository.get_exam(s, str(page.exam_id)).record.exam
    assert sorted((r.movement.value, r.side.value, r.degrees) for r in stored.rom) == [
        ("extension", "left", -2), ("flexion", "left", 125), ("flexion", "right", 142)]
    assert stored.strength == () and stored.outcomes == ()  # the rest was left: not carried over
    assert stored.history.complaint == base.history.complaint and stored.history.red_flags == ()
    assert stored.date != base.date


def test_keystrokes_of_a_typical_follow_up(
    qtbot: QtBot, app_signed: MainWindow, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """Copy forward, 10 values re-measured, KOOS repeated: counted key by key, both ways."""
    window = app_signed
    window.activateWindow()
    base = examfile.load(BASE).exam
    count = [0]

    def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        widget = QApplication.focusWidget()
        assert widget is not None
        QTest.keyClick(widget, key, modifiers)
        count[0] += 1

    def type_text(text: str) -> None:
        for ch in text:
            widget = QApplication.focusWidget()
            assert widget is not None
            QTest.keyClicks(widget, ch)
            count[0] += 1

    def measure_and_koos() -> None:
        press(Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # ROM
        for value in ("120", "140", "-3", "0", "110", "112", "20", "22", "35", "38"):
            type_text(value)
            press(Qt.Key.Key_Return)
        press(Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)  # Outcomes

    # -- follow-up: Ctrl+Shift+F, the questionnaire dialog's default answer (Enter), values, KOOS
    monkeypatch.setattr(dialogs, "ask_follow_up", lambda parent, last, done: [Instrument.KOOS])
    press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    count[0] += 1  # Enter in the dialog
    measure_and_koos()
    editor = window.exam_page.editor
    editor.outcomes.pages[Instrument.KOOS].rows[0].setFocus()
    for _ in editor.outcomes.pages[Instrument.KOOS].rows:
        press(Qt.Key.Key_1)
    follow_up = count[0]
    assert editor.history.complaint.toPlainText() == base.history.complaint
    assert len(editor.exam().rom) == 10 and len(editor.exam().outcomes[0].responses) == 42
    window.close_exam()

    # -- the same visit as a new exam: complaint and goals typed again, the questionnaire picked
    count[0] = 0
    press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    press(Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    type_text(base.history.complaint or "")
    editor.history.goals.setFocus()
    count[0] += 12  # Tab from the complaint to the goals past the history's fields
    type_text(base.history.goals or "")
    measure_and_koos()
    press(Qt.Key.Key_Return)  # pick KOOS
    for _ in editor.outcomes.pages[Instrument.KOOS].rows:
        press(Qt.Key.Key_1)
    new_exam = count[0]
    with capsys.disabled():
        print(f"\nkeystrokes, typical follow-up (10 values, KOOS): follow-up {follow_up}, new exam {new_exam}")
    assert follow_up < new_exam


def test_change_since_the_baseline_is_marked_on_the_page_in_the_exam_and_in_the_pdf(
    qtbot: QtBot, app_signed: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, app_opened: list[Path],
) -> None:
    import subprocess

    window = app_signed
    monkeypatch.setattr(dialogs, "ask_follow_up", lambda parent, last, done: [])
    window.act_follow_up.trigger()
    editor = window.exam_page.editor
    editor.analysis_delay_ms = 0
    editor.rom.cells[(Joint.KNEE, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)].setText("126")  # 118 before
    editor.rom.cells[(Joint.KNEE, Movement.FLEXION, Side.RIGHT, Mode.ACTIVE)].setText("144")  # 142 before
    editor.update_analysis()
    panel = editor.panel.text()
    assert "Change since 2 Oct 2026" in panel
    assert "Knee flexion, left: 118 → 126 (better, beyond MDC)" in panel
    assert "Knee flexion, right: 142 → 144 (within measurement error)" in panel
    window.act_sign.trigger()
    window.close_exam()

    change = window.patient_page.change
    assert change.baseline.currentText().startswith("2 Oct 2026")  # the latest signed exam before it
    rows = {change.table.item(r, 0).text(): change.table.item(r, 4).text() for r in range(change.table.rowCount())}
    assert rows["Knee flexion, left"] == "better, beyond MDC"
    assert rows["Knee flexion, right"] == "within error"

    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, title, suggested, f="": tmp_path / "summary.pdf")
    window.act_summary.trigger()
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "summary.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "the signed exam of 2 Oct 2026" in " ".join(text.split())  # the baseline is named
    assert "beyond MDC" in text
