"""Tampering with the file by raw SQL is evident: `kinelink check` names what was altered, for each
of the probe's 13 changes and for rewriting the sealed history itself. The attacker here first
drops every database trigger (anyone holding the file can), so this tests the chain on its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import content, history, repository
from kinelink.forms.formats import show_date, show_moment

from tests.db import tampered
from tests.db.tampered import AUTHOR, Clinic
from tests.survival.helpers import drop_triggers


@pytest.fixture
def clinic(tmp_path: Path) -> Clinic:
    """Three patients, one exam each: one signed, one signed then amended (version 2), one draft."""
    return tampered.clinic(tmp_path / "clinic.sqlite3")


def _raw(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    drop_triggers(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    for sql in statements:
        conn.execute(sql, params if "?" in sql else ())
    conn.close()


def _found(clinic: Clinic, *expected: str) -> list[str]:
    problems = db.check_file(clinic.path)
    for text in expected:
        assert any(text in p for p in problems), (text, problems)
    return problems


def test_1_unsigning_an_exam_is_found_and_saving_over_it_refused(clinic: Clinic) -> None:
    _raw(clinic.path, "UPDATE exams SET status = 'draft', signed_by = NULL, signed_at = NULL WHERE id = ?",
         params=(clinic.signed,))
    _found(clinic, f"exam {clinic.signed}: its status was changed outside Kinelink ('Signed' -> 'Draft')")
    with db.open_database(clinic.path) as database:
        with database.session() as s:
            exam = repository.get_exam(s, clinic.signed).record.exam
        with pytest.raises(history.HistoryBroken, match="status went from 'Signed' back to 'Draft'"), \
                database.session() as s:
            repository.save_draft(s, repository.get_exam(s, clinic.signed).summary.patient_id,
                                  dataclasses.replace(exam, notes="overwritten"), author="intruder")
        with database.session() as s:
            assert repository.get_exam(s, clinic.signed).record.exam.notes == exam.notes


def test_2_a_forged_signer(clinic: Clinic) -> None:
    _raw(clinic.path, "UPDATE exams SET signed_by = 'Dr Forged' WHERE id = ?", params=(clinic.signed,))
    _found(clinic, f"exam {clinic.signed}: its signer was changed outside Kinelink ('{AUTHOR}' -> 'Dr Forged')")


def test_3_a_forged_signing_time(clinic: Clinic) -> None:
    _raw(clinic.path, "UPDATE exams SET signed_at = '2020-01-01 09:00:00.000000' WHERE id = ?",
         params=(clinic.signed,))
    _found(clinic, f"exam {clinic.signed}: its signing time was changed outside Kinelink")


def test_4_a_changed_patient_identity(clinic: Clinic) -> None:
    _raw(clinic.path, "UPDATE patients SET family_name = 'Someone Else', date_of_birth = '1950-01-01' WHERE id = ?",
         params=(clinic.patient,))
    born, forged = show_date(dt.date(1988, 4, 17)), show_date(dt.date(1950, 1, 1))
    _found(clinic, f"patient {clinic.patient}: the identity was changed outside Kinelink: family name 'Żółć' -> "
                   f"'Someone Else', date of birth {born} -> {forged}")


def _sign_entry(path: Path, exam_id: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT id FROM audit_log WHERE action = 'sign' AND exam_id = ?", (exam_id,))
                   .fetchone()[0])
    finally:
        conn.close()


def test_5_a_deleted_audit_entry(clinic: Clinic) -> None:
    entry = _sign_entry(clinic.path, clinic.signed)
    _raw(clinic.path, f"DELETE FROM audit_log WHERE id = {entry}")
    _found(clinic, f"audit entry {entry} ('signed' by {AUTHOR} on ")


def test_6_a_rewritten_audit_entry(clinic: Clinic) -> None:
    entry = _sign_entry(clinic.path, clinic.signed)
    _raw(clinic.path, f"UPDATE audit_log SET author = 'Dr Forged' WHERE id = {entry}")
    _found(clinic, f"audit entry {entry} was rewritten: author '{AUTHOR}' -> 'Dr Forged'")


def test_7_a_forged_audit_entry(clinic: Clinic) -> None:
    _raw(clinic.path, "INSERT INTO audit_log (at, author, action, patient_id, exam_id, version, what) VALUES "
         "('2026-01-02 10:00:00.000000', 'Dr Forged', 'sign', 1, NULL, NULL, 'signed everything')")
    forged = show_moment(dt.datetime(2026, 1, 2, 10, 0, tzinfo=dt.UTC))  # stored times are UTC, shown local
    _found(clinic, f"('signed' by Dr Forged on {forged}: 'signed everything') was added outside Kinelink")


def test_8_a_deleted_signed_exam(clinic: Clinic) -> None:
    _raw(clinic.path, "DELETE FROM editing_markers WHERE exam_id = ?", "DELETE FROM exam_versions WHERE exam_id = ?",
         "DELETE FROM exams WHERE id = ?", params=(clinic.signed,))
    _found(clinic, f"exam {clinic.signed} (status 'Signed') was deleted outside Kinelink")


def test_9_a_deleted_original_version(clinic: Clinic) -> None:
    _raw(clinic.path, "DELETE FROM exam_versions WHERE exam_id = ? AND version = 1", params=(clinic.amended,))
    _found(clinic, f"exam {clinic.amended}: its version 1 was deleted outside Kinelink")


def test_10_a_rewritten_amendment_reason(clinic: Clinic) -> None:
    _raw(clinic.path, "UPDATE exam_versions SET reason = 'Routine update' WHERE exam_id = ? AND version = 2",
         params=(clinic.amended,))
    _found(clinic, f"exam {clinic.amended}: its version 2 was changed outside Kinelink "
                   "(amendment reason 'Side recorded wrongly' -> 'Routine update')")


def test_11_a_rom_change_with_its_checksum_recomputed(clinic: Clinic) -> None:
    with db.open_database(clinic.path) as database, database.session() as s:
        exam = repository.get_exam(s, clinic.signed).record.exam
    changed = dataclasses.replace(exam, rom=(dataclasses.replace(exam.rom[0], degrees=exam.rom[0].degrees + 20),
                                             *exam.rom[1:]))
    _raw(clinic.path,
         "UPDATE rom SET degrees = degrees + 20 WHERE position = 0 AND version_id = "
         "(SELECT id FROM exam_versions WHERE exam_id = ? AND version = 1)", params=(clinic.signed,))
    _raw(clinic.path, f"UPDATE exam_versions SET content_sha256 = '{content.content_sha256(changed)}' "
                      "WHERE exam_id = ? AND version = 1", params=(clinic.signed,))
    problems = _found(clinic, f"exam {clinic.signed}: its version 1 was changed outside Kinelink (content checksum)")
    assert not any("does not match its checksum" in p for p in problems)  # the row check alone is fooled


def test_12_a_rom_change_without_the_checksum(clinic: Clinic) -> None:
    _raw(clinic.path, "UPDATE rom SET degrees = degrees + 1 WHERE position = 0 AND version_id = "
         "(SELECT id FROM exam_versions WHERE exam_id = ? AND version = 1)", params=(clinic.signed,))
    _found(clinic, f"exam {clinic.signed} version 1 does not match its checksum")


def test_13_a_deleted_current_version(clinic: Clinic) -> None:
    _raw(clinic.path, "DELETE FROM exam_versions WHERE exam_id = ? AND version = 2", params=(clinic.amended,))
    _found(clinic, f"exam {clinic.amended} has lost its version 2",
           f"exam {clinic.amended}: its version 2 was deleted outside Kinelink")


def test_the_chain_recomputed_without_the_key_is_found(clinic: Clinic) -> None:
    """An attacker who knows the algorithm rewrites a link and every digest after it, but has no key."""
    conn = sqlite3.connect(clinic.path, isolation_level=None)
    drop_triggers(conn)
    links = conn.execute("SELECT seq, payload FROM history_chain ORDER BY seq").fetchall()
    head = history.GENESIS
    for seq, payload in links:
        payload = payload.replace(AUTHOR, "Dr Forged")
        head = history._digest(head, payload)
        conn.execute("UPDATE history_chain SET payload = ?, digest = ? WHERE seq = ?", (payload, head, seq))
    conn.execute("UPDATE audit_log SET author = 'Dr Forged'")
    conn.execute("UPDATE exams SET signed_by = 'Dr Forged' WHERE signed_by IS NOT NULL")
    conn.close()
    _found(clinic, "carries a forged seal", "the history was rewritten: link")


def test_history_cut_back_is_found_by_its_anchor(clinic: Clinic) -> None:
    conn = sqlite3.connect(clinic.path, isolation_level=None)
    drop_triggers(conn)
    newest = conn.execute("SELECT max(seq), max(audit_id) FROM history_chain").fetchone()
    conn.execute("DELETE FROM history_chain WHERE seq = ?", (newest[0],))
    conn.execute("DELETE FROM audit_log WHERE id = ?", (newest[1],))
    conn.close()
    _found(clinic, f"the history was cut back: it has {newest[0] - 1} links")


def test_untouched_history_checks_clean_after_every_kind_of_change(clinic: Clinic) -> None:
    with db.open_database(clinic.path) as database:
        with database.session() as s:
            pid = repository.get_exam(s, clinic.draft).summary.patient_id
            patient = repository.get_patient(s, pid)
            repository.update_patient(s, pid, dataclasses.replace(patient, given_name="Łukasz"), author=AUTHOR)
        with database.session() as s:
            repository.delete_draft(s, clinic.draft, author=AUTHOR)
    assert db.check_file(clinic.path) == []


@pytest.mark.parametrize("mutate", [
    lambda p: p.unlink(),  # the key gone: the seals cannot be checked here; the rest still is
])
def test_check_without_the_key_still_checks_the_chain(clinic: Clinic, mutate: Callable[[Path], None]) -> None:
    mutate(history.folder() / history.KEY_NAME)
    assert db.check_file(clinic.path) == []
    _raw(clinic.path, "UPDATE exams SET signed_by = 'Dr Forged' WHERE id = ?", params=(clinic.signed,))
    _found(clinic, "its signer was changed outside Kinelink")


def test_a_backup_carries_an_anchor_outside_it(clinic: Clinic, tmp_path: Path) -> None:
    backup = tmp_path / "backup.sqlite3"
    db.backup_file(clinic.path, backup)
    assert history.anchor(backup) is not None and db.check_file(backup) == []
    conn = sqlite3.connect(backup, isolation_level=None)
    drop_triggers(conn)
    seq, audit_id = conn.execute("SELECT max(seq), max(audit_id) FROM history_chain").fetchone()
    conn.execute("DELETE FROM history_chain WHERE seq = ?", (seq,))
    conn.execute("DELETE FROM audit_log WHERE id = ?", (audit_id,))
    conn.close()
    assert any("the history was cut back" in p for p in db.check_file(backup))
