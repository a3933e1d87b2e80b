"""`kinelink export --format fhir`: one FHIR R4 (4.0.1) Bundle per exam, as plain dicts (json).

A `collection` Bundle of: Patient, Encounter, one Observation per range-of-motion and strength
entry (UCUM units: deg, N, N/kg), one QuestionnaireResponse and one score Observation per subscale
for each KOOS/HOOS/LEFS, one ClinicalImpression per kinetic-chain link the clinician accepted, and
one DocumentReference per issued letter or summary (the PDF itself when it was kept).

Codes (docs/fhir-export.md lists each with the page it was checked on): LOINC where a code was
found and checked; everywhere else Kinelink's own code systems, named `urn:kinelink:fhir:...`
(not resolvable: they say "Kinelink's own code", and docs/fhir-export.md says which).
No identifier leaves as a FHIR id (exam ids may hold any character): resources are named by
`urn:uuid:` full URLs made from the exam id (uuid5), and references point at those.
Qt-free; the only I/O is `export_fhir` writing the files.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kinelink import db
from kinelink.desktop import paths
from kinelink.desktop.usecases.examfiles import write_text_atomically
from kinelink.forms import analysis as analysis_mod
from kinelink.forms import link_review, wording
from kinelink.forms.model import Exam, ExamRecord, IssuedDocument, Outcome, PatientId, RomEntry, StrengthEntry
from kinelink.forms.questionnaires import questionnaire
from kinelink.forms.relative import force_per_kg
from kinelink.forms.vocab import Instrument, Side

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
LOCAL = "urn:kinelink:fhir"  # Kinelink's own code systems and identifiers (no public code found)
ROM_SYSTEM = f"{LOCAL}:CodeSystem:rom"  # code: joint-movement-side, e.g. knee-flexion-left
STRENGTH_SYSTEM = f"{LOCAL}:CodeSystem:strength"  # code: joint-group-side
GRADE_SYSTEM = f"{LOCAL}:CodeSystem:oxford-grade"  # Oxford/MRC grade as recorded, "4-" .. "5"
SCORE_SYSTEM = f"{LOCAL}:CodeSystem:outcome-score"  # INSTRUMENT-subscale, where LOINC has none found
LINK_SYSTEM = f"{LOCAL}:CodeSystem:kinetic-chain-link"  # source-target-mechanism
DOCUMENT_SYSTEM = f"{LOCAL}:CodeSystem:document"  # summary, letter
EXAM_IDS = f"{LOCAL}:exam"
RECORD_NUMBERS = f"{LOCAL}:record-number"
FILE_SUFFIX = ".fhir.json"

# LOINC codes, each checked on 2 Dec 2026 against a page that lists it (docs/fhir-export.md gives code,
# LOINC name, page and verdict; every code's check digit was recomputed too). The subscale scores are
# those CMS's quality measures name (CMS66 for KOOS, CMS56 for HOOS). A code that could not be verified
# is not used: its score or panel gets a Kinelink code (SCORE_SYSTEM) with the name as text.
PANEL_LOINC: Mapping[Instrument, tuple[str, str]] = {
    Instrument.KOOS: ("72091-2", "Knee injury and Osteoarthritis Outcome Score [KOOS]"),
}
SCORE_LOINC: Mapping[tuple[Instrument, str], tuple[str, str]] = {
    (Instrument.KOOS, "pain"): ("72102-7", "Pain score [KOOS]"),
    (Instrument.KOOS, "symptoms"): ("72101-9", "Symptoms score [KOOS]"),
    (Instrument.KOOS, "adl"): ("72100-1", "Activities of daily living score [KOOS]"),
    (Instrument.KOOS, "sport_rec"): ("72099-5", "Sport-recreation score [KOOS]"),
    (Instrument.KOOS, "qol"): ("72098-7", "Quality of life score [KOOS]"),
    (Instrument.HOOS, "pain"): ("72097-9", "Pain score [HOOS]"),
    (Instrument.HOOS, "symptoms"): ("72096-1", "Symptoms score [HOOS]"),
    (Instrument.HOOS, "adl"): ("72095-3", "Activities of daily living score [HOOS]"),
    (Instrument.HOOS, "sport_rec"): ("72094-6", "Sport-recreation score [HOOS]"),
    (Instrument.HOOS, "qol"): ("72093-8", "Quality of life score [HOOS]"),
}


def file_name(exam_id: str) -> str:
    """DIR/<exam id>.fhir.json, the id quoted as the json export quotes it (examfiles.export_file_name)."""
    from kinelink.desktop.usecases.examfiles import export_file_name

    return export_file_name(exam_id).removesuffix(".json") + FILE_SUFFIX


def _urn(exam_id: str, what: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{EXAM_IDS}:{exam_id}/{what}')}"


def _ref(full_url: str, display: str | None = None) -> dict[str, Any]:
    return {"reference": full_url, **({"display": display} if display else {})}


def _coding(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code, "display": display}], "text": display}


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def _side(side: Side) -> str:
    return side.label.lower()


def _patient(record: ExamRecord) -> dict[str, Any]:
    p = record.patient
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "name": [{"family": p.family_name, "given": [p.given_name], "text": f"{p.given_name} {p.family_name}"}],
        "gender": p.sex.value,  # female, male, other, unknown: FHIR's administrative-gender codes
        "birthDate": p.date_of_birth.isoformat(),
    }
    if p.record_number:
        resource["identifier"] = [{"system": RECORD_NUMBERS, "value": p.record_number}]
    return resource


def _encounter(exam: Exam, patient: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Encounter",
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "subject": _ref(patient),
        "period": {"start": exam.date.isoformat()},
    }
    if exam.clinician:
        resource["participant"] = [{"individual": {"display": exam.clinician}}]
    return resource


def _observation(exam: Exam, patient: str, encounter: str, code: dict[str, Any], category: str,
                 display: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": _category(category, display),
        "code": code,
        "subject": _ref(patient),
        "encounter": _ref(encounter),
        "effectiveDateTime": exam.date.isoformat(),
    }


def _rom(exam: Exam, entry: RomEntry, patient: str, encounter: str) -> dict[str, Any]:
    code = f"{entry.joint.value}-{entry.movement.value}-{entry.side.value}"
    text = (f"{entry.joint.label} {entry.movement.label.lower()}, {_side(entry.side)} "
            f"({entry.mode.value} range of motion)")
    resource = _observation(exam, patient, encounter, _coding(ROM_SYSTEM, code, text), "exam", "Exam")
    resource["valueQuantity"] = _quantity(entry.degrees, "deg")
    resource["method"] = {"text": f"{entry.mode.value} range of motion, goniometer"}
    resource["bodySite"] = {"text": f"{_side(entry.side)} {entry.joint.label.lower()}"}
    if entry.painful is not None:
        resource["note"] = [{"text": "painful" if entry.painful else "not painful"}]
    return resource


def _strength(exam: Exam, entry: StrengthEntry, patient: str, encounter: str) -> dict[str, Any]:
    code = f"{entry.joint.value}-{entry.group.value}-{entry.side.value}"
    text = f"{entry.joint.label} {entry.group.label.lower()} strength, {_side(entry.side)}"
    resource = _observation(exam, patient, encounter, _coding(STRENGTH_SYSTEM, code, text), "exam", "Exam")
    resource["bodySite"] = {"text": f"{_side(entry.side)} {entry.joint.label.lower()}"}
    components: list[dict[str, Any]] = []
    if entry.grade is not None:
        components.append({"code": _coding(STRENGTH_SYSTEM, "oxford-grade", "Oxford (MRC) grade"),
                           "valueCodeableConcept": _coding(GRADE_SYSTEM, entry.grade.value, entry.grade.value)})
    if entry.force_n is not None:
        components.append({"code": _coding(STRENGTH_SYSTEM, "force", "Hand-held dynamometer force"),
                           "valueQuantity": _quantity(entry.force_n, "N")})
        per_kg = force_per_kg(entry.force_n, exam.body_mass_kg)
        if per_kg is not None:
            components.append({"code": _coding(STRENGTH_SYSTEM, "force-per-kg", "Force per kilogram of body mass"),
                               "valueQuantity": _quantity(per_kg, "N/kg")})
    if components:
        resource["component"] = components
    else:
        resource["dataAbsentReason"] = {"text": "neither grade nor force recorded"}
    return resource


def _panel_code(instrument: Instrument) -> dict[str, Any]:
    if instrument in PANEL_LOINC:
        code, display = PANEL_LOINC[instrument]
        return _coding(LOINC, code, display)
    return _coding(SCORE_SYSTEM, instrument.value, questionnaire(instrument).title)


def _outcome(exam: Exam, outcome: Outcome, index: int, patient: str, encounter: str, exam_id: str
             ) -> list[tuple[str, dict[str, Any]]]:
    """The QuestionnaireResponse and one score Observation per subscale (derived from it)."""
    instrument = outcome.instrument
    q = questionnaire(instrument)
    texts = {item.code: item.text for item in q.items}
    when = (outcome.date or exam.date).isoformat()
    response_url = _urn(exam_id, f"outcome/{index}")
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{LOCAL}:Questionnaire:{instrument.value}",  # Kinelink's item wording (forms/questionnaires)
        "status": "completed",
        "subject": _ref(patient),
        "encounter": _ref(encounter),
        "authored": when,
        "item": [
            {"linkId": code, **({"text": texts[code]} if texts.get(code) else {}),
             "answer": [{"valueInteger": value}]}
            for code, value in outcome.responses
        ],
    }
    panel = _panel_code(instrument)
    response["extension"] = [{"url": f"{LOCAL}:StructureDefinition:instrument", "valueCodeableConcept": panel}]
    out: list[tuple[str, dict[str, Any]]] = [(response_url, response)]
    scores = analysis_mod.score_outcome(outcome)
    titles = {s.key: s.title for s in q.subscales}
    for key, value in scores.scores:
        if (instrument, key) in SCORE_LOINC:
            code, display = SCORE_LOINC[(instrument, key)]
            concept = _coding(LOINC, code, display)
        else:
            display = f"{titles.get(key, key)} score [{instrument.value}]"
            concept = _coding(SCORE_SYSTEM, f"{instrument.value}-{key}", display)
        observation = _observation(exam, patient, encounter, concept, "survey", "Survey")
        observation["effectiveDateTime"] = when
        observation["derivedFrom"] = [_ref(response_url)]
        if value is None:
            observation["dataAbsentReason"] = {"text": "too few items answered to score"}
        else:
            observation["valueQuantity"] = _quantity(round(value, 2), "{score}")
        out.append((_urn(exam_id, f"outcome/{index}/{key}"), observation))
    return out


def _impressions(record: ExamRecord, patient: str, encounter: str, exam_id: str) -> list[tuple[str, dict[str, Any]]]:
    """One ClinicalImpression per suggested link the clinician accepted (forms/link_review.py)."""
    out = []
    analysis = analysis_mod.analyze(record)
    for link, review in link_review.accepted(analysis, record.exam.link_review):
        code = f"{link.source.value}-{link.target.value}-{link.mechanism.value}"
        title = wording.link_title(link)
        resource: dict[str, Any] = {
            "resourceType": "ClinicalImpression",
            "status": "completed",
            "subject": _ref(patient),
            "encounter": _ref(encounter),
            "effectiveDateTime": record.exam.date.isoformat(),
            "description": f"{title}: {link_review.verdict_text(review, record.exam.clinician)}",
            "summary": link.summary,
            "finding": [{"itemCodeableConcept": _coding(LINK_SYSTEM, code, title),
                         "basis": "; ".join(e.finding for e in link.supporting) or None}],
        }
        if not resource["finding"][0]["basis"]:
            del resource["finding"][0]["basis"]
        if record.exam.clinician:
            resource["assessor"] = {"display": record.exam.clinician}
        if review.note:
            resource["note"] = [{"text": review.note}]
        out.append((_urn(exam_id, f"link/{code}/{link.side.value}/{link.source_side.value}"), resource))
    return out


def _document(doc: IssuedDocument, pdf: bytes | None, patient: str, encounter: str) -> dict[str, Any]:
    title = doc.kind.label if doc.letter_type is None else f"{doc.kind.label}: {doc.letter_type}"
    attachment: dict[str, Any] = {"title": title, "creation": doc.issued_at.isoformat().replace("+00:00", "Z")}
    if pdf is not None:
        attachment.update(contentType="application/pdf", data=base64.b64encode(pdf).decode("ascii"), size=len(pdf))
    else:  # the PDF was not kept: its words, as issued
        text = doc.text.encode("utf-8")
        attachment.update(contentType="text/plain; charset=utf-8", data=base64.b64encode(text).decode("ascii"),
                          size=len(text))
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "status": "current",
        "type": _coding(DOCUMENT_SYSTEM, doc.kind.value, doc.kind.label),
        "subject": _ref(patient),
        "date": doc.issued_at.isoformat().replace("+00:00", "Z"),
        "author": [{"display": doc.author}],
        "description": f"{title}, sha256 {doc.sha256}" + (f", to {doc.recipient}" if doc.recipient else ""),
        "content": [{"attachment": attachment}],
        "context": {"encounter": [_ref(encounter)]},
    }
    return resource


def bundle(record: ExamRecord, pdfs: Mapping[str, bytes] | None = None) -> dict[str, Any]:
    """The exam as a FHIR R4 collection Bundle; `pdfs` maps an issued document's sha256 to its PDF."""
    exam = record.exam
    exam_id = exam.id or ""
    patient, encounter = _urn(exam_id, "patient"), _urn(exam_id, "encounter")
    entries: list[tuple[str, dict[str, Any]]] = [(patient, _patient(record)), (encounter, _encounter(exam, patient))]
    entries += [(_urn(exam_id, f"rom/{i}"), _rom(exam, e, patient, encounter)) for i, e in enumerate(exam.rom)]
    entries += [(_urn(exam_id, f"strength/{i}"), _strength(exam, e, patient, encounter))
                for i, e in enumerate(exam.strength)]
    for i, outcome in enumerate(exam.outcomes):
        entries += _outcome(exam, outcome, i, patient, encounter, exam_id)
    entries += _impressions(record, patient, encounter, exam_id)
    entries += [(_urn(exam_id, f"document/{d.sha256}"), _document(d, (pdfs or {}).get(d.sha256), patient, encounter))
                for d in exam.documents]
    out: dict[str, Any] = {"resourceType": "Bundle", "type": "collection"}
    if exam_id:  # a stored exam always has one; a file may not
        out["identifier"] = {"system": EXAM_IDS, "value": exam_id}
    out["entry"] = [{"fullUrl": url, "resource": resource} for url, resource in entries]
    return out


def export_fhir(
    database: db.Database,
    folder: Path,
    *,
    patient_id: PatientId | None = None,
    written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write DIR/<exam id>.fhir.json for the latest version of every exam (or one patient's)."""
    paths.private_dir(folder)
    out: list[Path] = []
    with database.session() as s:
        for record in db.repository.export_records(s, patient_id=patient_id):
            assert record.exam.id is not None
            pdfs = {d.sha256: pdf for d in record.exam.documents
                    if (pdf := db.repository.document_pdf(s, d.sha256)) is not None}
            target = folder / file_name(record.exam.id)
            write_text_atomically(target, json.dumps(bundle(record, pdfs), ensure_ascii=False, indent=1) + "\n")
            out.append(target)
            if written is not None:
                written(target)
    return out
