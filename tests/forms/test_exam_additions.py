"""The "Additions to version 1" of the exam format (../shared/exam-format.md): every new key read,
written back unchanged, and refused with its JSON path when wrong; files without them as before."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest
from kinelink.forms import examfile, partialdate
from kinelink.forms.examfile import ExamFileError
from kinelink.forms.partialdate import PartialDate
from kinelink.forms.vocab import DocumentKind, InjuryKind, LinkDecision, Mechanism, PainQuality, Structure

from tests.conftest import FIXTURES

TODAY = dt.date(2026, 11, 25)
ADDITIONS = FIXTURES / "additions" / "additions_full.json"
NEW_EXAM_KEYS = {"body_mass_kg", "link_review", "impression", "documents"}


def doc() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(ADDITIONS.read_text("utf-8"))
    return loaded


def problems(document: object) -> list[str]:
    with pytest.raises(ExamFileError) as err:
        examfile.from_dict(document, today=TODAY)
    return [str(p) for p in err.value.problems]


def test_every_addition_is_read_as_typed_values() -> None:
    e = examfile.load(ADDITIONS, today=TODAY).exam
    h = e.history
    assert e.body_mass_kg == 82.5
    assert e.impression is not None and e.impression.startswith("Patellofemoral")
    assert h.red_flags_screened is True and h.red_flags == ()
    hip, thigh, groin = h.injuries
    assert (hip.kind, thigh.kind, groin.kind) == (InjuryKind.SURGERY, InjuryKind.INJURY, None)
    assert hip.structures == (Structure.ARTHROPLASTY,)
    assert thigh.structures == (Structure.RECTUS_FEMORIS, Structure.HIP_FLEXORS)
    assert groin.structures == (Structure.ADDUCTORS,)
    assert hip.date == PartialDate(2019) and thigh.date == PartialDate(2024, 5)
    assert groin.date == dt.date(2025, 11, 3) and type(groin.date) is dt.date
    assert [s.quality for s in h.symptoms] == [PainQuality.ACHE, PainQuality.PINS_AND_NEEDLES]
    assert [s.onset for s in h.symptoms] == [PartialDate(2026, 3), PartialDate(2025)]
    assert [t.distance_cm for t in e.tests] == [142, 115.5]
    accepted, rejected = e.link_review
    assert accepted.decision is LinkDecision.ACCEPTED and accepted.mechanism is Mechanism.COMPENSATION
    assert (accepted.side.value, accepted.source_side.value) == ("right", "left")
    assert rejected.note is None
    summary, letter = e.documents
    assert summary.kind is DocumentKind.SUMMARY and summary.letter_type is None
    assert summary.issued_at == dt.datetime(2026, 10, 12, 10, 41, 7, tzinfo=dt.UTC)
    assert letter.recipient == "Dr Иван Петров" and letter.letter_type == "referral"


def test_file_round_trip_keeps_every_addition() -> None:
    record = examfile.load(ADDITIONS, today=TODAY)
    written = examfile.to_dict(record)
    assert written == doc()  # key for key, value for value ("2019" stays "2019", 142 stays 142)
    assert examfile.loads(examfile.dumps(record), today=TODAY) == record


@pytest.mark.parametrize("name", ["sparse_minimal.json", "full_left_knee_to_hip.json", "red_flags_adolescent.json"])
def test_files_without_the_additions_are_written_without_them(name: str) -> None:
    written = examfile.to_dict(examfile.load(FIXTURES / "exams" / name, today=TODAY))
    assert not NEW_EXAM_KEYS & written["exam"].keys()
    assert "red_flags_screened" not in written["exam"]["history"]
    for injury in written["exam"]["history"]["injuries"]:
        assert "kind" not in injury
    for symptom in written["exam"]["history"]["symptoms"]:
        assert "quality" not in symptom
    for test in written["exam"]["tests"]:
        assert "distance_cm" not in test


@pytest.mark.parametrize("screened", [True, False, None])
def test_red_flags_screened_false_and_null_stay_apart(screened: bool | None) -> None:
    d = doc()
    d["exam"]["history"]["red_flags_screened"] = screened
    record = examfile.from_dict(d, today=TODAY)
    assert record.exam.history.red_flags_screened is screened
    assert examfile.to_dict(record)["exam"]["history"].get("red_flags_screened") is screened


def _set(d: dict[str, Any], path: str, value: object) -> None:
    """Set `exam.tests[1].distance_cm`-style paths."""
    keys: list[str | int] = []
    for part in path.split("."):
        name, _, index = part.partition("[")
        keys.append(name)
        if index:
            keys.append(int(index.rstrip("]")))
    target: Any = d
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value


BAD = [
    ("exam.body_mass_kg", 9.5, "out of range (10 to 400)"),
    ("exam.body_mass_kg", "82", "must be a number"),
    ("exam.impression", 12, "must be a string"),
    ("exam.history.red_flags_screened", "yes", "must be true, false or null"),
    ("exam.history.injuries[0].kind", "operation", "'operation' is not one of injury, surgery"),
    ("exam.history.injuries[1].date", "2024-13", "is not a date YYYY-MM-DD, YYYY-MM or YYYY"),
    ("exam.history.injuries[1].date", "24", "is not a date YYYY-MM-DD, YYYY-MM or YYYY"),
    ("exam.history.injuries[1].date", "2027", "in the future"),
    ("exam.history.injuries[0].structures[0]", "hip_replacement", "is not one of"),
    ("exam.history.symptoms[0].onset", "2026-11", "in the future"),
    ("exam.history.symptoms[0].onset", "March 2026", "is not a date"),
    ("exam.history.symptoms[1].quality", "itchy", "'itchy' is not one of ache, sharp, burning"),
    ("exam.tests[0].distance_cm", 1000.5, "out of range (0 to 1000)"),
    ("exam.tests[0].distance_cm", True, "must be a number"),
    ("exam.link_review", {}, "must be a list"),
    ("exam.link_review[0].decision", "maybe", "'maybe' is not one of accepted, rejected"),
    ("exam.link_review[0].mechanism", "magic", "is not one of compensation"),
    ("exam.link_review[0].source_side", None, "is required"),
    ("exam.link_review[0].target", "hip", "must differ from the source (hip)"),
    ("exam.link_review[1].extra", 1, "unknown key"),
    ("exam.documents[0].kind", "invoice", "'invoice' is not one of summary, letter"),
    ("exam.documents[0].issued_at", "2026-10-12 10:41:07", "is not a UTC time YYYY-MM-DDTHH:MM:SSZ"),
    ("exam.documents[0].issued_at", "2026-02-30T10:41:07Z", "is not a UTC time"),
    ("exam.documents[0].sha256", "ABC", "is not a sha256"),
    ("exam.documents[0].author", "  ", "must not be empty"),
    ("exam.documents[1].text", None, "is required"),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD, ids=[f"{p}={v!r}" for p, v, _ in BAD])
def test_a_bad_value_is_refused_with_its_json_path(path: str, value: object, message: str) -> None:
    d = doc()
    _set(d, path, value)
    found = problems(d)
    assert any(p.startswith(f"{path}: ") and message in p for p in found), found


def test_a_repeated_link_review_is_refused() -> None:
    d = doc()
    d["exam"]["link_review"].append(copy.deepcopy(d["exam"]["link_review"][0]) | {"decision": "rejected"})
    assert any(p.startswith("exam.link_review[2]: repeats exam.link_review[0]") for p in problems(d))


NUL_PATHS = [
    "patient.family_name", "patient.id", "exam.clinician", "exam.notes", "exam.impression",
    "exam.history.complaint", "exam.history.goals", "exam.history.injuries[0].description",
    "exam.tests[1].note", "exam.link_review[0].note", "exam.documents[1].text", "exam.documents[1].recipient",
    "exam.documents[1].letter_type", "exam.documents[0].author",
]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_nul_in_any_text_is_an_error_naming_the_path(path: str) -> None:
    d = doc()
    _set(d, path, "before\x00after")
    assert f"{path}: contains the NUL character (U+0000), which cannot be stored" in problems(d)


def test_other_unusual_characters_are_kept() -> None:
    d = doc()
    d["exam"]["notes"] = "\x01 <b>&amp;</b> \u202eRTL\u202c 🦵 \"quoted\" \\ tab\t"
    assert examfile.from_dict(d, today=TODAY).exam.notes == d["exam"]["notes"]


# --- partial dates ---------------------------------------------------------------------------


def test_partial_dates_order_by_their_first_day() -> None:
    days = [dt.date(2019, 6, 2), PartialDate(2019, 6), PartialDate(2018), dt.date(2019, 1, 1), PartialDate(2019)]
    assert [d.isoformat() for d in sorted(days)] == ["2018", "2019-01-01", "2019", "2019-06", "2019-06-02"]
    assert PartialDate(2019, 6) < dt.date(2019, 6, 2)
    assert not PartialDate(2019, 6) < dt.date(2019, 6, 1)
    assert dt.date(2020, 1, 1) - PartialDate(2019) == dt.timedelta(days=365)
    assert type(PartialDate(2019) + dt.timedelta(days=3)) is dt.date


def test_a_partial_date_is_not_equal_to_its_first_day() -> None:
    assert PartialDate(2019) != dt.date(2019, 1, 1)
    assert dt.date(2019, 1, 1) != PartialDate(2019)
    assert PartialDate(2019) != PartialDate(2019, 1)
    assert PartialDate(2019, 1) == PartialDate(2019, 1)
    assert len({PartialDate(2019), PartialDate(2019), dt.date(2019, 1, 1)}) == 2


def test_partial_date_text_and_precision() -> None:
    assert str(PartialDate(2019, 3)) == "2019-03" and f"{PartialDate(987)}" == "0987"
    assert partialdate.precision(PartialDate(2019, 3)) == "month"
    assert partialdate.precision(PartialDate(2019)) == "year"
    assert partialdate.precision(dt.date(2019, 3, 4)) == "day"
    assert partialdate.parse("2019-03-04") == dt.date(2019, 3, 4)
    assert partialdate.parse("2019-03") == PartialDate(2019, 3)
    for bad in ("2019-3", "2019-00", "0000", "19", "2019-03-4", ""):
        with pytest.raises(ValueError):
            partialdate.parse(bad)


def test_partial_dates_survive_copy_and_pickle() -> None:
    import pickle

    for value in (PartialDate(2019), PartialDate(2019, 12)):
        assert copy.deepcopy(value) == value
        assert pickle.loads(pickle.dumps(value)) == value
        assert repr(value).startswith("PartialDate(2019")


def test_the_partial_date_of_the_exam_month_is_not_in_the_future() -> None:
    d = doc()
    d["exam"]["history"]["symptoms"][0]["onset"] = "2026-10"  # the exam is on 2026-10-12
    assert examfile.from_dict(d, today=TODAY).exam.history.symptoms[0].onset == PartialDate(2026, 10)
