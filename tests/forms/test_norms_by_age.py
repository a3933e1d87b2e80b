"""Norms fit the patient's age and sex, or say whom they describe and call no deficit."""

from __future__ import annotations

import datetime as dt

import pytest
from kinelink.forms.analysis import analyze, to_json
from kinelink.forms.deficits import compare
from kinelink.forms.findings import Comparison
from kinelink.forms.model import Exam, ExamRecord, Patient, RomEntry
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.vocab import Joint, Mode, Movement, Sex, Side

L, R = Side.LEFT, Side.RIGHT
DAY = dt.date(2026, 1, 1)


def hip_extension(patient: Patient, left: float, right: float) -> tuple[Comparison, ...]:
    exam = Exam(date=DAY, rom=(RomEntry(Joint.HIP, Movement.EXTENSION, L, left, Mode.ACTIVE),
                               RomEntry(Joint.HIP, Movement.EXTENSION, R, right, Mode.ACTIVE)))
    return compare(ExamRecord(patient, exam))


def born(age: int) -> dt.date:
    return dt.date(DAY.year - age - 1, 6, 1)


@pytest.mark.parametrize(("sex", "age", "norm", "fits", "source"), [
    (Sex.MALE, 35, 10, True, "Roaas"),  # men 30–40: the lower of AAOS 30° and Roaas 10°
    (Sex.MALE, 45, 30, True, "AAOS"),
    (Sex.FEMALE, 35, 30, True, "AAOS"),
    (Sex.MALE, 73, 30, False, "AAOS"),  # beyond every stored norm's ages: shown, not fitting
    (Sex.FEMALE, 80, 30, False, "AAOS"),
    (Sex.FEMALE, 5, 26.2, True, "Soucie"),  # the CDC child band for girls 2–8
])
def test_the_norm_chosen_for_each_age_and_sex(sex: Sex, age: int, norm: float, fits: bool, source: str) -> None:
    choice = ROM_NORMS[(Joint.HIP, Movement.EXTENSION)].reference_for(sex, age)
    assert choice is not None
    assert (choice.degrees, choice.fits) == (norm, fits) and source in choice.value.source


def test_a_12_year_old_gets_no_adult_norm() -> None:
    assert ROM_NORMS[(Joint.HIP, Movement.EXTENSION)].reference_for(Sex.FEMALE, 12) is None
    child = Patient("Żółć", "Łucja", born(12), Sex.FEMALE)
    left, _right = hip_extension(child, 5, 20)
    assert left.norm is None and left.percent_of_norm is None and not left.percent_deficit
    assert left.difference_deficit  # 15° less than the other side still counts
    assert "compared with the other side only" in (left.norm_source or "")


def test_a_73_year_old_man_is_not_judged_by_the_norms_of_men_30_to_40() -> None:
    man = Patient("Иванов", "Иван", born(73), Sex.MALE)
    left, _right = hip_extension(man, 5, 8)  # 5° would be 17 % of AAOS, 50 % of Roaas: neither applies
    assert left.norm == 30 and not left.norm_fits
    assert left.percent_of_norm is None and not left.percent_deficit
    assert not left.is_deficit and left.reasons == ()  # 3° less than the other side: not a deficit
    assert left.norm_source == ("norm for adults 18–69 y, AAOS (Greene & Heckman 1994); no published norm for "
                                "age 73 here: compared with the other side only")
    assert "Roaas" not in (left.norm_source or "")
    out = to_json(analyze(ExamRecord(man, Exam(date=DAY, rom=(
        RomEntry(Joint.HIP, Movement.EXTENSION, L, 5, Mode.ACTIVE),
        RomEntry(Joint.HIP, Movement.EXTENSION, R, 20, Mode.ACTIVE))))))
    (deficit,) = out["deficits"]  # 15° less than the other side: still a deficit, against no norm
    assert deficit["norm"] is None and deficit["percent_of_norm"] is None and deficit["value"] == 5


def test_an_80_year_olds_acr_criterion_and_side_difference_still_apply() -> None:
    woman = Patient("Nowak", "Zofia", born(80), Sex.FEMALE)
    exam = Exam(date=DAY, rom=(RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, L, 10, Mode.PASSIVE),
                               RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, R, 25, Mode.PASSIVE)))
    left, _right = compare(ExamRecord(woman, exam))
    assert left.percent_of_norm is None
    assert left.reasons == ("15° less than the right side", "10° is below 15° (ACR hip OA criterion)")


def test_every_norm_names_its_population_and_source() -> None:
    for norm in ROM_NORMS.values():
        for value in (*norm.values, *norm.child):
            assert value.source.strip() and value.population.strip()
    hip_ext = ROM_NORMS[(Joint.HIP, Movement.EXTENSION)]
    assert [v.population for v in hip_ext.values] == ["adults 18–69 y", "men 30–40 y"]
    assert [v.population for v in hip_ext.child] == ["girls 2–8 y", "boys 2–8 y"]


def test_the_progress_chart_draws_a_norm_line_only_where_a_norm_fits() -> None:
    from kinelink.forms import progress

    hip_ext = progress.measure("rom:hip:extension")
    assert hip_ext.reference_for(Sex.MALE, 35) == ("norm 10°", 10.0)  # men 30–40
    assert hip_ext.reference_for(Sex.FEMALE, 35) == ("norm 30°", 30.0)
    assert hip_ext.reference_for(Sex.MALE, 80) is None  # no published norm for 80 here: no line
    assert hip_ext.reference_for(Sex.FEMALE, 12) is None
    assert progress.measure("koos").reference_for(Sex.MALE, 35) is None
