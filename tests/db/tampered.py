"""A clinic database tampered with by raw SQL in many ways at once, for the tests of how `kinelink check`
says what it found (English and German). The attacker drops the database's triggers first, as anyone
holding the file can (tests/survival/test_tamper.py checks each change on its own)."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from kinelink import db
from kinelink.db import repository
from kinelink.forms import examfile

from tests.conftest import FIXTURES
from tests.survival.helpers import drop_triggers

AUTHOR = "Anna Nowak, PT"
# (file, ...) of tests/fixtures/exams, in this order: signed, signed then amended, draft
_EXAMS = ("full_left_knee_to_hip.json", "red_flags_adolescent.json", "sparse_minimal.json")


@dataclasses.dataclass(frozen=True)
class Clinic:
    path: Path
    signed: str
    amended: str
    draft: str
    patient: int  # the signed exam's patient


def clinic(path: Path) -> Clinic:
    """Three patients, one exam each: one signed, one signed then amended (version 2), one draft."""
    with db.open_database(path) as database:
        records = [examfile.load(FIXTURES / "exams" / name) for name in _EXAMS]
        with database.session() as s:
            results = [repository.import_record(s, r, author=AUTHOR) for r in records]
        signed, amended, draft = (str(r.exam_id) for r in results)
        with database.session() as s:
            repository.sign_exam(s, signed, author=AUTHOR)
            repository.sign_exam(s, amended, author=AUTHOR)
        with database.session() as s:
            exam = repository.get_exam(s, amended).record.exam
            repository.amend_exam(s, amended, dataclasses.replace(exam, notes="Corrected: right side."),
                                  reason="Side recorded wrongly", author=AUTHOR)
    assert db.check_file(path) == []
    return Clinic(path, signed, amended, draft, int(results[0].patient_id))


def tamper(c: Clinic) -> None:
    """Unsign an exam, rewrite an amendment reason, change a patient's identity and exam figures, alter a
    measurement without its checksum, rewrite, delete and forge audit entries, delete a link of the sealed
    history."""
    conn = sqlite3.connect(c.path, isolation_level=None)
    try:
        drop_triggers(conn)
        conn.execute("UPDATE exams SET status = 'draft', signed_by = NULL, signed_at = NULL WHERE id = ?", (c.signed,))
        conn.execute("UPDATE exam_versions SET reason = 'Routine update' WHERE exam_id = ? AND version = 2",
                     (c.amended,))
        conn.execute("UPDATE rom SET degrees = degrees + 1 WHERE position = 0 AND version_id = "
                     "(SELECT id FROM exam_versions WHERE exam_id = ? AND version = 1)", (c.amended,))
        conn.execute("UPDATE patients SET family_name = 'Someone Else', date_of_birth = '1950-01-01', "
                     "exam_count = exam_count + 1 WHERE id = ?", (c.patient,))
        first = conn.execute("SELECT min(id) FROM audit_log").fetchone()[0]
        conn.execute("UPDATE audit_log SET author = 'Dr Forged' WHERE id = ?", (first,))
        conn.execute("DELETE FROM audit_log WHERE id = ?", (first + 1,))
        conn.execute("INSERT INTO audit_log (at, author, action, patient_id, exam_id, version, what) VALUES "
                     "('2026-01-02 10:00:00.000000', 'Dr Forged', 'sign', 1, NULL, NULL, 'signed everything')")
        conn.execute("DELETE FROM history_chain WHERE seq = 3")
    finally:
        conn.close()
