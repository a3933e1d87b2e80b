"""forms.wording: the one owner of how links, sides, scores, screening and comparisons are said."""

from __future__ import annotations

import datetime as dt

from kinelink.forms.deficits import compare
from kinelink.forms.findings import Analysis, Link
from kinelink.forms.model import Exam, ExamRecord, Patient, RomEntry, StrengthEntry
from kinelink.forms.vocab import Grade, Joint, Likelihood, Mechanism, Movement, MuscleGroup, Sex, Side
from kinelink.forms.wording import (
    NOT_SCREENED,
    SCREENED_NONE,
    deficit_phrase,
    imaging_request,
    likelihood_text,
    link_title,
    other_leg_note,
    screening_status,
)

L, R = Side.LEFT, Side.RIGHT


def link(source: Joint, source_side: Side, side: Side, mechanism: Mechanism) -> Link:
    return Link(source, source.other, mechanism, side, source_side, 0.612, Likelihood.HIGH, "", (), (), (), ())


def test_a_title_names_each_joint_on_its_own_side() -> None:
    assert link_title(link(Joint.KNEE, R, L, Mechanism.COMPENSATION)) == "Right knee → left hip (compensation)"
    assert link_title(link(Joint.HIP, L, L, Mechanism.REFERRED)) == "Left hip → left knee (referred)"
    assert other_leg_note(link(Joint.HIP, L, L, Mechanism.REFERRED)) is None
    assert other_leg_note(link(Joint.HIP, R, L, Mechanism.COMPENSATION)) == (
        "The source is on the other leg: the right hip drives the left knee pain.")


def test_imaging_is_of_the_source_joint_on_the_source_side() -> None:
    assert imaging_request(link(Joint.HIP, R, L, Mechanism.COMPENSATION)) == (
        "imaging of the right hip (plain radiographs: AP pelvis and lateral right hip)")
    assert imaging_request(link(Joint.KNEE, R, L, Mechanism.REFERRED)) == "imaging of the right knee (MRI)"
    assert imaging_request(link(Joint.HIP, L, L, Mechanism.ALIGNMENT)) is None


def test_a_score_says_what_it_is_not() -> None:
    assert likelihood_text(link(Joint.HIP, L, L, Mechanism.REFERRED)) == (
        "high (score 0.61 of 1; ranks the recorded evidence; not a probability)")


def test_screening_status_never_reads_an_empty_checklist_as_a_screening() -> None:
    def analysis(screened: bool | None) -> Analysis:
        return Analysis((), (), (), (), screened)

    assert screening_status(analysis(True)) == SCREENED_NONE
    assert screening_status(analysis(None)) == screening_status(analysis(False)) == NOT_SCREENED


def test_comparison_phrases() -> None:
    exam = Exam(date=dt.date(2026, 1, 1),
                rom=(RomEntry(Joint.KNEE, Movement.FLEXION, L, 118), RomEntry(Joint.KNEE, Movement.FLEXION, R, 142)),
                strength=(StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, L, Grade.G4M, 212.5),
                          StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, R, Grade.G5, 318)))
    found = compare(ExamRecord(Patient("Doe", "Jo", dt.date(1980, 1, 1), Sex.MALE), exam))
    assert deficit_phrase(found[0]) == "left knee flexion 118°, 87 % of the norm, 24° less than the right side"
    assert deficit_phrase(found[2]) == "left knee extensors (quadriceps) 212.5 N, LSI 67 % (grade 4−/5)"
