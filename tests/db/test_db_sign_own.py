"""Signs own exams: on a database with accounts only the account that started an exam signs it,
administrators included (README, "Accounts"); colleagues may edit the draft. A single-user file
without accounts keeps no such rule. On SQLite and on the PostgreSQL server."""

from __future__ import annotations

import dataclasses

import pytest
from argon2 import PasswordHasher
from kinelink import db
from kinelink.db import accounts
from kinelink.db import repository as repo
from kinelink.db.records import AuditAction, ExamStatus, Role
from kinelink.forms import examfile

from tests.conftest import FIXTURES

PASSWORD = "correct horse battery"
RECORD = examfile.load(FIXTURES / "exams" / "sparse_minimal.json")


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", None)


def _draft_by(database: db.Database, author: str) -> str:
    with database.session() as s:
        pid = repo.create_patient(s, RECORD.patient, author=author)
        return repo.save_draft(s, pid, dataclasses.replace(RECORD.exam, id=None), author=author)


def test_only_the_account_that_started_an_exam_signs_it(database: db.Database) -> None:
    with database.session() as s:
        for name, role in (("Łukasz Żółć", Role.CLINICIAN), ("bkowal", Role.CLINICIAN), ("admin", Role.ADMIN)):
            accounts.add_account(s, name, PASSWORD, role, author="setup")
    exam_id = _draft_by(database, "Łukasz Żółć")
    with database.session() as s:  # a colleague may still edit the draft
        repo.save_draft(s, repo.get_exam(s, exam_id).summary.patient_id,
                        dataclasses.replace(RECORD.exam, id=exam_id, notes="bkowal's addition"), author="bkowal")
    with database.session() as s:
        before = repo.get_exam(s, exam_id).summary.row_version
    for other in ("bkowal", "admin"):
        with database.session() as s:
            assert repo.sign_refusal(s, exam_id, author=other) == (
                f"only Łukasz Żółć, who started this exam, may sign it; {other} may edit the draft, not sign it")
        with pytest.raises(db.NotYourExam, match="only Łukasz Żółć, who started this exam, may sign it"), \
                database.session() as s:
            repo.sign_exam(s, exam_id, author=other)
        with database.session() as s:
            assert repo.get_exam(s, exam_id).summary.status is ExamStatus.DRAFT
            assert repo.get_exam(s, exam_id).summary.row_version == before  # nothing written
            assert not [e for e in repo.audit_trail(s, exam_id=exam_id) if e.action is AuditAction.SIGN]
    with database.session() as s:
        assert repo.sign_refusal(s, exam_id, author="Łukasz Żółć") is None
        repo.sign_exam(s, exam_id, author="Łukasz Żółć")
    with database.session() as s:
        summary = repo.get_exam(s, exam_id).summary
        assert summary.status is ExamStatus.SIGNED and summary.signed_by == "Łukasz Żółć"
        assert repo.sign_refusal(s, exam_id, author="bkowal") is None  # signed: nothing left to refuse
        repo.amend_exam(s, exam_id, dataclasses.replace(RECORD.exam, id=exam_id, notes="corrected"),
                        reason="typo", author="bkowal")  # a colleague amends, with a reason


def test_a_single_user_file_without_accounts_has_no_such_rule(database: db.Database) -> None:
    exam_id = _draft_by(database, "Anna Nowak, PT")
    with database.session() as s:  # the name in Settings changed since; still the one person's file
        assert repo.sign_refusal(s, exam_id, author="A. Nowak") is None
        repo.sign_exam(s, exam_id, author="A. Nowak")
    with database.session() as s:
        assert repo.get_exam(s, exam_id).summary.signed_by == "A. Nowak"
