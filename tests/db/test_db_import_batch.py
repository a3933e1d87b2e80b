"""Importing many exam files in one batch (`repository.import_records`): the same records, patients and
audit trail as importing them one by one, one statement per table instead of several flushes per file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kinelink import db
from kinelink.db import repository as repo
from kinelink.forms import demo
from kinelink.forms.model import ExamRecord, Patient

from tests.db.conftest import AUTHOR, TODAY, sqlite_only


def _files(n: int = 4, seed: int = 31) -> list[ExamRecord]:
    """Every visit of `n` made-up patients, as files: several files per patient."""
    return [r for case in demo.generate(seed, n, today=TODAY) for r in case.records]


def _stored(database: db.Database) -> tuple[list[ExamRecord], list[tuple[str, str]], list[Patient]]:
    with database.read() as s:
        return (list(repo.export_records(s)), [(e.action.value, e.what) for e in repo.audit_trail(s)],
                [p.patient for p in repo.search_patients(s, "")])


@sqlite_only
def test_a_batch_stores_what_one_by_one_stores(tmp_path: Path, backend: str) -> None:
    files = _files()
    assert len(files) > len({f.patient.record_number for f in files}) >= 4  # patients with several visits
    with db.open_database(tmp_path / "batch.sqlite3") as batch, db.open_database(tmp_path / "one.sqlite3") as one:
        with batch.write() as s:
            done = repo.import_records(s, files, author=AUTHOR)
        results = done.results
        with one.write() as s:
            singles = [repo.import_record(s, f, author=AUTHOR) for f in files]
        assert results == singles and all(r.created for r in singles)
        assert done.new_patients == {r.patient_id for r in singles}
        assert len({r.patient_id for r in singles}) == 4  # one record per patient
        with one.read() as s:
            assert {p.id for p in repo.search_patients(s, "")} == {r.patient_id for r in singles}
        (records, entries, patients), (records_1, entries_1, patients_1) = _stored(batch), _stored(one)
        assert records == records_1 and patients == patients_1
        assert sorted(entries) == sorted(entries_1)  # the same entries (batched: patients created first)
        with batch.write() as s:  # importing them again stores nothing
            again = repo.import_records(s, files, author=AUTHOR).results
        assert [r.created for r in again if isinstance(r, db.ImportResult)] == [False] * len(files)
        assert batch.check() == []


def test_a_conflict_anywhere_writes_nothing(database: db.Database) -> None:
    files = _files(2)
    changed = dataclasses.replace(files[0], exam=dataclasses.replace(files[0].exam, notes="Łukasz: <changed> & “more”"))
    with database.write() as s:
        results = repo.import_records(s, [*files, changed], author=AUTHOR).results
    assert isinstance(results[-1], db.Conflict) and "imported twice with different content" in str(results[-1])
    with database.read() as s:  # the caller rolls the unit of work back; nothing was written in it anyway
        assert repo.search_patients(s, "") == []
    with database.write() as s:
        repo.import_records(s, files[:1], author=AUTHOR)
    with database.write() as s:  # a stored exam with other content: the file's Conflict, the others not stored
        results = repo.import_records(s, [files[1], changed], author=AUTHOR).results
    assert isinstance(results[1], db.Conflict) and "already stored with different content" in str(results[1])


def test_the_same_file_twice_and_a_file_without_an_exam_id(database: db.Database) -> None:
    file = _files(1)[0]
    anonymous = dataclasses.replace(file, exam=dataclasses.replace(file.exam, id=None))
    with database.write() as s:
        results = repo.import_records(s, [file, file, anonymous, anonymous], author=AUTHOR).results
    assert [r.created for r in results if isinstance(r, db.ImportResult)] == [True, False, True, False]
    with database.write() as s:
        again = repo.import_records(s, [anonymous], author=AUTHOR).results
    stored = results[2]
    assert isinstance(stored, db.ImportResult)
    assert again == [db.ImportResult(stored.patient_id, stored.exam_id, created=False)]
