"""Two programs writing at the same moment both succeed and the sealed history stays whole: every
commit chains its audit entries after the head it reads (db/history.py), so writers take turns (SQLite:
BEGIN IMMEDIATE; PostgreSQL: an advisory lock, db/database.py `_server_engine`). Before the lock, the
second of two overlapping server writers failed with a duplicate history link (the load test of
2 Dec 2026 had 139 such refusals). On SQLite and on the PostgreSQL server."""

from __future__ import annotations

import dataclasses
import threading
import time

from kinelink import db
from kinelink.db import history
from kinelink.db import repository as repo
from kinelink.db.records import AuditAction
from kinelink.forms import examfile
from sqlalchemy import text

from tests.conftest import FIXTURES

RECORD = examfile.load(FIXTURES / "exams" / "sparse_minimal.json")


def test_two_overlapping_writers_both_commit_and_the_history_stays_whole(target: str) -> None:
    with db.open_database(target) as first, db.open_database(target) as second:
        with first.write() as s:
            pid = repo.create_patient(s, RECORD.patient, author="setup")
        first_wrote, second_started = threading.Event(), threading.Event()
        failures: list[BaseException] = []

        def slow_writer() -> None:  # writes, then holds its unit of work open while the other begins
            try:
                with first.write() as s:
                    repo.save_draft(s, pid, dataclasses.replace(RECORD.exam, id=None, notes="Łukasz"), author="a")
                    first_wrote.set()
                    second_started.wait(10)
                    time.sleep(0.5)  # long enough for the other writer to write and commit, had it not waited
            except BaseException as err:  # reported below, on the test's thread
                failures.append(err)

        def quick_writer() -> None:
            try:
                first_wrote.wait(10)
                second_started.set()
                with second.write() as s:
                    repo.save_draft(s, pid, dataclasses.replace(RECORD.exam, id=None, notes="Иван"), author="b")
            except BaseException as err:
                failures.append(err)

        threads = [threading.Thread(target=slow_writer), threading.Thread(target=quick_writer)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert failures == []
        with first.read() as s:
            notes = sorted(repo.get_exam(s, e.id).record.exam.notes or "" for e in repo.list_exams(s, pid))
            saves = [e.author for e in repo.audit_trail(s, patient_id=pid) if e.action is AuditAction.SAVE_DRAFT]
            conn = s.connection()
            seqs = [row[0] for row in conn.execute(text("SELECT seq FROM history_chain ORDER BY seq"))]
            problems = history.verify(
                lambda sql, params: conn.exec_driver_sql(sql.replace("?", "%s" if conn.dialect.paramstyle != "qmark"
                                                                     else "?"), tuple(params)).fetchall(),
                first.path)
        assert notes == ["Łukasz", "Иван"] and sorted(saves) == ["a", "b"]
        assert seqs == list(range(1, len(seqs) + 1))  # one link after another, none lost
        assert problems == []
