"""SQLite judges the file: a half-finished checkpoint is sound, a constraint broken behind
Kinelink's back is damage, a damaged value never crashes the check, and the file is never changed."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository
from kinelink.db.bulk import fill_demo

from tests.db.conftest import TODAY
from tests.survival.helpers import drop_triggers, filled, fingerprint


def _committed_not_checkpointed(tmp_path: Path) -> Path:
    """A copy of a database taken while its last transactions are still only in the -wal (a crash)."""
    live = tmp_path / "live.sqlite3"
    database = db.open_database(live)
    fill_demo(database, patients=15, today=TODAY)
    assert Path(f"{live}-wal").stat().st_size > 0
    crashed = tmp_path / "crashed.sqlite3"
    shutil.copyfile(live, crashed)
    shutil.copyfile(f"{live}-wal", f"{crashed}-wal")
    database.close()
    return crashed


def _newest_page_one(wal: Path) -> bytes:
    data = wal.read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    found = None
    at = 32
    while at + 24 + page_size <= len(data):
        if struct.unpack(">I", data[at : at + 4])[0] == 1:
            found = data[at + 24 : at + 24 + page_size]
        at += 24 + page_size
    assert found is not None, "the -wal holds page 1"
    return found


def test_an_interrupted_checkpoint_is_sound_checks_clean_and_exports_every_exam(tmp_path: Path) -> None:
    path = _committed_not_checkpointed(tmp_path)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as plain:
        expected = plain.execute("SELECT count(*) FROM exams").fetchone()[0]
    plain.close()
    page_one = _newest_page_one(Path(f"{path}-wal"))
    with path.open("r+b") as f:  # the checkpoint copied page 1 and stopped: the header counts pages not yet there
        f.write(page_one)
    size = path.stat().st_size
    pages = struct.unpack(">I", page_one[28:32])[0]
    assert size < pages * len(page_one), "the reproduction: the main file is shorter than its header says"
    before = fingerprint(path)

    assert db.check_file(path) == []
    assert fingerprint(path) == before  # checking changed neither the file nor its -wal
    with db.open_database(path) as database, database.session() as s:
        exported = list(repository.export_records(s))
    assert len(exported) == expected > 0


def _break(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    drop_triggers(conn)  # damage and raw SQL do not ask the database's rules
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(sql)
    conn.close()


@pytest.mark.parametrize(
    ("sql", "found"),
    [
        ("UPDATE exams SET status = 'skgned' WHERE rowid = 1", "damaged: CHECK constraint failed in exams"),
        # vocabulary words are kept by foreign keys into the vocabulary tables (migration 0010)
        ("UPDATE rom SET side = 'leftt' WHERE version_id = 1 AND position = 0",
         "of rom refers to a missing row of vocab_side"),
        ("UPDATE strength SET grade = '9' WHERE version_id = 1 AND position = 0",
         "of strength refers to a missing row of vocab_grade"),
        ("UPDATE patients SET sex = 'x' WHERE id = 1", "of patients refers to a missing row of vocab_sex"),
    ],
)
def test_a_broken_constraint_is_damage_that_check_and_open_both_find(tmp_path: Path, sql: str, found: str) -> None:
    path = filled(tmp_path / "k.sqlite3", patients=3)
    _break(path, sql)
    before = fingerprint(path)
    problems = db.check_file(path)
    assert any(found in p for p in problems), problems
    with pytest.raises(db.Damaged, match="CHECK constraint failed" if "CHECK" in found else "refers to a missing row"):
        db.open_database(path)
    assert fingerprint(path) == before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE exam_versions SET date = '2023-13-45' WHERE id = 1",
        "UPDATE injuries SET date = 'not a date' WHERE version_id = (SELECT min(version_id) FROM injuries)",
        "UPDATE exam_versions SET notes = coalesce(notes, '') || 'x' WHERE id = 1",
    ],
)
def test_a_damaged_value_without_a_constraint_is_reported_not_a_crash(tmp_path: Path, sql: str) -> None:
    path = filled(tmp_path / "k.sqlite3", patients=3)
    _break(path, sql)
    before = fingerprint(path)
    problems = db.check_file(path)
    assert len(problems) == 1 and "does not match its checksum" in problems[0]
    assert fingerprint(path) == before


def test_check_hashes_the_same_as_the_writer(tmp_path: Path) -> None:
    path = filled(tmp_path / "k.sqlite3", patients=25)
    with db.open_database(path) as database, database.session() as s:
        assert repository.verify_contents(s) == []
    assert db.check_file(path) == []


def test_a_search_of_a_thousand_words_answers(tmp_path: Path) -> None:
    path = filled(tmp_path / "k.sqlite3", patients=5)
    with db.open_database(path) as database, database.session() as s:
        someone = repository.search_patients(s, "")[0]
        words = [f"w{i}" for i in range(1200)]
        assert repository.search_patients(s, " ".join(words)) == []
        name = f"{someone.patient.family_name} {someone.patient.given_name}"
        found = repository.search_patients(s, " ".join([name] * 40 + [someone.patient.family_name[:1]] * 1000))
        assert someone.id in [f.id for f in found]
        many = " ".join([someone.patient.family_name] + [f"zz{i}" for i in range(40)])
        assert repository.search_patients(s, many) == []  # words past the first 32 still count


def test_check_hashes_every_fixture_exam_as_the_writer_did(tmp_path: Path) -> None:
    from kinelink.forms import examfile

    fixtures = Path(__file__).parents[1] / "fixtures"
    files = sorted((fixtures / "exams").glob("*.json")) + sorted((fixtures / "other_leg").glob("*.json"))
    assert files
    path = tmp_path / "k.sqlite3"
    with db.open_database(path) as database:
        for file in files:
            with database.session() as s:
                repository.import_record(s, examfile.load(file), author="t")
    assert db.check_file(path) == []
