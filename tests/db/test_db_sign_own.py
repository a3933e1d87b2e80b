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


IMPORTED_BY = "kinelink command line"  # the name `kinelink import` stores exams under (desktop/commands_db.py)


def _imported(database: db.Database) -> str:
    with database.session() as s:
        return repo.import_record(s, RECORD, author=IMPORTED_BY).exam_id


def _accounts(database: db.Database) -> None:
    with database.session() as s:
        for name, role in (("Łukasz Żółć", Role.CLINICIAN), ("bkowal", Role.CLINICIAN), ("student", Role.READER)):
            accounts.add_account(s, name, PASSWORD, role, author="setup")


def test_an_imported_exam_is_signed_after_an_explicit_take_over(database: db.Database) -> None:
    """An exam stored by `kinelink import` was started under a name that is no account: nobody could
    sign it. A clinician takes it over (recorded in the audit trail with the account), then signs."""
    _accounts(database)
    exam_id = _imported(database)
    with database.session() as s:
        assert repo.take_over_source(s, exam_id, author="Łukasz Żółć") == IMPORTED_BY
        assert repo.sign_refusal(s, exam_id, author="Łukasz Żółć") == (
            f"it was stored by {IMPORTED_BY}, which is no account: Łukasz Żółć may take it over "
            "(recorded in the audit trail) and then sign it")
        before = repo.get_exam(s, exam_id).summary.row_version
    with pytest.raises(db.NotYourExam, match="which is no account"), database.session() as s:
        repo.sign_exam(s, exam_id, author="Łukasz Żółć")  # never silently: the take-over comes first
    with database.session() as s:
        assert repo.take_over_exam(s, exam_id, author="Łukasz Żółć", expected=before) == IMPORTED_BY
    with database.session() as s:
        assert repo.take_over_source(s, exam_id, author="bkowal") is None  # now Łukasz's: not taken over again
        assert repo.sign_refusal(s, exam_id, author="bkowal") == (
            "only Łukasz Żółć, who started this exam, may sign it; bkowal may edit the draft, not sign it")
        repo.sign_exam(s, exam_id, author="Łukasz Żółć")
    with database.session() as s:
        summary = repo.get_exam(s, exam_id).summary
        trail = repo.audit_trail(s, exam_id=exam_id)
    assert summary.status is ExamStatus.SIGNED and summary.signed_by == "Łukasz Żółć"
    assert [(e.action, e.author) for e in trail] == [
        (AuditAction.IMPORT, IMPORTED_BY), (AuditAction.TAKE_OVER, "Łukasz Żółć"), (AuditAction.SIGN, "Łukasz Żółć")]
    assert trail[1].what == f"took over the draft stored by {IMPORTED_BY} (no account), to sign it"
    if database.path is not None:  # the sealed history accepts the change of author (`kinelink check`)
        assert db.check_file(database.path) == []


def test_a_take_over_is_refused_where_it_does_not_apply(target: str, database: db.Database) -> None:
    """Nothing is taken over from a colleague's account, by a reader, or twice; each refusal writes
    nothing."""
    _accounts(database)
    colleague = _draft_by(database, "bkowal")
    imported = _imported(database)
    with database.session() as s:
        assert repo.take_over_source(s, colleague, author="Łukasz Żółć") is None
        assert repo.take_over_source(s, imported, author="someone without an account") is None
    with pytest.raises(db.NotYourExam, match="only bkowal, who started this exam, may sign it"), \
            database.session() as s:
        repo.take_over_exam(s, colleague, author="Łukasz Żółć")
    with db.open_database(target) as reading:  # the reader's own program, logged in
        with reading.session() as s:
            reading.account = accounts.authenticate(s, "student", PASSWORD)
        with pytest.raises(db.ReadOnly), reading.session() as s:
            repo.take_over_exam(s, imported, author="student")
    with database.session() as s:
        repo.take_over_exam(s, imported, author="bkowal")
    with pytest.raises(db.NotYourExam, match="only bkowal, who started this exam"), database.session() as s:
        repo.take_over_exam(s, imported, author="Łukasz Żółć")
    with database.session() as s:
        assert repo.get_exam(s, colleague).summary.row_version == 1
        takeovers = [(e.exam_id, e.author) for e in repo.audit_trail(s) if e.action is AuditAction.TAKE_OVER]
    assert takeovers == [(imported, "bkowal")]


def test_an_imported_exam_on_a_file_without_accounts_is_signed_as_before(database: db.Database) -> None:
    exam_id = _imported(database)
    with database.session() as s:
        assert repo.take_over_source(s, exam_id, author="Anna Nowak, PT") is None
        assert repo.sign_refusal(s, exam_id, author="Anna Nowak, PT") is None
        repo.sign_exam(s, exam_id, author="Anna Nowak, PT")
