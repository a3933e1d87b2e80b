"""The exam file contract: every rule of ../shared/exam-format.md is tested here."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from kinelink.forms import examfile
from kinelink.forms.examfile import ExamFileError

from tests.conftest import FIXTURES
from tests.strategies import EXAM_DAY, records

TODAY = dt.date(2026, 11, 25)
ALL_FIXTURES = sorted(FIXTURES.rglob("*.json"))
EXAM_FILES = [p for p in ALL_FIXTURES if p.name != "expected.json"]


def minimal() -> dict[str, Any]:
    return {
        "format": "kinelink-exam",
        "version": 1,
        "patient": {"family_name": "Doe", "given_name": "Jo", "date_of_birth": "1980-01-01", "sex": "female"},
        "exam": {"date": "2026-01-10", "history": {}},
    }


def full() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / "exams" / "full_left_knee_to_hip.json").read_text("utf-8"))
    return doc


def problems(doc: object) -> list[str]:
    with pytest.raises(ExamFileError) as err:
        examfile.from_dict(doc, today=TODAY)
    return [str(p) for p in err.value.problems]


def test_minimal_is_valid() -> None:
    record = examfile.from_dict(minimal(), today=TODAY)
    assert record.patient.family_name == "Doe"
    assert record.exam.rom == ()


@pytest.mark.parametrize("path", EXAM_FILES, ids=lambda p: p.name)
def test_fixture_round_trip_is_lossless(path: Path) -> None:
    first = examfile.load(path, today=TODAY)
    again = examfile.loads(examfile.dumps(first), today=TODAY)
    assert again == first
    # and the written JSON equals the original document, key order and null-vs-missing aside
    original = json.loads(path.read_text("utf-8"))
    assert _strip_nulls(examfile.to_dict(first)) == _strip_nulls(_normalise(original))


def _strip_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nulls(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_strip_nulls(v) for v in value]
    return value


def _normalise(doc: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for injury in doc["exam"]["history"].get("injuries", []) or []:
        if injury.get("description") is None:
            injury["description"] = ""
    return doc


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_generated_round_trip_is_lossless(record: examfile.ExamRecord) -> None:
    text = examfile.dumps(record)
    assert examfile.loads(text, today=EXAM_DAY) == record
    assert examfile.dumps(examfile.loads(text, today=EXAM_DAY)) == text


def test_unicode_and_markup_pass_through_unchanged() -> None:
    doc = minimal()
    doc["patient"].update(family_name="Żółć", given_name="Łukasz")
    doc["exam"]["notes"] = 'Nguyễn Thị Minh, Иван, Γιώργος: <b>bold</b> & "quoted" \'single\' 🙂 עברית'
    doc["exam"]["history"]["complaint"] = "<img src=x/> &amp; ‮rtl"
    record = examfile.from_dict(doc, today=TODAY)
    out = json.loads(examfile.dumps(record))
    assert out["patient"]["family_name"] == "Żółć"
    assert out["exam"]["notes"] == doc["exam"]["notes"]
    assert out["exam"]["history"]["complaint"] == "<img src=x/> &amp; ‮rtl"
    assert "Żółć" in examfile.dumps(record)  # written as UTF-8, not \u escapes


# --- every rule break, with its JSON path -----------------------------------------------------

def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    keys = path.split(".")
    target: Any = doc
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target.setdefault(key, {})
    if isinstance(target, list):
        target[int(keys[-1])] = value
    else:
        target[keys[-1]] = value


def _del(doc: dict[str, Any], path: str) -> None:
    keys = path.split(".")
    target: Any = doc
    for key in keys[:-1]:
        target = target[key]
    del target[keys[-1]]


BREAKS: list[tuple[str, str, Any, str]] = [
    # (id, path to set, value, expected start of the message)
    ("format", "format", "kinelink", "format: must be 'kinelink-exam'"),
    ("version", "version", 2, "version: must be 1"),
    ("unknown-top", "extra", 1, "extra: unknown key"),
    ("unknown-patient", "patient.weight", 70, "patient.weight: unknown key"),
    ("unknown-exam", "exam.bmi", 22, "exam.bmi: unknown key"),
    ("unknown-history", "exam.history.smoker", True, "exam.history.smoker: unknown key"),
    ("family-empty", "patient.family_name", "   ", "patient.family_name: must not be empty"),
    ("given-empty", "patient.given_name", "", "patient.given_name: must not be empty"),
    ("given-number", "patient.given_name", 5, "patient.given_name: must be a string"),
    ("dob-format", "patient.date_of_birth", "01/02/1980", "patient.date_of_birth: '01/02/1980' is not a date"),
    ("dob-after-exam", "patient.date_of_birth", "2026-02-01", "patient.date_of_birth: 2026-02-01 is in the future"),
    ("sex", "patient.sex", "f", "patient.sex: 'f' is not one of female, male, other, unknown"),
    ("patient-id-type", "patient.id", 42, "patient.id: must be a string"),
    ("exam-date-future", "exam.date", "2026-12-24", "exam.date: 2026-12-24 is in the future"),
    ("exam-date-invalid", "exam.date", "2026-02-30", "exam.date: '2026-02-30' is not a date"),
    ("history-not-object", "exam.history", [], "exam.history: must be an object"),
    ("complaint-type", "exam.history.complaint", ["x"], "exam.history.complaint: must be a string"),
    ("injury-region", "exam.history.injuries",
     [{"region": "shoulder", "side": "left"}], "exam.history.injuries[0].region: 'shoulder' is not one of hip"),
    ("injury-side", "exam.history.injuries", [{"region": "knee", "side": "both"}],
     "exam.history.injuries[0].side: 'both' is not one of left, right"),
    ("injury-date-future", "exam.history.injuries",
     [{"region": "knee", "side": "left", "date": "2026-01-11"}],
     "exam.history.injuries[0].date: 2026-01-11 is in the future"),
    ("injury-structure", "exam.history.injuries",
     [{"region": "knee", "side": "left", "structures": ["acl", "rotator_cuff"]}],
     "exam.history.injuries[0].structures[1]: 'rotator_cuff' is not one of acl"),
    ("injury-missing-side", "exam.history.injuries", [{"region": "knee"}],
     "exam.history.injuries[0].side: is required"),
    ("symptom-location", "exam.history.symptoms",
     [{"region": "hip", "side": "left", "location": "inside"}],
     "exam.history.symptoms[0].location: 'inside' is not one of anterior"),
    ("symptom-pain-range", "exam.history.symptoms", [{"region": "hip", "side": "left", "pain_nprs": 11}],
     "exam.history.symptoms[0].pain_nprs: 11 is out of range (0 to 10)"),
    ("symptom-pain-float", "exam.history.symptoms", [{"region": "hip", "side": "left", "pain_nprs": 4.5}],
     "exam.history.symptoms[0].pain_nprs: must be a whole number"),
    ("symptom-activity", "exam.history.symptoms",
     [{"region": "hip", "side": "left", "aggravating": ["cycling"]}],
     "exam.history.symptoms[0].aggravating[0]: 'cycling' is not one of stairs"),
    ("symptom-radiates", "exam.history.symptoms", [{"region": "hip", "side": "left", "radiates_to": "foot"}],
     "exam.history.symptoms[0].radiates_to: 'foot' is not one of hip"),
    ("symptom-onset-future", "exam.history.symptoms",
     [{"region": "hip", "side": "left", "onset": "2030-01-01"}],
     "exam.history.symptoms[0].onset: 2030-01-01 is in the future"),
    ("gait", "exam.history.gait", ["waddling"], "exam.history.gait[0]: 'waddling' is not one of normal"),
    ("gait-not-list", "exam.history.gait", "limp", "exam.history.gait: must be a list"),
    ("red-flag", "exam.history.red_flags", ["headache"], "exam.history.red_flags[0]: 'headache' is not one of"),
    ("rom-movement-knee", "exam.rom",
     [{"joint": "knee", "movement": "rotation", "side": "left", "degrees": 10, "mode": "active"}],
     "exam.rom[0].movement: 'rotation' is not one of flexion, extension"),
    ("rom-knee-abduction", "exam.rom",
     [{"joint": "knee", "movement": "abduction", "side": "left", "degrees": 10, "mode": "active"}],
     "exam.rom[0].movement: 'abduction' is not one of flexion, extension"),
    ("rom-joint", "exam.rom",
     [{"joint": "ankle", "movement": "flexion", "side": "left", "degrees": 10, "mode": "active"}],
     "exam.rom[0].joint: 'ankle' is not one of hip, knee"),
    ("rom-degrees-high", "exam.rom",
     [{"joint": "hip", "movement": "flexion", "side": "left", "degrees": 181, "mode": "active"}],
     "exam.rom[0].degrees: 181 is out of range (-30 to 180)"),
    ("rom-degrees-low", "exam.rom",
     [{"joint": "knee", "movement": "extension", "side": "left", "degrees": -31, "mode": "active"}],
     "exam.rom[0].degrees: -31 is out of range"),
    ("rom-degrees-text", "exam.rom",
     [{"joint": "hip", "movement": "flexion", "side": "left", "degrees": "90", "mode": "active"}],
     "exam.rom[0].degrees: must be a number"),
    ("rom-mode", "exam.rom",
     [{"joint": "hip", "movement": "flexion", "side": "left", "degrees": 90, "mode": "assisted"}],
     "exam.rom[0].mode: 'assisted' is not one of active, passive"),
    ("rom-painful", "exam.rom",
     [{"joint": "hip", "movement": "flexion", "side": "left", "degrees": 90, "mode": "active", "painful": "yes"}],
     "exam.rom[0].painful: must be true, false or null"),
    ("rom-duplicate", "exam.rom",
     [{"joint": "hip", "movement": "flexion", "side": "left", "degrees": 90, "mode": "active"},
      {"joint": "hip", "movement": "flexion", "side": "left", "degrees": 95, "mode": "active"}],
     "exam.rom[1]: repeats exam.rom[0]"),
    ("strength-group-knee", "exam.strength",
     [{"joint": "knee", "group": "abductors", "side": "left", "grade": "4"}],
     "exam.strength[0].group: 'abductors' is not one of extensors, flexors"),
    ("strength-grade", "exam.strength",
     [{"joint": "hip", "group": "abductors", "side": "left", "grade": "5+"}],
     "exam.strength[0].grade: '5+' is not one of 0, 1-"),
    ("strength-grade-number", "exam.strength",
     [{"joint": "hip", "group": "abductors", "side": "left", "grade": 4}],
     "exam.strength[0].grade: 4 is not one of"),
    ("strength-none", "exam.strength", [{"joint": "hip", "group": "abductors", "side": "left"}],
     "exam.strength[0]: give at least one of grade and force_n"),
    ("strength-force-range", "exam.strength",
     [{"joint": "hip", "group": "abductors", "side": "left", "force_n": 2500}],
     "exam.strength[0].force_n: 2500 is out of range (0 to 2000)"),
    ("strength-force-negative", "exam.strength",
     [{"joint": "hip", "group": "abductors", "side": "left", "force_n": -1}],
     "exam.strength[0].force_n: -1 is out of range"),
    ("test-name", "exam.tests", [{"test": "apley", "side": "left", "result": "positive"}],
     "exam.tests[0].test: 'apley' is not one of lachman"),
    ("test-result", "exam.tests", [{"test": "lachman", "side": "left", "result": "yes"}],
     "exam.tests[0].result: 'yes' is not one of positive, negative, equivocal, not_tested"),
    ("test-grade", "exam.tests", [{"test": "lachman", "side": "left", "result": "positive", "grade": "4"}],
     "exam.tests[0].grade: '4' is not one of 1, 2, 3"),
    ("test-note-type", "exam.tests", [{"test": "lachman", "side": "left", "result": "positive", "note": 3}],
     "exam.tests[0].note: must be a string"),
    ("outcome-instrument", "exam.outcomes", [{"instrument": "WOMAC", "responses": {}}],
     "exam.outcomes[0].instrument: 'WOMAC' is not one of KOOS, HOOS, LEFS"),
    ("outcome-item", "exam.outcomes", [{"instrument": "KOOS", "responses": {"P10": 1}}],
     "exam.outcomes[0].responses.P10: 'P10' is not a KOOS item"),
    ("outcome-hoos-item", "exam.outcomes", [{"instrument": "HOOS", "responses": {"S6": 1}}],
     "exam.outcomes[0].responses.S6: 'S6' is not a HOOS item"),
    ("outcome-lefs-item", "exam.outcomes", [{"instrument": "LEFS", "responses": {"21": 1}}],
     "exam.outcomes[0].responses.21: '21' is not a LEFS item"),
    ("outcome-answer", "exam.outcomes", [{"instrument": "LEFS", "responses": {"1": 5}}],
     "exam.outcomes[0].responses.1: 5 is out of range (0 to 4)"),
    ("outcome-answer-bool", "exam.outcomes", [{"instrument": "LEFS", "responses": {"1": True}}],
     "exam.outcomes[0].responses.1: must be a whole number"),
    ("outcome-date-future", "exam.outcomes", [{"instrument": "LEFS", "date": "2026-03-01", "responses": {}}],
     "exam.outcomes[0].date: 2026-03-01 is in the future"),
    ("outcome-responses-list", "exam.outcomes", [{"instrument": "LEFS", "responses": [1, 2]}],
     "exam.outcomes[0].responses: must be an object"),
    ("exam-id-type", "exam.id", 7, "exam.id: must be a string"),
    ("notes-type", "exam.notes", {"a": 1}, "exam.notes: must be a string"),
    ("rom-not-list", "exam.rom", {"joint": "hip"}, "exam.rom: must be a list"),
]


@pytest.mark.parametrize(("path", "value", "expected"), [b[1:] for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_rule_break_is_reported_with_its_path(path: str, value: Any, expected: str) -> None:
    doc = minimal()
    _set(doc, path, value)
    found = problems(doc)
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize(
    "path",
    ["patient", "exam", "format", "version", "patient.family_name", "patient.given_name",
     "patient.date_of_birth", "patient.sex", "exam.date", "exam.history"],
)
def test_required_key_missing(path: str) -> None:
    doc = minimal()
    _del(doc, path)
    assert any(p.startswith(f"{path}: is required") for p in problems(doc))


def test_every_problem_is_collected_not_just_the_first() -> None:
    doc = full()
    doc["exam"]["rom"][3]["movement"] = "rotation"
    doc["exam"]["strength"][0]["grade"] = "6"
    doc["patient"]["sex"] = "M"
    doc["exam"]["tests"][1]["result"] = "maybe"
    found = problems(doc)
    assert found == [
        "patient.sex: 'M' is not one of female, male, other, unknown",
        "exam.rom[3].movement: 'rotation' is not one of flexion, extension",
        "exam.strength[0].grade: '6' is not one of 0, 1-, 1, 1+, 2-, 2, 2+, 3-, 3, 3+, 4-, 4, 4+, 5",
        "exam.tests[1].result: 'maybe' is not one of positive, negative, equivocal, not_tested",
    ]


def test_optional_fields_may_be_null_or_missing() -> None:
    doc = minimal()
    doc["exam"].update(id=None, clinician=None, rom=None, strength=[], tests=None, outcomes=None, notes=None)
    doc["patient"]["id"] = None
    doc["exam"]["history"] = {"complaint": None, "injuries": None, "gait": [], "red_flags": None}
    record = examfile.from_dict(doc, today=TODAY)
    assert record.exam.id is None and record.exam.history.injuries == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty"),
        ("not json at all", "not valid JSON"),
        ('{"format": "kinelink-exam", "version": 1, "patient": {"family', "the file ends too early"),
        ("[1, 2, 3]", "must be an object, not a list"),
        ('"just a string"', "must be an object"),
        ("null", "must be an object, not null"),
    ],
)
def test_not_an_exam_document(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExamFileError) as err:
        examfile.load(path, today=TODAY)
    assert expected in str(err.value)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"x": "Żółć"}'.encode("utf-16"))
    with pytest.raises(ExamFileError, match="not UTF-8"):
        examfile.load(path)


def test_exam_date_today_is_allowed_and_tomorrow_is_not() -> None:
    doc = minimal()
    doc["exam"]["date"] = TODAY.isoformat()
    examfile.from_dict(doc, today=TODAY)
    doc["exam"]["date"] = (TODAY + dt.timedelta(days=1)).isoformat()
    assert any("is in the future" in p for p in problems(doc))
