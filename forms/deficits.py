"""Each ROM and strength measurement set against its norm and the other side.

`compare(record)` returns one `Comparison` per recorded entry, in exam order;
those with `is_deficit` are the deficits of the analysis, each with the
reasons (thresholds and their sources live in `forms.norms`).
"""

from __future__ import annotations

from kinelink.forms.findings import Comparison
from kinelink.forms.formats import show_number
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamRecord, RomEntry, StrengthEntry
from kinelink.forms.norms import (
    HIP_IR_ACR,
    HIP_IR_LOW,
    KNEE_EXTENSION_LACK,
    LSI,
    LSI_AFTER_ACL,
    LSI_CONVENTION,
    NO_CHILD_NORM,
    OA_MIN_AGE,
    OXFORD_NORMAL,
    ROM_NORMS,
    ROM_PERCENT_OF_NORM,
    difference_is_deficit,
    lsi_is_deficit,
    percent_is_deficit,
)
from kinelink.forms.plausibility import entry_checks
from kinelink.forms.vocab import Grade, Joint, Movement, Side, Structure


def _r1(x: float) -> float:
    return round(x + 0.0, 1)


def compare(record: ExamRecord) -> tuple[Comparison, ...]:
    exam = record.exam
    out: list[Comparison] = []
    for rom in exam.rom:
        out.append(_compare_rom(rom, record))
    for strength in exam.strength:
        out.append(_compare_strength(strength, record))
    return tuple(out)


def _compare_rom(rom: RomEntry, record: ExamRecord) -> Comparison:
    movement_norm = ROM_NORMS[(rom.joint, rom.movement)]
    age = record.patient.age_on(record.exam.date)
    # Percentages are of the lowest published norm, the same reference the deficit rule uses, so
    # that a shown "50 %" is always shaded and a shown "92 %" never is (one rule: forms.norms); a
    # child's are of the published child band, or there is none (never an adult norm for a child).
    # A norm whose population does not fit the patient (an adult norm for an 80-year-old) is shown
    # with whom it describes, and no percentage is taken of it: the other side decides.
    norm_value = movement_norm.reference_for(record.patient.sex, age)
    norm = norm_value.degrees if norm_value is not None else None
    fits = norm_value is not None and norm_value.fits
    other = record.exam.rom_value(rom.joint, rom.movement, rom.side.other, rom.mode)
    other_deg = other.degrees if other is not None else None
    is_knee_ext = rom.joint is Joint.KNEE and rom.movement is Movement.EXTENSION
    percent = _r1(rom.degrees / norm * 100) if fits and norm is not None and norm > 0 and not is_knee_ext else None
    difference = _r1(rom.degrees - other_deg) if other_deg is not None else None
    # A side that reaches the AAOS norm is not short of the other side: the other side has excess
    # (45° external rotation is normal beside a 60° one).
    difference_deficit = difference_is_deficit(difference) and rom.degrees < movement_norm.default.degrees
    reasons: list[str] = []
    if is_knee_ext:
        if rom.degrees <= KNEE_EXTENSION_LACK.value:
            reasons.append(_("lacks {degrees}° of extension ({rule})").format(
                degrees=show_number(-rom.degrees), rule=_(KNEE_EXTENSION_LACK.rule)))
    elif percent_is_deficit(percent):
        assert norm is not None
        reasons.append(_("{degrees}° is {rule} ({norm}°)").format(
            degrees=show_number(rom.degrees), rule=_(ROM_PERCENT_OF_NORM.rule), norm=show_number(norm)))
    if difference_deficit:
        assert difference is not None
        reasons.append(_("{degrees}° less than the {side} side").format(
            degrees=show_number(-difference), side=rom.side.other.label))
    if (
        rom.joint is Joint.HIP
        and rom.movement is Movement.INTERNAL_ROTATION
        and rom.degrees < HIP_IR_ACR.value
    ):
        limit = HIP_IR_ACR if age >= OA_MIN_AGE else HIP_IR_LOW
        reasons.append(_("{degrees}° is {rule}").format(degrees=show_number(rom.degrees), rule=_(limit.rule)))
    return Comparison(
        kind="rom",
        joint=rom.joint,
        movement_or_group=rom.movement.value,
        side=rom.side,
        value=rom.degrees,
        unit="deg",
        mode=rom.mode.value,
        norm=norm,
        percent_of_norm=percent,
        other_side=other_deg,
        difference=difference,
        lsi=None,
        is_deficit=bool(reasons),
        reasons=tuple(reasons),
        painful=rom.painful,
        norm_source=norm_value.note(age) if norm_value is not None else _(NO_CHILD_NORM),
        norm_fits=fits,
        percent_deficit=not is_knee_ext and percent_is_deficit(percent),
        difference_deficit=difference_deficit,
    )


