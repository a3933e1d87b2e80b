"""The additions to version 1 of the exam format in the database: each new field is stored and
read back exactly, import -> export keeps them, and the database refuses values outside their
vocabulary or range even when written behind the repository's back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest
from kinelink import db
from kinelink.db import content
from kinelink.db import repository as repo
from kinelink.forms import examfile
from kinelink.forms.model import Exam, ExamRecord, Injury, IssuedDocument, LinkReview, Symptom, TestEntry
from kinelink.forms.partialdate import PartialDate
from kinelink.forms.vocab import (
    DocumentKind,
    InjuryKind,
    Joint,
    LinkDecision,
    Mechanism,
    PainQuality,
    Region,
    Side,
    Structure,
    TestName,
    TestResult,
)
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from tests.conftest import FIXTURES
from tests.db.conftest import AUTHOR, person

ADDITIONS = FIXTURES / "additions" / "additions_full.json"
TODAY = dt.date(2026, 11, 25)
BASE = Exam(date=dt.date(2026, 10, 12))
REVIEW = LinkReview(Joint.KNEE, Joint.HIP, Mechanism.ALIGNMENT, Side.LEFT, Side.RIGHT, LinkDecision.ACCEPTED, "ok")
DOCUMENT = IssuedDocument(DocumentKind.LETTER, dt.datetime(2026, 10, 12, 9, 30, tzinfo=dt.UTC), "A. Nowak",
                          "Dear Dr Ng,\n<b>&</b>", "ab" * 32, "referral", "Dr Ng")


def _history(**changes: Any) -> Exam:
    return dataclasses.replace(BASE, history=dataclasses.replace(BASE.history, **changes))


ONE_FIELD = {
    "body_mass_kg": dataclasses.replace(BASE, body_mass_kg=71.5),
    "body_mass_kg whole": dataclasses.replace(BASE, body_mass_kg=70),
    "impression": dataclasses.replace(BASE, impression="Żółć <hip> & \"knee\""),
    "link_review": dataclasses.replace(BASE, link_review=(REVIEW, dataclasses.replace(
        REVIEW, source=Joint.HIP, target=Joint.KNEE, decision=LinkDecision.REJECTED, note=None))),
    "documents": dataclasses.replace(BASE, documents=(DOCUMENT, dataclasses.replace(
        DOCUMENT, kind=DocumentKind.SUMMARY, letter_type=None, recipient=None))),
    "red_flags_screened true": _history(red_flags_screened=True),
    "red_flags_screened false": _history(red_flags_screened=False),
    "injury kind": _history(injuries=(Injury(Region.HIP, Side.LEFT, None, "", (), InjuryKind.SURGERY),)),
    "injury year": _history(injuries=(Injury(Region.HIP, Side.LEFT, PartialDate(2019)),)),
    "injury month": _history(injuries=(Injury(Region.HIP, Side.LEFT, PartialDate(2019, 11)),)),
    "new structures": _history(injuries=(Injury(Region.THIGH, Side.RIGHT, None, "", (
        Structure.RECTUS_FEMORIS, Structure.ADDUCTORS, Structure.HIP_FLEXORS, Structure.ARTHROPLASTY)),)),
    "symptom onset year": _history(symptoms=(Symptom(Region.KNEE, Side.LEFT, onset=PartialDate(2025)),)),
    "symptom quality": _history(symptoms=(Symptom(Region.KNEE, Side.LEFT, quality=PainQuality.BURNING),)),
    "hop distance": dataclasses.replace(BASE, tests=(
        TestEntry(TestName.HOP_TEST, Side.LEFT, TestResult.NEGATIVE, distance_cm=131.5),
        TestEntry(TestName.HOP_TEST, Side.RIGHT, TestResult.POSITIVE, distance_cm=0),
    )),
}


@pytest.mark.parametrize("name", ONE_FIELD)
def test_each_addition_round_trips_through_the_database(database: db.Database, name: str) -> None:
    exam = ONE_FIELD[name]
    with database.session() as s:
        pid = repo.create_patient(s, person(), author=AUTHOR)
        exam_id = repo.save_draft(s, pid, exam, author=AUTHOR)
    with database.session() as s:
        back = repo.get_exam(s, exam_id).record.exam
    assert back == dataclasses.replace(exam, id=exam_id)
    assert json.dumps(examfile.to_dict(ExamRecord(person(), back))) == json.dumps(
        examfile.to_dict(ExamRecord(person(), dataclasses.replace(exam, id=exam_id))))


def test_import_then_export_keeps_every_addition(database: db.Database) -> None:
    record = examfile.load(ADDITIONS, today=TODAY)
    with database.session() as s:
        assert repo.import_record(s, record, author=AUTHOR).created
    with database.session() as s:
        (exported,) = list(repo.export_records(s))
        assert not repo.import_record(s, record, author=AUTHOR).created  # same content: no news
    assert examfile.to_dict(exported) == json.loads(ADDITIONS.read_text("utf-8"))


def test_an_exam_without_additions_keeps_the_checksum_it_had_before_them() -> None:
    # computed with revision 0001's code: stored checksums stay valid after the upgrade
    full = examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json", today=TODAY)
    assert content.content_sha256(full.exam) == "946ddede1df160f1462b07d8e03cea00b55993de01a22c93d0df90b50c6bff85"
    sparse = examfile.load(FIXTURES / "exams" / "sparse_minimal.json", today=TODAY)
    assert content.content_sha256(sparse.exam) == "f278e0bad6a013a6a8d2e9b4cbaf3d11f5c0c8fc9ab5926cff4979596ad0b661"


@pytest.mark.parametrize("field", ["body_mass_kg", "impression", "red_flags_screened", "link_review", "documents"])
def test_each_addition_changes_the_checksum(field: str) -> None:
    full = dataclasses.replace(
        BASE, body_mass_kg=80, impression="x", link_review=(REVIEW,), documents=(DOCUMENT,),
        history=dataclasses.replace(BASE.history, red_flags_screened=False),
    )
    without = (dataclasses.replace(full, history=BASE.history) if field == "red_flags_screened"
               else dataclasses.replace(full, **{field: getattr(BASE, field)}))
    assert content.content_sha256(full) != content.content_sha256(without)


def test_partial_dates_are_stored_as_the_files_text(database: db.Database) -> None:
    exam = _history(injuries=(Injury(Region.HIP, Side.LEFT, PartialDate(2019)),),
                    symptoms=(Symptom(Region.KNEE, Side.LEFT, onset=PartialDate(2025, 3)),))
    with database.session() as s:
        pid = repo.create_patient(s, person(), author=AUTHOR)
        repo.save_draft(s, pid, exam, author=AUTHOR)
        stored = s.execute(text("SELECT i.date, s.onset FROM injuries i JOIN symptoms s USING (version_id)")).one()
    assert tuple(stored) == ("2019", "2025-03")  # text, not the number 2019


BAD_ROWS = [
    ("UPDATE symptoms SET quality = 'itchy'", "quality"),
    ("UPDATE injuries SET kind = 'operation'", "kind"),
    ("UPDATE injury_structures SET structure = 'hip_replacement'", "structure"),
    ("UPDATE tests SET distance_cm = 1001", "distance_cm"),
    ("UPDATE exam_versions SET body_mass_kg = 9", "body_mass_kg"),
    ("UPDATE exam_versions SET red_flags_screened = 2", "red_flags_screened"),
    ("UPDATE link_reviews SET decision = 'maybe'", "decision"),
    ("UPDATE link_reviews SET target = source", "source_not_target"),
    ("UPDATE issued_documents SET kind = 'invoice'", "kind"),
    ("UPDATE issued_documents SET sha256 = 'abc'", "sha256"),
]


@pytest.mark.parametrize(("sql", "what"), BAD_ROWS, ids=[w for _, w in BAD_ROWS])
def test_the_database_refuses_values_outside_the_contract(owner_database: db.Database, sql: str, what: str) -> None:
    database = owner_database  # the application's role may not UPDATE findings at all (history_rules)
    record = examfile.load(ADDITIONS, today=TODAY)
    with database.session() as s:
        repo.import_record(s, record, author=AUTHOR)
    with pytest.raises((IntegrityError, StatementError)) as err, database.session() as s:
        s.execute(text(sql))
    assert what in str(err.value)
