"""A follow-up visit started from the last exam.

`carry_forward(previous, day)` is the new exam: what the patient told last time and what has
not changed by itself (the complaint, injuries, symptoms without today's pain score, past
history, medication, goals) is copied; nothing that is measured is. Measurements of the last
exam are returned separately (`previous_values`) so the form can show each one beside its
field until it is re-measured or confirmed: a value is never stored as measured today unless
it was entered or confirmed today. Red flags are screened again, gait is observed again, and
the questionnaires to repeat are the clinician's explicit choice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kinelink.forms.model import Exam, ExamId, Outcome, RomEntry, StrengthEntry, TestEntry
from kinelink.forms.vocab import Grade, Instrument, Joint, Mode, Movement, MuscleGroup, Side, TestName

RomKey = tuple[Joint, Movement, Side, Mode]
StrengthKey = tuple[Joint, MuscleGroup, Side]
TestKey = tuple[TestName, Side]


@dataclass(frozen=True, slots=True)
class PreviousValues:
    """The measurements of the exam a follow-up started from, by what they measure."""

    exam_id: ExamId | None
    date: dt.date
    rom: dict[RomKey, RomEntry]
    strength: dict[StrengthKey, StrengthEntry]
    tests: dict[TestKey, TestEntry]
    outcomes: dict[Instrument, Outcome]
    body_mass_kg: float | None = None

    def grade(self, key: StrengthKey) -> Grade | None:
        entry = self.strength.get(key)
        return entry.grade if entry is not None else None

    def force(self, key: StrengthKey) -> float | None:
        entry = self.strength.get(key)
        return entry.force_n if entry is not None else None


def previous_values(previous: Exam) -> PreviousValues:
    return PreviousValues(
        exam_id=previous.id,
        date=previous.date,
        rom={(r.joint, r.movement, r.side, r.mode): r for r in previous.rom},
        strength={(s.joint, s.group, s.side): s for s in previous.strength},
        tests={(t.test, t.side): t for t in previous.tests},
        outcomes={o.instrument: o for o in previous.outcomes},
        body_mass_kg=previous.body_mass_kg,
    )


def carry_forward(previous: Exam, day: dt.date, *, clinician: str | None = None) -> Exam:
    """The new exam of a follow-up on `day`: history and goals copied, no measurement copied. The
    clinician is today's examiner (`clinician`, from Settings), never last time's: the exam is
    signed in that name."""
    h = previous.history
    history = dataclasses.replace(
        h,
        symptoms=tuple(dataclasses.replace(s, pain_nprs=None) for s in h.symptoms),  # pain is asked again
        gait=(),  # observed again
        red_flags=(),  # screened again, every visit
        red_flags_screened=None,
    )
    return Exam(date=day, history=history, clinician=clinician or None)


def repeatable(previous: Exam) -> tuple[Instrument, ...]:
    """The questionnaires the last exam recorded, in its order: offered for repeating."""
    return tuple(dict.fromkeys(o.instrument for o in previous.outcomes))


def measured_today(exam: Exam, previous: PreviousValues) -> tuple[int, int]:
    """(values entered or confirmed today, values of the last exam not measured again)."""
    now = {(r.joint, r.movement, r.side, r.mode) for r in exam.rom}
    now_strength = {(s.joint, s.group, s.side) for s in exam.strength}
    entered = len(now) + len(now_strength)
    left = len(set(previous.rom) - now) + len(set(previous.strength) - now_strength)
    return entered, left


def chosen_questionnaires(choice: Iterable[Instrument]) -> tuple[Instrument, ...]:
    return tuple(dict.fromkeys(choice))
