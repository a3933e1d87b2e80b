"""Issue 12, the exam-room defects: each test failed before its fix.

Window tests start the real application on a real SQLite file (`app_start`); dialogs are
replaced at their seams in `desktop.dialogs`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kinelink.db import pending, repository
from kinelink.desktop import dialogs
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.main_window import MainWindow
from kinelink.forms import examfile
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Joint, Movement, Side
from kinelink.forms.vocab import Mode as RomMode
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

EXAMS = sorted((FIXTURES / "exams").glob("*.json"))
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def app_room(tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """The window on a database holding the fixture exams, one patient open."""
    window = app_start(tmp_path / "clinic.sqlite3")
    with monkeypatch.context() as m:
        m.setattr(dialogs, "ask_open_paths", lambda parent, title, start: EXAMS)
        window.act_import.trigger()
    window.open_patient(window.patients.summaries()[0].id)
    return window


def _signed_exam(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.act_new_exam.trigger()
    window.exam_page.editor.notes.notes.setPlainText("first")
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    assert window.exam_page.mode is Mode.LOCKED


def _alt(n: int) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    QTest.keyClick(widget, getattr(Qt.Key, f"Key_{n}"), ALT)


# --- defect 3: Alt+1…Alt+6 wherever focus is --------------------------------------------------


def test_alt_numbers_work_from_outside_the_form_and_in_a_signed_exam(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_room
    _signed_exam(window, monkeypatch)
    editor = window.exam_page.editor
    window.activateWindow()
    window.exam_page.back_button.setFocus()  # focus outside the form (where Tab goes after the last field)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.exam_page.back_button)
    for n, name in ((3, "Strength"), (2, "ROM"), (6, "Notes"), (4, "Tests"), (5, "Outcomes"), (1, "History")):
        _alt(n)
        assert editor.current_section() == name
        focus = QApplication.focusWidget()
        assert focus is not None and editor.isAncestorOf(focus), f"Alt+{n} left focus on {focus}"
    window.exam_page.history_button.setFocus()
    _alt(2)
    assert editor.current_section() == "ROM"


def test_f1_lists_every_shortcut(app_room: MainWindow) -> None:
    rows = dict(app_room.shortcut_rows())
    for n in range(1, 7):
        assert f"Alt+{n}" in rows
    assert "P" in rows and "painful" in rows["P"]
    assert any(k.startswith("0") and "answer" in v for k, v in rows.items())
    assert rows["Ctrl+N"] == "New exam"


# --- defect 6: the clinician's words, not paths --------------------------------------------------


def test_amendment_history_speaks_the_clinicians_words(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kinelink.desktop.history_dialog import HistoryDialog

    window = app_room
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    editor.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, RomMode.ACTIVE)].setText("110")
    editor.outcomes.choose(examfile.Instrument.KOOS)
    editor.outcomes.pages[examfile.Instrument.KOOS].rows[0].set_value(1)
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    window.act_amend.trigger()
    editor.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, RomMode.ACTIVE)].setText("120")
    editor.outcomes.pages[examfile.Instrument.KOOS].date.setText("2026-01-02")
    monkeypatch.setattr(dialogs, "ask_amend_reason", lambda parent: "re-measured")
    window.act_save.trigger()
    shown: list[Any] = []
    monkeypatch.setattr(dialogs, "show_history", lambda parent, title, versions: shown.append((title, versions)))
    window.act_history.trigger()
    dialog = HistoryDialog(window, *shown[0])
    qtbot.addWidget(dialog)
    text = dialog.detail.toPlainText()
    assert "Hip flexion, left, active: 110° → 120°" in text
    assert "KOOS completed on: not recorded → 2 Jan 2026" in text
    for path_word in ("rom[", "outcomes[", ".degrees", "exam."):
        assert path_word not in text


def test_problems_are_listed_without_paths(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_room
    window.act_new_exam.trigger()
    window.exam_page.editor.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, RomMode.ACTIVE)].setText("400")
    shown: list[Any] = []
    monkeypatch.setattr(dialogs, "show_problems", lambda parent, title, lead, problems: shown.append(problems))
    window.act_sign.trigger()
    (problems,) = shown
    assert problems == [("", "Hip flexion, left, active: 400° is out of range (−30° to 180°)")]


# --- defect 2: the questionnaire is chosen, clearing is confirmed and undoable --------------------


def test_a_new_exam_never_opens_on_the_questionnaire_last_used(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kinelink.forms.vocab import Instrument

    window = app_room
    window.activateWindow()  # focus is asserted below: the window must be the active one
    qtbot.waitUntil(window.isActiveWindow)
    window.act_new_exam.trigger()
    outcomes = window.exam_page.editor.outcomes
    outcomes.choose(Instrument.LEFS)
    outcomes.pages[Instrument.LEFS].rows[0].set_value(3)
    window.close_exam()
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    editor.show_section("Outcomes", focus=True)
    assert outcomes.chosen() == [] and not outcomes.tabs.isVisibleTo(editor)  # no form to type into yet
    qtbot.waitUntil(lambda: QApplication.focusWidget() is outcomes.choose_buttons[Instrument.KOOS])
    outcomes.choose_buttons[Instrument.KOOS].click()
    assert outcomes.tabs.currentWidget().widget() is outcomes.pages[Instrument.KOOS]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is outcomes.pages[Instrument.KOOS].rows[0])
    QTest.keyClick(outcomes.pages[Instrument.KOOS].rows[0], Qt.Key.Key_2)
    assert [(o.instrument, o.responses) for o in editor.exam().outcomes] == [(Instrument.KOOS, (("S1", 2),))]


def test_clear_answers_asks_first_and_can_be_undone(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kinelink.forms.vocab import Instrument

    window = app_room
    window.act_new_exam.trigger()
    outcomes = window.exam_page.editor.outcomes
    outcomes.choose(Instrument.KOOS)
    page = outcomes.pages[Instrument.KOOS]
    for row, answer in zip(page.rows[:5], (0, 1, 2, 3, 4), strict=True):
        row.set_value(answer)
    page.date.setText("2026-01-05")
    asked: list[tuple[str, int]] = []
    monkeypatch.setattr(dialogs, "confirm_clear_answers", lambda parent, what, n: asked.append((what, n)) or False)
    page.clear.click()
    assert asked == [("KOOS", 5)] and page.answered_count() == 5  # answered No: nothing cleared
    monkeypatch.setattr(dialogs, "confirm_clear_answers", lambda parent, what, n: True)
    page.clear.click()
    assert page.answered_count() == 0 and page.undo.isVisibleTo(page)
    page.undo.click()
    assert [r.value() for r in page.rows[:6]] == [0, 1, 2, 3, 4, None] and page.date.text() == "2026-01-05"
    assert not page.undo.isVisibleTo(page)


# --- defect 8: one shading rule, from forms.norms --------------------------------------------------


def test_each_shown_number_is_shaded_by_its_own_threshold(qtbot: QtBot) -> None:
    import datetime as dt

    from kinelink.desktop.editor import ExamEditor
    from kinelink.forms.model import Exam, Patient, RomEntry, StrengthEntry
    from kinelink.forms.norms import LSI, ROM_PERCENT_OF_NORM
    from kinelink.forms.vocab import Grade, MuscleGroup, Sex

    editor = ExamEditor(today=lambda: dt.date(2026, 11, 25))
    editor.analysis_delay_ms = 0
    qtbot.addWidget(editor)
    patient = Patient("Żółć", "Łukasz", dt.date(1988, 4, 17), Sex.MALE)
    rom = (
        RomEntry(Joint.HIP, Movement.EXTENSION, Side.LEFT, 15, RomMode.ACTIVE),  # 50 % of AAOS, 150 % of lowest
        RomEntry(Joint.HIP, Movement.EXTENSION, Side.RIGHT, 16, RomMode.ACTIVE),
        RomEntry(Joint.KNEE, Movement.FLEXION, Side.LEFT, 125, RomMode.ACTIVE),  # 92.6 %, 15° less than right
        RomEntry(Joint.KNEE, Movement.FLEXION, Side.RIGHT, 140, RomMode.ACTIVE),
        RomEntry(Joint.HIP, Movement.FLEXION, Side.LEFT, 60, RomMode.ACTIVE),  # 50 %
    )
    strength = (
        StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT, Grade("4"), 190),  # LSI 92.7 %, grade 4
        StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT, Grade("5"), 205),
        StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, Side.LEFT, None, 150),  # LSI 75 %
        StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, Side.RIGHT, None, 200),
    )
    editor.load(patient, Exam(date=dt.date(2026, 11, 20), rom=rom, strength=strength))
    shaded_percents = 0
    for row in editor.rom.rows:
        _norm, left, right, diff = row.derived
        for label in (left, right):
            if label.text() not in ("", "—"):
                value = float(label.text().removesuffix(" %"))
                assert bool(label.property("deficit")) == (value < ROM_PERCENT_OF_NORM.value), (row.spec, value)
                shaded_percents += value < ROM_PERCENT_OF_NORM.value
        if diff.text():
            value = abs(float(diff.text().removesuffix("°").replace("\u2212", "-")))
            assert bool(diff.property("deficit")) == (value >= 10), (row.spec, diff.text())
    assert shaded_percents == 1  # hip flexion 60° only
    for row in editor.strength.rows:
        label = row.derived[0]
        if label.text():
            value = float(label.text().split()[1])
            assert bool(label.property("deficit")) == (value < LSI.value), (row.spec, label.text())
    abductors = editor.strength.row(Joint.HIP, "abductors").derived[0]
    assert abductors.text() == "L 92.7 %" and not abductors.property("deficit")
    assert editor.strength.grades[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)].property("deficit")  # grade 4


# --- defect 9: focus rings, contrast, what a screen reader hears ------------------------------------


def _contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, computed here from the definition (not by the code under test)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _ring_contrast(widget: QWidget, qtbot: QtBot) -> float:
    """Contrast between the pixel one in from the left edge, focused, and the window behind it."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    image = widget.grab().toImage()
    y = image.height() // 2
    ring = image.pixelColor(1, y)
    background = widget.window().palette().color(QPalette.ColorRole.Window)
    return _contrast(ring, background)


