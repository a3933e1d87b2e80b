"""Red flags: the catalogue, ticked flags, the flags the findings imply, and their order."""

from __future__ import annotations

import datetime as dt

import pytest
from kinelink.forms.model import Exam, ExamRecord, History, Patient, Symptom
from kinelink.forms.redflags import CHILD_MAX_AGE, RED_FLAGS, Urgency, screen
from kinelink.forms.vocab import Gait, RedFlag, Region, Sex, Side

DAY = dt.date(2026, 6, 1)
CHILD_LIMP = RedFlag.ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP


def record(age: int = 40, *, flags: tuple[RedFlag, ...] = (), symptoms: tuple[Symptom, ...] = (),
           gait: tuple[Gait, ...] = ()) -> ExamRecord:
    born = dt.date(DAY.year - age, 1, 1)
    history = History(symptoms=symptoms, gait=gait, red_flags=flags)
    return ExamRecord(Patient("Doe", "Sam", born, Sex.MALE), Exam(date=DAY, history=history))


def test_every_flag_has_a_label_advice_condition_urgency_and_source() -> None:
    assert set(RED_FLAGS) == set(RedFlag)
    for flag, info in RED_FLAGS.items():
        assert info.flag is flag
        assert info.label.strip() and info.suggests.strip() and info.source.strip()
        assert info.advice.strip().endswith(".")
        assert "refer" in info.advice.lower() or "emergency department" in info.advice
        assert "diagnos" not in info.advice.lower()


def test_ticked_flags_come_back_with_their_advice() -> None:
    (alert,) = screen(record(flags=(RedFlag.FEVER,)))
    assert alert.flag is RedFlag.FEVER
    assert alert.advice == RED_FLAGS[RedFlag.FEVER].advice
    assert alert.reason == "ticked in the screening"


def test_most_urgent_first_then_catalogue_order() -> None:
    flags = (RedFlag.NIGHT_PAIN, RedFlag.HISTORY_OF_CANCER, RedFlag.CALF_SWELLING_OR_TENDERNESS,
             RedFlag.SADDLE_ANAESTHESIA, RedFlag.FEVER)
    got = [a.flag for a in screen(record(flags=flags))]
    assert got == [RedFlag.SADDLE_ANAESTHESIA, RedFlag.FEVER, RedFlag.CALF_SWELLING_OR_TENDERNESS,
                   RedFlag.HISTORY_OF_CANCER, RedFlag.NIGHT_PAIN]
    ranks = [RED_FLAGS[f].urgency.rank for f in got]
    assert ranks == sorted(ranks)
    assert RED_FLAGS[RedFlag.SADDLE_ANAESTHESIA].urgency is Urgency.EMERGENCY


@pytest.mark.parametrize("region", [Region.KNEE, Region.HIP, Region.GROIN, Region.THIGH])
@pytest.mark.parametrize("gait", [Gait.LIMP, Gait.ANTALGIC])
def test_a_child_with_hip_or_knee_pain_and_a_limp_is_flagged_without_ticking(region: Region, gait: Gait) -> None:
    (alert,) = screen(record(13, symptoms=(Symptom(region, Side.LEFT),), gait=(gait,)))
    assert alert.flag is CHILD_LIMP
    assert alert.reason.startswith("implied by the findings: 13-year-old with left ")


@pytest.mark.parametrize(
    ("age", "flagged"), [(8, True), (CHILD_MAX_AGE, True), (CHILD_MAX_AGE + 1, False), (40, False)]
)
def test_the_age_limit(age: int, flagged: bool) -> None:
    found = screen(record(age, symptoms=(Symptom(Region.KNEE, Side.RIGHT),), gait=(Gait.LIMP,)))
    assert [a.flag for a in found] == ([CHILD_LIMP] if flagged else [])


def test_age_is_taken_on_the_exam_date() -> None:
    patient = Patient("Doe", "Sam", dt.date(2009, 6, 2), Sex.MALE)  # 17 the day after the exam
    rec = ExamRecord(patient, Exam(date=DAY, history=History(symptoms=(Symptom(Region.KNEE, Side.LEFT),),
                                                             gait=(Gait.LIMP,))))
    assert [a.flag for a in screen(rec)] == [CHILD_LIMP]


def test_no_limp_or_no_pain_no_implied_flag() -> None:
    assert screen(record(12, symptoms=(Symptom(Region.KNEE, Side.LEFT),), gait=(Gait.NORMAL,))) == ()
    assert screen(record(12, gait=(Gait.LIMP,))) == ()
    assert screen(record(12, symptoms=(Symptom(Region.LOWER_BACK, Side.LEFT),), gait=(Gait.LIMP,))) == ()


def test_ticked_and_implied_make_one_alert_with_both_reasons() -> None:
    found = screen(record(12, flags=(CHILD_LIMP,), symptoms=(Symptom(Region.KNEE, Side.LEFT),), gait=(Gait.LIMP,)))
    (alert,) = found
    assert alert.reason == (
        "ticked in the screening; implied by the findings: 12-year-old with left knee pain and a limp"
    )
