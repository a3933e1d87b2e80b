"""The editor shows plausibility warnings beside the row (never blocking) and norms that fit the patient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from kinelink.desktop.editor import ExamEditor, style
from kinelink.forms.findings import Analysis
from kinelink.forms.model import Exam, Patient
from kinelink.forms.vocab import Grade, Joint, Mode, Movement, MuscleGroup, Sex, Side
from pytestqt.qtbot import QtBot

TODAY = dt.date(2026, 11, 25)
EXAM_DAY = dt.date(2026, 11, 20)
ADULT = Patient("Łukasz", "Żółć", dt.date(1990, 1, 1), Sex.MALE)
ELDERLY = Patient("Иванов", "Иван", dt.date(1953, 3, 1), Sex.MALE)  # 73 on the exam day
KEY_L = (Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)
KEY_R = (Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT)


@pytest.fixture
def editor_live(qtbot: QtBot) -> Iterator[ExamEditor]:
    editor = ExamEditor(today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor


def last(qtbot: QtBot, editor: ExamEditor, action: object) -> Analysis:
    with qtbot.waitSignal(editor.analysis_updated, timeout=2000) as blocker:
        action()  # type: ignore[operator]
    result = blocker.args[0] if blocker.args else None
    assert isinstance(result, Analysis)
    return result


def test_grade_1_with_250_newtons_warns_beside_the_row_and_keeps_the_value(
        editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(ADULT, Exam(date=EXAM_DAY))
    ed.strength.grades[KEY_L].set_value(Grade.G1)
    last(qtbot, ed, lambda: ed.strength.forces[KEY_L].setText("250"))
    row = ed.strength.row(Joint.HIP, "abductors")
    assert not row.warning.isHidden() and row.error.isHidden()  # a warning, not an error
    assert row.warning.text().startswith("Left: grade 1/5 with 250 N")
    assert "check this value" in row.warning.text()
    assert row.warning.property("role") == "warning"
    assert row.warning.palette().windowText().color().name() == style.WARNING
    force = ed.strength.forces[KEY_L]
    assert force.problem() is None and force.property("invalid") is not True  # not blocking
    assert "check this value" in force.accessibleDescription() and "grade 1/5" in force.toolTip()
    assert "Check this value: grade 1/5 with 250 N" in ed.panel.text()  # the deficit it makes says so too
    (entry,) = ed.exam().strength
    assert (entry.grade, entry.force_n) == (Grade.G1, 250)  # the value stays
    last(qtbot, ed, lambda: ed.strength.forces[KEY_L].setText("25"))
    assert row.warning.isHidden() and "check" not in force.accessibleDescription()


def test_an_absurd_lsi_reads_check_not_a_number(editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(ADULT, Exam(date=EXAM_DAY))
    ed.strength.forces[KEY_L].setText("22")
    last(qtbot, ed, lambda: ed.strength.forces[KEY_R].setText("484"))
    row = ed.strength.row(Joint.HIP, "abductors")
    lsi = row.derived[0]
    assert lsi.text() == "check" and lsi.property("deficit") is not True
    assert "LSI 4.5 % (22 N vs 484 N on the right side) is outside 20–500 %" in lsi.toolTip()
    assert "Left: LSI 4.5 %" in row.warning.text() and "Right: LSI 2200 %" in row.warning.text()


def test_force_per_kilogram_warning_follows_the_body_mass(editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(ADULT, Exam(date=EXAM_DAY))
    last(qtbot, ed, lambda: ed.strength.forces[KEY_L].setText("1800"))
    row = ed.strength.row(Joint.HIP, "abductors")
    assert row.warning.isHidden()  # no body mass: nothing to divide by
    last(qtbot, ed, lambda: ed.body_mass.setText("60"))
    assert not row.warning.isHidden() and "1800 N is 30 N/kg at 60 kg body mass" in row.warning.text()


def test_a_73_year_old_sees_the_adult_norm_in_brackets_and_no_shaded_percentage(
        editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(ELDERLY, Exam(date=EXAM_DAY))
    row = ed.rom.row(Joint.HIP, "extension")
    norm, left, _right, _diff = row.derived
    assert norm.text() == "(30°)"  # AAOS, for adults to 69 y: shown, not used
    assert "no published norm for age 73 here" in norm.toolTip() and "men 30–40 y" in norm.toolTip()
    ed.rom.cells[(Joint.HIP, Movement.EXTENSION, Side.LEFT, Mode.ACTIVE)].setText("5")
    last(qtbot, ed, lambda: ed.rom.cells[(Joint.HIP, Movement.EXTENSION, Side.RIGHT, Mode.ACTIVE)].setText("7"))
    assert left.text() == "—" and left.property("deficit") is not True
    assert "no published norm for age 73 here" in left.toolTip()
    assert ed.rom.cells[(Joint.HIP, Movement.EXTENSION, Side.LEFT, Mode.ACTIVE)].property("deficit") is not True
