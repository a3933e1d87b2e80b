"""Duplicates, merge (and its undo), archive, and the input kept beside an exam; never a hard delete."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from kinelink import db
from kinelink.db import patient_records, pending, repository
from kinelink.db.records import AuditAction
from kinelink.forms.model import Exam, RomEntry
from kinelink.forms.vocab import Joint, Movement, Sex, Side
from sqlalchemy.orm import Session

from tests.db.conftest import AUTHOR, person


def test_possible_duplicates_match_name_birth_and_sex(s: Session) -> None:
    first = repository.create_patient(s, person("Żółć", "Łukasz"), author=AUTHOR)
    repository.create_patient(s, person("Żółć", "Łukasz", sex=Sex.MALE), author=AUTHOR)  # another sex
    repository.create_patient(s, person("Other", "Person"), author=AUTHOR)
    found = patient_records.possible_duplicates(s, person("ZÓŁĆ", "łukasz"))
    assert [d.id for d in found] == [first]
    assert patient_records.possible_duplicates(s, person("Żółć", "Łukasz", born=dt.date(1981, 3, 4))) == []
    assert patient_records.possible_duplicates(s, person("Żółć", "Łukasz"), other_than=first) == []


def test_merge_moves_every_exam_and_can_be_undone(s: Session) -> None:
    keep = repository.create_patient(s, person("Nguyễn", "Thị Minh", record="A-1"), author=AUTHOR)
    other = repository.create_patient(s, person("Nguyen", "Thi Minh"), author=AUTHOR)
    draft = repository.save_draft(s, other, Exam(date=dt.date(2025, 5, 1)), author=AUTHOR)
    signed = repository.save_draft(s, other, Exam(date=dt.date(2025, 5, 2), notes="signed <&>"), author=AUTHOR)
    repository.sign_exam(s, signed, author=AUTHOR)
    repository.save_draft(s, keep, Exam(date=dt.date(2025, 4, 1)), author=AUTHOR)
    assert patient_records.merge_patients(s, keep, other, author=AUTHOR) == 2
    assert {e.id for e in repository.list_exams(s, keep)} >= {draft, signed}
    assert repository.list_exams(s, other) == []
    assert repository.get_exam(s, signed).record.exam.notes == "signed <&>"  # content untouched, still sound
    assert [p.id for p in repository.search_patients(s, "")] == [keep]  # the emptied record is hidden
    actions = [e.action for e in repository.audit_trail(s, patient_id=keep)]
    assert AuditAction.MERGE_PATIENTS in actions
    with pytest.raises(db.Conflict):
        patient_records.merge_patients(s, keep, other, author=AUTHOR)
    assert patient_records.undo_merge(s, other, author=AUTHOR) == 2
    assert {e.id for e in repository.list_exams(s, other)} == {draft, signed}
    assert len(repository.list_exams(s, keep)) == 1
    assert {p.id for p in repository.search_patients(s, "")} == {keep, other}


def test_archive_hides_but_keeps_everything(s: Session) -> None:
    pid = repository.create_patient(s, person(), author=AUTHOR)
    exam = repository.save_draft(s, pid, Exam(date=dt.date(2025, 5, 1)), author=AUTHOR)
    repository.sign_exam(s, exam, author=AUTHOR)
    patient_records.archive_patient(s, pid, author=AUTHOR)
    assert repository.search_patients(s, "") == []
    assert [p.id for p in repository.search_patients(s, "", include_archived=True)] == [pid]
    assert repository.get_exam(s, exam).summary.id == exam
    assert patient_records.possible_duplicates(s, person()) != []  # a returning patient is found
    patient_records.restore_patient(s, pid, author=AUTHOR)
    assert [p.id for p in repository.search_patients(s, "")] == [pid]


def test_pending_input_keeps_invalid_text_and_an_amendment(s: Session) -> None:
    pid = repository.create_patient(s, person("Иван", "Петров"), author=AUTHOR)
    exam = Exam(date=dt.date(2025, 5, 1), rom=(RomEntry(Joint.KNEE, Movement.FLEXION, Side.LEFT, 120),))
    exam_id = repository.save_draft(s, pid, exam, author=AUTHOR)
    assert pending.get_pending(s, exam_id).empty
    pending.save_pending(s, exam_id, pending.PendingInput({"exam.rom.hip.flexion.left.active": "400"}))
    assert pending.get_pending(s, exam_id).invalid == {"exam.rom.hip.flexion.left.active": "400"}
    repository.sign_exam(s, exam_id, author=AUTHOR)
    amended = dataclasses.replace(repository.get_exam(s, exam_id).record.exam, notes="Żółć <b>")
    pending.save_pending(s, exam_id, pending.PendingInput({}, amended, 1))
    assert [e.id for e in pending.amendments_in_progress(s)] == [exam_id]
    assert pending.get_pending(s, exam_id).amendment == amended
    pending.clear_amendment(s, exam_id)
    assert pending.get_pending(s, exam_id).empty and pending.amendments_in_progress(s) == []
