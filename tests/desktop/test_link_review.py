"""The clinician's say over the suggested links, in the analysis panel (issue 11, item 1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository
from kinelink.desktop.editor.editor import ExamEditor
from kinelink.forms import examfile
from kinelink.forms.letters.compose import compose
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import ORTHOPAEDIC, Section
from kinelink.forms.vocab import LinkDecision
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

CASE = next((Path(__file__).parents[1] / "fixtures" / "vignettes" / "independent").glob("012_*.json"))


@pytest.fixture
def editor(qtbot: QtBot) -> Iterator[ExamEditor]:
    widget = ExamEditor(today=lambda: dt.date(2026, 11, 25))
    widget.analysis_delay_ms = 0
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def test_accept_one_link_reject_another_and_state_an_impression(editor: ExamEditor, qtbot: QtBot,
                                                               tmp_path: Path) -> None:
    record = examfile.load(CASE, today=dt.date(2026, 11, 25))
    editor.load(record.patient, record.exam)
    analysis = editor.analysis()
    assert analysis is not None and len(analysis.links) >= 2
    top, other = analysis.links[0], analysis.links[1]
    panel = editor.panel
    assert "not reviewed" in panel.text()
    with qtbot.waitSignal(editor.changed):
        panel.note.setText("fits the return to running")
        panel.browser.anchorClicked.emit(QUrl("review:accept/0"))  # the Accept link under the top link
    assert panel.note.text() == ""
    panel.browser.anchorClicked.emit(QUrl("review:reject/1"))  # under the collapsed second link
    panel.impression_box.setPlainText("Gluteal overload after ACL reconstruction; hip joint clear")
    assert "Accepted by you — “fits the return to running”" in panel.text()
    exam = editor.exam()
    decisions = {(r.mechanism, r.source, r.decision, r.note) for r in exam.link_review}
    assert decisions == {(top.mechanism, top.source, LinkDecision.ACCEPTED, "fits the return to running"),
                         (other.mechanism, other.source, LinkDecision.REJECTED, None)}
    assert exam.impression == "Gluteal overload after ACL reconstruction; hip joint clear"
    assert exam.body_mass_kg == record.exam.body_mass_kg  # what the editor has no field for survives
    assert exam.history.red_flags_screened is True
    # stored, read back, and amended: the decisions stay with the exam
    database = db.open_database(tmp_path / "k.sqlite3")
    try:
        with database.session() as s:
            pid = repository.create_patient(s, record.patient, author="Anna Nowak, PT")
            exam_id = repository.save_draft(s, pid, exam, author="Anna Nowak, PT")
            repository.sign_exam(s, exam_id, author="Anna Nowak, PT")
        with database.session() as s:
            stored = repository.get_exam(s, exam_id).record.exam
            assert stored.link_review == exam.link_review and stored.impression == exam.impression
        editor.load(record.patient, stored)
        editor.tests.load(stored.tests[:-1])
        with database.session() as s:
            repository.amend_exam(s, exam_id, editor.exam(), reason="test removed", author="Anna Nowak, PT")
            amended = repository.get_exam(s, exam_id).record.exam
            trail = repository.audit_trail(s, exam_id=exam_id)
        assert amended.link_review == exam.link_review
        said = " ".join(entry.what for entry in trail)
        assert "link review: knee (left) → hip (left), compensation: accepted (“fits the return to running”)" in said
        assert "“Gluteal overload after ACL reconstruction; hip joint clear”" in said
    finally:
        database.close()
    # only the accepted link reaches a letter, both sides named; the rejected one never
    letter = compose(record, analysis, ORTHOPAEDIC, Recipient("Dr Anna Zola"), reviews=exam.link_review).as_text()
    assert "Left knee → left hip (compensation)" in letter
    assert "Left hip → left knee (alignment)" not in letter
    assert letter.count("→") == 1
    part = compose(record, analysis, ORTHOPAEDIC, Recipient(), reviews=exam.link_review).part(Section.ASSESSMENT)
    assert part is not None and "Fits the return to running." in part.text


def test_a_signed_exam_shows_decisions_without_controls(editor: ExamEditor) -> None:
    record = examfile.load(CASE, today=dt.date(2026, 11, 25))
    editor.load(record.patient, record.exam)
    editor.set_locked(True)
    assert "Accept" not in editor.panel.text()
    assert editor.panel.impression_box.isReadOnly()
