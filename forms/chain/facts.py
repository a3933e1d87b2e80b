"""What the rules read: one exam indexed for look-up, the frame of a candidate link, and wording.

`Facts` is built once per analysis from the record and the comparisons of
`forms.deficits.compare` (the single place that decides what a deficit is).
Measurements are read through the comparisons, so a ROM or strength entry
without a comparison counts as not recorded.

A `Frame` places one candidate link on the patient: the target (painful)
joint's side, which is the link's `side`, and the source joint's side, which
is the same leg except in the "other leg" case (a left knee problem, weight
shifted onto the right leg, right hip pain).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kinelink.forms.findings import Comparison
from kinelink.forms.formats import show_number, upper_first
from kinelink.forms.i18n import _, ngettext, pgettext
from kinelink.forms.model import ExamRecord, TestEntry
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import HIP_IR_ACR, KNEE_EXTENSION_LACK, ROM_SIDE_DIFFERENCE
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import Joint, Mechanism, Mode, Movement, MuscleGroup, Side, TestName, TestResult

Bindings = dict[str, str]


class Leg(enum.Enum):
    """Which leg a predicate looks at, relative to the candidate link."""

    TARGET = "target"  # the leg of the painful joint the link explains (the link's side)
    SOURCE = "source"  # the leg of the joint the problem comes from
    SOURCE_OTHER = "source_other"  # the other side of the source joint (is a finding one-sided?)
    TARGET_OTHER = "target_other"  # the other side of the target joint


@dataclass(frozen=True, slots=True)
class Frame:
    source: Joint
    target: Joint
    mechanism: Mechanism
    side: Side  # the target joint's side
    source_side: Side

    @property
    def other_leg(self) -> bool:
        return self.side is not self.source_side

    def leg(self, leg: Leg) -> Side:
        if leg is Leg.TARGET:
            return self.side
        if leg is Leg.TARGET_OTHER:
            return self.side.other
        return self.source_side if leg is Leg.SOURCE else self.source_side.other

    def words(self) -> Bindings:
        """Keys every finding template may use; the sides and joints in the current language."""
        return {
            "side": self.side.label,
            "Side": side_at_start(self.side),
            "source_side": self.source_side.label,
            "Source_side": side_at_start(self.source_side),
            "target": self.target.label,
            "source": self.source.label,
        }


def side_at_start(side: Side) -> str:
    """The side word where an English sentence starts with it ("Left hip exam ..."). German puts the side
    after the noun ("Hüftbefund links ..."), so its catalog keeps the word in lower case."""
    # Translators: the side word as the first word of a sentence; in German it follows the noun, keep it lower case
    return pgettext("side at start", "Left") if side is Side.LEFT else pgettext("side at start", "Right")


FRAME_KEYS = frozenset({"side", "Side", "source_side", "Source_side", "target", "source"})


@dataclass(frozen=True, slots=True)
class Facts:
    record: ExamRecord
    age: int
    rom: Mapping[tuple[Joint, Movement, Side], Comparison]
    strength: Mapping[tuple[Joint, MuscleGroup, Side], Comparison]
    tests: Mapping[tuple[TestName, Side], TestEntry]
    not_tested: Mapping[tuple[TestName, Side], TestEntry]  # recorded as not tested (the note says why)
    # Each predicate's answer per placement of the legs, computed once per analysis (`predicates.check`):
    # the same sub-findings (a normal hip, hip signs) are asked by many rules and links.
    memo: dict[tuple[int, Side, Side], dict[str, str] | None] = field(default_factory=dict, compare=False)

    @classmethod
    def build(cls, record: ExamRecord, comparisons: Iterable[Comparison]) -> Facts:
        rom: dict[tuple[Joint, Movement, Side], Comparison] = {}
        strength: dict[tuple[Joint, MuscleGroup, Side], Comparison] = {}
        for c in comparisons:
            if c.kind == "rom":
                key = (c.joint, Movement(c.movement_or_group), c.side)
                # Active is preferred over passive, as Exam.rom_value does.
                if key not in rom or (rom[key].mode != Mode.ACTIVE.value and c.mode == Mode.ACTIVE.value):
                    rom[key] = c
            else:
                strength.setdefault((c.joint, MuscleGroup(c.movement_or_group), c.side), c)
        tests = {
            (t.test, t.side): t
            for t in reversed(record.exam.tests)  # the first entry wins, as Exam.test_result does
            if t.result is not TestResult.NOT_TESTED
        }
        not_tested = {
            (t.test, t.side): t for t in reversed(record.exam.tests)
            if t.result is TestResult.NOT_TESTED and (t.test, t.side) not in tests
        }
        return cls(record, record.patient.age_on(record.exam.date), rom, strength, tests, not_tested)


def rom_reduced(c: Comparison) -> bool:
    """Whether a ROM measurement counts as reduced for the reasoning.

    The side-to-side difference comes first (clinical-reference.md: "compare with
    the other side first"); the absolute limits that carry meaning on their own
    always count (hip IR < 15°, Altman 1991; a lack of knee extension); the
    percentage of the norm decides only when the other side is missing, because
    the AAOS hip rotation norms sit above many healthy people's range
    (Kouyoumdjian 2012: supine IR 29.6°). Hip flexion of 115° or less is not a
    stiff hip on its own: the ACR pattern needs internal rotation < 15° with it
    (Altman 1991), and many healthy older hips and hips limited by a short
    hamstring or a lumbar problem flex no further.
    """
    movement = Movement(c.movement_or_group)
    if c.joint is Joint.HIP and movement is Movement.INTERNAL_ROTATION and c.value < HIP_IR_ACR.value:
        return True
    if c.joint is Joint.KNEE and movement is Movement.EXTENSION and c.value <= KNEE_EXTENSION_LACK.value:
        return True
    if c.difference is not None:
        return c.difference <= -ROM_SIDE_DIFFERENCE.value
    return c.is_deficit


def weak(c: Comparison) -> bool:
    """Whether a strength measurement counts as weakness for the reasoning: with a force on both sides the
    limb symmetry index decides (a 96 % LSI is not weakness, whatever the grades); otherwise the deficit
    of `forms.deficits` (a grade below 5/5 or below the other side)."""
    if c.lsi is not None and c.lsi_plausible:
        return c.lsi_deficit
    return c.is_deficit


# --- wording -----------------------------------------------------------------

def interval_text(first: dt.date, then: dt.date) -> str:
    """'9 days', '3 weeks', '5 months', '2 years' (nominative: German "3 Monate vor", "Dauer 3 Monate")."""
    days = (then - first).days
    if days < 14:
        return ngettext("{n} day", "{n} days", days).format(n=days)
    if days < 91:
        n = round(days / 7)
        return ngettext("{n} week", "{n} weeks", n).format(n=n)
    if days < 730:
        n = round(days / 30.44)
        return ngettext("{n} month", "{n} months", n).format(n=n)
    n = round(days / 365.25)
    return ngettext("{n} year", "{n} years", n).format(n=n)


def join_words(words: Iterable[str]) -> str:
    items = list(dict.fromkeys(w for w in words if w))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + _(" and ") + items[-1]


def sentence(text: str) -> str:
    """Capitalise the first letter only (keeps 'FADIR', 'LSI' and the patient's words as written)."""
    return upper_first(text)


def group_name(joint: Joint, group: MuscleGroup) -> str:
    """The muscle group as the catalogue names it inside a sentence (forms.muscles)."""
    return MUSCLE_GROUPS[(joint, group)].in_text


def region_on(side: Side, region: str) -> str:
    """'left knee' (German 'Knie links': the side follows the noun, so no adjective to decline)."""
    return _("{side} {region}").format(side=side.label, region=region)


def movement_name(joint: Joint, movement: Movement) -> str:
    """'hip internal rotation' (German 'Innenrotation Hüfte')."""
    return _("{joint} {movement}").format(joint=joint.label, movement=movement.label)


def notes_text(notes: list[str]) -> str:
    return f" ({'; '.join(notes)})" if notes else ""


def rom_text(c: Comparison) -> str:
    """'left hip internal rotation 10° (right 35°; passive; painful)'."""
    movement = Movement(c.movement_or_group)
    if c.joint is Joint.KNEE and movement is Movement.EXTENSION and c.value < 0:
        head = _("{side} knee lacks {degrees}° of extension").format(side=c.side.label, degrees=show_number(-c.value))
    else:
        head = _("{side} {joint} {movement} {degrees}°").format(
            side=c.side.label, joint=c.joint.label, movement=movement.label, degrees=show_number(c.value))
    notes = []
    if c.other_side is not None:
        notes.append(f"{c.side.other.label} {show_number(c.other_side)}°")
    if c.mode == Mode.PASSIVE.value:
        notes.append(_("passive"))
    if c.painful:
        notes.append(_("painful"))
    return head + notes_text(notes)


def strength_text(c: Comparison, other: Comparison | None) -> str:
    """'left hip abductors 4-/5 vs 5/5 on the right' or '… 151 N vs 176 N on the right (LSI 86 %)'."""
    name = _("{side} {group}").format(side=c.side.label, group=group_name(c.joint, MuscleGroup(c.movement_or_group)))
    words = {"name": name, "other": c.side.other.label}
    if c.unit == "N":
        if c.other_side is None:
            return _("{name} {force} N ({other} side not measured)").format(**words, force=show_number(c.value))
        lsi = f" (LSI {show_number(c.lsi, 0)} %)" if c.lsi is not None and c.lsi_plausible else ""
        return _("{name} {force} N vs {other_force} N on the {other}{lsi}").format(
            **words, force=show_number(c.value), other_force=show_number(c.other_side), lsi=lsi)
    if other is not None and other.grade is not None:
        return _("{name} {grade}/5 vs {other_grade}/5 on the {other}").format(
            **words, grade=c.grade, other_grade=other.grade)
    return _("{name} {grade}/5 ({other} side not graded)").format(**words, grade=c.grade)


# Tests named after a person or by an acronym keep their capital letter mid-sentence.
def test_name(test: TestName) -> str:
    """The test as the catalogue names it inside a sentence (forms.special_tests)."""
    return SPECIAL_TESTS[test].in_text


def test_text(entry: TestEntry) -> str:
    """'FADIR positive on the left (painful; groin pain)'."""
    notes = []
    if entry.grade is not None:
        notes.append(_("grade {grade}").format(grade=entry.grade.value))
    if entry.painful:
        notes.append(_("painful"))
    if entry.note and entry.note.strip():
        notes.append(entry.note.strip())
    return _("{test} {result} on the {side}").format(
        test=test_name(entry.test), result=entry.result.label, side=entry.side.label) + notes_text(notes)
