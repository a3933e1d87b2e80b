"""Several people on one database: accounts and roles, optimistic locking (two connections edit the
same draft), editing leases and recovery marks per person and machine. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Iterator

import pytest
from kinelink import db
from kinelink.db import accounts
from kinelink.db import repository as repo
from kinelink.db.records import AuditAction, Role
from kinelink.db.schema import AccountRow, EditingRow
from kinelink.forms import demo
from kinelink.forms.model import Exam, PatientId
from sqlalchemy import select, update

from tests.db.conftest import AUTHOR, TODAY, person

PASSWORD = "correct horse battery"


@pytest.fixture
def second(target: str) -> Iterator[db.Database]:
    """A second, independent connection to the same database: a colleague's computer."""
    other = db.open_database(target)
    yield other
    other.close()


def _exam(notes: str = "first") -> Exam:
    exam = next(iter(demo.records(4, 1, today=TODAY))).exam
    return dataclasses.replace(exam, id=None, notes=notes)


def _draft(database: db.Database) -> tuple[PatientId, str, int]:
    with database.session() as s:
        pid = repo.create_patient(s, person(), author=AUTHOR)
        exam_id = repo.save_draft(s, pid, _exam(), author=AUTHOR)
        return pid, exam_id, repo.get_exam(s, exam_id).summary.row_version


# --- optimistic locking -----------------------------------------------------------------------


def test_two_connections_edit_one_draft_the_second_save_gets_a_conflict(
    database: db.Database, second: db.Database
) -> None:
    pid, exam_id, read_version = _draft(database)
    with second.session() as s:  # B opens the same draft
        b_read = repo.get_exam(s, exam_id).summary.row_version
    assert b_read == read_version
    with database.session() as s:  # A saves first
        repo.save_draft(s, pid, dataclasses.replace(_exam("A's words"), id=exam_id), author="A. Nowak",
                        expected=read_version)
    with pytest.raises(db.StaleEdit, match=r"changed by A\. Nowak at .* since you opened it") as caught, \
            second.session() as s:  # B's autosave, against what B read
        repo.save_draft(s, pid, dataclasses.replace(_exam("B's words"), id=exam_id), author="B. Kowal",
                        expected=b_read)
    assert caught.value.changed_by == "A. Nowak" and caught.value.current == read_version + 1
    with second.session() as s:  # nothing lost: A's save stands; B keeps theirs as a separate draft
        assert repo.get_exam(s, exam_id).record.exam.notes == "A's words"
        kept = repo.keep_both(s, pid, dataclasses.replace(_exam("B's words"), id=exam_id), beside=exam_id,
                              author="B. Kowal")
    with database.session() as s:
        assert kept != exam_id
        assert {repo.get_exam(s, e.id).record.exam.notes for e in repo.list_exams(s, pid)} == {
            "A's words", "B's words"}
        assert repo.audit_trail(s, exam_id=kept)[-1].action is AuditAction.KEEP_BOTH


def test_signing_a_stale_draft_is_refused(database: db.Database, second: db.Database) -> None:
    pid, exam_id, read_version = _draft(database)
    with second.session() as s:
        repo.save_draft(s, pid, dataclasses.replace(_exam("changed meanwhile"), id=exam_id), author="B. Kowal")
    with pytest.raises(db.StaleEdit), database.session() as s:
        repo.sign_exam(s, exam_id, author="A. Nowak", expected=read_version)
    with database.session() as s:
        assert repo.get_exam(s, exam_id).summary.status is db.ExamStatus.DRAFT


def test_a_stale_patient_edit_is_refused(database: db.Database, second: db.Database) -> None:
    with database.session() as s:
        pid = repo.create_patient(s, person(), author=AUTHOR)
        read = repo.patient_version(s, pid)
    with second.session() as s:
        repo.update_patient(s, pid, person(family="Nowak"), author="B. Kowal", expected=read)
    with pytest.raises(db.StaleEdit, match=r"changed by B\. Kowal"), database.session() as s:
        repo.update_patient(s, pid, person(family="Kowalczyk"), author="A. Nowak", expected=read)
    with database.session() as s:
        assert repo.get_patient(s, pid).family_name == "Nowak"


# --- leases and recovery marks ----------------------------------------------------------------


def test_being_edited_by_another_and_the_lease_expires(database: db.Database) -> None:
    _, exam_id, _ = _draft(database)
    with database.session() as s:
        repo.set_editing(s, exam_id, True, holder="A. Nowak", machine="room-1")
        (lease,) = repo.other_editors(s, exam_id, holder="B. Kowal", machine="room-2")
        assert (lease.holder, lease.machine) == ("A. Nowak", "room-1")
        assert repo.other_editors(s, exam_id, holder="A. Nowak", machine="room-1") == []
    with database.session() as s:  # A's program died: no heartbeat for longer than a lease lasts
        old = repo.now() - dt.timedelta(seconds=repo.LEASE_SECONDS + 1)
        s.execute(update(EditingRow).values(heartbeat_at=old))
    with database.session() as s:
        assert repo.other_editors(s, exam_id, holder="B. Kowal", machine="room-2") == []


