"""Text PostgreSQL cannot store (NUL, U+0000) is refused before it reaches either database, with the
field named, and nothing is written."""

from __future__ import annotations

import dataclasses

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.forms import demo
from kinelink.forms.model import ExamRecord

from tests.db.conftest import AUTHOR, TODAY, person


def _record() -> ExamRecord:
    return next(iter(demo.records(15, 1, today=TODAY)))  # seed 15: a history with an injury


def test_a_patient_name_with_nul_is_refused(database: db.Database) -> None:
    with pytest.raises(db.InvalidText, match=r"^patient\.family_name: contains the NUL character"), \
            database.session() as s:
        repo.create_patient(s, person(family="Ko\x00walska"), author=AUTHOR)
    with database.session() as s:
        assert repo.count_patients(s) == 0
        pid = repo.create_patient(s, person(), author=AUTHOR)
    with pytest.raises(db.InvalidText, match=r"^patient\.given_name"), database.session() as s:
        repo.update_patient(s, pid, person(given="A\x00"), author=AUTHOR)
    with database.session() as s:
        assert repo.get_patient(s, pid) == person()


def test_exam_text_with_nul_is_refused_on_save_amend_and_import(database: db.Database) -> None:
    record = _record()
    with database.session() as s:
        pid = repo.create_patient(s, person(), author=AUTHOR)
        exam_id = repo.save_draft(s, pid, dataclasses.replace(record.exam, id=None), author=AUTHOR)
    bad = dataclasses.replace(record.exam, id=exam_id, notes="left knee\x00")
    with pytest.raises(db.InvalidText, match=r"^exam\.notes: "), database.session() as s:
        repo.save_draft(s, pid, bad, author=AUTHOR)
    with database.session() as s:
        repo.sign_exam(s, exam_id, author=AUTHOR)
    with pytest.raises(db.InvalidText, match=r"^exam\.notes: "), database.session() as s:
        repo.amend_exam(s, exam_id, bad, reason="typo", author=AUTHOR)
    with pytest.raises(db.InvalidText, match=r"^reason: "), database.session() as s:
        repo.amend_exam(s, exam_id, dataclasses.replace(bad, notes="fine"), reason="ty\x00po", author=AUTHOR)
    injury = dataclasses.replace(record.exam.history.injuries[0], description="fell\x00")
    history = dataclasses.replace(record.exam.history, injuries=(injury,))
    with pytest.raises(db.InvalidText, match=r"^exam\.history\.injuries\[0\]\.description: "), \
            database.session() as s:
        repo.import_record(s, dataclasses.replace(record, exam=dataclasses.replace(
            record.exam, id="other", history=history)), author=AUTHOR)
    with pytest.raises(db.InvalidText, match=r"^author: "), database.session() as s:
        repo.create_patient(s, person(family="Nowak"), author="A\x00")
    with database.session() as s:
        assert repo.get_exam(s, exam_id).summary.version == 1
        assert repo.count_patients(s) == 1
