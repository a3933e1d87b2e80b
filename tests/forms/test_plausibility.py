"""Plausibility warnings on strength: contradictory values are flagged, kept, and never shown as real."""

from __future__ import annotations

import datetime as dt

import pytest
from kinelink.forms import plausibility
from kinelink.forms.analysis import analyze, to_json
from kinelink.forms.deficits import compare
from kinelink.forms.model import Exam, ExamRecord, Patient, StrengthEntry
from kinelink.forms.plausibility import CheckKind, exam_checks
from kinelink.forms.vocab import Grade, Joint, MuscleGroup, Sex, Side
from kinelink.forms.wording import deficit_phrase

L, R = Side.LEFT, Side.RIGHT
ADULT = Patient("Kowalska", "Maria", dt.date(1980, 5, 5), Sex.FEMALE)


def quads(side: Side, grade: str | None, force: float | None) -> StrengthEntry:
    return StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, side, Grade(grade) if grade else None, force)


def abductors(side: Side, grade: str | None, force: float | None) -> StrengthEntry:
    return StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, side, Grade(grade) if grade else None, force)


def exam(*entries: StrengthEntry, mass: float | None = None) -> Exam:
    return Exam(date=dt.date(2026, 1, 1), strength=entries, body_mass_kg=mass)


def kinds(e: Exam) -> list[tuple[str, CheckKind]]:
    return [(path, check.kind) for path, check in exam_checks(e)]


# --- grade of 2 or less with a force it cannot produce ------------------------------------------

def test_grade_1_with_250_newtons_is_flagged_without_a_body_mass() -> None:
    # no body mass: a 120 kg adult's whole leg weighs 0.161 × 120 × 9.81 = 189.5 N
    assert plausibility.weak_grade_force_limit(None) == pytest.approx(189.5, abs=0.1)
    e = exam(abductors(L, "1", 250), abductors(R, "5", 260))
    assert kinds(e) == [("exam.strength[0].force_n", CheckKind.GRADE_FORCE)]
    (_path, check), = exam_checks(e)
    assert check.message.startswith("grade 1/5 with 250 N")
    assert "about 190 N" in check.message and "no body mass recorded" in check.message
    assert "check this value" in check.message
    left, right = compare(ExamRecord(ADULT, e))  # the LSI built on a force to check is one to check too
    assert not left.lsi_plausible and not right.lsi_plausible and not right.lsi_deficit


@pytest.mark.parametrize(("grade", "force", "mass", "flagged"), [
    ("2", 94, 60.0, False),   # 60 kg: limit 0.161 × 60 × 9.81 = 94.8 N
    ("2", 95, 60.0, True),
    ("2+", 120, 60.0, True),  # 2+ still cannot complete the range against gravity
    ("0", 20, 60.0, False),   # a reading of a few newtons is within what any leg weighs
    ("3-", 250, 60.0, False),  # grade 3- and above: not this check
    ("1", 180, None, False),  # under the 120 kg assumption
    ("1", 180, 100.0, True),  # 100 kg: limit 157.9 N
])
def test_the_weak_grade_limit_is_the_weight_of_the_leg(grade: str, force: float, mass: float | None,
                                                        flagged: bool) -> None:
    e = exam(quads(L, grade, force), mass=mass)
    assert (CheckKind.GRADE_FORCE in [c.kind for _p, c in exam_checks(e)]) is flagged


# --- LSI outside 20–500 % ----------------------------------------------------------------------