def test_a_recovery_mark_is_offered_only_to_its_holder_on_its_machine(database: db.Database) -> None:
    _, exam_id, _ = _draft(database)
    with database.session() as s:
        repo.set_editing(s, exam_id, True, holder="A. Nowak", machine="room-1")  # A crashes
    with database.session() as s:
        assert repo.exams_being_edited(s, holder="B. Kowal", machine="room-1") == []
        assert repo.exams_being_edited(s, holder="A. Nowak", machine="room-2") == []
        repo.set_editing(s, exam_id, False, holder="B. Kowal", machine="room-1")  # B declines their (none)
    with database.session() as s:
        assert [e.id for e in repo.exams_being_edited(s, holder="A. Nowak", machine="room-1")] == [exam_id]


# --- accounts and roles -----------------------------------------------------------------------


@pytest.fixture
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheaper argon2id for the tests that make many hashes (the production cost is tested below)."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", None)


def test_passwords_are_stored_as_argon2id_hashes(database: db.Database) -> None:
    with database.session() as s:
        accounts.add_account(s, "anowak", PASSWORD, Role.CLINICIAN, author="setup")
        stored = s.scalars(select(AccountRow.password_hash)).one()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and PASSWORD not in stored


def test_login_fails_alike_for_a_wrong_password_an_unknown_name_and_a_disabled_account(
    database: db.Database, fast_hashes: None
) -> None:
    with database.session() as s:
        accounts.add_account(s, "Łukasz Żółć", PASSWORD, Role.ADMIN, author="setup")
        accounts.add_account(s, "gone", PASSWORD, Role.CLINICIAN, author="setup")
        accounts.disable_account(s, "GONE", author="setup")
    with database.session() as s:
        assert accounts.authenticate(s, "łukasz żółć", PASSWORD).role is Role.ADMIN  # any case
        failures = []
        for name, password in (("Łukasz Żółć", "wrong password!"), ("nobody", PASSWORD), ("gone", PASSWORD)):
            with pytest.raises(accounts.LoginFailed) as caught:
                accounts.authenticate(s, name, password)
            failures.append(str(caught.value))
    assert failures == [accounts.LOGIN_FAILED] * 3  # the message never tells which


def test_an_unknown_name_costs_a_hash_check_too(database: db.Database) -> None:
    with database.session() as s:
        accounts.add_account(s, "anowak", PASSWORD, Role.CLINICIAN, author="setup")
    timings = {}
    for name in ("anowak", "nobody"):
        with database.session() as s:
            start = time.perf_counter()
            with pytest.raises(accounts.LoginFailed):
                accounts.authenticate(s, name, "wrong password!")
            timings[name] = time.perf_counter() - start
    # both verify one argon2id hash (~0.1 s or more); without the dummy hash "nobody" takes ~1 ms
    assert timings["nobody"] > 0.3 * timings["anowak"]


def test_account_rules(database: db.Database, fast_hashes: None) -> None:
    with database.session() as s:
        accounts.add_account(s, "anowak", PASSWORD, Role.CLINICIAN, author="setup")
        with pytest.raises(db.Conflict, match="already exists"):
            accounts.add_account(s, "ANowak", PASSWORD, Role.READER, author="setup")
        with pytest.raises(accounts.InvalidAccount, match="password: at least 10"):
            accounts.add_account(s, "short", "2short", Role.READER, author="setup")
        with pytest.raises(accounts.InvalidAccount, match="name: must not be empty"):
            accounts.add_account(s, "  ", PASSWORD, Role.READER, author="setup")
        assert [(a.name, a.role, a.disabled) for a in accounts.list_accounts(s)] == [
            ("anowak", Role.CLINICIAN, False)]
        assert [e.action for e in repo.audit_trail(s)] == [AuditAction.ADD_ACCOUNT]


def test_a_read_only_account_cannot_write(database: db.Database, target: str, fast_hashes: None) -> None:
    pid, exam_id, _ = _draft(database)
    with database.session() as s:
        accounts.add_account(s, "student", PASSWORD, Role.READER, author="setup")
    reader = db.open_database(target)
    try:
        with reader.session() as s:
            reader.account = accounts.authenticate(s, "student", PASSWORD)
        assert reader.read_only
        with reader.session() as s:  # reading works
            assert repo.get_exam(s, exam_id).record.exam.notes == "first"
        for write in (
            lambda s: repo.create_patient(s, person(family="Nowak"), author="student"),
            lambda s: repo.save_draft(s, pid, dataclasses.replace(_exam("x"), id=exam_id), author="student"),
            lambda s: repo.sign_exam(s, exam_id, author="student"),
            lambda s: repo.delete_draft(s, exam_id, author="student"),
        ):
            with pytest.raises(db.ReadOnly, match="the account student may only read"), reader.session() as s:
                write(s)
    finally:
        reader.close()
    with database.session() as s:
        assert repo.count_patients(s) == 1
        assert repo.get_exam(s, exam_id).summary.status is db.ExamStatus.DRAFT
