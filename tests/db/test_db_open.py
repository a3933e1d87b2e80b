"""Opening database files: durable settings, private files, and refusing bad files untouched."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository
from kinelink.db.bulk import fill_demo

from tests.db.conftest import AUTHOR, TODAY, person, sqlite_only

pytestmark = sqlite_only


def _fingerprint(path: Path) -> tuple[int, str, float]:
    data = path.read_bytes()
    return len(data), hashlib.sha256(data).hexdigest(), path.stat().st_mtime


def _filled(tmp_path: Path, name: str = "clinic.sqlite3", patients: int = 15) -> Path:
    path = tmp_path / name
    with db.open_database(path) as database:
        fill_demo(database, patients=patients, today=TODAY)
    return path


def test_every_connection_is_durable(database: db.Database) -> None:
    with database.engine.connect() as conn:
        settings = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert settings == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 10_000}


def test_database_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    with db.open_database(path) as database, database.session() as s:
        repository.create_patient(s, person(), author=AUTHOR)
        for suffix in ("", "-wal", "-shm"):
            file = Path(f"{path}{suffix}")
            if file.exists():
                assert file.stat().st_mode & 0o777 == 0o600, file


def test_an_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with db.open_database(path) as database, database.session() as s:
        assert repository.count_patients(s) == 0
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_url_is_accepted_too(tmp_path: Path) -> None:
    path = tmp_path / "by-url.sqlite3"
    with db.open_database(f"sqlite:///{path}") as database:
        assert database.path == path
        assert database.check() == []


def _refused(path: Path, match: str) -> None:
    before = _fingerprint(path)
    names_before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(db.DatabaseError, match=match) as err:
        db.open_database(path)
    assert str(path) in str(err.value) and "not changed it" in str(err.value)
    assert _fingerprint(path) == before
    assert db.check_file(path)  # the command-line check agrees that something is wrong
    assert _fingerprint(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == names_before


def test_garbage_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(os.urandom(8192))
    _refused(path, "not an SQLite file")


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Kowalska, Anna: knee pain 😀\n" * 200, encoding="utf-8")
    _refused(path, "not an SQLite file")


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_truncated_database_is_refused_untouched(tmp_path: Path, keep: float) -> None:
    source = _filled(tmp_path)
    path = tmp_path / "truncated.sqlite3"
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    _refused(path, "truncated|damaged")


def test_a_cut_header_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "cut.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" * 10)
    _refused(path, "truncated")


def test_a_damaged_page_is_refused_untouched(tmp_path: Path) -> None:
    path = _filled(tmp_path, patients=30)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for at in range(page * 3, len(data) - page, page * 4):  # scribble over some pages, keep page 1
        data[at + 10 : at + 200] = os.urandom(190)
    path.write_bytes(bytes(data))
    _refused(path, "damaged|cannot be read")


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.close()
    _refused(path, "not a Kinelink database")


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = _filled(tmp_path, patients=2)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = _fingerprint(path)
    with pytest.raises(db.DatabaseError, match="newer version of Kinelink"):
        db.open_database(path)
    assert _fingerprint(path) == before


def test_a_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(db.DatabaseError, match="does not exist"):
        db.open_database(tmp_path / "nowhere" / "k.sqlite3")
    assert not (tmp_path / "nowhere").exists()


def test_a_sound_database_checks_clean(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    assert db.check_file(path) == []
    with db.open_database(path) as database:
        assert database.check() == []


def test_check_finds_a_record_changed_behind_kinelinks_back(tmp_path: Path) -> None:
    path = _filled(tmp_path, patients=3)
    with sqlite3.connect(path) as conn:
        exam_id, version = conn.execute("SELECT exam_id, version FROM exam_versions WHERE id = 1").fetchone()
        conn.execute("DROP TRIGGER rom_signed_no_update")  # whoever holds the file can drop the guard first
        conn.execute("UPDATE rom SET degrees = 99 WHERE version_id = 1 AND position = 0")
    conn.close()
    problems = db.check_file(path)
    assert problems == [f"exam {exam_id} version {version} does not match its checksum (changed outside Kinelink?)"]
    with db.open_database(path) as database, database.session() as s, pytest.raises(db.DatabaseError, match="checksum"):
        repository.get_exam(s, exam_id, version=version)


def test_backups_are_private_consistent_and_never_overwrite(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    out = tmp_path / "copy.sqlite3"
    db.backup_file(path, out)
    assert out.stat().st_mode & 0o777 == 0o600
    assert db.check_file(out) == []
    before = _fingerprint(out)
    with pytest.raises(db.DatabaseError, match="already exists"):
        db.backup_file(path, out)
    assert _fingerprint(out) == before
    with db.open_database(out) as copy, copy.session() as s:
        assert repository.count_patients(s) == 15


def test_timestamps_come_back_in_utc(database: db.Database) -> None:
    with database.session() as s:
        pid = repository.create_patient(s, person(), author=AUTHOR)
    with database.session() as s:
        (entry,) = repository.audit_trail(s, patient_id=pid)
    assert entry.at.tzinfo is dt.UTC
    assert abs((dt.datetime.now(dt.UTC) - entry.at).total_seconds()) < 60


def test_quick_check_can_be_deferred_to_the_caller(tmp_path: Path) -> None:
    from kinelink.db import open_database

    path = tmp_path / "k.sqlite3"
    open_database(path).close()
    database = open_database(path, quick_check=False)
    try:
        assert database.quick_check() == []
    finally:
        database.close()


def test_deferred_check_still_refuses_garbage(tmp_path: Path) -> None:
    from kinelink.db import DatabaseError, open_database

    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseError):
        open_database(path, quick_check=False)
    assert path.read_bytes() == before