def test_focus_rings_are_visible_on_fields_and_buttons(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_room
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    editor.show_section("ROM")
    fields: list[QWidget] = [
        editor.clinician,  # one-line text
        editor.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, RomMode.ACTIVE)],  # a number
    ]
    for field in fields:
        assert _ring_contrast(field, qtbot) >= 3.0, field.accessibleName()
    editor.show_section("History")
    assert _ring_contrast(editor.history.complaint, qtbot) >= 3.0  # multi-line text
    sign = window.exam_page.sign_button
    assert _ring_contrast(sign, qtbot) >= 3.0  # the primary button
    assert _ring_contrast(window.exam_page.save_button, qtbot) >= 3.0


def test_hint_and_placeholder_text_meet_wcag_aa(qtbot: QtBot, app_room: MainWindow) -> None:
    from kinelink.desktop.editor import style

    window = app_room
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    palette = editor.palette()
    assert _contrast(palette.color(QPalette.ColorRole.PlaceholderText), palette.color(QPalette.ColorRole.Base)) >= 4.5
    hints = [w for w in editor.findChildren(QLabel) if w.property("role") == "hint"]
    assert len(hints) > 10
    for label in hints:
        ink = label.palette().color(QPalette.ColorRole.WindowText)
        for ground in (style.WINDOW, style.SURFACE):
            assert _contrast(ink, QColor(ground)) >= 4.5, label.text()
    assert _contrast(QColor(style.HINT), QColor(style.SURFACE)) >= 4.5  # the section list's Alt+n hints


