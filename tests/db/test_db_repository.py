"""The repository: patients, drafts, sign-off, amendments, audit trail, import and export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from kinelink import db
from kinelink.db import repository as repo
from kinelink.db.records import AuditAction, ExamStatus
from kinelink.forms import demo, examfile
from kinelink.forms.model import Exam, ExamRecord, PatientId, RomEntry
from kinelink.forms.questionnaires import score
from kinelink.forms.vocab import Instrument, Joint, Mode, Movement, Side
from sqlalchemy.orm import Session

from tests import strategies
from tests.db.conftest import AUTHOR, TODAY, person

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _records(n: int = 8, seed: int = 3) -> list[ExamRecord]:
    return list(demo.records(seed, n, today=TODAY))


def _exam(day: dt.date = dt.date(2025, 5, 2), **changes: object) -> Exam:
    exam = dataclasses.replace(_records(1)[0].exam, id=None, date=day)
    return dataclasses.replace(exam, **changes)  # type: ignore[arg-type]


def _actions(s: Session, **where: object) -> list[AuditAction]:
    return [e.action for e in repo.audit_trail(s, **where)]  # type: ignore[arg-type]


# --- patients ----------------------------------------------------------------------------------


def test_patients_are_created_read_and_updated_with_an_audit_trail(s: Session) -> None:
    pid = repo.create_patient(s, person(record="K-1"), author=AUTHOR)
    assert repo.get_patient(s, pid) == person(record="K-1")
    repo.update_patient(s, pid, person(family="Nowak", record="K-1"), author="B. Other")
    repo.update_patient(s, pid, person(family="Nowak", record="K-1"), author="B. Other")  # no change: no entry
    assert repo.get_patient(s, pid).family_name == "Nowak"
    trail = repo.audit_trail(s, patient_id=pid)
    assert [(e.action, e.author) for e in trail] == [
        (AuditAction.CREATE_PATIENT, AUTHOR), (AuditAction.UPDATE_PATIENT, "B. Other")
    ]
    assert trail[1].what == "family_name: 'Kowalska' → 'Nowak'"
    assert repo.search_patients(s, "nowak")[0].id == pid
    assert repo.search_patients(s, "kowalska") == []


def test_record_numbers_are_unique(s: Session) -> None:
    first = repo.create_patient(s, person(record="K-1"), author=AUTHOR)
    with pytest.raises(db.Conflict, match="K-1 already belongs to patient"):
        repo.create_patient(s, person(given="Ewa", record="K-1"), author=AUTHOR)
    other = repo.create_patient(s, person(given="Ewa", record="K-2"), author=AUTHOR)
    with pytest.raises(db.Conflict):
        repo.update_patient(s, other, person(given="Ewa", record="K-1"), author=AUTHOR)
    assert repo.get_patient(s, first).record_number == "K-1"


def test_missing_things_raise_not_found(s: Session) -> None:
    with pytest.raises(db.NotFound):
        repo.get_patient(s, PatientId(404))
    with pytest.raises(db.NotFound):
        repo.get_exam(s, "no-such-exam")
    with pytest.raises(db.NotFound):
        repo.list_exams(s, PatientId(404))
    with pytest.raises(db.NotFound):
        repo.save_draft(s, PatientId(404), _exam(), author=AUTHOR)


def test_every_change_needs_an_author(s: Session) -> None:
    with pytest.raises(ValueError, match="author"):
        repo.create_patient(s, person(), author=" ")


# --- drafts, sign-off, amendments --------------------------------------------------------------


def test_a_draft_is_saved_replaced_and_read_back(s: Session) -> None:
    pid = repo.create_patient(s, person(), author=AUTHOR)
    exam_id = repo.save_draft(s, pid, _exam(), author=AUTHOR)
    changed = _exam(notes="Second thoughts <b>&</b> 🙂")
    assert repo.save_draft(s, pid, dataclasses.replace(changed, id=exam_id), author=AUTHOR) == exam_id
    stored = repo.get_exam(s, exam_id)
    assert stored.record.exam == dataclasses.replace(changed, id=exam_id)
    assert stored.record.patient == person()
    assert (stored.summary.status, stored.summary.version) == (ExamStatus.DRAFT, 1)
    # saving the same content again (the window saves on every change) writes nothing
    repo.save_draft(s, pid, stored.record.exam, author=AUTHOR)
    assert _actions(s, exam_id=exam_id) == [AuditAction.SAVE_DRAFT, AuditAction.SAVE_DRAFT]


def test_a_signed_exam_cannot_be_changed_only_amended(s: Session) -> None:
    pid = repo.create_patient(s, person(), author=AUTHOR)
    original = _exam()
    exam_id = repo.save_draft(s, pid, original, author=AUTHOR)
    repo.sign_exam(s, exam_id, author=AUTHOR)
    signed = repo.get_exam(s, exam_id)
    assert signed.summary.status is ExamStatus.SIGNED and signed.summary.signed_by == AUTHOR
    assert signed.summary.is_locked

    changed = dataclasses.replace(signed.record.exam, notes="edited after signing")
    with pytest.raises(db.ExamLocked):
        repo.save_draft(s, pid, changed, author=AUTHOR)
    with pytest.raises(db.ExamLocked):
        repo.delete_draft(s, exam_id, author=AUTHOR)
    with pytest.raises(db.ExamLocked):
        repo.sign_exam(s, exam_id, author="Someone else")
    with pytest.raises(ValueError, match="reason"):
        repo.amend_exam(s, exam_id, changed, reason="  ", author=AUTHOR)
    with pytest.raises(ValueError, match="changes nothing"):
        repo.amend_exam(s, exam_id, signed.record.exam, reason="no change", author=AUTHOR)
    assert repo.get_exam(s, exam_id).record == signed.record  # nothing above changed it

    assert repo.amend_exam(s, exam_id, changed, reason="Wrong side recorded", author="B. Other") == 2
    third = dataclasses.replace(changed, notes="and again")
    assert repo.amend_exam(s, exam_id, third, reason="Typo", author=AUTHOR) == 3
    latest = repo.get_exam(s, exam_id)
    assert latest.summary.status is ExamStatus.AMENDED and latest.summary.version == 3
    assert latest.record.exam.notes == "and again"
    assert repo.get_exam(s, exam_id, version=1).record == signed.record  # the original stays readable
    assert repo.get_exam(s, exam_id, version=2).record.exam.notes == "edited after signing"
    with pytest.raises(db.NotFound):
        repo.get_exam(s, exam_id, version=4)
    assert [(a.version, a.reason, a.author) for a in repo.amendments(s, exam_id)] == [
        (2, "Wrong side recorded", "B. Other"), (3, "Typo", AUTHOR)
    ]
    with pytest.raises(db.ExamLocked):
        repo.save_draft(s, pid, third, author=AUTHOR)
    assert _actions(s, exam_id=exam_id) == [
        AuditAction.SAVE_DRAFT, AuditAction.SIGN, AuditAction.AMEND, AuditAction.AMEND
    ]


def test_a_draft_cannot_be_amended_but_can_be_deleted(s: Session) -> None:
    pid = repo.create_patient(s, person(), author=AUTHOR)
    exam_id = repo.save_draft(s, pid, _exam(), author=AUTHOR)
    with pytest.raises(db.NotSigned):
        repo.amend_exam(s, exam_id, _exam(notes="x"), reason="why", author=AUTHOR)
    repo.set_editing(s, exam_id, True, holder=AUTHOR, machine="pc-1")
    repo.delete_draft(s, exam_id, author=AUTHOR)
    with pytest.raises(db.NotFound):
        repo.get_exam(s, exam_id)
    assert repo.exams_being_edited(s, holder=AUTHOR, machine="pc-1") == []
    assert _actions(s, exam_id=exam_id) == [AuditAction.SAVE_DRAFT, AuditAction.DELETE_DRAFT]


def test_an_exam_belongs_to_one_patient(s: Session) -> None:
    one = repo.create_patient(s, person(), author=AUTHOR)
    two = repo.create_patient(s, person(given="Ewa"), author=AUTHOR)
    exam_id = repo.save_draft(s, one, _exam(), author=AUTHOR)
    with pytest.raises(db.Conflict):
        repo.save_draft(s, two, _exam(id=exam_id), author=AUTHOR)


def test_a_patients_exams_come_newest_first_with_their_scores(s: Session) -> None:
    pid = repo.create_patient(s, person(), author=AUTHOR)
    days = [dt.date(2025, 1, 10), dt.date(2025, 3, 1), dt.date(2025, 2, 5)]
    ids = [repo.save_draft(s, pid, _exam(day), author=AUTHOR) for day in days]
    listed = repo.list_exams(s, pid)
    assert [e.id for e in listed] == [ids[1], ids[2], ids[0]]
    exam = repo.get_exam(s, ids[0]).record.exam
    expected = {
        (o.instrument, key): value
        for o in exam.outcomes
        for key, value in score(o.instrument, o.answers).items()
    }
    assert {(k.instrument, k.subscale): k.value for k in listed[2].key_scores} == expected
    assert all(k.instrument in Instrument for k in listed[2].key_scores)


def test_the_editing_marker_survives_until_cleared(database: db.Database) -> None:
    with database.session() as s:
        pid = repo.create_patient(s, person(), author=AUTHOR)
        exam_id = repo.save_draft(s, pid, _exam(), author=AUTHOR)
        repo.set_editing(s, exam_id, True, holder=AUTHOR, machine="pc-1")
        repo.save_draft(s, pid, _exam(id=exam_id, notes="typed before the crash"), author=AUTHOR)
    with database.session() as s:  # "after a restart"
        (open_exam,) = repo.exams_being_edited(s, holder=AUTHOR, machine="pc-1")
        assert open_exam.id == exam_id
        assert repo.get_exam(s, exam_id).record.exam.notes == "typed before the crash"
        repo.set_editing(s, exam_id, False, holder=AUTHOR, machine="pc-1")
    with database.session() as s:
        assert repo.exams_being_edited(s, holder=AUTHOR, machine="pc-1") == []


# --- round trips -------------------------------------------------------------------------------


def _as_files(records: list[ExamRecord]) -> list[dict[str, object]]:
    return sorted((json.loads(examfile.dumps(r)) for r in records), key=lambda d: d["exam"]["id"])  # type: ignore[index]


def test_import_then_export_is_lossless_and_a_second_import_adds_nothing(database: db.Database) -> None:
    records = _records(12) + [examfile.load(p) for p in sorted((FIXTURES / "exams").glob("*.json"))]
    records = [r if r.exam.id else dataclasses.replace(r, exam=dataclasses.replace(r.exam, id=f"fixture-{i}"))
               for i, r in enumerate(records)]
    with database.session() as s:
        assert all(repo.import_record(s, r, author=AUTHOR).created for r in records)
    with database.session() as s:
        assert not any(repo.import_record(s, r, author=AUTHOR).created for r in records)
        exported = list(repo.export_records(s))
        patients = repo.count_patients(s)
    assert _as_files(exported) == _as_files(records)
    assert patients == len({(r.patient.record_number, r.patient.family_name) for r in records})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=strategies.records)
def test_any_valid_exam_round_trips(database: db.Database, record: ExamRecord) -> None:
    with database.session() as s:
        pid = repo.create_patient(s, dataclasses.replace(record.patient, record_number=None), author=AUTHOR)
        exam_id = repo.save_draft(s, pid, dataclasses.replace(record.exam, id=None), author=AUTHOR)
    with database.session() as s:
        back = repo.get_exam(s, exam_id).record
    expected = dataclasses.replace(record, patient=dataclasses.replace(record.patient, record_number=None),
                                   exam=dataclasses.replace(record.exam, id=exam_id))
    assert back == expected
    assert examfile.to_dict(back) == examfile.to_dict(expected)


def test_an_exam_without_an_id_gets_one_from_its_content(s: Session) -> None:
    record = _records(1)[0]
    anonymous = dataclasses.replace(record, exam=dataclasses.replace(record.exam, id=None))
    first = repo.import_record(s, anonymous, author=AUTHOR)
    again = repo.import_record(s, anonymous, author=AUTHOR)
    assert first.created and not again.created and first.exam_id == again.exam_id


def test_other_content_under_a_stored_exam_id_is_a_conflict(s: Session) -> None:
    record = _records(1)[0]
    repo.import_record(s, record, author=AUTHOR)
    changed_rom = (*record.exam.rom[:-1], dataclasses.replace(record.exam.rom[-1], degrees=1))
    edited = dataclasses.replace(record, exam=dataclasses.replace(record.exam, rom=changed_rom))
    with pytest.raises(db.Conflict, match=r"different content \(exam\.rom\[\d+\]\.degrees\)"):
        repo.import_record(s, edited, author=AUTHOR)
    stranger = dataclasses.replace(record, patient=person(family="Other", record="X-9"))
    with pytest.raises(db.Conflict, match="another patient"):
        repo.import_record(s, stranger, author=AUTHOR)


def test_a_file_of_an_earlier_version_is_no_news(s: Session) -> None:
    record = _records(1)[0]
    result = repo.import_record(s, record, author=AUTHOR)
    repo.sign_exam(s, result.exam_id, author=AUTHOR)
    repo.amend_exam(s, result.exam_id, dataclasses.replace(record.exam, notes="corrected"), reason="typo",
                    author=AUTHOR)
    assert repo.import_record(s, record, author=AUTHOR) == dataclasses.replace(result, created=False)
    assert repo.get_exam(s, result.exam_id).record.exam.notes == "corrected"


def test_import_matches_patients_by_record_number_then_name_and_birth_date(s: Session) -> None:
    rec = _records(1)[0]
    by_number = repo.create_patient(s, person(record="K-7"), author=AUTHOR)
    by_name = repo.create_patient(s, person(family="Żółć", given="Łucja"), author=AUTHOR)

    def imported(patient: object, exam_id: str) -> PatientId:
        record = ExamRecord(patient, dataclasses.replace(rec.exam, id=exam_id))  # type: ignore[arg-type]
        return repo.import_record(s, record, author=AUTHOR).patient_id

    assert imported(person(family="Kowalska-Nowak", record="K-7"), "e1") == by_number
    assert imported(person(family="ZOLC", given="lucja"), "e2") == by_name  # accents and case aside
    assert imported(person(family="Żółć", given="Łucja", record="K-8"), "e3") == by_name
    assert repo.get_patient(s, by_name).record_number == "K-8"  # filled in from the file, audited
    assert _actions(s, patient_id=by_name)[-2] is AuditAction.UPDATE_PATIENT
    assert imported(person(family="Żółć", given="Łucja", born=dt.date(1990, 1, 1)), "e4") not in (by_name,)


def test_export_of_one_patient_and_rom_order_are_kept(s: Session) -> None:
    pid = repo.create_patient(s, person(), author=AUTHOR)
    rom = (
        RomEntry(Joint.KNEE, Movement.EXTENSION, Side.RIGHT, -7.5, Mode.PASSIVE, True),
        RomEntry(Joint.HIP, Movement.FLEXION, Side.LEFT, 110, Mode.ACTIVE, None),
        RomEntry(Joint.HIP, Movement.FLEXION, Side.LEFT, 118, Mode.PASSIVE, False),
    )
    exam_id = repo.save_draft(s, pid, _exam(rom=rom), author=AUTHOR)
    other = repo.create_patient(s, person(given="Ewa"), author=AUTHOR)
    repo.save_draft(s, other, _exam(), author=AUTHOR)
    (only,) = repo.export_records(s, patient_id=pid)
    assert only.exam.id == exam_id and only.exam.rom == rom
