"""Red flags: the catalogue, ticked flags, the flags the findings imply, and their order."""

from __future__ import annotations

import datetime as dt

import pytest
from kinelink.forms.model import Exam, ExamRecord, History, Patient, StrengthEntry, Symptom
from kinelink.forms.redflags import CHILD_MAX_AGE, RED_FLAGS, Urgency, screen
from kinelink.forms.vocab import Gait, Grade, Joint, MuscleGroup, RedFlag, RedFlagOrigin, Region, Sex, Side

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


# --- origins: implied findings and words in the record (issue 10, item 2) ---------------------


def noted(age: int = 68, **fields: str) -> ExamRecord:
    """An exam whose only red-flag content is free text."""
    born = dt.date(DAY.year - age, 1, 1)
    notes = fields.pop("notes", None)
    history = History(symptoms=(Symptom(Region.KNEE, Side.LEFT),), **fields)  # type: ignore[arg-type]
    return ExamRecord(Patient("Doe", "Sam", born, Sex.MALE), Exam(date=DAY, history=history, notes=notes))


def flags_of(rec: ExamRecord) -> dict[RedFlag, tuple[RedFlagOrigin, str]]:
    return {a.flag: (a.origin, a.reason) for a in screen(rec)}


def test_cancer_night_pain_and_weight_loss_written_in_the_history_are_flagged_from_the_text() -> None:
    rec = noted(past_history="Prostate cancer 2019, hormone therapy.",
                complaint="Knee pain worse at night, lost 7 kg since the summer")
    got = flags_of(rec)
    assert got[RedFlag.HISTORY_OF_CANCER] == (RedFlagOrigin.TEXT,
                                              "past history: “Prostate cancer” (to be confirmed)")
    assert got[RedFlag.NIGHT_PAIN] == (RedFlagOrigin.TEXT, "complaint: “worse at night” (to be confirmed)")
    assert got[RedFlag.UNEXPLAINED_WEIGHT_LOSS] == (RedFlagOrigin.TEXT, "complaint: “lost 7 kg” (to be confirmed)")


def test_a_temperature_of_38_in_the_notes_implies_fever_and_with_a_swollen_knee_a_hot_swollen_joint() -> None:
    rec = noted(notes="Steroid injection to the left knee 5 days ago; now swollen and warm. Temp 38.4 °C.")
    got = flags_of(rec)
    assert got[RedFlag.FEVER] == (RedFlagOrigin.IMPLIED, "implied by the findings: temperature “Temp 38.4 °C” (notes)")
    assert got[RedFlag.HOT_SWOLLEN_JOINT][0] is RedFlagOrigin.IMPLIED  # ranks above the text mention
    assert "“swollen and warm”" in got[RedFlag.HOT_SWOLLEN_JOINT][1]
    assert screen(rec)[0].flag is RedFlag.FEVER  # same-day urgency, catalogue order
    assert flags_of(noted(notes="Temp 37.4 °C, knee swollen")) == {}


@pytest.mark.parametrize("text", [
    "No fever, no night pain, no weight loss.",
    "Denies night pain. Fever: no. Weight loss - none.",
    "no fever or night sweats or unexplained weight loss",
    "Family history of bowel cancer; mother had breast cancer.",
    "Worried it might be cancer.",
    "Temperature normal. Calf soft, non-tender: DVT ruled out? no",
])
def test_negation_family_history_and_worry_raise_nothing(text: str) -> None:
    assert flags_of(noted(notes=text)) == {}, text


@pytest.mark.parametrize("text", ["No fever but the knee wakes him at night",
                                  "No fever, the knee wakes him at night"])
def test_a_negation_ends_with_its_clause_or_list(text: str) -> None:
    assert set(flags_of(noted(notes=text))) == {RedFlag.NIGHT_PAIN}


def test_ticked_outranks_the_same_words_in_the_text() -> None:
    rec = noted(red_flags=(RedFlag.NIGHT_PAIN,), complaint="pain at night")
    (alert,) = screen(rec)
    assert alert.origin is RedFlagOrigin.TICKED
    assert alert.reason == "ticked in the screening; complaint: “pain at night” (to be confirmed)"


def test_medications_name_a_cancer_treatment() -> None:
    assert flags_of(noted(medications="Tamoxifen 20 mg"))[RedFlag.HISTORY_OF_CANCER][0] is RedFlagOrigin.TEXT


def test_weak_legs_with_back_pain_imply_a_neurological_deficit() -> None:
    history = History(symptoms=(Symptom(Region.LOWER_BACK, Side.RIGHT), Symptom(Region.KNEE, Side.RIGHT)))
    exam = Exam(date=DAY, history=history,
                strength=(StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, Side.RIGHT, Grade.G3),))
    (alert,) = screen(ExamRecord(Patient("Doe", "Sam", dt.date(1970, 1, 1), Sex.MALE), exam))
    assert alert.flag is RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT and alert.origin is RedFlagOrigin.IMPLIED
    assert "right knee extensors 3/5 with low back pain" in alert.reason


# A fracture flag's imaging follows the joint that hurts: the Ottawa rule is a knee rule, and an older
# patient's fall with groin pain needs hip films (and MRI if they are normal: NICE CG124).
@pytest.mark.parametrize(("regions", "says", "never"), [
    ((Region.KNEE,), "knee radiographs (Ottawa knee rule)", ("hip", "MRI")),
    ((Region.GROIN, Region.HIP), "hip radiographs (AP pelvis and lateral hip)", ("Ottawa", "knee")),
    ((Region.THIGH,), "hip radiographs", ("Ottawa",)),
    ((Region.HIP, Region.KNEE), "radiographs of the hip (AP pelvis and lateral hip) and of the knee", ()),
])
@pytest.mark.parametrize("flag", [RedFlag.INABILITY_TO_BEAR_WEIGHT, RedFlag.TRAUMA_WITH_DEFORMITY])
def test_fracture_imaging_names_the_joint_that_hurts(flag: RedFlag, regions: tuple[Region, ...], says: str,
                                                     never: tuple[str, ...]) -> None:
    (alert,) = screen(record(84, flags=(flag,), symptoms=tuple(Symptom(r, Side.LEFT) for r in regions)))
    assert says in alert.advice
    assert alert.advice.endswith("do not load it until a fracture is excluded.")
    for word in never:
        assert word not in alert.advice
    assert ("MRI (NICE CG124)" in alert.advice) is (regions != (Region.KNEE,))