def test_painful_is_announced_with_the_value(qtbot: QtBot, app_room: MainWindow) -> None:
    window = app_room
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    editor.analysis_delay_ms = 0
    cell = editor.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, RomMode.ACTIVE)]
    cell.setText("60")
    editor.rom.pain[(Joint.HIP, Movement.FLEXION, Side.LEFT, RomMode.ACTIVE)].cycle()
    editor.update_analysis()  # the deficit description joins the pain, it does not replace it
    description = cell.accessibleDescription()
    assert "painful" in description and "deficit" in description
    cell.setText("400")
    assert "painful" in cell.accessibleDescription() and "out of range" in cell.accessibleDescription()


# --- defect 1: invalid values stay where they were typed -------------------------------------------


def test_invalid_values_are_kept_shown_and_block_signing_and_documents(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    from kinelink.forms.vocab import MuscleGroup

    window = app_room
    window.act_new_exam.trigger()
    page = window.exam_page
    editor = page.editor
    rom = editor.rom.cells[(Joint.HIP, Movement.FLEXION, Side.LEFT, RomMode.ACTIVE)]
    grade = editor.strength.grades[(Joint.KNEE, MuscleGroup.EXTENSORS, Side.LEFT)]
    force = editor.strength.forces[(Joint.KNEE, MuscleGroup.EXTENSORS, Side.RIGHT)]
    editor.rom.cells[(Joint.KNEE, Movement.FLEXION, Side.LEFT, RomMode.ACTIVE)].setText("120")
    rom.setText("400")
    grade.setText("6")
    force.setText("99999")
    qtbot.waitUntil(lambda: page.exam_id is not None and not page.has_unsaved_changes(), timeout=3000)
    assert "3 values to correct" in page.saved_label.text()  # never a bare "Saved"
    assert page.banner_box.isVisibleTo(page) and "3 values are not valid" in page.banner_text.text()

    shown: list[tuple[str, Any]] = []
    monkeypatch.setattr(dialogs, "show_problems", lambda parent, title, lead, problems: shown.append((title, problems)))
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: pytest.fail("must not ask to sign"))
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a, **k: pytest.fail("must not write a document"))
    window.act_sign.trigger()
    window.act_summary.trigger()
    assert [title for title, _ in shown] == ["Cannot sign off", "Not printed yet"]
    assert page.mode is Mode.DRAFT

    exam_id = page.exam_id
    window.close_exam()
    window.act_summary.trigger()  # from the patient page, the exam closed: still refused
    assert shown[-1][0] == "Not printed yet" and len(shown[-1][1]) == 3
    window.open_exam(exam_id)
    editor = window.exam_page.editor
    assert rom.text() == "400" and grade.text() == "6" and force.text() == "99999"
    assert len(editor.problems()) == 3 and "3 values are not valid" in window.exam_page.banner_text.text()
    assert [r.degrees for r in editor.exam().rom] == [120]  # the valid value is stored as before
    rom.setText("110")
    grade.setText("4")
    force.setText("300")
    assert not editor.problems() and not window.exam_page.banner_box.isVisibleTo(window.exam_page)