def test_an_lsi_of_2200_percent_is_a_check_not_a_deficit() -> None:
    e = exam(quads(L, "4", 22), quads(R, "5", 484))
    assert kinds(e) == [("exam.strength[0].force_n", CheckKind.LSI), ("exam.strength[1].force_n", CheckKind.LSI)]
    left, right = compare(ExamRecord(ADULT, e))
    assert left.lsi == pytest.approx(4.5) and right.lsi == pytest.approx(2200.0)  # the values stay
    assert not left.lsi_plausible and not right.lsi_plausible
    assert not left.lsi_deficit  # never shaded as if real
    assert not any("LSI" in r for r in left.reasons)  # the grade 4 vs 5 is still a deficit, the LSI is not
    assert left.reasons == ("4/5 vs 5/5 on the right side",)
    assert "LSI 4.5 % (22 N vs 484 N on the right side) is outside 20–500 %" in left.checks[0]
    assert "LSI 2200 % (484 N vs 22 N on the left side)" in right.checks[0]
    assert deficit_phrase(left) == "left knee extensors (quadriceps) 22 N, LSI: check this value (grade 4/5)"


def test_lsi_band_edges_and_a_grade_that_explains_a_low_lsi() -> None:
    assert kinds(exam(quads(L, None, 100), quads(R, None, 500))) == []  # 20 % and 500 %: inside
    assert len(kinds(exam(quads(L, None, 99), quads(R, None, 500)))) == 2  # 19.8 % and 505 %
    # a paralysed quadriceps (grade 2) beside a normal one: a real 4.5 %, nothing to check
    assert kinds(exam(quads(L, "2", 22), quads(R, "5", 484))) == []
    left, _right = compare(ExamRecord(ADULT, exam(quads(L, "3", 22), quads(R, "5", 484))))
    assert left.lsi_plausible and left.lsi_deficit


def test_the_analysis_output_keeps_its_fields() -> None:
    record = ExamRecord(ADULT, exam(quads(L, "4", 22), quads(R, "5", 484)))
    deficits = to_json(analyze(record))["deficits"]
    assert [sorted(d) for d in deficits] == [sorted(
        ["kind", "joint", "movement_or_group", "side", "value", "norm", "percent_of_norm", "other_side", "lsi"])]
    assert deficits[0]["lsi"] == pytest.approx(4.5)  # the grade makes it a deficit; the number is not hidden


# --- force per kilogram -----------------------------------------------------------------------

@pytest.mark.parametrize(("force", "mass", "flagged"), [
    (1800, 60.0, True),   # 30 N/kg: a force with an extra digit
    (1200, 60.0, False),  # 20 N/kg exactly: inside
    (600, 80.0, False),   # 7.5 N/kg: a strong quadriceps
    (1800, None, False),  # no body mass: nothing to divide by
])
def test_force_per_kilogram_above_20_is_flagged(force: float, mass: float | None, flagged: bool) -> None:
    e = exam(quads(L, "5", force), mass=mass)
    found = [c for _p, c in exam_checks(e) if c.kind is CheckKind.FORCE_PER_KG]
    assert bool(found) is flagged
    if flagged:
        assert found[0].message.startswith("1800 N is 30 N/kg at 60 kg body mass, above 20 N/kg")


def test_a_childs_forces_are_checked_against_the_childs_own_mass() -> None:
    child = Patient("Nguyễn", "Minh", dt.date(2014, 3, 1), Sex.MALE)  # 11 on the exam date
    e = exam(quads(L, "2", 70), quads(R, "5", 260), mass=38.0)  # 38 kg: a grade-2 leg shows at most 60 N
    assert [c.kind for _p, c in exam_checks(e)] == [CheckKind.GRADE_FORCE]
    assert "at 38 kg" in compare(ExamRecord(child, e))[0].checks[0]


def test_every_bound_carries_its_source() -> None:
    for bound in (plausibility.LIMB_MASS_FRACTION, plausibility.ASSUMED_BODY_MASS, plausibility.LSI_LOW,
                  plausibility.LSI_HIGH, plausibility.FORCE_PER_KG_HIGH):
        assert bound.source.strip()
    for bound in (plausibility.ASSUMED_BODY_MASS, plausibility.LSI_LOW, plausibility.FORCE_PER_KG_HIGH):
        assert "typo guard, not a clinical threshold" in bound.source