def _acl_injured(record: ExamRecord, side: Side) -> bool:
    return any(Structure.ACL in i.structures and i.side is side for i in record.exam.history.injuries)


def _compare_strength(entry: StrengthEntry, record: ExamRecord) -> Comparison:
    other = record.exam.strength_of(entry.joint, entry.group, entry.side.other)
    reasons: list[str] = []
    # The grade is a shown number with its own threshold (shaded below 5/5 or the other side); whether the
    # leg counts as weak for the reasoning is decided by the LSI when both forces are measured
    # (`forms.chain.facts.weak`).
    grade_reason = _grade_reason(entry.grade, other.grade if other else None, entry)
    if grade_reason:
        reasons.append(grade_reason)
    checks = entry_checks(record.exam, entry)  # values that contradict each other: probably typos
    # An LSI is no better than its two forces: any check on either side makes it one to check too.
    lsi_plausible = not checks and (other is None or not entry_checks(record.exam, other))
    if entry.force_n is not None:
        other_force = other.force_n if other is not None else None
        lsi = (
            _r1(entry.force_n / other_force * 100)
            if other_force is not None and other_force > 0
            else None
        )
        # An implausible LSI (2200 %, 4.5 %) is not called a deficit: its forces are to be checked first.
        if lsi is not None and lsi_plausible and lsi_is_deficit(lsi):
            basis = LSI_AFTER_ACL if _acl_injured(record, entry.side) else LSI_CONVENTION
            reasons.insert(0, f"LSI {show_number(lsi)} % ({_(LSI.rule)}; {_(basis)})")
        return Comparison(
            kind="strength",
            joint=entry.joint,
            movement_or_group=entry.group.value,
            side=entry.side,
            value=entry.force_n,
            unit="N",
            mode=None,
            norm=None,  # dynamometry norms depend on body mass, which the exam does not record
            percent_of_norm=None,
            other_side=other_force,
            difference=_r1(entry.force_n - other_force) if other_force is not None else None,
            lsi=lsi,
            is_deficit=bool(reasons),
            reasons=tuple(reasons),
            grade=entry.grade.value if entry.grade else None,
            lsi_deficit=lsi_plausible and lsi_is_deficit(lsi),
            checks=tuple(c.message for c in checks),
            lsi_plausible=lsi_plausible,
        )
    assert entry.grade is not None  # the file format guarantees grade or force
    other_grade = other.grade.number if other is not None and other.grade is not None else None
    return Comparison(
        kind="strength",
        joint=entry.joint,
        movement_or_group=entry.group.value,
        side=entry.side,
        value=entry.grade.number,
        unit="grade",
        mode=None,
        norm=OXFORD_NORMAL.value,
        percent_of_norm=None,  # an ordinal scale has no meaningful percentage
        other_side=other_grade,
        difference=_r1(entry.grade.number - other_grade) if other_grade is not None else None,
        lsi=None,
        is_deficit=bool(reasons),
        reasons=tuple(reasons),
        grade=entry.grade.value,
        norm_source=OXFORD_NORMAL.source,
        checks=tuple(c.message for c in checks),
    )


def _grade_reason(grade: Grade | None, other: Grade | None, entry: StrengthEntry) -> str | None:
    if grade is None:
        return None
    if other is not None and grade.rank < other.rank:
        return _("{grade} vs {other} on the {side} side").format(
            grade=grade.label, other=other.label, side=entry.side.other.label)
    if grade.rank < Grade.G5.rank:
        return f"{grade.label} ({_(OXFORD_NORMAL.rule)})"
    return None