# --- defect 5: amendments kept as typed; cancelling asks --------------------------------------------


def test_an_amendment_survives_a_crash_and_is_offered_back(
    qtbot: QtBot, app_room: MainWindow, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = app_room
    _signed_exam(window, monkeypatch)
    exam_id = window.exam_page.exam_id
    window.act_amend.trigger()
    window.exam_page.editor.notes.notes.setPlainText("corrected: Łukasz Żółć <&>")
    qtbot.waitUntil(lambda: "kept as typed" in window.exam_page.saved_label.text(), timeout=3000)
    # Kinelink dies here: the page forgets the amendment without clearing anything stored, and the
    # window goes (its database closed, as the process ending would); the next start offers it back
    window.exam_page.discard_state()
    window.close()
    window.ws.database.close()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_resume_amendment", lambda parent, what: asked.append(what) or True)
    second = app_start(tmp_path / "clinic.sqlite3")
    assert len(asked) == 1
    page = second.exam_page
    assert page.mode is Mode.AMENDING and page.exam_id == exam_id
    assert page.editor.notes.notes.toPlainText() == "corrected: Łukasz Żółć <&>"
    monkeypatch.setattr(dialogs, "ask_amend_reason", lambda parent: "typo")
    second.act_save.trigger()
    with second.ws.database.session() as s:
        assert repository.get_exam(s, str(exam_id)).record.exam.notes == "corrected: Łukasz Żółć <&>"
        assert pending.amendments_in_progress(s) == []


def test_cancel_amendment_asks_before_discarding(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_room
    _signed_exam(window, monkeypatch)
    page = window.exam_page
    window.act_amend.trigger()
    page.editor.notes.notes.setPlainText("second thoughts")
    monkeypatch.setattr(dialogs, "confirm_cancel_amendment", lambda parent: False)
    window.act_cancel_amend.trigger()
    assert page.mode is Mode.AMENDING and page.editor.notes.notes.toPlainText() == "second thoughts"
    monkeypatch.setattr(dialogs, "confirm_cancel_amendment", lambda parent: True)
    window.act_cancel_amend.trigger()
    assert page.mode is Mode.LOCKED and page.editor.notes.notes.toPlainText() == "first"
    with window.ws.database.session() as s:
        assert pending.get_pending(s, str(page.exam_id)).empty


# --- defect 4: duplicates, merge, archive, delete a draft --------------------------------------------


def test_duplicate_patient_is_caught_on_create(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_room
    existing = window.patients.summaries()[0]
    count = len(window.patients.summaries())
    same = Patient(existing.patient.family_name.upper(), existing.patient.given_name, existing.patient.date_of_birth,
                   existing.patient.sex)
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent: same)
    asked: list[Any] = []
    monkeypatch.setattr(dialogs, "ask_duplicate",
                        lambda parent, p, found: asked.append(found) or dialogs.DuplicateChoice.OPEN_EXISTING)
    window.act_new_patient.trigger()
    assert [d.id for d in asked[0]] == [existing.id]
    assert len(window.patients.summaries()) == count and window.patient_page.patient_id == existing.id
    monkeypatch.setattr(dialogs, "ask_duplicate", lambda parent, p, found: dialogs.DuplicateChoice.CREATE_ANYWAY)
    window.act_new_patient.trigger()
    assert len(window.patients.summaries()) == count + 1


def test_merge_archive_and_delete_a_draft_from_the_window(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_room
    first, second = window.patients.summaries()[:2]
    window.open_patient(second.id)
    moved = second.exam_count
    monkeypatch.setattr(dialogs, "ask_merge_target", lambda parent, patient, candidates: first.id)
    window.act_merge.trigger()
    assert window.patient_page.patient_id == first.id
    assert window.patient_page.timeline.rowCount() == first.exam_count + moved
    assert second.id not in [p.id for p in window.patients.summaries()]
    with window.ws.database.session() as s:
        assert any(e.action.value == "merge_patients" for e in repository.audit_trail(s, patient_id=first.id))

    # a draft can be deleted (after asking); a signed exam cannot
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, action: True)
    drafts = [r for r in range(window.patient_page.timeline.rowCount())
              if not window.patient_page.timeline.row(r).is_locked]
    window.patient_page.table.selectRow(drafts[0])
    window.act_delete_draft.trigger()
    assert window.patient_page.timeline.rowCount() == first.exam_count + moved - 1
    _signed_exam(window, monkeypatch)
    assert not window.act_delete_draft.isEnabled()
    window.close_exam()

    window.act_archive.trigger()
    assert first.id not in [p.id for p in window.patients.summaries()]
    window.act_show_archived.trigger()
    assert first.id in [p.id for p in window.patients.summaries()]
    with window.ws.database.session() as s:
        assert repository.list_exams(s, first.id)  # archived, not deleted


def test_import_warns_of_a_possible_duplicate(
    qtbot: QtBot, app_room: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    import dataclasses

    record = examfile.load(EXAMS[0])
    assert record.patient.record_number is not None
    twin = dataclasses.replace(record, patient=dataclasses.replace(record.patient, record_number="OTHER-77"),
                               exam=dataclasses.replace(record.exam, id=None, notes="from another clinic"))
    path = tmp_path / "twin.json"
    examfile.dump(twin, path)
    shown: list[tuple[str, Any]] = []
    monkeypatch.setattr(dialogs, "show_problems", lambda parent, title, lead, problems: shown.append((title, problems)))
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: [path])
    app_room.act_import.trigger()
    ((title, problems),) = shown
    assert title == "Possible duplicate patients"
    assert problems[0][0] == str(path) and record.patient.full_name in problems[0][1]


# --- defect 7: layout at 1024×700, remembered ------------------------------------------------------


def test_layout_at_1024_fits_and_is_remembered(
    qtbot: QtBot, app_room: MainWindow, app_start: Callable[..., MainWindow], tmp_path: Path,
) -> None:
    from kinelink.forms.vocab import Instrument

    window = app_room
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() <= 1024 and window.patients.table.isColumnHidden(2))
    qtbot.wait(200)
    # names in the patient list are not elided
    table = window.patients.table
    name_width = table.columnWidth(0)
    for summary in window.patients.summaries():
        assert table.fontMetrics().horizontalAdvance(summary.patient.display_name) + 8 <= name_width, \
            summary.patient.display_name
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    editor.show_section("ROM")
    qtbot.wait(200)
    viewport = editor.rom.scroll_area.viewport()
    for label in editor.rom.rows[0].derived:  # norm, % of norm left and right, L − R: all in view
        right_edge = label.mapTo(viewport, label.rect().topRight()).x()
        assert label.isVisibleTo(editor) and right_edge <= viewport.width(), label.text()
    # the analysis panel can be resized, and the width chosen is kept
    assert editor.splitter.handleWidth() >= 5
    total = sum(editor.splitter.sizes())
    editor.splitter.moveSplitter(total - 380, 1)
    assert abs(editor.splitter.sizes()[1] - 380) <= 10 and editor.panel_width() is not None
    # the KOOS answer labels are not clipped
    editor.outcomes.choose(Instrument.KOOS)
    editor.show_section("Outcomes")
    qtbot.wait(50)
    page = editor.outcomes.pages[Instrument.KOOS]
    headers = [w for w in page.findChildren(QLabel) if "\n" in w.text()]
    assert any("Moderately" in w.text() for w in headers)
    for label in headers:
        for word in label.text().split():
            assert label.fontMetrics().horizontalAdvance(word) <= label.width(), word
    window.close_exam()
    window.close()  # remembers the layout
    again = app_start(tmp_path / "clinic.sqlite3")
    assert again.ws.settings.window_geometry  # kept; the test screen may be narrower than 1024 px:
    assert again.height() == 700 and again.width() in (again.minimumWidth(), 1024)
    assert again.ws.settings.analysis_width in range(370, 391)


# --- build 4: force per kilogram, hop distances with LSI -----------------------------------------


def test_force_per_kilogram_and_hop_lsi(qtbot: QtBot, app_room: MainWindow) -> None:
    from kinelink.forms.vocab import MuscleGroup, TestName, TestResult

    window = app_room
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    editor.analysis_delay_ms = 0
    editor.body_mass.setText("80")
    editor.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)].setText("200")
    editor.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT)].setText("240")
    hop_left, hop_right = editor.tests.lines[(TestName.HOP_TEST, Side.LEFT)], editor.tests.lines[
        (TestName.HOP_TEST, Side.RIGHT)]
    for line, cm in ((hop_left, "120"), (hop_right, "150")):
        line.result.set_value(TestResult.POSITIVE)
        assert line.distance is not None
        line.distance.setText(cm)
    editor.update_analysis()
    assert editor.strength.row(Joint.HIP, "abductors").derived[1].text() == "L 2.5\nR 3"
    assert editor.tests.hop_lsi is not None and editor.tests.hop_lsi.text() == "L 80 %"
    assert editor.tests.hop_lsi.property("deficit")  # below 90 %
    exam = editor.exam()
    assert exam.body_mass_kg == 80
    assert sorted((t.side.value, t.distance_cm) for t in exam.tests) == [("left", 120), ("right", 150)]
    editor.body_mass.setText("4000")
    assert any("Body mass" in message for _path, message in editor.problems())
