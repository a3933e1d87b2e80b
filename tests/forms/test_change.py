"""Change that matters: every threshold has a source, and each verdict follows from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from kinelink.forms import change
from kinelink.forms.change import Verdict
from kinelink.forms.model import Exam, History, Outcome, RomEntry, StrengthEntry, Symptom
from kinelink.forms.vocab import Instrument, Joint, Mode, Movement, MuscleGroup, Region, Side


def test_every_measure_has_its_thresholds_and_a_source() -> None:
    for imp in (change.LEFS, change.NPRS, change.ROM, change.FORCE,
                *(change.questionnaire_importance(i) for i in Instrument)):
        assert imp.mdc > 0 and (imp.mcid is None or imp.mcid > 0)
        assert re.search(r"\b(19|20)\d\d\b", imp.source), imp.source  # a dated publication
    assert change.LEFS.mcid == 9 and change.LEFS.mdc == 9  # Binkley 1999


@pytest.mark.parametrize(("imp", "before", "after", "verdict", "better"), [
    (change.LEFS, 40, 48, Verdict.WITHIN_ERROR, None),
    (change.LEFS, 40, 49, Verdict.BEYOND_MCID, True),
    (change.NPRS, 6, 5, Verdict.WITHIN_ERROR, None),  # 1 point: below the MDC of 2 (Childs 2005)
    (change.NPRS, 6, 4, Verdict.BEYOND_MCID, True),  # 2 points: beyond error and important (Childs 2005)
    (change.NPRS, 6, 3, Verdict.BEYOND_MCID, True),  # pain: lower is better
    (change.NPRS, 3, 5.5, Verdict.BEYOND_MCID, False),
    (change.ROM, 110, 114, Verdict.WITHIN_ERROR, None),
    (change.ROM, 110, 118, Verdict.BEYOND_MDC, True),  # no MCID for ROM: real, not "important"
    (change.FORCE, 200, 220, Verdict.WITHIN_ERROR, None),  # 10 %
    (change.FORCE, 200, 226, Verdict.BEYOND_MDC, True),  # 13 %: beyond Thorborg's 12 %
    (change.FORCE, 200, 150, Verdict.BEYOND_MDC, False),  # 25 % weaker
    (change.questionnaire_importance(Instrument.KOOS), 50, 61, Verdict.WITHIN_ERROR, None),
    (change.questionnaire_importance(Instrument.HOOS), 50, 70, Verdict.BEYOND_MCID, True),
])
def test_judge(imp: change.Importance, before: float, after: float, verdict: Verdict, better: bool | None) -> None:
    reading = change.judge(imp, before, after)
    assert reading.verdict is verdict and reading.better is better


def test_changes_between_two_exams() -> None:
    base = Exam(
        date=dt.date(2026, 1, 5),
        history=History(symptoms=(Symptom(Region.KNEE, Side.LEFT, pain_nprs=7),)),
        rom=(RomEntry(Joint.KNEE, Movement.FLEXION, Side.LEFT, 100, Mode.ACTIVE),),
        strength=(StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT, force_n=150),),
        outcomes=(Outcome(Instrument.LEFS, tuple((str(n), 2) for n in range(1, 21))),),
    )
    later = dataclasses.replace(
        base, date=dt.date(2026, 2, 5),
        history=History(symptoms=(Symptom(Region.KNEE, Side.LEFT, pain_nprs=3),)),
        rom=(RomEntry(Joint.KNEE, Movement.FLEXION, Side.LEFT, 103, Mode.ACTIVE),),
        strength=(StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT, force_n=190),),
        outcomes=(Outcome(Instrument.LEFS, tuple((str(n), 3) for n in range(1, 21))),),
    )
    found = change.by_key(change.changes(later, base))
    assert found["lefs:total"].reading.verdict is Verdict.BEYOND_MCID and found["lefs:total"].after == 60
    assert found["nprs"].reading.words() == "better, beyond MCID"
    assert found["rom:knee:flexion:left:active"].reading.words() == "within measurement error"
    assert found["force:hip:abductors:left"].reading.words() == "better, beyond MDC"
