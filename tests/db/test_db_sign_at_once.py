"""The sign-off's short path (`repository._signed_at_once`, and `save_draft` of an unchanged draft
reading one row): the same rows, audit entries and refusals as the general path, in one unit of
work with other changes, on SQLite and on the PostgreSQL server."""

from __future__ import annotations

import dataclasses

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.db.records import AuditAction, ExamStatus
from kinelink.db.schema import ExamRow
from kinelink.forms import examfile
from kinelink.forms.model import Exam, PatientId

from tests.conftest import FIXTURES
from tests.db.conftest import AUTHOR

RECORD = examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json")


def _draft(database: db.Database) -> tuple[PatientId, Exam]:
    with database.write() as s:
        pid = repo.create_patient(s, RECORD.patient, author=AUTHOR)
        exam_id = repo.save_draft(s, pid, dataclasses.replace(RECORD.exam, id=None), author=AUTHOR)
    return pid, dataclasses.replace(RECORD.exam, id=exam_id)


def test_a_change_and_the_signature_in_one_unit_of_work_keep_their_order(database: db.Database) -> None:
    pid, exam = _draft(database)
    assert exam.id is not None
    changed = dataclasses.replace(exam, notes="Łukasz Żółć: <stairs> & “quotes”")
    with database.write() as s:
        repo.save_draft(s, pid, changed, author=AUTHOR, expected=1)  # its audit entry is still pending
        repo.sign_exam(s, exam.id, author=AUTHOR, expected=2)
    with database.read() as s:
        stored = repo.get_exam(s, exam.id)
        trail = [e.action for e in repo.audit_trail(s, exam_id=exam.id)]
    assert stored.record.exam.notes == changed.notes
    assert (stored.summary.status, stored.summary.signed_by, stored.summary.row_version) == (
        ExamStatus.SIGNED, AUTHOR, 3)
    assert trail == [AuditAction.SAVE_DRAFT, AuditAction.SAVE_DRAFT, AuditAction.SIGN]


def test_a_row_the_session_holds_is_signed_after_the_signature(database: db.Database) -> None:
    pid, exam = _draft(database)
    assert exam.id is not None
    with database.write() as s:
        held = s.get(ExamRow, exam.id)  # the exam's row, held in the session (as a caller's ORM code may)
        assert held is not None and held.row_version == 1
        repo.sign_exam(s, exam.id, author=AUTHOR)
        assert (held.status, held.signed_by, held.row_version) == (ExamStatus.SIGNED, AUTHOR, 2)
        assert repo.exam_row_version(s, exam.id) == 2
        with pytest.raises(db.ExamLocked):
            repo.save_draft(s, pid, dataclasses.replace(exam, notes="after signing"), author=AUTHOR)


def test_refusals_are_those_of_the_general_path_and_write_nothing(database: db.Database) -> None:
    pid, exam = _draft(database)
    assert exam.id is not None
    with pytest.raises(db.StaleEdit), database.write() as s:
        repo.sign_exam(s, exam.id, author=AUTHOR, expected=7)
    with pytest.raises(db.NotFound), database.write() as s:
        repo.sign_exam(s, "no-such-exam", author=AUTHOR)
    with database.read() as s:
        assert repo.get_exam(s, exam.id).summary.status is ExamStatus.DRAFT
        assert [e.action for e in repo.audit_trail(s, exam_id=exam.id)] == [AuditAction.SAVE_DRAFT]
    with database.write() as s:
        other = repo.create_patient(s, dataclasses.replace(RECORD.patient, record_number=None,
                                                           family_name="Nguyễn Thị Minh"), author=AUTHOR)
    with pytest.raises(db.Conflict), database.write() as s:  # unchanged, but not this patient's exam
        repo.save_draft(s, other, exam, author=AUTHOR)
    with database.write() as s:
        repo.sign_exam(s, exam.id, author="Иван Петров")  # no accounts: any author signs
    with pytest.raises(db.ExamLocked), database.write() as s:
        repo.sign_exam(s, exam.id, author=AUTHOR)
    with pytest.raises(db.ExamLocked), database.write() as s:  # unchanged, but signed: not a draft any more
        repo.save_draft(s, pid, exam, author=AUTHOR)
    with database.read() as s:
        summary = repo.get_exam(s, exam.id).summary
        assert (summary.signed_by, summary.row_version) == ("Иван Петров", 2)
        assert [e.action for e in repo.audit_trail(s, exam_id=exam.id)] == [AuditAction.SAVE_DRAFT, AuditAction.SIGN]


def test_saving_an_unchanged_draft_writes_nothing(database: db.Database) -> None:
    pid, exam = _draft(database)
    assert exam.id is not None
    with database.write() as s:
        assert repo.save_draft(s, pid, exam, author=AUTHOR, expected=1) == exam.id
    with database.read() as s:
        assert repo.get_exam(s, exam.id).summary.row_version == 1
        assert len(repo.audit_trail(s, exam_id=exam.id)) == 1
