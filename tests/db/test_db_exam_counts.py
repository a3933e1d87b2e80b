"""Each patient's number of exams and last exam date on the patient row (`db.exam_counts`): kept by
triggers through every write that adds, removes or moves an exam, shown by the search, filled by the
migration, and compared with the exams by `kinelink check`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

from alembic import command
from kinelink import db
from kinelink.db import migrate, patient_records, repository
from kinelink.db.bulk import fill_demo
from kinelink.db.schema import ExamRow, PatientRow
from kinelink.forms import demo
from kinelink.forms.formats import show_date
from kinelink.forms.model import Exam, PatientId
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.db.conftest import AUTHOR, TODAY, person, sqlite_only


def _exam(day: dt.date) -> Exam:
    return dataclasses.replace(next(iter(demo.records(3, 1, today=TODAY))).exam, id=None, date=day)


def _stored(s: Session) -> dict[int, tuple[int, dt.date | None]]:
    """Every patient's figures as stored on the row."""
    s.flush()
    return {pid: (count, last) for pid, count, last in s.execute(
        select(PatientRow.id, PatientRow.exam_count, PatientRow.last_exam_date))}


def _counted(s: Session) -> dict[int, tuple[int, dt.date | None]]:
    """Every patient's figures counted from the exams."""
    found = {pid: (count, last) for pid, count, last in s.execute(
        select(ExamRow.patient_id, func.count(), func.max(ExamRow.date)).group_by(ExamRow.patient_id))}
    return {pid: found.get(pid, (0, None)) for pid in s.scalars(select(PatientRow.id))}


def _figures(s: Session, pid: PatientId) -> tuple[int, dt.date | None]:
    assert _stored(s) == _counted(s)
    return _stored(s)[pid]


def test_new_drafts_saves_deletion_sign_and_amendment_keep_the_figures(s: Session) -> None:
    pid = repository.create_patient(s, person(), author=AUTHOR)
    other = repository.create_patient(s, person(given="Ola"), author=AUTHOR)
    assert _figures(s, pid) == (0, None)
    first = repository.save_draft(s, pid, _exam(dt.date(2025, 3, 1)), author=AUTHOR)
    assert _figures(s, pid) == (1, dt.date(2025, 3, 1))
    second = repository.save_draft(s, pid, _exam(dt.date(2025, 5, 2)), author=AUTHOR)
    assert _figures(s, pid) == (2, dt.date(2025, 5, 2))
    # the draft saved again with an earlier date: the last visit is the other exam's
    repository.save_draft(s, pid, dataclasses.replace(_exam(dt.date(2025, 1, 9)), id=second), author=AUTHOR)
    assert _figures(s, pid) == (2, dt.date(2025, 3, 1))
    repository.delete_draft(s, second, author=AUTHOR)
    assert _figures(s, pid) == (1, dt.date(2025, 3, 1))
    repository.sign_exam(s, first, author=AUTHOR)
    assert _figures(s, pid) == (1, dt.date(2025, 3, 1))
    repository.amend_exam(s, first, _exam(dt.date(2025, 3, 4)), reason="wrong date", author=AUTHOR)
    assert _figures(s, pid) == (1, dt.date(2025, 3, 4))
    # a colleague's changed draft kept beside the stored one: a new exam
    repository.keep_both(s, pid, _exam(dt.date(2025, 6, 1)), beside=str(first), author=AUTHOR)
    assert _figures(s, pid) == (2, dt.date(2025, 6, 1))
    assert _figures(s, other) == (0, None)


def test_merge_undo_and_archive_keep_the_figures(s: Session) -> None:
    keep = repository.create_patient(s, person(), author=AUTHOR)
    other = repository.create_patient(s, person(given="Anna Maria"), author=AUTHOR)
    for day in (dt.date(2025, 1, 5), dt.date(2025, 2, 5)):
        repository.save_draft(s, keep, _exam(day), author=AUTHOR)
    for day in (dt.date(2025, 4, 5), dt.date(2024, 12, 1), dt.date(2025, 3, 3)):
        repository.save_draft(s, other, _exam(day), author=AUTHOR)
    assert patient_records.merge_patients(s, keep, other, author=AUTHOR) == 3
    assert _figures(s, keep) == (5, dt.date(2025, 4, 5))
    assert _figures(s, other) == (0, None)
    assert patient_records.undo_merge(s, other, author=AUTHOR).moved == 3
    assert _figures(s, keep) == (2, dt.date(2025, 2, 5))
    assert _figures(s, other) == (3, dt.date(2025, 4, 5))
    patient_records.archive_patient(s, other, author=AUTHOR)
    assert _figures(s, other) == (3, dt.date(2025, 4, 5))
    patient_records.restore_patient(s, other, author=AUTHOR)
    assert _figures(s, other) == (3, dt.date(2025, 4, 5))


