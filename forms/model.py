"""The patient and the examination as immutable values.

These frozen dataclasses are what every layer passes around: `db` returns
them, `reports` renders them, the reasoning reads them. Field names follow the
exam file (../shared/exam-format.md) so the mapping stays obvious.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NewType

from kinelink.forms.vocab import (
    Activity,
    Gait,
    Grade,
    Instrument,
    Joint,
    Location,
    Mode,
    Movement,
    MuscleGroup,
    RedFlag,
    Region,
    Sex,
    Side,
    Structure,
    TestGrade,
    TestName,
    TestResult,
)

PatientId = NewType("PatientId", int)
ExamId = NewType("ExamId", str)


@dataclass(frozen=True, slots=True)
class Patient:
    family_name: str
    given_name: str
    date_of_birth: dt.date
    sex: Sex
    record_number: str | None = None  # the file's `patient.id`

    @property
    def display_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


@dataclass(frozen=True, slots=True)
class Injury:
    region: Region
    side: Side
    date: dt.date | None = None
    description: str = ""
    structures: tuple[Structure, ...] = ()


@dataclass(frozen=True, slots=True)
class Symptom:
    region: Region
    side: Side
    location: Location | None = None
    onset: dt.date | None = None
    pain_nprs: int | None = None
    aggravating: tuple[Activity, ...] = ()
    radiates_to: Region | None = None


@dataclass(frozen=True, slots=True)
class History:
    complaint: str | None = None
    injuries: tuple[Injury, ...] = ()
    symptoms: tuple[Symptom, ...] = ()
    gait: tuple[Gait, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    past_history: str | None = None
    medications: str | None = None
    goals: str | None = None

    @property
    def gait_deviations(self) -> tuple[Gait, ...]:
        return tuple(g for g in self.gait if g is not Gait.NORMAL)


@dataclass(frozen=True, slots=True)
class RomEntry:
    joint: Joint
    movement: Movement
    side: Side
    degrees: float
    mode: Mode = Mode.ACTIVE
    painful: bool | None = None


@dataclass(frozen=True, slots=True)
class StrengthEntry:
    joint: Joint
    group: MuscleGroup
    side: Side
    grade: Grade | None = None
    force_n: float | None = None


@dataclass(frozen=True, slots=True)
class TestEntry:
    __test__ = False  # not a pytest test class

    test: TestName
    side: Side
    result: TestResult
    grade: TestGrade | None = None
    painful: bool | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    instrument: Instrument
    responses: tuple[tuple[str, int], ...] = ()  # (item code, 0..4), file order kept
    date: dt.date | None = None

    @property
    def answers(self) -> dict[str, int]:
        return dict(self.responses)


@dataclass(frozen=True, slots=True)
class Exam:
    date: dt.date
    history: History = field(default_factory=History)
    id: ExamId | None = None
    clinician: str | None = None
    rom: tuple[RomEntry, ...] = ()
    strength: tuple[StrengthEntry, ...] = ()
    tests: tuple[TestEntry, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    notes: str | None = None

    def rom_value(
        self, joint: Joint, movement: Movement, side: Side, mode: Mode | None = None
    ) -> RomEntry | None:
        """The entry for one movement; with no mode, active is preferred over passive."""
        found = [
            r
            for r in self.rom
            if r.joint is joint and r.movement is movement and r.side is side
            and (mode is None or r.mode is mode)
        ]
        found.sort(key=lambda r: r.mode is not Mode.ACTIVE)
        return found[0] if found else None

    def strength_of(self, joint: Joint, group: MuscleGroup, side: Side) -> StrengthEntry | None:
        for s in self.strength:
            if s.joint is joint and s.group is group and s.side is side:
                return s
        return None

    def test_result(self, test: TestName, side: Side) -> TestEntry | None:
        for t in self.tests:
            if t.test is test and t.side is side:
                return t
        return None


@dataclass(frozen=True, slots=True)
class ExamRecord:
    """One patient and one exam: the content of an exam file."""

    patient: Patient
    exam: Exam
