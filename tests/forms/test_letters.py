"""Letters as data (forms/letters): types, salutations, composing, the clinician's choices."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from kinelink.forms import examfile, i18n
from kinelink.forms.analysis import analyze
from kinelink.forms.findings import Analysis
from kinelink.forms.letters.compose import Choices, Part, compose, suggested_type
from kinelink.forms.letters.facts import findings
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import (
    DISCHARGE,
    EMERGENCY,
    GP_UPDATE,
    IMAGING,
    LETTER_TYPES,
    ORTHOPAEDIC,
    Section,
    Urgency,
)
from kinelink.forms.link_review import decide, key_of
from kinelink.forms.model import ExamRecord
from kinelink.forms.vocab import LinkDecision, Mechanism

VIGNETTES = Path(__file__).parents[1] / "fixtures" / "vignettes" / "independent"
SURGEON = Recipient("Dr Anna Zola", "Consultant orthopaedic surgeon", "St Mary's Hospital", "Praed St\nLondon")


def vignette(number: str) -> tuple[ExamRecord, Analysis]:
    path = next(VIGNETTES.glob(f"{number}_*.json"))
    record = examfile.load(path, today=dt.date(2100, 1, 1))
    return record, analyze(record)


@pytest.mark.parametrize(("name", "expected"), [
    ("Dr Anna Zola", "Dear Dr Zola,"),
    ("dr. Anna Zola", "Dear dr Zola,"),
    ("Professor Sir John Smith", "Dear Professor Smith,"),
    ("Ms Nguyễn Thị Minh", "Dear Ms Minh,"),
    ("Anna Zola", "Dear Anna Zola,"),
    ("Dr Anna van der Berg", "Dear Dr van der Berg,"),
    ("Mr Tomás Ó Briain", "Dear Mr Ó Briain,"),
    ("Dr Van", "Dear Dr Van,"),
    ("", "Dear colleague,"),
    ("Emergency Department", "Dear colleague,"),
    ("Dr", "Dear colleague,"),
])
def test_salutation_is_built_from_the_name_never_the_role(name: str, expected: str) -> None:
    assert Recipient(name, role="Emergency department", organisation="St Mary's").salutation == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Dr. Anna Zola", "Guten Tag Dr. Zola,"),
    ("dr. Anna Zola", "Guten Tag Dr. Zola,"),
    ("Professor Sir John Smith", "Guten Tag Prof. Smith,"),
    ("Ms Nguyễn Thị Minh", "Sehr geehrte Frau Minh,"),
    ("Mr Tomás Ó Briain", "Sehr geehrter Herr Ó Briain,"),
    ("Anna Zola", "Guten Tag Anna Zola,"),
    ("", "Sehr geehrte Kolleginnen und Kollegen,"),
    ("Zentrale Notaufnahme", "Sehr geehrte Kolleginnen und Kollegen,"),
    ("Radiologische Praxis am Dom", "Sehr geehrte Kolleginnen und Kollegen,"),
])
def test_a_german_salutation_writes_the_title_the_german_way(name: str, expected: str) -> None:
    i18n.set_language("de")
    assert Recipient(name).salutation == expected


def test_the_command_line_recipient_splits_name_and_role() -> None:
    r = Recipient.from_line("Dr Anna Nowak, orthopaedic surgeon")
    assert (r.name, r.role, r.salutation) == ("Dr Anna Nowak", "orthopaedic surgeon", "Dear Dr Nowak,")


def test_every_letter_type_is_complete() -> None:
    assert len(LETTER_TYPES) == 5
    for t in LETTER_TYPES.values():
        assert t.sections[-1] is Section.REQUEST and Section.REASON in t.sections
        assert len(set(t.sections)) == len(t.sections)
        assert Section.RED_FLAGS is t.sections[0]  # red flags lead every letter
        for field in ("{patient}", "{age}", "{date}"):
            assert field in t.opening, (t.key, field)


@pytest.mark.parametrize("number", ["001", "012", "048", "049"])
@pytest.mark.parametrize("key", sorted(LETTER_TYPES))
def test_every_type_composes_for_every_case(number: str, key: str) -> None:
    record, analysis = vignette(number)
    text = compose(record, analysis, LETTER_TYPES[key], SURGEON).as_text()
    assert ".”." not in text and "..\n" not in text
    assert "more in the summary" not in text
    assert "Dear Dr Zola," in text
    if analysis.red_flags:
        first = compose(record, analysis, LETTER_TYPES[key], SURGEON).parts[0]
        assert first.section is Section.RED_FLAGS
        assert "→" not in text  # no link speculation unless the clinician accepted one


def test_cancer_history_gp_letter_names_the_cancer_night_pain_and_weight_loss() -> None:
    record, analysis = vignette("049")
    assert suggested_type(analysis) is GP_UPDATE
    letter = compose(record, analysis, GP_UPDATE, Recipient("Dr Helen Marsh", "General practitioner"))
    text = letter.as_text()
    flags = letter.parts[0]
    assert flags.section is Section.RED_FLAGS
    assert "Prostate cancer" in flags.text and "worse at night" in flags.text and "lost 7 kg" in flags.text
    assert letter.urgency is Urgency.URGENT
    assert "to exclude bone metastasis" in text
    assert "→" not in text


def test_septic_knee_letter_leads_with_the_red_flag_temperature_and_injection() -> None:
    record, analysis = vignette("048")
    assert suggested_type(analysis) is EMERGENCY
    letter = compose(record, analysis, EMERGENCY, Recipient(organisation="Emergency Department"))
    assert letter.salutation == "Dear colleague,"
    assert letter.urgency is Urgency.EMERGENCY
    flags = letter.parts[0]
    assert flags.section is Section.RED_FLAGS
    for words in ("Hot, swollen joint", "38.4 °C", "triamcinolone", "diabetes"):
        assert words in flags.text
    text = letter.as_text()
    assert "septic arthritis" in letter.part(Section.REASON).text  # type: ignore[union-attr]
    assert "→" not in text and "compensation" not in text


def test_adolescent_letter_names_the_suspected_scfe_and_the_hip_findings() -> None:
    record, analysis = vignette("001")
    letter = compose(record, analysis, suggested_type(analysis), SURGEON)
    reason = letter.part(Section.REASON)
    assert reason is not None and "slipped capital femoral epiphysis" in reason.text
    found = letter.part(Section.FINDINGS)
    assert found is not None
    assert "Hip internal rotation (passive): right 5°, painful" in found.text
    assert "Log roll, right: positive, painful (guarding, groin ache)" in found.text
    assert "Gait: antalgic and Trendelenburg" in found.text  # a proper noun keeps its capital
    request = letter.part(Section.REQUEST)
    assert request is not None and "AP pelvis and frog-leg lateral" in request.text


def test_acl_surgeon_letter_gives_lachman_pivot_shift_and_quadriceps_lsi() -> None:
    record, analysis = vignette("012")
    letter = compose(record, analysis, ORTHOPAEDIC, SURGEON)
    found = letter.part(Section.FINDINGS)
    assert found is not None
    assert "Lachman, left: negative (graft firm end-feel)" in found.items
    assert "Pivot shift, left: negative" in found.items
    assert "Knee extensors (quadriceps): left 318 N (grade 4/5); right 430 N (grade 5/5); LSI 74 %" in found.items
    # positives before negatives
    assert found.items.index("Pivot shift, left: negative") > found.items.index("Trendelenburg, left: positive")


def test_only_an_accepted_link_reaches_the_letter_with_all_its_evidence_and_a_fitting_request() -> None:
    record, analysis = vignette("012")
    top = analysis.links[0]
    assert top.mechanism is Mechanism.COMPENSATION
    rejected = analysis.links[1]
    reviews = decide(top, LinkDecision.ACCEPTED, (), "fits the running history")
    reviews = decide(rejected, LinkDecision.REJECTED, reviews)
    letter = compose(record, analysis, ORTHOPAEDIC, SURGEON, reviews=reviews, clinician="Anna Nowak, PT")
    assessment = letter.part(Section.ASSESSMENT)
    assert assessment is not None
    text = assessment.text
    assert text.startswith("Left knee → left hip (compensation)")
    assert "accepted by Anna Nowak, PT" in text and "Fits the running history." in text
    assert all(e.finding in text for e in top.supporting)  # every supporting finding, none cut
    assert "Left hip → left knee (alignment)" not in letter.as_text()
    request = letter.part(Section.REQUEST)
    assert request is not None and "MRI" not in request.text and "imaging" not in request.text
    # a compensation link asks nothing of the radiologist
    imaging = compose(record, analysis, IMAGING, SURGEON, reviews=reviews).part(Section.REQUEST)
    assert imaging is not None and "does not call for imaging" in imaging.text
    assert key_of(top) == reviews[0].key


def test_no_accepted_link_states_the_clinicians_impression() -> None:
    record, analysis = vignette("012")
    record = dataclasses.replace(record, exam=dataclasses.replace(
        record.exam, impression="Gluteal overload after ACL reconstruction"))
    letter = compose(record, analysis, ORTHOPAEDIC, SURGEON)
    text = letter.as_text()
    assert "My clinical impression: Gluteal overload after ACL reconstruction." in text
    assert "→" not in text


def test_choices_leave_out_sections_and_findings_and_keep_edits() -> None:
    record, analysis = vignette("012")
    lachman = next(f for f in findings(record, analysis) if f.key == "test:lachman:left")
    choices = Choices(sections=frozenset({Section.REASON, Section.FINDINGS, Section.REQUEST}),
                      left_out=frozenset({lachman.key}))
    choices = choices.with_edit(Section.REASON, "Persistent <lateral> hip pain & giving way.")
    letter = compose(record, analysis, ORTHOPAEDIC, SURGEON, choices=choices)
    assert [p.section for p in letter.parts] == [Section.REASON, Section.FINDINGS, Section.REQUEST]
    assert letter.parts[0].paragraphs == ("Persistent <lateral> hip pain & giving way.",)
    assert lachman.text not in letter.as_text()


def test_a_section_survives_its_own_text() -> None:
    part = Part(Section.FINDINGS, "Examination findings", ("Lead.",), ("One", "Two"))
    again = Part.from_text(part.section, part.heading, part.text)
    assert (again.paragraphs, again.items) == (part.paragraphs, part.items)


def test_outcome_change_against_the_baseline() -> None:
    record, analysis = vignette("012")
    letter = compose(record, analysis, DISCHARGE, SURGEON, baseline=(record, analysis))
    outcomes = letter.part(Section.OUTCOMES)
    assert outcomes is not None and "Pain 69 → 69" in outcomes.text and "15 Sep 2026" in outcomes.text
