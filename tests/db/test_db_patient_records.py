"""Duplicates, merge (and its undo), archive, and the input kept beside an exam; never a hard delete."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from kinelink import db
from kinelink.db import patient_records, pending, repository
from kinelink.db.records import AuditAction
from kinelink.forms.model import Exam, PatientId, RomEntry
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
    assert patient_records.undo_merge(s, other, author=AUTHOR).moved == 2
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


# --- undoing a merge: after a restart, with its audit entries, or refused saying why ----------------


def _two_records(database: db.Database) -> tuple[PatientId, PatientId, list[str]]:
    """Two records of one patient: the kept one with an exam, the other with a draft and a signed exam."""
    with database.session() as s:
        keep = repository.create_patient(s, person("Nguyễn", "Thị Minh", record="A-1"), author=AUTHOR)
        other = repository.create_patient(s, person("Nguyen", "Thi Minh"), author=AUTHOR)
        repository.save_draft(s, keep, Exam(date=dt.date(2025, 4, 1)), author=AUTHOR)
        draft = repository.save_draft(s, other, Exam(date=dt.date(2025, 5, 1)), author=AUTHOR)
        signed = repository.save_draft(s, other, Exam(date=dt.date(2025, 5, 2), notes="<&> Żółć"), author=AUTHOR)
        repository.sign_exam(s, signed, author=AUTHOR)
    return keep, other, [draft, signed]


def test_undo_merge_after_a_restart(target: str) -> None:
    first = db.open_database(target)
    keep, other, moved = _two_records(first)
    with first.session() as s:
        assert patient_records.merge_patients(s, keep, other, author=AUTHOR) == 2
    assert first.check() == []  # the signed exam changed patient by a merge: not tampering
    first.close()

    again = db.open_database(target)  # a restart: what the merge did is read from the database
    with again.session() as s:
        (merge,) = patient_records.merges_into(s, keep)
        assert (merge.merged, merge.kept, merge.merged_name, merge.exams) == (other, keep, "Thi Minh Nguyen", 2)
        assert merge.author == AUTHOR
        done = patient_records.undo_merge(s, other, author="B. Other, PT")
    assert done == patient_records.Unmerged(keep, 2, ())
    with again.session() as s:
        assert {e.id for e in repository.list_exams(s, other)} == set(moved)
        assert len(repository.list_exams(s, keep)) == 1
        assert patient_records.merged_into(s, other) is None and patient_records.merges_into(s, keep) == []
        assert repository.get_exam(s, moved[1]).record.exam.notes == "<&> Żółć"
        trail = repository.audit_trail(s, patient_id=other)
        undo = [e for e in trail if e.action is AuditAction.UNMERGE_PATIENTS and e.exam_id is None]
        assert len(undo) == 1 and undo[0].author == "B. Other, PT" and "2 exams moved back" in undo[0].what
        assert {e.exam_id for e in trail if e.action is AuditAction.UNMERGE_PATIENTS and e.exam_id} == set(moved)
        with pytest.raises(db.Conflict, match="not merged"):
            patient_records.undo_merge(s, other, author=AUTHOR)
    assert again.check() == []
    again.close()


def test_undo_is_refused_when_the_kept_record_was_merged_again(s: Session) -> None:
    keep = repository.create_patient(s, person("Żółć", "Łukasz"), author=AUTHOR)
    other = repository.create_patient(s, person("Zolc", "Lukasz"), author=AUTHOR)
    third = repository.create_patient(s, person("Żółć", "Łukasz", record="Z-9"), author=AUTHOR)
    exam = repository.save_draft(s, other, Exam(date=dt.date(2025, 5, 1)), author=AUTHOR)
    patient_records.merge_patients(s, keep, other, author=AUTHOR)
    patient_records.merge_patients(s, third, keep, author=AUTHOR)
    with pytest.raises(db.Conflict, match="was itself merged into Łukasz Żółć's since; undo that merge first"):
        patient_records.undo_merge(s, other, author=AUTHOR)
    assert repository.get_exam(s, exam).summary.patient_id == third  # refused: nothing changed
    # undone in order, each merge gives back its own exams (the audit trail names them, although the
    # second merge and its undo wrote over the exam's "moved from")
    assert patient_records.undo_merge(s, keep, author=AUTHOR).moved == 1
    assert patient_records.undo_merge(s, other, author=AUTHOR).moved == 1
    assert repository.get_exam(s, exam).summary.patient_id == other


def test_undo_is_refused_while_an_exam_of_the_merge_is_open(s: Session) -> None:
    keep = repository.create_patient(s, person(), author=AUTHOR)
    other = repository.create_patient(s, person(record="K-2"), author=AUTHOR)
    exam = repository.save_draft(s, other, Exam(date=dt.date(2025, 5, 1)), author=AUTHOR)
    patient_records.merge_patients(s, keep, other, author=AUTHOR)
    repository.set_editing(s, exam, True, holder="Maria Kowalska", machine="room-2")
    with pytest.raises(db.Conflict, match=r"exam of 2025-05-01 is open in an editor \(Maria Kowalska\)"):
        patient_records.undo_merge(s, other, author=AUTHOR)
    repository.set_editing(s, exam, False, holder="Maria Kowalska", machine="room-2")
    assert patient_records.undo_merge(s, other, author=AUTHOR).moved == 1


def test_a_draft_deleted_since_the_merge_is_named_not_restored(s: Session) -> None:
    keep = repository.create_patient(s, person(), author=AUTHOR)
    other = repository.create_patient(s, person(record="K-2"), author=AUTHOR)
    gone = repository.save_draft(s, other, Exam(date=dt.date(2025, 5, 1)), author=AUTHOR)
    kept = repository.save_draft(s, other, Exam(date=dt.date(2025, 5, 9)), author=AUTHOR)
    patient_records.merge_patients(s, keep, other, author=AUTHOR)
    repository.delete_draft(s, gone, author=AUTHOR)
    done = patient_records.undo_merge(s, other, author=AUTHOR)
    assert (done.moved, done.deleted_since) == (1, ("2025-05-01",))
    assert [e.id for e in repository.list_exams(s, other)] == [kept]
    (entry,) = [e for e in repository.audit_trail(s, patient_id=other)
                if e.action is AuditAction.UNMERGE_PATIENTS and e.exam_id is None]
    assert "deleted since, not restored: draft of 2025-05-01" in entry.what
