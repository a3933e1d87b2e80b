"""A red flag changes the rest of the analysis (issue 10, items 2 and 3).

Red flags come first everywhere; the links stay visible but lose their exercise, loading and
loading-test steps until the flag is cleared; an empty checklist is never read as a screening.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kinelink.forms.analysis import analyze, to_json
from kinelink.forms.model import Exam, ExamRecord, History, Injury, Patient, RomEntry, StrengthEntry, Symptom
from kinelink.forms.summary_text import render_text
from kinelink.forms.vocab import (
    Activity,
    Gait,
    Grade,
    Joint,
    Location,
    Movement,
    MuscleGroup,
    RedFlag,
    RedFlagOrigin,
    Region,
    Sex,
    Side,
    Structure,
)
from kinelink.forms.wording import AFTER_RED_FLAGS, HELD_STEP

DAY = dt.date(2026, 6, 1)
LOADING_WORDS = ("load the hip progressively", "gait retraining", "exercise", "single-leg squat")


def knee_to_hip(notes: str | None = None, **history: object) -> ExamRecord:
    """A left knee injury, an antalgic gait, then left hip pain: a knee → hip compensation link."""
    base = History(
        complaint="Left hip hurts since the knee went",
        injuries=(Injury(Region.KNEE, Side.LEFT, dt.date(2026, 1, 10), "fall", (Structure.MEDIAL_MENISCUS,)),),
        symptoms=(Symptom(Region.KNEE, Side.LEFT, Location.MEDIAL, dt.date(2026, 1, 10), 5),
                  Symptom(Region.HIP, Side.LEFT, Location.LATERAL, dt.date(2026, 3, 1), 4,
                          (Activity.STAIRS, Activity.WALKING))),
        gait=(Gait.ANTALGIC,),
    )
    exam = Exam(
        date=DAY, history=replace(base, **history), notes=notes,  # type: ignore[arg-type]
        rom=(RomEntry(Joint.KNEE, Movement.FLEXION, Side.LEFT, 110),
             RomEntry(Joint.KNEE, Movement.FLEXION, Side.RIGHT, 140)),
        strength=(StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, Side.LEFT, Grade.G4M),
                  StrengthEntry(Joint.KNEE, MuscleGroup.EXTENSORS, Side.RIGHT, Grade.G5)),
    )
    return ExamRecord(Patient("Doe", "Sam", dt.date(1958, 5, 5), Sex.MALE), exam)


def test_without_red_flags_the_link_keeps_its_exercise_steps() -> None:
    top = analyze(knee_to_hip()).top_link
    assert top is not None and not top.held_for_red_flags
    assert any("load the hip progressively" in s for s in top.next_steps)


def test_a_suspected_septic_knee_withholds_exercise_and_loading_but_keeps_the_link() -> None:
    record = knee_to_hip(notes="Knee hot and swollen since the steroid injection. Temp 38.4 °C.")
    analysis = analyze(record)
    assert [a.flag for a in analysis.red_flags][:2] == [RedFlag.FEVER, RedFlag.HOT_SWOLLEN_JOINT]
    assert analysis.red_flags[0].origin is RedFlagOrigin.IMPLIED
    assert analysis.links, "the links stay visible"
    for link in analysis.links:
        assert link.held_for_red_flags and link.next_steps[0] == HELD_STEP
        later = " ".join(link.next_steps[1:]).lower()
        assert not any(word in later for word in LOADING_WORDS), link.next_steps
    text = render_text(record, analysis)
    assert text.index("RED FLAGS") < text.index("KNEE–HIP LINK")
    assert f"KNEE–HIP LINK, {AFTER_RED_FLAGS}:" in text
    doc = to_json(analysis)
    assert doc["red_flags"][0] == {
        "flag": "fever", "advice": analysis.red_flags[0].advice, "origin": "implied",
        "evidence": "implied by the findings: temperature “Temp 38.4 °C” (notes)",
    }
    assert doc["links"][0]["next_steps"][0] == HELD_STEP


def test_cancer_history_night_pain_and_weight_loss_in_words_hold_the_imaging_step() -> None:
    record = knee_to_hip(past_history="Prostate cancer, on hormone therapy",
                         complaint="Hip pain worse at night; lost 7 kg without trying")
    analysis = analyze(record)
    got = {a.flag: a.origin for a in analysis.red_flags}
    assert got == {RedFlag.HISTORY_OF_CANCER: RedFlagOrigin.TEXT, RedFlag.NIGHT_PAIN: RedFlagOrigin.TEXT,
                   RedFlag.UNEXPLAINED_WEIGHT_LOSS: RedFlagOrigin.TEXT}
    text = render_text(record, analysis)
    assert "none ticked" not in text and "RED FLAGS (3 red flags found" in text
    assert "past history: “Prostate cancer” (to be confirmed)" in " ".join(text.split())


def test_an_empty_checklist_is_not_a_screening() -> None:
    record = knee_to_hip()
    text = render_text(record, analyze(record))
    assert "RED FLAGS: not screened (or the screening was not recorded)." in text
    assert "none ticked" not in text and "no red flags" not in text.lower()
    assert to_json(analyze(record))["red_flags_screened"] is None


def test_a_recorded_screening_with_nothing_present_says_so_everywhere() -> None:
    record = knee_to_hip(red_flags_screened=True)
    analysis = analyze(record)
    assert analysis.red_flags == () and analysis.red_flags_screened is True
    assert "RED FLAGS: screened, none present." in render_text(record, analysis)
    assert to_json(analysis)["red_flags_screened"] is True
    unscreened = knee_to_hip(red_flags_screened=False)
    assert "RED FLAGS: not screened" in render_text(unscreened, analyze(unscreened))
    assert to_json(analyze(unscreened))["red_flags_screened"] is False
