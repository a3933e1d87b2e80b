"""The patient and the examination as immutable values.

These frozen dataclasses are what every layer passes around: `db` returns
them, `reports` renders them, the reasoning reads them. Field names follow the
exam file (../shared/exam-format.md) so the mapping stays obvious.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kinelink.forms.ids import ExamId as ExamId  # their home is forms.ids; re-exported here
from kinelink.forms.ids import PatientId as PatientId
from kinelink.forms.vocab import (
    Activity,
    DocumentKind,
    Gait,
    Grade,
    InjuryKind,
    Instrument,
    Joint,
    LinkDecision,
    Location,
    Mechanism,
    Mode,
    Movement,
    MuscleGroup,
    PainQuality,
    RedFlag,
    Region,
    Sex,
    Side,
    Structure,
    TestGrade,
    TestName,
    TestResult,
)


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
    date: dt.date | None = None  # may be a forms.partialdate.PartialDate (month or year only)
    description: str = ""
    structures: tuple[Structure, ...] = ()
    kind: InjuryKind | None = None  # injury or surgery; None: not recorded


@dataclass(frozen=True, slots=True)
class Symptom:
    region: Region
    side: Side
    location: Location | None = None
    onset: dt.date | None = None  # may be a forms.partialdate.PartialDate (month or year only)
    pain_nprs: int | None = None
    aggravating: tuple[Activity, ...] = ()
    radiates_to: Region | None = None
    quality: PainQuality | None = None


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
    # True: screened, and `red_flags` lists what was present (() = none). False or None: not
    # screened or not recorded, never to be shown as "no red flags".
    red_flags_screened: bool | None = None

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
    distance_cm: float | None = None  # single-leg hop distance (hop_test)


@dataclass(frozen=True, slots=True)
class Outcome:
    instrument: Instrument
    responses: tuple[tuple[str, int], ...] = ()  # (item code, 0..4), file order kept
    date: dt.date | None = None

    @property
    def answers(self) -> dict[str, int]:
        return dict(self.responses)


@dataclass(frozen=True, slots=True)
class LinkReview:
    """The clinician's verdict on one suggested link; only accepted links reach a referral letter.
    `side` is the target (painful) joint's side, `source_side` the source joint's."""

    source: Joint
    target: Joint
    mechanism: Mechanism
    side: Side
    source_side: Side
    decision: LinkDecision
    note: str | None = None

    @property
    def key(self) -> tuple[Joint, Joint, Mechanism, Side, Side]:
        """What a review is about: at most one review per key in an exam."""
        return (self.source, self.target, self.mechanism, self.side, self.source_side)


@dataclass(frozen=True, slots=True)
class IssuedDocument:
    """A letter or summary as issued for the exam: its words, and the sha256 of the PDF file."""

    kind: DocumentKind
    issued_at: dt.datetime  # UTC, timezone-aware, whole seconds
    author: str
    text: str
    sha256: str  # 64 lowercase hex digits
    letter_type: str | None = None
    recipient: str | None = None


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
    body_mass_kg: float | None = None  # for forces per kilogram (N/kg)
    link_review: tuple[LinkReview, ...] = ()
    impression: str | None = None  # the clinician's own clinical impression
    documents: tuple[IssuedDocument, ...] = ()

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
