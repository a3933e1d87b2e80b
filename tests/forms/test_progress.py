"""Progress measures: what can be charted across a patient's visits."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kinelink.forms import examfile, progress
from kinelink.forms.model import ExamRecord, RomEntry, StrengthEntry
from kinelink.forms.vocab import Grade, Joint, Movement, MuscleGroup, Side

from tests.conftest import FIXTURES


def _full() -> ExamRecord:
    return examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json")


def test_keys_unique_and_every_measure_has_lines() -> None:
    keys = [m.key for m in progress.MEASURES]
    assert len(keys) == len(set(keys))
    assert all(m.lines for m in progress.MEASURES)


def test_series_follow_visits_by_date() -> None:
    later = _full()
    earlier_exam = dataclasses.replace(
        later.exam,
        date=later.exam.date - dt.timedelta(days=42),
        rom=(RomEntry(Joint.KNEE, Movement.FLEXION, Side.LEFT, 95.0),),
        strength=(StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT, Grade.G3, 120.0),),
        outcomes=(),
    )
    earlier = ExamRecord(later.patient, earlier_exam)
    records = [later, earlier]  # any order in, by date out
    left, right = progress.measure("rom:knee:flexion").series(records)
    assert [v for _, v in left.points] == [95.0, 118.0]
    assert [v for _, v in right.points] == [142.0]
    assert progress.measure("rom:knee:flexion").reference == ("norm 135°", 135.0)
    force_left, _ = progress.measure("force:hip:abductors").series(records)
    assert [v for _, v in force_left.points] == [120.0, 151.0]
    koos = progress.measure("koos").series(records)
    assert [s.label for s in koos] == ["Pain", "Symptoms", "ADL", "Sport/Rec", "QOL"]
    assert all(len(s.points) == 1 for s in koos)
    lefs = progress.measure("lefs").series(records)
    assert lefs[0].points[0][1] == 40.0  # sum of the 20 answers


def test_only_measures_with_data_are_offered() -> None:
    keys = {m.key for m in progress.measures_with_data([_full()])}
    assert {"koos", "lefs", "rom:knee:flexion", "force:hip:abductors", "grade:knee:flexors"} <= keys
    assert "hoos" not in keys and "rom:hip:abduction" not in keys
    assert progress.measures_with_data([]) == []
