"""Reads with prebuilt SQL (`db.loading`): the same records as the repository's other reads, every
version checked against its checksum before anything is shown."""

from __future__ import annotations

import dataclasses

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.forms import demo
from kinelink.forms.model import PatientId
from sqlalchemy import text

from tests.db.conftest import AUTHOR, TODAY


def _patients(database: db.Database, n: int = 3) -> list[PatientId]:
    """Made-up patients with several exams each: signed, amended, drafts, questionnaires."""
    pids = []
    with database.write() as s:
        for case in demo.generate(17, n, today=TODAY):
            pid = repo.create_patient(s, case.patient, author=AUTHOR)
            for i, record in enumerate(case.records):
                exam_id = repo.save_draft(s, pid, record.exam, author=AUTHOR)
                if i < len(case.records) - 1:
                    repo.sign_exam(s, exam_id, author=AUTHOR)
                if i == 0:
                    repo.amend_exam(s, exam_id, dataclasses.replace(record.exam, notes="Łukasz <&> “amended”"),
                                    reason="typing error", author=AUTHOR)
            pids.append(pid)
    return pids


def test_the_patient_page_is_what_the_separate_reads_give(database: db.Database) -> None:
    for pid in _patients(database):
        with database.read() as s:
            page = repo.patient_page(s, pid)
            assert page.patient == repo.get_patient(s, pid)
            assert page.archived is False
            assert page.exams == repo.list_exams(s, pid) and len(page.exams) >= 2
            assert page.records == list(repo.export_records(s, patient_id=pid))
            for summary in page.exams:
                stored = repo.get_exam(s, summary.id)
                assert stored.summary == summary == repo.exam_summary(s, summary.id)
                assert stored.record in page.records
            assert any(k for e in page.exams for k in e.key_scores)  # questionnaires scored


def test_every_version_reads_back_as_saved(database: db.Database) -> None:
    (pid,) = _patients(database, 1)
    with database.read() as s:
        first = repo.list_exams(s, pid)[-1]  # the oldest: amended once
        assert first.version == 2 and first.status is db.ExamStatus.AMENDED
        original = repo.get_exam(s, first.id, version=1)
        amended = repo.get_exam(s, first.id)
        assert amended.record.exam == dataclasses.replace(original.record.exam, notes="Łukasz <&> “amended”")
        assert original.summary.version == 1 and original.summary.updated_at != amended.summary.updated_at
        with pytest.raises(db.NotFound, match="has no version 3"):
            repo.get_exam(s, first.id, version=3)
        with pytest.raises(db.NotFound, match="no exam nowhere"):
            repo.get_exam(s, "nowhere")
        with pytest.raises(db.NotFound, match="no patient 999"):
            repo.patient_page(s, PatientId(999))


def test_a_row_changed_behind_kinelinks_back_is_reported_not_shown(owner_database: db.Database) -> None:
    (pid,) = _patients(owner_database, 1)
    with owner_database.read() as s:
        exam_id = repo.list_exams(s, pid)[0].id  # the draft: its findings may still change
    with owner_database.write() as s:
        s.execute(text("UPDATE rom SET degrees = degrees + 1 WHERE version_id = "
                       "(SELECT id FROM exam_versions WHERE exam_id = :e)"), {"e": exam_id})
    with owner_database.read() as s:
        with pytest.raises(db.DatabaseError, match=f"exam {exam_id} version 1 no longer matches its checksum"):
            repo.get_exam(s, exam_id)
        with pytest.raises(db.DatabaseError, match="no longer matches its checksum"):
            repo.patient_page(s, pid)
        assert repo.exam_summary(s, exam_id).id == exam_id  # the list still names it, so it can be found
