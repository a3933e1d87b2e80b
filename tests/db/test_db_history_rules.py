"""The database itself keeps history: raw SQL, bypassing Kinelink, cannot alter the audit trail or a
signed exam version, on SQLite and on PostgreSQL; on PostgreSQL the application's role cannot even
switch the guards off."""

from __future__ import annotations

import dataclasses

import pytest
from kinelink import db
from kinelink.db import history_rules
from kinelink.db import repository as repo
from kinelink.forms import demo
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.db.conftest import AUTHOR, TODAY, person


def _signed_and_draft(database: db.Database) -> tuple[str, str]:
    record = next(iter(demo.records(5, 1, today=TODAY)))
    with database.session() as s:
        pid = repo.create_patient(s, person(), author=AUTHOR)
        signed = repo.save_draft(s, pid, dataclasses.replace(record.exam, id=None), author=AUTHOR)
        repo.sign_exam(s, signed, author=AUTHOR)
        draft = repo.save_draft(s, pid, dataclasses.replace(record.exam, id=None, notes="draft"), author=AUTHOR)
    return signed, draft


def _refused(database: db.Database, sql: str, match: str, **params: object) -> None:
    with pytest.raises(DBAPIError, match=match), database.engine.begin() as conn:
        conn.execute(text(sql), params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET author = 'Mallory' WHERE id = 1",
        "UPDATE audit_log SET what = 'nothing happened'",
        "DELETE FROM audit_log WHERE id = 1",
        "DELETE FROM audit_log",
    ],
)
def test_the_audit_trail_cannot_be_changed(database: db.Database, sql: str) -> None:
    _signed_and_draft(database)
    with database.session() as s:
        before = repo.audit_trail(s)
    _refused(database, sql, "append-only|permission denied")
    with database.session() as s:
        assert repo.audit_trail(s) == before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE exam_versions SET notes = 'rewritten' WHERE exam_id = :exam",
        "DELETE FROM exam_versions WHERE exam_id = :exam",
        "UPDATE rom SET degrees = 1 WHERE version_id IN (SELECT id FROM exam_versions WHERE exam_id = :exam)",
        "DELETE FROM rom WHERE version_id IN (SELECT id FROM exam_versions WHERE exam_id = :exam)",
        "DELETE FROM tests WHERE version_id IN (SELECT id FROM exam_versions WHERE exam_id = :exam)",
        "UPDATE exams SET status = 'draft', signed_by = NULL, signed_at = NULL WHERE id = :exam",
        "UPDATE exams SET signed_by = 'Mallory' WHERE id = :exam",
        "DELETE FROM exams WHERE id = :exam",
    ],
)
def test_a_signed_exam_cannot_be_changed(database: db.Database, sql: str) -> None:
    signed, _ = _signed_and_draft(database)
    with database.session() as s:
        before = repo.get_exam(s, signed)
    with pytest.raises(DBAPIError, match=r"signed exam|permission denied"), database.engine.begin() as conn:
        conn.execute(text(sql), {"exam": signed})
    with database.session() as s:
        assert repo.get_exam(s, signed) == before


def test_drafts_stay_editable_and_amendments_still_work(database: db.Database) -> None:
    signed, draft = _signed_and_draft(database)
    with database.session() as s:
        stored = repo.get_exam(s, draft)
        repo.save_draft(s, stored.summary.patient_id, dataclasses.replace(stored.record.exam, notes="changed"),
                        author=AUTHOR)
        repo.amend_exam(s, signed, dataclasses.replace(repo.get_exam(s, signed).record.exam, notes="amended"),
                        reason="typo", author=AUTHOR)
        repo.delete_draft(s, draft, author=AUTHOR)
    with database.session() as s:
        assert repo.get_exam(s, signed).record.exam.notes == "amended"
        assert repo.get_exam(s, signed, version=1).record.exam.notes != "amended"


def test_every_table_of_exam_content_is_guarded() -> None:
    from kinelink.db.schema import Base

    with_versions = {t.name for t in Base.metadata.tables.values() if "version_id" in t.columns}
    assert with_versions == set(history_rules.CONTENT_TABLES)


def test_every_guard_is_installed(database: db.Database) -> None:
    with database.engine.connect() as conn:
        expected = history_rules.expected_triggers(conn.dialect.name)
        assert expected <= history_rules.installed_triggers(conn)
        assert len(expected) >= 8


@pytest.mark.parametrize(
    "sql",
    [
        "ALTER TABLE audit_log DISABLE TRIGGER USER",
        "DROP TRIGGER audit_log_append_only ON audit_log",
        "DROP TRIGGER exam_versions_signed ON exam_versions",
        "TRUNCATE audit_log",
        "ALTER TABLE exams DISABLE TRIGGER ALL",
    ],
)
@pytest.mark.postgresql_only  # privileges are PostgreSQL's; a SQLite file's owner can do anything with it
def test_the_application_role_cannot_switch_the_guards_off(database: db.Database, sql: str) -> None:
    _signed_and_draft(database)
    _refused(database, sql, "must be owner|permission denied|append-only")
