"""Plausibility checks on strength records: values that contradict each other are probably typos.

They are warnings, never errors: the value stays as recorded and the clinician decides. The editor
shows them beside the row, `kinelink validate` prints them, and the documents print "check this
value" instead of a number built on them (an LSI of 2200 % is not printed as if it were real).

Each bound carries what it rests on. Two are typo guards, not clinical thresholds, and say so.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kinelink.forms.formats import show_number
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import Exam, StrengthEntry
from kinelink.forms.vocab import Grade, Joint, MuscleGroup, Side

GRAVITY = 9.81  # m/s²


@dataclass(frozen=True, slots=True)
class Bound:
    value: float
    source: str


# A grade of 2 or less cannot move the leg through its range against gravity (Oxford/MRC scale, Medical
# Research Council 1976), so a dynamometer placed distally on the leg cannot read more than the leg's own
# weight. The whole lower limb is 16.1 % of body mass (Winter 2009, Biomechanics and Motor Control of
# Human Movement, 4th ed., table 4.1, after Dempster 1955). The whole limb is used for the knee groups
# too, although they move only leg and foot (6.1 %): the 2.6-fold margin is what makes the force
# "clearly" too high.
LIMB_MASS_FRACTION = Bound(0.161, "whole lower limb = 16.1 % of body mass (Winter 2009, table 4.1, after Dempster "
                           "1955); a grade of 2 or less cannot lift it against gravity (MRC 1976)")
# Without a recorded body mass the check assumes a heavy adult, so that it never warns where a heavy
# patient's grade-2 leg could plausibly read that force; recording the mass makes it sharper.
ASSUMED_BODY_MASS = Bound(120.0, "an assumed heavy adult when no body mass is recorded (a typo guard, not a "
                          "clinical threshold)")
WEAK_GRADE_MAX = 2  # grades 0, 1-, 1, 1+, 2-, 2, 2+: cannot complete the range against gravity

# LSI band: a typo guard, not a clinical threshold. A dropped or added digit multiplies one force by ten,
# which takes any true LSI between 50 % and 200 % outside 20–500 % (a fivefold difference between the
# sides). Real LSIs below 20 % exist (a paralysed muscle beside a normal one), so the check is skipped
# when the weaker side's grade (3 or less) already says the muscle is that weak.
LSI_LOW = Bound(20.0, "typo guard, not a clinical threshold: a tenfold slip of one force takes any LSI of "
                "50–200 % outside 20–500 %")
LSI_HIGH = Bound(500.0, LSI_LOW.source)
LSI_CORROBORATING_GRADE_MAX = 3  # a weaker side graded 3 or less can really be under a fifth of the other

# Force per kilogram of body mass: a typo guard, not a clinical threshold. The strongest group measured,
# the knee extensors, averages 2.92–3.45 Nm/kg in healthy adult men at mid-range (Šarabon, Kozinc & Perman
# 2021, Front Physiol 12:767941, meta-analysis of 411 studies), about 8–10 N/kg at a pad on the distal
# tibia (0.35 m lever); 20 N/kg is twice that. A force typed with an extra digit, or a body mass in the
# wrong unit, lands above it.
FORCE_PER_KG_HIGH = Bound(20.0, "typo guard, not a clinical threshold: about twice the knee-extensor strength of "
                          "healthy adult men (2.92–3.45 Nm/kg, Šarabon et al. 2021, Front Physiol 12:767941) at a "
                          "distal-tibia pad")

CHECK_THIS_VALUE = N_("check this value")


class CheckKind(enum.Enum):
    GRADE_FORCE = "grade_force"
    LSI = "lsi"
    FORCE_PER_KG = "force_per_kg"


@dataclass(frozen=True, slots=True)
class Check:
    """One implausible value of one strength entry: the field to check and why, in words."""

    kind: CheckKind
    joint: Joint
    group: MuscleGroup
    side: Side
    field: str  # the exam-file key to look at: "force_n" (or "grade")
    message: str  # in the current language


def weak_grade_force_limit(body_mass_kg: float | None) -> float:
    """The most force (N) a leg graded 2 or less can plausibly show: its whole weight."""
    mass = body_mass_kg if body_mass_kg is not None and body_mass_kg > 0 else ASSUMED_BODY_MASS.value
    return LIMB_MASS_FRACTION.value * mass * GRAVITY


def lsi_is_plausible(lsi: float | None) -> bool:
    """An LSI inside LSI_LOW–LSI_HIGH (None, no LSI, is not implausible)."""
    return lsi is None or LSI_LOW.value <= lsi <= LSI_HIGH.value


def _is_weak_grade(grade: Grade | None, highest: int) -> bool:
    return grade is not None and int(grade.value[0]) <= highest


def grade_force_message(entry: StrengthEntry, body_mass_kg: float | None) -> str | None:
    """The warning for a grade of 2 or less recorded with more force than such a leg can show."""
    if entry.force_n is None or not _is_weak_grade(entry.grade, WEAK_GRADE_MAX):
        return None
    limit = weak_grade_force_limit(body_mass_kg)
    if entry.force_n <= limit:
        return None
    assert entry.grade is not None
    if body_mass_kg is not None:
        basis = _("the weight of the whole leg at {mass} kg").format(mass=show_number(body_mass_kg))
    else:
        basis = _("the weight of a {mass} kg adult's leg; no body mass recorded").format(
            mass=show_number(ASSUMED_BODY_MASS.value))
    return _("grade {grade}/5 with {force} N: a grade of 2 or less cannot lift the leg against gravity, so it "
             "shows at most about {limit} N ({basis}); {check}").format(
        grade=entry.grade.value, force=show_number(entry.force_n), limit=show_number(limit, 0), basis=basis,
        check=_(CHECK_THIS_VALUE))


def lsi_message(entry: StrengthEntry, other: StrengthEntry | None) -> str | None:
    """The warning for an LSI outside the plausible band that the grades do not explain."""
    if entry.force_n is None or other is None or other.force_n is None or other.force_n <= 0:
        return None
    lsi = entry.force_n / other.force_n * 100
    if lsi_is_plausible(lsi):
        return None
    weaker = entry if entry.force_n < other.force_n else other
    if _is_weak_grade(weaker.grade, LSI_CORROBORATING_GRADE_MAX):
        return None  # the grade says the muscle is that weak
    return _("LSI {lsi} % ({force} N vs {other} N on the {other_side} side) is outside {low}–{high} %, more than "
             "a fivefold difference between the sides: {check} (a typo guard, not a clinical threshold)").format(
        lsi=show_number(round(lsi, 1)), force=show_number(entry.force_n), other=show_number(other.force_n),
        other_side=entry.side.other.label, low=show_number(LSI_LOW.value), high=show_number(LSI_HIGH.value),
        check=_(CHECK_THIS_VALUE))


def force_per_kg_message(entry: StrengthEntry, body_mass_kg: float | None) -> str | None:
    """The warning for a force that is implausibly high for the recorded body mass."""
    if entry.force_n is None or body_mass_kg is None or body_mass_kg <= 0:
        return None
    per_kg = entry.force_n / body_mass_kg
    if per_kg <= FORCE_PER_KG_HIGH.value:
        return None
    return _("{force} N is {per_kg} N/kg at {mass} kg body mass, above {limit} N/kg (about twice what healthy "
             "adults' strongest muscle group shows): {check}, and the body mass").format(
        force=show_number(entry.force_n), per_kg=show_number(round(per_kg, 1)), mass=show_number(body_mass_kg),
        limit=show_number(FORCE_PER_KG_HIGH.value), check=_(CHECK_THIS_VALUE))


def entry_checks(exam: Exam, entry: StrengthEntry) -> tuple[Check, ...]:
    """Every plausibility warning of one strength entry, in a fixed order."""
    other = exam.strength_of(entry.joint, entry.group, entry.side.other)
    found = (
        (CheckKind.GRADE_FORCE, grade_force_message(entry, exam.body_mass_kg)),
        (CheckKind.LSI, lsi_message(entry, other)),
        (CheckKind.FORCE_PER_KG, force_per_kg_message(entry, exam.body_mass_kg)),
    )
    return tuple(Check(kind, entry.joint, entry.group, entry.side, "force_n", message)
                 for kind, message in found if message is not None)


def exam_checks(exam: Exam) -> tuple[tuple[str, Check], ...]:
    """(exam-file path, check) of every implausible value, in file order: `exam.strength[3].force_n`."""
    return tuple((f"exam.strength[{i}].{check.field}", check)
                 for i, entry in enumerate(exam.strength) for check in entry_checks(exam, entry))