def test_imports_one_at_a_time_and_in_a_batch_keep_the_figures(s: Session) -> None:
    records = list(demo.records(5, 12, today=TODAY))
    repository.import_record(s, records[0], author=AUTHOR)
    repository.import_records(s, records[1:], author=AUTHOR)
    repository.import_records(s, records, author=AUTHOR)  # all stored already: nothing changes
    stored = _stored(s)
    assert stored == _counted(s)
    assert sum(count for count, _ in stored.values()) == len(records) > 12
    assert {last for _, last in stored.values()} == {
        max(r.exam.date for r in records if r.patient == p) for p in {r.patient for r in records}}


def test_the_search_shows_the_stored_figures(s: Session) -> None:
    pid = repository.create_patient(s, person("Łukasz-Żółć", "Иван"), author=AUTHOR)
    repository.create_patient(s, person("Żółkiewski", "Nguyễn Thị Minh"), author=AUTHOR)
    for day in (dt.date(2024, 2, 1), dt.date(2025, 2, 1)):
        repository.save_draft(s, pid, _exam(day), author=AUTHOR)
    found = {p.id: (p.exam_count, p.last_exam) for p in repository.search_patients(s, "zol")}
    assert found == {pid: (2, dt.date(2025, 2, 1)), pid + 1: (0, None)}


def test_the_demo_fill_keeps_the_figures(database: db.Database) -> None:
    fill_demo(database, patients=30, seed=2, mean_visits=3.0, today=TODAY)
    with database.read() as s:
        stored = _stored(s)
        assert stored == _counted(s)
        assert sum(count for count, _ in stored.values()) > 30


# --- the check ----------------------------------------------------------------------------------


def _file_with_exams(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.sqlite3"
    with db.open_database(path) as database:
        fill_demo(database, patients=6, seed=2, mean_visits=3.0, today=TODAY)
    return path


@sqlite_only
def test_check_finds_figures_that_differ_from_the_exams(tmp_path: Path) -> None:
    path = _file_with_exams(tmp_path)
    assert db.check_file(path) == []
    with sqlite3.connect(path) as conn:  # changed outside Kinelink (no trigger runs for the patients' row)
        conn.execute("UPDATE patients SET exam_count = exam_count + 1 WHERE id = 2")
        conn.execute("UPDATE patients SET last_exam_date = '1999-01-01' WHERE id = 4")
        real = conn.execute("SELECT count(*), max(date) FROM exams WHERE patient_id = 2").fetchone()
    found = db.check_file(path)
    assert len(found) == 2
    last = show_date(dt.date.fromisoformat(real[1]))
    assert found[0] == (f"patient 2: the patient list shows {real[0] + 1} exams, the last on {last}, "
                        f"but the stored exams say {real[0]}, the last on {last} (changed outside Kinelink?)")
    assert found[1].startswith("patient 4: the patient list shows ") and "the last on 1 Jan 1999, but" in found[1]


# --- the migration --------------------------------------------------------------------------------


def _migrate(database: db.Database, revision: str, *, up: bool) -> None:
    with database.engine.begin() as conn:
        cfg = migrate.config()
        cfg.attributes["connection"] = conn
        (command.upgrade if up else command.downgrade)(cfg, revision)


def test_the_migration_fills_the_figures_and_its_downgrade_removes_them(owner_database: db.Database) -> None:
    fill_demo(owner_database, patients=20, seed=3, mean_visits=3.0, today=TODAY)
    with owner_database.read() as s:
        before = _stored(s)
    assert any(count for count, _ in before.values())
    _migrate(owner_database, "0012", up=False)
    with owner_database.engine.connect() as conn:
        columns = {c for (c,) in conn.exec_driver_sql(
            "SELECT name FROM pragma_table_info('patients')" if conn.dialect.name == "sqlite" else
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'patients'"
            " AND table_schema = current_schema()")}
        assert not {"exam_count", "last_exam_date"} & columns
        # an exam added while the triggers are gone: the fill counts it too
        conn.exec_driver_sql("UPDATE exams SET patient_id = 1 WHERE patient_id = 2")
        conn.commit()
    _migrate(owner_database, "head", up=True)
    with owner_database.read() as s:
        after = _stored(s)
        assert after == _counted(s)
    moved = before[2][0]
    assert after[1][0] == before[1][0] + moved and after[2] == (0, None)
    assert {pid: v for pid, v in after.items() if pid not in (1, 2)} == \
        {pid: v for pid, v in before.items() if pid not in (1, 2)}
