"""The exam editor with the keyboard alone: Enter moves on, Tab order, shortcuts, typed choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from kinelink.desktop.editor import ExamEditor
from kinelink.desktop.editor.history import InjuryRow
from kinelink.forms.model import Exam, Patient
from kinelink.forms.vocab import (
    Gait,
    Instrument,
    Joint,
    Mode,
    Movement,
    MuscleGroup,
    Region,
    Sex,
    Side,
    Structure,
    TestName,
    TestResult,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

TODAY = dt.date(2026, 11, 25)
PATIENT = Patient("Nowak", "Anna", dt.date(1980, 5, 5), Sex.FEMALE)


@pytest.fixture
def editor_keys(qtbot: QtBot) -> Iterator[ExamEditor]:
    editor = ExamEditor(today=lambda: TODAY)
    editor.analysis_delay_ms = 0
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    editor.load(PATIENT, Exam(date=TODAY))
    yield editor


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def type_into_focus(qtbot: QtBot, text: str) -> None:
    widget = focused()
    assert widget is not None
    qtbot.keyClicks(widget, text)


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = focused()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def test_rom_cells_fill_left_then_right_with_enter(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    cells = ed.rom.cells
    qtbot.keyClick(ed, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Alt+2: ROM, first cell focused
    assert focused() is cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)]
    for text in ("120", "118", "25", "30"):
        type_into_focus(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
    assert focused() is cells[(Joint.HIP, Movement.ABDUCTION, Side.LEFT, Mode.ACTIVE)]
    type_into_focus(qtbot, "40p")  # P marks the movement painful
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)  # the keypad's Enter too
    assert [(r.movement, r.side, r.degrees, r.painful) for r in ed.exam().rom] == [
        (Movement.FLEXION, Side.LEFT, 120, None),
        (Movement.FLEXION, Side.RIGHT, 118, None),
        (Movement.EXTENSION, Side.LEFT, 25, None),
        (Movement.EXTENSION, Side.RIGHT, 30, None),
        (Movement.ABDUCTION, Side.LEFT, 40, True),
    ]
    assert focused() is cells[(Joint.HIP, Movement.ABDUCTION, Side.RIGHT, Mode.ACTIVE)]


def test_enter_after_the_last_active_row_goes_to_the_passive_columns(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    ed.show_section("ROM")
    ed.rom.passive.setChecked(True)  # the passive columns show on request (or with passive values)
    last = ed.rom.cells[(Joint.KNEE, Movement.EXTENSION, Side.RIGHT, Mode.ACTIVE)]
    last.setFocus()
    qtbot.waitUntil(lambda: focused() is last)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, Mode.PASSIVE)]
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.RIGHT, Mode.PASSIVE)]


def test_tab_walks_a_rom_row_left_to_right(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    ed.rom.passive.setChecked(True)  # the passive columns show on request (or with passive values)
    ed.show_section("ROM", focus=True)
    order = [(Side.LEFT, Mode.ACTIVE), (Side.LEFT, Mode.PASSIVE), (Side.RIGHT, Mode.ACTIVE), (Side.RIGHT, Mode.PASSIVE)]
    for side, mode in order:
        assert focused() is ed.rom.cells[(Joint.HIP, Movement.FLEXION, side, mode)]
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is ed.rom.cells[(Joint.HIP, Movement.EXTENSION, Side.LEFT, Mode.ACTIVE)]
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.RIGHT, Mode.PASSIVE)]


def test_strength_grade_and_force_by_keyboard(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    """Enter follows the visible columns: Grade L, Force L, Grade R, Force R, then the next row."""
    ed = editor_keys
    qtbot.keyClick(ed, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert ed.current_section() == "Strength"
    flexors = (Joint.HIP, MuscleGroup.FLEXORS)
    assert focused() is ed.strength.grades[(*flexors, Side.LEFT)]
    for text, now in (("4+", ed.strength.forces[(*flexors, Side.LEFT)]),
                      ("180", ed.strength.grades[(*flexors, Side.RIGHT)]),
                      ("5", ed.strength.forces[(*flexors, Side.RIGHT)]),
                      ("200", ed.strength.grades[(Joint.HIP, MuscleGroup.EXTENSORS, Side.LEFT)])):
        type_into_focus(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
        assert focused() is now, text
    entries = {(s.group, s.side): (s.grade.value if s.grade else None, s.force_n) for s in ed.exam().strength}
    assert entries == {(MuscleGroup.FLEXORS, Side.LEFT): ("4+", 180), (MuscleGroup.FLEXORS, Side.RIGHT): ("5", 200)}


@pytest.mark.parametrize("typed", ["200", "120", "6", "4++", "strong"])
def test_a_grade_box_refuses_what_is_not_an_oxford_grade(editor_keys: ExamEditor, qtbot: QtBot, typed: str) -> None:
    ed = editor_keys
    qtbot.keyClick(ed, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    grade = ed.strength.grades[(Joint.HIP, MuscleGroup.FLEXORS, Side.LEFT)]
    assert focused() is grade
    type_into_focus(qtbot, typed)
    assert grade.text() == typed  # never cut to "2" or "1"
    assert grade.value() is None
    problem = grade.problem()
    assert problem is not None and f"'{typed}' is not an Oxford grade" in problem
    assert "left, grade" in problem
    assert grade.property("invalid") is True
    row = next(r for r in ed.strength.rows if grade in r.inputs)
    assert not row.error.isHidden() and problem in row.error.text()
    assert not [e for e in ed.exam().strength if e.grade is not None]
    grade.clear()
    type_into_focus(qtbot, "4-")
    assert grade.value() is not None and grade.value().value == "4-" and grade.problem() is None


def test_choices_are_picked_by_typing(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    qtbot.keyClick(ed, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    line = ed.tests.lines[(TestName.LACHMAN, Side.LEFT)]
    assert focused() is line.result
    press(qtbot, Qt.Key.Key_P)
    assert line.result.value() is TestResult.POSITIVE
    press(qtbot, Qt.Key.Key_N)
    assert line.result.value() is TestResult.NEGATIVE
    press(qtbot, Qt.Key.Key_N)  # again: the next word with n
    assert line.result.value() is TestResult.NOT_TESTED
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is line.grade
    press(qtbot, Qt.Key.Key_2)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_P)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is line.note
    type_into_focus(qtbot, "soft")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is ed.tests.lines[(TestName.LACHMAN, Side.RIGHT)].result
    assert ed.exam().tests[0].result is TestResult.NOT_TESTED
    assert ed.exam().tests[0].grade is not None and ed.exam().tests[0].painful is True
    assert ed.exam().tests[0].note == "soft"


def test_questionnaire_answered_with_digits(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    qtbot.keyClick(ed, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    page = ed.outcomes.pages[Instrument.KOOS]
    assert focused() is ed.outcomes.choose_buttons[Instrument.KOOS]  # a new exam: pick the questionnaire
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is page.rows[0]
    for key in (Qt.Key.Key_2, Qt.Key.Key_0, Qt.Key.Key_4):
        press(qtbot, key)
    assert focused() is page.rows[3]
    press(qtbot, Qt.Key.Key_Right)  # unanswered: → picks 0
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Delete)
    koos = ed.exam().outcomes[0]
    assert koos.responses == (("S1", 2), ("S2", 0), ("S3", 4))


def test_history_by_keyboard(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    qtbot.keyClick(ed, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert focused() is ed.history.complaint
    type_into_focus(qtbot, "Knee pain")
    press(qtbot, Qt.Key.Key_Tab)  # multi-line text: Tab leaves it
    assert focused() is ed.history.injuries.add_button
    press(qtbot, Qt.Key.Key_Return)  # presses "Add injury" and focuses the new row
    row = ed.history.injuries.rows[0]
    assert focused() is row.region
    press(qtbot, Qt.Key.Key_K)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_L)
    press(qtbot, Qt.Key.Key_Return)
    type_into_focus(qtbot, "2026-03-14")
    assert ed.exam().history.injuries[0].region is Region.KNEE
    assert ed.exam().history.injuries[0].side is Side.LEFT
    assert ed.exam().history.injuries[0].date == dt.date(2026, 3, 14)
    box = ed.history.gait.boxes[Gait.LIMP]
    box.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert ed.exam().history.gait == (Gait.LIMP,)


def test_every_section_has_a_shortcut(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    for n, name in enumerate(ed.section_names(), 1):
        qtbot.keyClick(focused() or ed, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier)
        assert ed.current_section() == name
        widget = focused()
        assert widget is not None and ed.stack.currentWidget().isAncestorOf(widget)


def test_structures_are_ticked_in_a_list_by_keyboard(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    ed.show_section("History")
    ed.history.injuries.add_button.click()
    row = ed.history.injuries.rows[0]
    assert isinstance(row, InjuryRow)
    row.structures.setFocus()
    qtbot.waitUntil(lambda: focused() is row.structures)
    press(qtbot, Qt.Key.Key_Space)  # opens the checklist
    qtbot.waitUntil(lambda: row.structures._popup is not None and row.structures._popup.isVisible())
    popup = row.structures._popup
    assert popup is not None
    press(qtbot, Qt.Key.Key_Space)  # ticks the first (ACL)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)  # MCL
    press(qtbot, Qt.Key.Key_Return)  # closes
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert row.structures.values() == (Structure.ACL, Structure.MCL)
    assert row.structures.toolTip() == "ACL, MCL"


def test_header_then_the_section_by_enter(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    ed.show_section("ROM")
    ed.exam_date.setFocus()
    qtbot.waitUntil(lambda: focused() is ed.exam_date)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is ed.clinician
    type_into_focus(qtbot, "Anna")
    press(qtbot, Qt.Key.Key_Return)
    assert focused().accessibleName() == "Body mass"  # the header's last field, then the section
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)]
    assert ed.exam().clinician == "Anna"


def test_the_focused_field_is_scrolled_into_view(editor_keys: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_keys
    ed.show_section("Tests")
    bar = ed.tests.scroll_area.verticalScrollBar()
    assert bar.value() == 0
    far = ed.tests.lines[(TestName.HOP_TEST, Side.RIGHT)].note
    far.setFocus()
    qtbot.waitUntil(lambda: bar.value() > 0)
    top = far.mapTo(ed.tests.scroll_area.viewport(), far.rect().topLeft()).y()
    assert 0 <= top <= ed.tests.scroll_area.viewport().height() - far.height()
