"""The measures a clinician can follow across visits, and their series.

Pure functions of `forms` values, so the window's chart and the PDF's charts only draw. A
measure is offered only when at least one of the patient's exams records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from kinelink.forms import muscles
from kinelink.forms.formats import upper_first
from kinelink.forms.model import Exam, ExamRecord
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.questionnaires import QUESTIONNAIRES, score
from kinelink.forms.vocab import (
    GROUPS_BY_JOINT,
    MOVEMENTS_BY_JOINT,
    Instrument,
    Joint,
    Movement,
    MuscleGroup,
    Sex,
    Side,
)

Point = tuple[dt.date, float]
ValueOf = Callable[[Exam], float | None]  # one measure's value in one exam, if recorded


@dataclass(frozen=True, slots=True)
class Series:
    label: str  # "Left", "Right", "Pain", ...
    points: tuple[Point, ...]  # by date, oldest first


@dataclass(frozen=True, slots=True)
class Measure:
    key: str  # stable id, e.g. "rom:knee:flexion", "koos"
    title: str  # "Knee flexion (°)"
    unit: str  # "°", "N", "/5", "points"
    lines: tuple[tuple[str, ValueOf], ...]  # (series label, value in one exam)
    y_range: tuple[float, float] | None = None  # fixed scale (questionnaires); None: from the data
    reference: tuple[str, float] | None = None  # (label, value) drawn as a dashed line, e.g. the norm
    norm: tuple[Joint, Movement] | None = None  # the ROM norm behind `reference`, to fit it to the patient

    def reference_for(self, sex: Sex | None, age: int | None) -> tuple[str, float] | None:
        """The dashed line for this patient: a ROM norm only where one fits their age and sex
        (forms.norms); an 80-year-old or a 12-year-old gets none rather than a younger adult's."""
        if self.norm is None:
            return self.reference
        found = ROM_NORMS[self.norm].reference_for(sex, age)
        if found is None or not found.fits:
            return None
        return f"norm {found.degrees:g}°", found.degrees

    def series(self, records: Sequence[ExamRecord]) -> tuple[Series, ...]:
        ordered = sorted(records, key=lambda r: r.exam.date)
        out = []
        for label, value_of in self.lines:
            points = tuple((r.exam.date, v) for r in ordered if (v := value_of(r.exam)) is not None)
            out.append(Series(label, points))
        return tuple(out)

    def has_data(self, records: Sequence[ExamRecord]) -> bool:
        return any(value_of(r.exam) is not None for r in records for _, value_of in self.lines)


def _rom(joint: Joint, movement: Movement, side: Side) -> ValueOf:
    def value(exam: Exam) -> float | None:
        entry = exam.rom_value(joint, movement, side)
        return entry.degrees if entry else None

    return value


def _force(joint: Joint, group: MuscleGroup, side: Side) -> ValueOf:
    def value(exam: Exam) -> float | None:
        entry = exam.strength_of(joint, group, side)
        return entry.force_n if entry else None

    return value


def _grade(joint: Joint, group: MuscleGroup, side: Side) -> ValueOf:
    def value(exam: Exam) -> float | None:
        entry = exam.strength_of(joint, group, side)
        return entry.grade.number if entry and entry.grade else None

    return value


def _outcome(instrument: Instrument, key: str) -> ValueOf:
    def value(exam: Exam) -> float | None:
        for outcome in exam.outcomes:
            if outcome.instrument is instrument:
                return score(instrument, outcome.answers).get(key)
        return None

    return value


def _sides(make: Callable[[Side], ValueOf]) -> tuple[tuple[str, ValueOf], ...]:
    return tuple((upper_first(side.label), make(side)) for side in Side)


def _catalogue() -> tuple[Measure, ...]:
    out: list[Measure] = []
    for instrument in Instrument:
        q = QUESTIONNAIRES[instrument]
        low, high = q.score_range
        lines = tuple((s.short, _outcome(instrument, s.key)) for s in q.subscales)
        what = "total" if len(lines) == 1 else "subscales"
        title = f"{instrument.label} {what} ({low}–{high}, higher is better)"
        out.append(Measure(instrument.value.lower(), title, "points", lines, (float(low), float(high))))
    for joint, movements in MOVEMENTS_BY_JOINT.items():
        for movement in movements:
            norm = ROM_NORMS[(joint, movement)]
            out.append(Measure(
                f"rom:{joint.value}:{movement.value}",
                f"{norm.label} (°)",
                "°",
                _sides(partial(_rom, joint, movement)),
                reference=(f"norm {norm.default.degrees:g}°", norm.default.degrees),
                norm=(joint, movement),
            ))
    for joint, groups in GROUPS_BY_JOINT.items():
        for group in groups:
            name = muscles.label(joint, group)
            out.append(Measure(
                f"force:{joint.value}:{group.value}",
                f"{name} force (N)",
                "N",
                _sides(partial(_force, joint, group)),
            ))
            out.append(Measure(
                f"grade:{joint.value}:{group.value}",
                f"{name} grade (Oxford 0–5)",
                "/5",
                _sides(partial(_grade, joint, group)),
                y_range=(0.0, 5.0),
            ))
    return tuple(out)


MEASURES: tuple[Measure, ...] = _catalogue()


def measures_with_data(records: Sequence[ExamRecord]) -> list[Measure]:
    return [m for m in MEASURES if m.has_data(records)]


def measure(key: str) -> Measure:
    for m in MEASURES:
        if m.key == key:
            return m
    raise KeyError(key)
