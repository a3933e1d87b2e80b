"""Units of work that only read (`Database.read()`) against those that write (`Database.write()`):
a read never waits for another program's write lock, the database refuses a write made through a
read, and opening a draft in the editor only reads."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.desktop.usecases import exams
from kinelink.forms import demo
from kinelink.forms.model import ExamId, PatientId
from sqlalchemy import event

from tests.db.conftest import AUTHOR, TODAY, person, sqlite_only

ROOT = Path(__file__).parents[2]

# Holds the write lock of the file (BEGIN IMMEDIATE, a row written, not committed) until stdin closes.
_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE patients SET given_name = 'Uncommitted' WHERE id = 1")
print("holding", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def _stored(database: db.Database) -> tuple[PatientId, ExamId]:
    record = next(iter(demo.records(5, 1, today=TODAY)))
    with database.write() as s:
        pid = repo.create_patient(s, person(family="Żółć", given="Łukasz"), author=AUTHOR)
        exam_id = repo.save_draft(s, pid, dataclasses.replace(record.exam, id=None), author=AUTHOR)
    return pid, exam_id


@contextlib.contextmanager
def write_lock_held(database: db.Database) -> Iterator[None]:
    """Another process holding the file's write lock with a change not yet committed."""
    assert database.path is not None
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(database.path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


@sqlite_only
def test_a_read_does_not_wait_for_another_programs_write(database: db.Database, backend: str) -> None:
    assert database.path is not None
    pid, exam_id = _stored(database)
    with write_lock_held(database):  # patient 1 renamed, not committed
        refused = sqlite3.connect(database.path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):  # the lock is really held
            refused.execute("BEGIN IMMEDIATE")
        refused.close()
        start = time.perf_counter()
        with database.read() as s:
            found = repo.search_patients(s, "zolc")
            stored = repo.get_exam(s, exam_id)
            listed = repo.list_exams(s, pid)
        took = time.perf_counter() - start
    assert [p.patient.given_name for p in found] == ["Łukasz"]  # the last committed state, not the holder's
    assert stored.summary.id == exam_id and [e.id for e in listed] == [exam_id]
    assert took < 1.0, f"the read waited {took:.2f} s for the write lock"


@sqlite_only
def test_a_write_still_queues_for_the_write_lock(database: db.Database, backend: str) -> None:
    """The counterpart: a unit of work that writes begins with BEGIN IMMEDIATE and waits for the lock
    (here for a short busy timeout, then refused as busy with nothing saved)."""
    @event.listens_for(database.engine, "connect")
    def _short_wait(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout = 200").close()

    _stored(database)
    database.engine.dispose()  # new connections get the short wait
    with write_lock_held(database):
        start = time.perf_counter()
        with pytest.raises(db.DatabaseError, match="busy"), database.write() as s:
            repo.search_patients(s, "")  # even a write unit that only reads takes the lock first
        assert time.perf_counter() - start >= 0.15


def test_a_write_through_a_read_is_refused(database: db.Database) -> None:
    pid, _ = _stored(database)
    with pytest.raises(db.ReadOnly, match="nothing was saved"), database.read() as s:
        repo.update_patient(s, pid, person(family="Nowak", given="Łukasz"), author=AUTHOR)
    with pytest.raises(db.ReadOnly), database.read() as s:
        repo.create_patient(s, person(family="Иван", given="<&>"), author=AUTHOR)
    with database.read() as s:
        assert [p.patient.family_name for p in repo.search_patients(s, "")] == ["Żółć"]
        assert [e.action for e in repo.audit_trail(s)] == [db.AuditAction.CREATE_PATIENT, db.AuditAction.SAVE_DRAFT]
    with database.write() as s:  # the write unit of work still writes
        repo.update_patient(s, pid, person(family="Nowak", given="Łukasz"), author=AUTHOR)
    with database.read() as s:
        assert repo.get_patient(s, pid).family_name == "Nowak"


def _statements(database: db.Database) -> list[str]:
    seen: list[str] = []

    @event.listens_for(database.engine, "before_cursor_execute")
    def _seen(conn: Any, cursor: Any, statement: str, *rest: object) -> None:
        seen.append(statement.strip().split()[0].upper())

    return seen


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_opening_a_draft_only_reads(database: db.Database) -> None:
    pid, exam_id = _stored(database)
    holder = exams.Holder(AUTHOR, "room-1")
    before = _dump(database.path) if database.path is not None else None
    seen = _statements(database)
    opened = exams.open_exam(database, exam_id, holder)
    assert opened.stored.summary.status is db.ExamStatus.DRAFT and opened.held_by is None
    assert seen and set(seen) <= {"SELECT", "SET"}, seen  # (SET TRANSACTION READ ONLY on PostgreSQL)
    if database.path is not None:
        assert _dump(database.path) == before  # not a byte of the records changed
    with database.read() as s:  # no crash-recovery mark for a draft only looked at
        assert repo.exams_being_edited(s, holder=holder.name, machine=holder.machine) == []
    exams.renew_lease(database, exam_id, holder)  # the heartbeat makes no mark either
    with database.read() as s:
        assert repo.exams_being_edited(s, holder=holder.name, machine=holder.machine) == []
    # the first save marks it as being edited here, and the heartbeat renews that mark
    with database.read() as s:
        expected = repo.exam_row_version(s, exam_id)
    changed = dataclasses.replace(opened.stored.record.exam, notes="typed in the editor")
    exams.save_draft(database, pid, changed, author=AUTHOR, holder=holder, expected=expected)
    with database.read() as s:
        (mark,) = repo.exams_being_edited(s, holder=holder.name, machine=holder.machine)
        assert mark.id == exam_id
        (lease,) = repo.other_editors(s, exam_id, holder="B. Kowal", machine="room-2")
    exams.renew_lease(database, exam_id, holder)
    with database.read() as s:
        (renewed,) = repo.other_editors(s, exam_id, holder="B. Kowal", machine="room-2")
    assert renewed.heartbeat_at >= lease.heartbeat_at and renewed.since == lease.since
