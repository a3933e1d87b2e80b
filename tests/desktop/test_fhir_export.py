"""`kinelink export --format fhir`: every bundle validates with the FHIR R4 (4.0.1) models of
`fhir.resources` 6.x, for every fixture exam and for exams stored in a real database with an
accepted kinetic-chain link and an issued PDF; names in any script come back as written."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from fhir.resources import construct_fhir_element
from fhir.resources.bundle import Bundle
from kinelink import db
from kinelink.db import repository as repo
from kinelink.desktop.cli import main
from kinelink.desktop.usecases import fhir_export
from kinelink.desktop.usecases.examfiles import export_file_name
from kinelink.forms import analysis, examfile, link_review
from kinelink.forms.model import ExamId, ExamRecord, IssuedDocument, Outcome, Patient
from kinelink.forms.questionnaires import questionnaire
from kinelink.forms.vocab import DocumentKind, Instrument, LinkDecision, Sex

from tests.conftest import FIXTURES

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "fhir-export.md"
KOOS = Instrument.KOOS
EXAMS = sorted((FIXTURES / "exams").glob("*.json"))


def _validated(doc: dict[str, Any]) -> Bundle:
    """The bundle through the R4 models: the Bundle, then each entry as its own resource class."""
    assert doc["resourceType"] == "Bundle"
    parsed = Bundle.parse_obj(doc)
    for entry in doc["entry"]:
        resource = entry["resource"]
        construct_fhir_element(resource["resourceType"], resource)  # raises on anything not R4
    return parsed


def _of_type(doc: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == kind]


@pytest.mark.parametrize("path", EXAMS, ids=[p.stem for p in EXAMS])
def test_every_fixture_exam_is_a_valid_r4_bundle(path: Path) -> None:
    record = examfile.load(path)
    doc = json.loads(json.dumps(fhir_export.bundle(record), ensure_ascii=False))
    _validated(doc)
    urls = [e["fullUrl"] for e in doc["entry"]]
    assert len(set(urls)) == len(urls) and all(u.startswith("urn:uuid:") for u in urls)
    for entry in doc["entry"]:  # every reference points into the bundle
        for ref in re.findall(r'"reference": "([^"]+)"', json.dumps(entry["resource"])):
            assert ref in urls
    exam = record.exam
    (patient,) = _of_type(doc, "Patient")
    assert patient["name"][0]["family"] == record.patient.family_name
    assert patient["birthDate"] == record.patient.date_of_birth.isoformat()
    observations = _of_type(doc, "Observation")
    rom = [o for o in observations if o["code"]["coding"][0]["system"] == fhir_export.ROM_SYSTEM]
    assert [o["valueQuantity"]["value"] for o in rom] == [e.degrees for e in exam.rom]
    assert all(o["valueQuantity"]["code"] == "deg" and o["valueQuantity"]["system"] == fhir_export.UCUM for o in rom)
    strength = [o for o in observations if o["code"]["coding"][0]["system"] == fhir_export.STRENGTH_SYSTEM]
    assert len(strength) == len(exam.strength)
    forces = [c["valueQuantity"] for o in strength for c in o.get("component", []) if "valueQuantity" in c]
    assert {q["code"] for q in forces} <= {"N", "N/kg"}
    recorded = [e.force_n for e in exam.strength if e.force_n is not None]
    assert [q["value"] for q in forces if q["code"] == "N"] == recorded
    responses = _of_type(doc, "QuestionnaireResponse")
    assert len(responses) == len(exam.outcomes)
    for response, outcome in zip(responses, exam.outcomes, strict=True):
        assert [(i["linkId"], i["answer"][0]["valueInteger"]) for i in response["item"]] == list(outcome.responses)
    scores = [o for o in observations if o.get("derivedFrom")]
    expected = [v for outcome in exam.outcomes for _k, v in analysis.score_outcome(outcome).scores]
    assert [o.get("valueQuantity", {}).get("value") for o in scores] == [
        None if v is None else round(v, 2) for v in expected]


def test_scores_carry_the_verified_loinc_codes_and_a_local_code_elsewhere() -> None:
    """KOOS and HOOS subscale scores and the KOOS panel carry the LOINC codes verified (docs/fhir-export.md);
    the LEFS total and the HOOS panel, for which no code could be verified, carry Kinelink's own code
    with the name as text."""
    record = examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json")
    hoos = questionnaire(Instrument.HOOS)
    answered = Outcome(Instrument.HOOS, tuple((item.code, 2) for item in hoos.items), record.exam.date)
    record = dataclasses.replace(record, exam=dataclasses.replace(record.exam,
                                                                  outcomes=(*record.exam.outcomes, answered)))
    doc = fhir_export.bundle(record)
    _validated(doc)
    codes = {o["code"]["coding"][0]["code"]: (o["code"]["coding"][0]["system"], o["code"]["text"])
             for o in _of_type(doc, "Observation") if o.get("derivedFrom")}
    for (instrument, key), (code, display) in fhir_export.SCORE_LOINC.items():
        assert codes[code] == (fhir_export.LOINC, display), (instrument, key)
    assert {c for c, (system, _t) in codes.items() if system == fhir_export.LOINC} == {
        "72102-7", "72101-9", "72100-1", "72099-5", "72098-7", "72097-9", "72096-1", "72095-3", "72094-6", "72093-8"}
    assert codes["LEFS-total"] == (fhir_export.SCORE_SYSTEM, "Total score [LEFS]")  # none verified: local + text
    koos, _lefs, hoos_response = _of_type(doc, "QuestionnaireResponse")
    assert koos["extension"][0]["valueCodeableConcept"]["coding"][0] == {"system": fhir_export.LOINC, "code": "72091-2",
                                                                        "display": fhir_export.PANEL_LOINC[KOOS][1]}
    panel = hoos_response["extension"][0]["valueCodeableConcept"]
    assert panel["coding"][0]["system"] == fhir_export.SCORE_SYSTEM and panel["coding"][0]["code"] == "HOOS"
    assert panel["text"] == hoos.title


def test_the_document_lists_every_loinc_code_used_with_its_source_page() -> None:
    """Each code used is a row of the codes table: its LOINC name as found, the page, verified yes."""
    text = DOC.read_text(encoding="utf-8")
    used = [*fhir_export.PANEL_LOINC.values(), *fhir_export.SCORE_LOINC.values()]
    for code, display in used:
        line = next((ln for ln in text.splitlines() if ln.startswith(f"| `{code}`")), "")
        assert display in line and re.search(r"https?://", line) and "| yes" in line, f"{code}: no verified row"
    for system in (fhir_export.ROM_SYSTEM, fhir_export.STRENGTH_SYSTEM, fhir_export.SCORE_SYSTEM,
                   fhir_export.LINK_SYSTEM, fhir_export.GRADE_SYSTEM, fhir_export.DOCUMENT_SYSTEM):
        assert f"`{system}`" in text


def test_every_loinc_code_has_a_valid_check_digit() -> None:
    """LOINC's mod-10 check digit (LOINC Users' Guide): a code mistyped or made up usually fails it."""
    def check_digit(number: str) -> int:
        total = 0
        for position, digit in enumerate(reversed(number)):
            value = int(digit) * (2 if position % 2 == 0 else 1)
            total += value // 10 + value % 10
        return (10 - total % 10) % 10

    for code, _display in [*fhir_export.PANEL_LOINC.values(), *fhir_export.SCORE_LOINC.values()]:
        number, digit = code.split("-")
        assert check_digit(number) == int(digit), code
    assert check_digit("72095") == 3 and check_digit("72748") != 4  # 72748-4 (offered for the LEFS) is no code


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, ExamRecord, bytes]:
    """A database with the full fixture exam under a Unicode patient and an awkward id, an accepted
    link, and its summary PDF (written by `kinelink report`) issued with it."""
    base = tmp_path / "clinic.sqlite3"
    fixture = examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json")
    suggested = analysis.analyze(fixture).links
    assert suggested, "the fixture exam suggests a link"
    reviews = link_review.decide(suggested[0], LinkDecision.ACCEPTED, (), note="fits the “stairs” story <&>")
    patient = Patient("Nguyễn Thị Minh", "Иван", dt.date(1990, 1, 2), Sex.OTHER, "MRN/7 <&>")
    record = ExamRecord(patient, dataclasses.replace(fixture.exam, id=ExamId("../escaped exam"), link_review=reviews))
    pdf_path = tmp_path / "summary.pdf"
    exam_file = tmp_path / "exam.json"
    exam_file.write_text(examfile.dumps(record), encoding="utf-8")
    assert main(["report", str(exam_file), "-o", str(pdf_path)]) == 0
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    with db.open_database(base) as database, database.session() as s:
        result = repo.import_record(s, record, author="Łukasz Żółć")
        repo.issue_document(s, result.exam_id, IssuedDocument(
            DocumentKind.SUMMARY, dt.datetime(2026, 10, 2, 12, 30, tzinfo=dt.UTC), "Łukasz Żółć",
            "Assessment summary", hashlib.sha256(pdf).hexdigest()), pdf=pdf)
    return base, record, pdf


def test_the_command_writes_one_valid_bundle_per_stored_exam(
    stored: tuple[Path, ExamRecord, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    base, _record, pdf = stored
    out = tmp_path / "fhir"
    assert main(["export", "--db", str(base), "--out-dir", str(out), "--format", "fhir"]) == 0
    name = export_file_name("../escaped exam").removesuffix(".json") + ".fhir.json"
    assert name == "..%2Fescaped%20exam.fhir.json".replace("..", "%2E.", 1)
    assert [p.name for p in out.iterdir()] == [name]
    assert capsys.readouterr().out.strip() == f"exported {out / name}"
    assert stat.S_IMODE(out.stat().st_mode) == 0o700 and stat.S_IMODE((out / name).stat().st_mode) == 0o600
    doc = json.loads((out / name).read_text(encoding="utf-8"))
    _validated(doc)
    assert doc["identifier"]["value"] == "../escaped exam"
    (patient,) = _of_type(doc, "Patient")
    assert patient["name"][0] == {"family": "Nguyễn Thị Minh", "given": ["Иван"], "text": "Иван Nguyễn Thị Minh"}
    assert patient["identifier"][0]["value"] == "MRN/7 <&>" and patient["gender"] == "other"
    assert "Nguyễn Thị Minh" in (out / name).read_text(encoding="utf-8")  # written as UTF-8, not \\u-escaped
    (impression,) = _of_type(doc, "ClinicalImpression")
    assert impression["status"] == "completed" and impression["note"] == [{"text": "fits the “stairs” story <&>"}]
    assert "accepted by Anna Nowak, PT" in impression["description"]
    (document,) = _of_type(doc, "DocumentReference")
    attachment = document["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf" and base64.b64decode(attachment["data"]) == pdf
    assert document["author"] == [{"display": "Łukasz Żółć"}] and document["date"] == "2026-10-02T12:30:00Z"


def test_a_bad_patient_number_is_one_line_and_nothing_is_written(
    stored: tuple[Path, ExamRecord, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    base, _record, _pdf = stored
    out = tmp_path / "fhir"
    assert main(["export", "--db", str(base), "--out-dir", str(out), "--format", "fhir", "--patient", "x"]) == 2
    assert capsys.readouterr().err == "kinelink: error: --patient: 'x' is not a patient number\n"
    assert not out.exists()
