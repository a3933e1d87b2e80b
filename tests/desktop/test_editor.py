"""The exam editor: filling every section, round trips, invalid input, the lock, Unicode."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from kinelink.desktop.editor import ExamEditor
from kinelink.desktop.editor.fields import DateField, NumberField
from kinelink.desktop.editor.history import InjuryRow, SymptomRow
from kinelink.forms import examfile
from kinelink.forms.model import (
    Exam,
    ExamId,
    ExamRecord,
    History,
    Injury,
    Outcome,
    Patient,
    RomEntry,
    StrengthEntry,
    Symptom,
    TestEntry,
)
from kinelink.forms.vocab import (
    Activity,
    Gait,
    Grade,
    Instrument,
    Joint,
    Location,
    Mode,
    Movement,
    MuscleGroup,
    RedFlag,
    Region,
    Sex,
    Side,
    Structure,
    TestGrade,
    TestName,
    TestResult,
)
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests import strategies

T = TypeVar("T")
FIXTURES = Path(__file__).parent.parent / "fixtures" / "exams"
TODAY = dt.date(2026, 11, 25)
EXAM_DAY = dt.date(2026, 11, 20)
PATIENT = Patient("Żółć", "Łukasz", dt.date(1988, 4, 17), Sex.MALE, "MRN-0042")


@pytest.fixture
def editor_widget(qtbot: QtBot) -> Iterator[ExamEditor]:
    """An editor shown at laptop size, analysing at once (no debounce) so tests need not wait."""
    editor = ExamEditor(today=lambda: TODAY)
    editor.analysis_delay_ms = 0
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor


def fixture_records() -> list[ExamRecord]:
    return [examfile.load(p, today=TODAY) for p in sorted(FIXTURES.glob("*.json"))]


def rich_exam() -> Exam:
    """Something in every section, with text that must survive exactly."""
    return Exam(
        date=EXAM_DAY,
        id=ExamId("0b9d6c1e-6f0c-4f2f-9d43-5a1f7e0c2b11"),
        clinician="Иван Петров <b>&\"",
        history=History(
            complaint="Hip pain since the knee \"went\" — <worse> on stairs & squats\nsecond line",
            injuries=(
                Injury(Region.KNEE, Side.LEFT, dt.date(2026, 3, 14), "Twisting <b>injury</b> & swelling",
                       (Structure.MEDIAL_MENISCUS, Structure.ACL)),
                Injury(Region.ANKLE, Side.RIGHT, None, "", ()),
            ),
            symptoms=(
                Symptom(Region.HIP, Side.LEFT, Location.LATERAL, dt.date(2026, 5, 20), 5,
                        (Activity.STAIRS, Activity.SIDE_LYING), Region.THIGH),
                Symptom(Region.KNEE, Side.LEFT, None, None, None, (), None),
            ),
            gait=(Gait.TRENDELENBURG, Gait.ANTALGIC),
            red_flags=(RedFlag.NIGHT_PAIN,),
            past_history="Right ankle sprain 2019.",
            medications="Ibuprofen 400 mg",
            goals="Return to 5-a-side football",
        ),
        rom=(
            RomEntry(Joint.KNEE, Movement.EXTENSION, Side.LEFT, -6, Mode.ACTIVE, True),
            RomEntry(Joint.KNEE, Movement.EXTENSION, Side.RIGHT, 2, Mode.ACTIVE, False),
            RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, Side.LEFT, 22.5, Mode.PASSIVE, None),
            RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, Side.RIGHT, 38, Mode.PASSIVE, None),
            RomEntry(Joint.HIP, Movement.FLEXION, Side.LEFT, 110, Mode.ACTIVE, None),
        ),
        strength=(
            StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT, Grade.G4M, 140.5),
            StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT, Grade.G5, 190),
            StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, Side.LEFT, None, 250),
        ),
        tests=(
            TestEntry(TestName.SINGLE_LEG_SQUAT, Side.LEFT, TestResult.POSITIVE, None, True, "valgus at 30°"),
            TestEntry(TestName.LACHMAN, Side.LEFT, TestResult.NEGATIVE, TestGrade.G1, False, None),
            TestEntry(TestName.FADIR, Side.RIGHT, TestResult.NOT_TESTED, None, None, "Łukasz: <i>later</i>"),
        ),
        outcomes=(
            Outcome(Instrument.LEFS, (("3", 2), ("1", 4)), EXAM_DAY),
            Outcome(Instrument.KOOS, (("P1", 3), ("S1", 0), ("Q4", 4)), None),
        ),
        notes="Plan: review in 2/52 🙂\r\nИван & <b>Łukasz Żółć</b> \"quoted\"",
    )


# --- round trips ---------------------------------------------------------------


@pytest.mark.parametrize("record", fixture_records(), ids=lambda r: r.patient.family_name)
def test_round_trip_of_every_fixture_exam(editor_widget: ExamEditor, record: ExamRecord) -> None:
    editor_widget.load(record.patient, record.exam)
    assert editor_widget.exam() == record.exam
    assert editor_widget.problems() == []


def test_round_trip_of_a_rich_exam_keeps_order_text_and_id(editor_widget: ExamEditor) -> None:
    exam = rich_exam()
    editor_widget.load(PATIENT, exam)
    assert editor_widget.exam() == exam
    # the file written from it is the same file
    assert examfile.dumps(ExamRecord(PATIENT, editor_widget.exam())) == examfile.dumps(ExamRecord(PATIENT, exam))


def test_loading_emits_no_change_and_a_second_load_replaces_everything(
    editor_widget: ExamEditor, qtbot: QtBot
) -> None:
    with qtbot.assertNotEmitted(editor_widget.changed):
        editor_widget.load(PATIENT, rich_exam())
    fixture = fixture_records()[0]
    editor_widget.load(fixture.patient, fixture.exam)
    assert editor_widget.exam() == fixture.exam


def test_new_exam_is_dated_today_and_empty(editor_widget: ExamEditor) -> None:
    editor_widget.load(PATIENT, None)
    assert editor_widget.exam() == Exam(date=TODAY)
    assert editor_widget.exam_date.text() == "2026-11-25"


# --- filling every section with the widgets' setters ------------------------------------


def test_fill_every_section(editor_widget: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_widget
    ed.load(PATIENT, None)
    edits: list[None] = []
    ed.changed.connect(lambda: edits.append(None))

    ed.exam_date.setText("2026-11-20")
    ed.clinician.setText("Anna Nowak, PT")
    h = ed.history
    h.complaint.setPlainText("Left hip aches")
    h.injuries.add_button.click()
    injury = h.injuries.rows[0]
    assert isinstance(injury, InjuryRow)
    injury.region.set_value(Region.KNEE)
    injury.side.set_value(Side.LEFT)
    injury.date.setText("14.03.2026")  # day.month.year is accepted too
    injury.structures.set_values([Structure.ACL])
    injury.structures.set_chosen(Structure.MEDIAL_MENISCUS, True)
    injury.description.setText("Football")
    h.symptoms.add_button.click()
    symptom = h.symptoms.rows[0]
    assert isinstance(symptom, SymptomRow)
    symptom.region.set_value(Region.HIP)
    symptom.side.set_value(Side.LEFT)
    symptom.location.set_value(Location.LATERAL)
    symptom.onset.setText("2026-05-20")
    symptom.pain.setText("5")
    symptom.aggravating.set_values([Activity.STAIRS])
    symptom.radiates.set_value(Region.THIGH)
    h.gait.boxes[Gait.ANTALGIC].setChecked(True)
    h.red_flags.boxes[RedFlag.NIGHT_PAIN].setChecked(True)
    h.past.setPlainText("None")
    h.medications.setPlainText("Ibuprofen")
    h.goals.setPlainText("Football")

    ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)].setText("120")
    ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.RIGHT, Mode.ACTIVE)].setText("118")
    ed.rom.pain[(Joint.HIP, Movement.FLEXION, Side.RIGHT, Mode.ACTIVE)].cycle()  # → painful
    ed.rom.cells[(Joint.KNEE, Movement.EXTENSION, Side.LEFT, Mode.PASSIVE)].setText("−5")
    ed.strength.grades[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)].setText("4+")
    ed.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)].setText("150,5")
    ed.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT)].setText("180")
    line = ed.tests.lines[(TestName.LACHMAN, Side.LEFT)]
    line.result.set_value(TestResult.POSITIVE)
    line.grade.set_value(TestGrade.G2)
    line.painful.set_value(False)
    line.note.setText("soft end-feel")
    koos = ed.outcomes.pages[Instrument.KOOS]
    koos.rows[0].set_value(2)  # S1
    koos.rows[9].set_value(4)  # P3
    koos.date.setText("2026-11-20")
    ed.notes.notes.setPlainText("Refer for MRI")

    assert len(edits) >= 30
    assert ed.problems() == []
    assert ed.exam() == Exam(
        date=dt.date(2026, 11, 20),
        clinician="Anna Nowak, PT",
        history=History(
            complaint="Left hip aches",
            injuries=(Injury(Region.KNEE, Side.LEFT, dt.date(2026, 3, 14), "Football",
                             (Structure.ACL, Structure.MEDIAL_MENISCUS)),),
            symptoms=(Symptom(Region.HIP, Side.LEFT, Location.LATERAL, dt.date(2026, 5, 20), 5,
                              (Activity.STAIRS,), Region.THIGH),),
            gait=(Gait.ANTALGIC,),
            red_flags=(RedFlag.NIGHT_PAIN,),
            past_history="None",
            medications="Ibuprofen",
            goals="Football",
        ),
        rom=(
            RomEntry(Joint.HIP, Movement.FLEXION, Side.LEFT, 120, Mode.ACTIVE, None),
            RomEntry(Joint.HIP, Movement.FLEXION, Side.RIGHT, 118, Mode.ACTIVE, True),
            RomEntry(Joint.KNEE, Movement.EXTENSION, Side.LEFT, -5, Mode.PASSIVE, None),
        ),
        strength=(
            StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT, Grade.G4P, 150.5),
            StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT, None, 180),
        ),
        tests=(TestEntry(TestName.LACHMAN, Side.LEFT, TestResult.POSITIVE, TestGrade.G2, False, "soft end-feel"),),
        outcomes=(Outcome(Instrument.KOOS, (("S1", 2), ("P3", 4)), dt.date(2026, 11, 20)),),
        notes="Refer for MRI",
    )


def test_blank_rows_are_left_out_and_removing_a_row_renumbers(editor_widget: ExamEditor) -> None:
    ed = editor_widget
    ed.load(PATIENT, Exam(date=EXAM_DAY))
    table = ed.history.injuries
    for _ in range(3):
        table.add_button.click()
    first, second, third = table.rows
    assert isinstance(second, InjuryRow) and isinstance(third, InjuryRow)
    second.region.set_value(Region.HIP)
    second.side.set_value(Side.RIGHT)
    third.date.setText("2026-01-02")  # something typed, but no region or side yet
    assert ed.exam().history.injuries == (Injury(Region.HIP, Side.RIGHT),)  # blank and incomplete: out
    assert ("exam.history.injuries[2]", "Injury 3: choose the region and side") in ed.problems()
    assert third.error.isVisible() and "Injury 3: choose the region and side" in third.error.text()
    first.remove.click()
    assert table.rows == [second, third]
    assert third.date.accessibleName() == "Injury 2 date"
    assert ("exam.history.injuries[1]", "Injury 2: choose the region and side") in ed.problems()
    third.region.set_value(Region.KNEE)
    third.side.set_value(Side.LEFT)
    assert ed.problems() == []
    assert not third.error.isVisible()
    assert ed.exam().history.injuries == (Injury(Region.HIP, Side.RIGHT),
                                          Injury(Region.KNEE, Side.LEFT, dt.date(2026, 1, 2)))


# --- invalid input ----------------------------------------------------------------


def _rom_values(exam: Exam) -> set[float]:
    return {r.degrees for r in exam.rom}


@pytest.mark.parametrize(
    ("field", "text", "path", "message"),
    [
        (lambda ed: ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)], "300",
         "exam.rom.hip.flexion.left.active", "Hip flexion, left, active: 300° is out of range (−30° to 180°)"),
        (lambda ed: ed.rom.cells[(Joint.KNEE, Movement.EXTENSION, Side.RIGHT, Mode.PASSIVE)], "-45",
         "exam.rom.knee.extension.right.passive",
         "Knee extension, right, passive: −45° is out of range (−30° to 180°)"),
        (lambda ed: ed.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT)], "5000",
         "exam.strength.hip.abductors.right.force_n",
         "Hip abductors, right, force: 5000 N is out of range (0 N to 2000 N)"),
        (lambda ed: ed.strength.grades[(Joint.KNEE, MuscleGroup.EXTENSORS, Side.LEFT)], "5+",
         "exam.strength.knee.extensors.left.grade",
         "Knee extensors, left, grade: '5+' is not an Oxford grade (0, 1−, 1, 1+ … 4+, 5)"),
        (lambda ed: ed.exam_date, "2026-12-24", "exam.date",
         "Exam date: 2026-12-24 is in the future (after today, 2026-11-25)"),
        (lambda ed: ed.exam_date, "31.02.2026", "exam.date", "Exam date: '31.02.2026' is not a date (YYYY-MM-DD)"),
        (lambda ed: ed.outcomes.pages[Instrument.LEFS].date, "2026-11-21", "exam.outcomes.LEFS.date",
         "LEFS completed on: 2026-11-21 is in the future (after the exam date 2026-11-20)"),
    ],
)
def test_invalid_input_shows_beside_the_field_and_stays_out_of_the_exam(
    editor_widget: ExamEditor, field: object, text: str, path: str, message: str
) -> None:
    ed = editor_widget
    exam = rich_exam()
    ed.load(PATIENT, exam)
    widget = field(ed)  # type: ignore[operator]
    assert isinstance(widget, NumberField | DateField) or hasattr(widget, "problem")
    widget.setText(text)
    assert (path, message) in ed.problems()
    assert widget.property("invalid") is True
    shown = [label.text() for label in ed.findChildren(type(ed.date_error)) if not label.isHidden()]
    assert any(message in s for s in shown), shown
    after = ed.exam()
    if path == "exam.date":
        assert after.date == exam.date  # the last good date stays
    elif path.startswith("exam.outcomes"):
        assert [o.date for o in after.outcomes] == [None, None]
    elif path.startswith("exam.rom"):
        assert not _rom_values(after) & {300, -45}  # and a value it replaced is gone too
    elif path.endswith("force_n"):
        kept = dataclasses.replace(exam.strength[1], force_n=None)  # the grade of that side stays
        assert after.strength == (exam.strength[0], kept, exam.strength[2])
    else:
        assert after.strength == exam.strength  # the knee extensors' force stays, without a grade
    widget.setText("")
    assert ed.problems() == [] if path != "exam.date" else ("exam.date", "Exam date: is required") in ed.problems()


def test_injury_date_after_the_exam_and_pain_above_ten(editor_widget: ExamEditor) -> None:
    ed = editor_widget
    ed.load(PATIENT, rich_exam())
    injury = ed.history.injuries.rows[0]
    symptom = ed.history.symptoms.rows[0]
    assert isinstance(injury, InjuryRow) and isinstance(symptom, SymptomRow)
    injury.date.setText("2026-11-21")
    symptom.pain.setText("11")
    assert ed.problems() == [
        ("exam.history.injuries[0].date",
         "Injury 1 date: 2026-11-21 is in the future (after the exam date 2026-11-20)"),
        ("exam.history.symptoms[0].pain_nprs", "Symptom 1 pain (0–10): 11 is out of range (0 to 10)"),
    ]
    assert injury.error.isVisible() and symptom.error.isVisible()
    history = ed.exam().history
    assert history.injuries[0].date is None and history.symptoms[0].pain_nprs is None
    # moving the exam date later makes the injury date valid again
    ed.exam_date.setText("2026-11-22")
    assert [p for p, _ in ed.problems()] == ["exam.history.symptoms[0].pain_nprs"]
    assert ed.exam().history.injuries[0].date == dt.date(2026, 11, 21)


def test_the_section_list_counts_problems(editor_widget: ExamEditor) -> None:
    ed = editor_widget
    ed.load(PATIENT, rich_exam())
    ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)].setText("300")
    ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.RIGHT, Mode.ACTIVE)].setText("999")
    from kinelink.desktop.editor.nav import PROBLEMS_ROLE

    assert ed.nav.item(1).data(PROBLEMS_ROLE) == 2
    assert "2 problems" in ed.nav.item(1).data(0x0B)  # AccessibleTextRole


# --- lock ---------------------------------------------------------------------------


def test_locked_exam_refuses_edits(editor_widget: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_widget
    exam = rich_exam()
    ed.load(PATIENT, exam)
    ed.set_locked(True)
    assert ed.lock_banner.isVisible()
    cell = ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)]
    grade = ed.strength.grades[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)]
    answer = ed.outcomes.pages[Instrument.LEFS].rows[0]
    with qtbot.assertNotEmitted(ed.changed):
        ed.show_section("ROM")
        qtbot.keyClicks(cell, "99")
        qtbot.keyClick(cell, "p")
        ed.show_section("Strength")
        qtbot.keyClicks(grade, "3")
        ed.show_section("History")
        qtbot.keyClicks(ed.history.complaint, "more")
        ed.show_section("Outcomes")
        ed.outcomes.tabs.setCurrentIndex(2)
        qtbot.keyClick(answer, "0")
    assert cell.isReadOnly() and ed.history.complaint.isReadOnly() and ed.clinician.isReadOnly()
    assert not ed.tests.lines[(TestName.LACHMAN, Side.LEFT)].result.isEnabled()
    assert not ed.history.gait.boxes[Gait.LIMP].isEnabled()
    assert ed.history.injuries.add_button.isHidden()
    assert ed.history.injuries.rows[0].remove.isHidden()
    assert ed.exam() == exam
    ed.set_locked(False)
    assert not ed.lock_banner.isVisible()
    qtbot.keyClick(ed.clinician, Qt.Key.Key_End)
    qtbot.keyClicks(ed.clinician, "!")
    assert ed.exam().clinician == (exam.clinician or "") + "!"
    assert not ed.history.injuries.add_button.isHidden()


def test_lock_survives_loading_another_exam(editor_widget: ExamEditor) -> None:
    ed = editor_widget
    ed.set_locked(True)
    ed.load(PATIENT, rich_exam())
    assert ed.history.injuries.rows[0].region.isEnabled() is False
    assert ed.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)].isReadOnly()


# --- Unicode ------------------------------------------------------------------------


def test_unicode_and_markup_are_shown_and_returned_exactly(editor_widget: ExamEditor) -> None:
    ed = editor_widget
    patient = Patient("Żółć <b>&\"", "Łukasz", dt.date(1990, 1, 1), Sex.OTHER, "Б-17")
    texts = ["Łukasz Żółć", "Иван", "<b>&\"", "עברית 🙂 <i>x</i>"]
    ed.load(patient, Exam(date=EXAM_DAY))
    ed.clinician.setText(texts[0])
    ed.history.complaint.setPlainText(texts[1])
    ed.history.injuries.add_button.click()
    row = ed.history.injuries.rows[0]
    assert isinstance(row, InjuryRow)
    row.region.set_value(Region.KNEE)
    row.side.set_value(Side.LEFT)
    row.description.setText(texts[2])
    ed.tests.lines[(TestName.OBER, Side.RIGHT)].result.set_value(TestResult.NEGATIVE)
    ed.tests.lines[(TestName.OBER, Side.RIGHT)].note.setText(texts[3])
    ed.notes.notes.setPlainText("\n".join(texts))
    exam = ed.exam()
    assert exam.clinician == texts[0]
    assert exam.history.complaint == texts[1]
    assert exam.history.injuries[0].description == texts[2]
    assert exam.tests[0].note == texts[3]
    assert exam.notes == "\n".join(texts)
    # shown as typed, never as markup
    assert ed.patient_label.text() == "Łukasz Żółć <b>&\""
    assert row.description.text() == texts[2]
    assert ed.history.complaint.toPlainText() == texts[1]


def test_text_left_alone_keeps_its_line_endings(editor_widget: ExamEditor) -> None:
    exam = dataclasses.replace(rich_exam(), notes="one\r\ntwo\u2028three")
    editor_widget.load(PATIENT, exam)
    assert editor_widget.exam().notes == "one\r\ntwo\u2028three"


# --- sections -------------------------------------------------------------------------


def test_sections_are_listed_and_shown(editor_widget: ExamEditor) -> None:
    ed = editor_widget
    assert ed.section_names() == ["History", "ROM", "Strength", "Tests", "Outcomes", "Notes"]
    for name in ed.section_names():
        ed.show_section(name)
        assert ed.current_section() == name
        assert ed.nav.currentItem().text() == name
    ed.show_section("rom")
    assert ed.stack.currentWidget() is ed.rom


def test_tests_section_is_built_from_the_catalogue(editor_widget: ExamEditor) -> None:
    from kinelink.desktop.editor.special import is_graded
    from kinelink.forms.special_tests import SPECIAL_TESTS, TEST_GROUPS

    assert set(editor_widget.tests.lines) == {(t, s) for t in SPECIAL_TESTS for s in Side}
    order = [key[0] for key in editor_widget.tests.lines]
    assert list(dict.fromkeys(order)) == [t.test for _, tests in TEST_GROUPS for t in tests]
    for (test, _side), line in editor_widget.tests.lines.items():
        assert line.grade.isEnabled() == is_graded(SPECIAL_TESTS[test])


def test_every_control_has_an_accessible_name(editor_widget: ExamEditor) -> None:
    from kinelink.desktop.editor.outcomes import AnswerBoxes
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QWidget

    editor_widget.load(PATIENT, rich_exam())
    missing = [
        f"{type(w).__name__} {w.objectName()}"
        for w in editor_widget.findChildren(QWidget)
        if isinstance(w, QLineEdit | QPlainTextEdit | QAbstractButton | AnswerBoxes)
        and w.focusPolicy().value and not w.accessibleName()
        and type(w).__name__ not in ("QScrollBar",)
    ]
    assert missing == []


# --- any exam the format allows ------------------------------------------------------


def _editor_form(exam: Exam) -> Exam:
    """`exam` as the editor gives it back: blank optional text is None, an empty questionnaire is left out."""

    def text(value: str | None) -> str | None:
        return value if value else None

    h = exam.history
    return dataclasses.replace(
        exam,
        clinician=text(exam.clinician),
        notes=text(exam.notes),
        impression=text(exam.impression),
        history=dataclasses.replace(
            h, complaint=text(h.complaint), past_history=text(h.past_history),
            medications=text(h.medications), goals=text(h.goals),
        ),
        tests=tuple(dataclasses.replace(t, note=text(t.note)) for t in exam.tests),
        outcomes=tuple(o for o in exam.outcomes if o.responses or o.date),
    )


def _first(items: tuple[T, ...], key: Callable[[T], object]) -> tuple[T, ...]:
    seen: set[object] = set()
    kept = []
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            kept.append(item)
    return tuple(kept)


def _one_per_key(exam: Exam) -> Exam:
    """The editor has one place per measurement, test side, questionnaire and ticked word (as the
    format intends): keep the first of any repeats."""
    h = exam.history
    return dataclasses.replace(
        exam,
        strength=_first(exam.strength, lambda s: (s.joint, s.group, s.side)),
        tests=_first(exam.tests, lambda t: (t.test, t.side)),
        outcomes=_first(exam.outcomes, lambda o: o.instrument),
        history=dataclasses.replace(
            h,
            gait=tuple(dict.fromkeys(h.gait)),
            red_flags=tuple(dict.fromkeys(h.red_flags)),
            injuries=tuple(dataclasses.replace(i, structures=tuple(dict.fromkeys(i.structures)))
                           for i in h.injuries),
            symptoms=tuple(dataclasses.replace(s, aggravating=tuple(dict.fromkeys(s.aggravating)))
                           for s in h.symptoms),
        ),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=strategies.records)
def test_round_trip_of_generated_exams(editor_widget: ExamEditor, record: ExamRecord) -> None:
    exam = _one_per_key(record.exam)
    editor_widget.load(record.patient, exam)
    assert editor_widget.problems() == []
    assert editor_widget.exam() == _editor_form(exam)
