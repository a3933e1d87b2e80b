"""Deficits against norms and the other side, worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from kinelink.forms.deficits import compare
from kinelink.forms.model import Exam, ExamRecord, Patient, RomEntry, StrengthEntry
from kinelink.forms.vocab import Grade, Joint, Mode, Movement, MuscleGroup, Sex, Side

PATIENT = Patient("Doe", "Jo", dt.date(1980, 5, 5), Sex.FEMALE)
L, R = Side.LEFT, Side.RIGHT


def run(*entries: RomEntry | StrengthEntry) -> dict[tuple[str, str, Side], object]:
    exam = Exam(
        date=dt.date(2026, 1, 1),
        rom=tuple(e for e in entries if isinstance(e, RomEntry)),
        strength=tuple(e for e in entries if isinstance(e, StrengthEntry)),
    )
    return {(c.joint.value, c.movement_or_group, c.side): c for c in compare(ExamRecord(PATIENT, exam))}


def test_rom_percent_of_norm_and_side_difference() -> None:
    got = run(
        RomEntry(Joint.KNEE, Movement.FLEXION, L, 100, Mode.ACTIVE),
        RomEntry(Joint.KNEE, Movement.FLEXION, R, 140, Mode.ACTIVE),
    )
    left = got[("knee", "flexion", L)]
    assert left.norm == 135
    assert left.percent_of_norm == pytest.approx(74.1)  # 100 / 135
    assert left.other_side == 140 and left.difference == -40
    assert left.is_deficit and len(left.reasons) == 2
    right = got[("knee", "flexion", R)]
    assert not right.is_deficit  # 103.7 % of norm, better than the other side


def test_percent_of_norm_uses_the_lowest_published_norm_that_fits_the_patient() -> None:
    # hip IR: AAOS 45° (adults to 69 y), Roaas & Andersson 33° (men 30–40 y). A man of 35 fits both:
    # the lower one is taken, deficit below 80 % of 33° = 26.4°.
    man = Patient("Doe", "Jan", dt.date(1990, 5, 5), Sex.MALE)
    exam = Exam(date=dt.date(2026, 1, 1), rom=(
        RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, L, 34, Mode.PASSIVE),
        RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, R, 26, Mode.PASSIVE),
    ))
    left, right = compare(ExamRecord(man, exam))
    assert left.norm == 33 and left.percent_of_norm == pytest.approx(103.0)  # of the lowest norm, as judged
    assert left.norm_fits and "Roaas" in (left.norm_source or "")
    assert not left.is_deficit and not left.percent_deficit
    assert right.is_deficit and right.percent_of_norm == pytest.approx(78.8) and right.percent_deficit
    assert right.reasons == ("26° is below 80 % of the lowest published norm (33°)",)


def test_a_norm_of_men_30_to_40_is_never_set_against_a_woman() -> None:
    got = run(  # PATIENT: a woman of 45: only AAOS (adults to 69 y) fits her
        RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, L, 34, Mode.PASSIVE),
        RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, R, 40, Mode.PASSIVE),
    )
    left = got[("hip", "internal_rotation", L)]
    assert left.norm == 45 and left.norm_fits and left.norm_source == "AAOS (Greene & Heckman 1994)"
    assert left.percent_of_norm == pytest.approx(75.6) and left.percent_deficit


def test_side_difference_alone_makes_a_deficit() -> None:
    got = run(
        RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, L, 38, Mode.PASSIVE),
        RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, R, 48, Mode.PASSIVE),
    )
    left = got[("hip", "internal_rotation", L)]
    assert left.percent_of_norm == pytest.approx(84.4)  # 38 / 45 (AAOS), above 80 %
    assert not left.percent_deficit and left.difference_deficit
    assert left.is_deficit and left.reasons == ("10° less than the right side",)


def test_active_and_passive_are_compared_separately() -> None:
    got = run(
        RomEntry(Joint.HIP, Movement.FLEXION, L, 100, Mode.ACTIVE),
        RomEntry(Joint.HIP, Movement.FLEXION, R, 118, Mode.PASSIVE),
    )
    assert got[("hip", "flexion", L)].other_side is None


def test_knee_extension_lack() -> None:
    got = run(
        RomEntry(Joint.KNEE, Movement.EXTENSION, L, -5, Mode.ACTIVE),
        RomEntry(Joint.KNEE, Movement.EXTENSION, R, 0, Mode.ACTIVE),
    )
    left = got[("knee", "extension", L)]
    assert left.percent_of_norm is None  # norm 0: a percentage means nothing
    assert left.is_deficit and "lacks 5° of extension" in left.reasons[0]
    assert not got[("knee", "extension", R)].is_deficit


def test_hip_internal_rotation_acr_threshold() -> None:
    got = run(RomEntry(Joint.HIP, Movement.INTERNAL_ROTATION, L, 14, Mode.PASSIVE))
    assert any("ACR" in r for r in got[("hip", "internal_rotation", L)].reasons)


def test_force_lsi() -> None:
    got = run(
        StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, L, Grade.G4M, 144),
        StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, R, Grade.G5, 180),
    )
    left = got[("hip", "abductors", L)]
    assert left.value == 144 and left.unit == "N"
    assert left.lsi == pytest.approx(80.0)  # 144 / 180
    assert left.is_deficit and left.reasons[0].startswith("LSI 80 %")
    right = got[("hip", "abductors", R)]
    assert right.lsi == pytest.approx(125.0) and not right.is_deficit


def test_lsi_exactly_90_is_not_a_deficit() -> None:
    got = run(
        StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, L, None, 270),
        StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, R, None, 300),
    )
    assert got[("knee", "extensors", L)].lsi == 90.0
    assert not got[("knee", "extensors", L)].is_deficit


def test_grade_only() -> None:
    got = run(
        StrengthEntry(Joint.HIP, MuscleGroup.EXTENSORS, L, Grade.G4P, None),
        StrengthEntry(Joint.HIP, MuscleGroup.EXTENSORS, R, Grade.G5, None),
    )
    left = got[("hip", "extensors", L)]
    assert left.unit == "grade" and left.value == pytest.approx(4.33)
    assert left.lsi is None and left.percent_of_norm is None
    assert left.reasons == ("4+/5 vs 5/5 on the right side",)
    assert not got[("hip", "extensors", R)].is_deficit


@pytest.mark.parametrize(("acl_side", "criterion"), [(L, "after ACL reconstruction, Grindem"), (R, "convention"),
                                                     (None, "convention")])
def test_the_lsi_threshold_is_named_as_it_applies_to_this_patient(acl_side: Side | None, criterion: str) -> None:
    """The ACL return-to-sport criterion only for the leg with an ACL injury; a convention for everyone else."""
    from kinelink.forms.model import History, Injury
    from kinelink.forms.vocab import Region, Structure

    injuries = () if acl_side is None else (Injury(Region.KNEE, acl_side, structures=(Structure.ACL,)),)
    exam = Exam(date=dt.date(2026, 1, 1), history=History(injuries=injuries), strength=(
        StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, L, Grade.G4, 150),
        StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, R, Grade.G5, 200)))
    (left,) = [c for c in compare(ExamRecord(PATIENT, exam)) if c.side is L]
    assert left.reasons[0].startswith("LSI 75 % (LSI below 90 %; ")
    if criterion == "convention":
        assert "a common convention" in left.reasons[0] and "return-to-sport" not in left.reasons[0]
    else:
        assert "Delaware–Oslo return-to-sport criterion after ACL reconstruction" in left.reasons[0]
