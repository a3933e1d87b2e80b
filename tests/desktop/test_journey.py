"""The whole exam-room journey through the real window, database and PDF writer.

Create a patient (through the new-patient dialog), fill every section of an
exam through the editor's own widgets, watch the analysis change, sign off,
amend with a reason, write both PDFs and read them back, and reopen the
history. Blocking questions are answered by replacing one function in
`desktop.dialogs`; everything else is the application's own code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kinelink.db import repository
from kinelink.db.records import ExamStatus
from kinelink.desktop import dialogs
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.letter_dialog import LetterContext
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.patient_dialog import PatientDialog
from kinelink.desktop.usecases.exams import Version
from kinelink.forms.findings import Analysis
from kinelink.forms.letters.compose import Choices, Letter, compose
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import ORTHOPAEDIC, Section
from kinelink.forms.model import Patient
from kinelink.forms.questionnaires import ITEM_CODES
from kinelink.forms.vocab import Instrument, Region, Side, Structure, TestResult
from pypdf import PdfReader
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot


def named(root: QWidget, name: str) -> Any:
    found = [w for w in root.findChildren(QWidget) if w.accessibleName() == name]
    assert len(found) == 1, f"{len(found)} widgets named {name!r}"
    return found[0]


def fill_new_patient(family: str, given: str, born: str, sex_index: int) -> Callable[[QWidget | None], Patient | None]:
    """Stands in for `dialogs.ask_new_patient`: fills the real dialog with its setters and saves."""

    def ask(parent: QWidget | None) -> Patient | None:
        dialog = PatientDialog(parent)
        dialog.family.setText(family)
        dialog.given.setText(given)
        dialog.birth.setText(born)
        dialog.sex.setCurrentIndex(sex_index)
        dialog.save_button.click()
        patient = dialog.patient()
        dialog.deleteLater()
        return patient

    return ask


FIRST_VISIT = "2026-10-02"


def fill_every_section(editor: QWidget) -> None:
    named(editor, "Exam date").setText(FIRST_VISIT)
    # History
    named(editor, "Presenting complaint").setPlainText(
        "Left hip aches since my knee “went” in March <worse on stairs> & squats")
    add = {b.text(): b for b in editor.findChildren(QPushButton)}
    add["+ Add injury"].click()
    named(editor, "Injury 1 region").set_value(Region.KNEE)
    named(editor, "Injury 1 side").set_value(Side.LEFT)
    named(editor, "Injury 1 date").setText("2026-03-14")
    named(editor, "Injury 1 structures").set_values([Structure.ACL, Structure.MEDIAL_MENISCUS])
    named(editor, "Injury 1 description").setText("Twisting injury playing football")
    add["+ Add symptom"].click()
    named(editor, "Symptom 1 region").set_value(Region.HIP)
    named(editor, "Symptom 1 side").set_value(Side.LEFT)
    named(editor, "Symptom 1 pain (0–10)").setText("5")
    gait = named(editor, "Gait: Antalgic")
    assert isinstance(gait, QCheckBox)
    gait.setChecked(True)
    named(editor, "Past history").setPlainText("Right ankle sprain 2019")
    named(editor, "Medication").setPlainText("Ibuprofen 400 mg as needed")
    named(editor, "Goals").setPlainText("Back to 5-a-side football")
    # ROM
    for name, value in (("Knee flexion, left, active", "118"), ("Knee flexion, right, active", "142"),
                        ("Hip internal rotation, left, passive", "34"),
                        ("Hip internal rotation, right, passive", "36")):
        named(editor, name).setText(value)
    # Strength
    for name, value in (("Hip abductors, left, grade", "4"), ("Hip abductors, left, force", "151"),
                        ("Hip abductors, right, grade", "5"), ("Hip abductors, right, force", "176")):
        named(editor, name).setText(value)
    # Tests
    named(editor, "Lachman, left, result").set_value(TestResult.POSITIVE)
    named(editor, "Lachman, right, result").set_value(TestResult.NEGATIVE)
    named(editor, "Single-leg squat, left, result").set_value(TestResult.POSITIVE)
    named(editor, "Single-leg squat, left, note").setText("valgus at 30°")
    # Outcomes: every KOOS and LEFS item
    for instrument, answer in ((Instrument.KOOS, 2), (Instrument.LEFS, 3)):
        for code in ITEM_CODES[instrument]:
            boxes = [w for w in editor.findChildren(QWidget)
                     if w.accessibleName().startswith(f"{instrument.value} {code}: ")]
            assert len(boxes) == 1
            boxes[0].set_value(answer)
    # Notes
    named(editor, "Notes").setPlainText("Refer for MRI; review in 2/52 🙂")


@pytest.mark.slow
def test_whole_journey(qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], app_opened: list[Path],
                       monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    assert window.windowTitle() == "clinic.sqlite3"
    assert window.right.currentWidget() is window.welcome
    assert window.welcome.title.text() == "Welcome to Kinelink"

    # a patient, through the new-patient dialog
    monkeypatch.setattr(dialogs, "ask_new_patient", fill_new_patient("Żółć", "Łukasz", "17.04.1988", 2))
    window.act_new_patient.trigger()
    assert window.patient_page.name.text() == "Łukasz Żółć"
    assert [s.patient.full_name for s in window.patients.summaries()] == ["Łukasz Żółć"]
    qtmodeltester.check(window.patients.model)

    # a new exam, every section filled through the editor's widgets
    analyses: list[Analysis] = []
    window.exam_page.analysis_updated.connect(analyses.append)
    window.act_new_exam.trigger()
    assert window.pages.currentWidget() is window.exam_page
    assert window.exam_page.mode is Mode.DRAFT and window.exam_page.exam_id is None
    editor = window.exam_page.editor
    assert editor.section_names() == ["History", "ROM", "Strength", "Tests", "Outcomes", "Notes"]
    empty = editor.analysis()
    assert empty is not None and not empty.links and not empty.comparisons
    fill_every_section(editor)
    assert editor.problems() == []

    # the analysis followed the typing; the draft was saved by itself
    qtbot.waitUntil(lambda: bool(analyses) and bool(analyses[-1].links), timeout=3000)
    last = analyses[-1]
    assert any(c.is_deficit for c in last.comparisons)
    assert {o.instrument for o in last.outcomes} == {Instrument.KOOS, Instrument.LEFS}
    qtbot.waitUntil(lambda: window.exam_page.exam_id is not None and not window.exam_page.has_unsaved_changes(),
                    timeout=3000)
    assert window.saved_status.text().startswith("Saved ")
    exam_id = window.exam_page.exam_id
    assert exam_id is not None
    with window.ws.database.session() as s:
        stored = repository.get_exam(s, exam_id)
        marked = repository.exams_being_edited(s, holder=window.ws.holder, machine=window.ws.machine)
        assert [e.id for e in marked] == [exam_id]
    assert stored.record.exam == window.exam_page.current_exam()
    assert stored.record.exam.history.complaint == editor.exam().history.complaint
    assert stored.summary.status is ExamStatus.DRAFT

    # sign off: locked, no longer marked as being edited
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    assert window.exam_page.mode is Mode.LOCKED and window.exam_page.status is ExamStatus.SIGNED
    assert editor.is_locked()
    assert not window.act_save.isEnabled() and window.act_amend.isEnabled()
    with window.ws.database.session() as s:
        assert repository.exams_being_edited(s, holder=window.ws.holder, machine=window.ws.machine) == []
        assert repository.get_exam(s, exam_id).summary.signed_by == "Anna Nowak, PT"

    # amend, with a reason
    window.act_amend.trigger()
    assert window.exam_page.mode is Mode.AMENDING and not editor.is_locked()
    named(editor, "Knee flexion, left, active").setText("121")
    reasons: list[str] = []

    def reason(parent: QWidget | None) -> str:
        reasons.append("asked")
        return "Left knee flexion re-measured: 121°"

    monkeypatch.setattr(dialogs, "ask_amend_reason", reason)
    window.act_save.trigger()
    assert reasons == ["asked"]
    assert window.exam_page.mode is Mode.LOCKED and window.exam_page.status is ExamStatus.AMENDED
    assert window.exam_page.version == 2 and editor.is_locked()

    # both documents, read back
    out = tmp_path / "out"
    out.mkdir()
    asked: list[Path] = []

    def save_path(parent: QWidget | None, title: str, suggested: Path, file_filter: str = "") -> Path:
        asked.append(suggested)
        return out / suggested.name

    monkeypatch.setattr(dialogs, "ask_save_path", save_path)
    def compose_letter(parent: QWidget | None, context: LetterContext) -> Letter:
        recipient = Recipient("Dr Ἀλέξανδρος Παπαδόπουλος", "Orthopaedic surgeon", "Klinika Ortopedii",
                              "ul. Długa 5, Kraków")
        choices = Choices().with_edit(Section.REQUEST, "MRI of the left knee, suspected ACL tear.")
        return compose(context.record, context.analysis, ORTHOPAEDIC, recipient, choices=choices)

    monkeypatch.setattr(dialogs, "ask_letter", compose_letter)
    window.act_summary.trigger()
    window.act_letter.trigger()
    assert [p.name for p in asked] == [f"Żółć Łukasz {FIRST_VISIT} {kind}.pdf" for kind in ("summary", "letter")]
    assert app_opened == [out / p.name for p in asked]
    summary_text = "".join(page.extract_text() for page in PdfReader(app_opened[0]).pages)
    letter_text = "".join(page.extract_text() for page in PdfReader(app_opened[1]).pages)
    assert "Łukasz Żółć" in summary_text or "Żółć, Łukasz" in summary_text
    assert "Żółć" in letter_text and "Παπαδόπουλος" in letter_text and "MRI of the left knee" in letter_text

    # back to the patient: the timeline and the history of the exam
    window.act_close_exam.trigger()
    assert window.pages.currentWidget() is window.home
    # both documents are kept with the exam and listed on the patient page
    listed = window.patient_page.correspondence.list
    assert listed.count() == 2
    assert "Referral to an orthopaedic surgeon to Dr Ἀλέξανδρος Παπαδόπουλος" in listed.item(0).text()
    with window.ws.database.session() as s:
        assert repository.exams_being_edited(s, holder=window.ws.holder, machine=window.ws.machine) == []
    timeline = window.patient_page.timeline
    qtmodeltester.check(timeline)
    assert timeline.rowCount() == 1
    row = [timeline.index(0, c).data() for c in range(timeline.columnCount())]
    assert row[1:3] == ["Amended", "2"] and "KOOS pain 50" in row[4] and "LEFS 60" in row[4]
    shown: list[list[Version]] = []
    monkeypatch.setattr(dialogs, "show_history", lambda parent, title, versions: shown.append(list(versions)))
    window.act_history.trigger()
    (versions,) = shown
    assert [v.entry.version for v in versions] == [1, 2]
    assert versions[1].entry.reason == "Left knee flexion re-measured: 121°"
    assert versions[1].entry.author == "Anna Nowak, PT"

    # a second visit, signed: the timeline shows both statuses, the chart both visits
    window.act_new_exam.trigger()
    named(window.exam_page.editor, "Knee flexion, left, active").setText("130")
    window.act_save.trigger()
    window.act_sign.trigger()
    window.act_close_exam.trigger()
    assert [timeline.index(r, 1).data() for r in range(timeline.rowCount())] == ["Signed", "Amended"]
    window.patient_page.choose_measure("rom:knee:flexion")
    left = window.patient_page.chart.series()[0]
    assert left.label == "Left" and [v for _, v in left.points] == [121.0, 130.0]
