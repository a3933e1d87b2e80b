"""Clinical wording shared by the summary and the letter.

Functions whose names end in `_markup` return paragraph markup with every
piece of user text already escaped; the others return plain text that the
caller escapes.
"""

from __future__ import annotations

from kinelink.forms import gait, muscles, wording
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamRecord, Injury, Symptom, TestEntry
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.ranges import NPRS
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import Joint, Movement, MuscleGroup, Region, Side, TestResult
from kinelink.forms.wording import deficit_phrase as deficit_phrase  # the owner of comparison phrases
from kinelink.reports.markup import esc, join_words, sentence


def place(side: Side, region: Region | Joint) -> str:
    """`left knee`, `right lower back` (the owner is `forms.wording.place`)."""
    return wording.place(side, region)


def movement_label(joint: Joint, movement: str) -> str:
    """`Hip internal rotation`."""
    return _(ROM_NORMS[(joint, Movement(movement))].label)


def group_label(joint: Joint, group: str) -> str:
    """`Hip abductors`, `Knee extensors (quadriceps)`."""
    return muscles.label(joint, MuscleGroup(group))


def test_label(entry: TestEntry) -> str:
    return SPECIAL_TESTS[entry.test].label


def upper_first(text: str) -> str:
    """`Left knee` (German `Knie links`): the first letter up, the rest as written (not str.capitalize)."""
    return text[:1].upper() + text[1:]


def injury_markup(injury: Injury) -> str:
    head = upper_first(place(injury.side, injury.region))
    if injury.date is not None:
        head += f", {show_date(injury.date)}"
    text = f"<b>{esc(head)}</b>"
    if injury.description.strip():
        text += f": {esc(injury.description.strip())}"
    if injury.structures:
        text += f" ({esc(join_words([s.label for s in injury.structures]))})"
    return text


def symptom_place(symptom: Symptom) -> str:
    """`Right knee, medial` (German `Knie rechts, medial`)."""
    head = upper_first(place(symptom.side, symptom.region))
    return head + (f", {symptom.location.label}" if symptom.location is not None else "")


def symptom_markup(symptom: Symptom) -> str:
    head = symptom_place(symptom)
    parts: list[str] = []
    if symptom.pain_nprs is not None:
        parts.append(_("pain {value} (NPRS)").format(value=NPRS.out_of(symptom.pain_nprs)))
    if symptom.quality is not None:
        parts.append(symptom.quality.label)
    if symptom.onset is not None:
        parts.append(_("since {date}").format(date=show_date(symptom.onset)))
    if symptom.aggravating:
        parts.append(_("worse with {activities}").format(activities=join_words([a.label for a in symptom.aggravating])))
    if symptom.radiates_to is not None:
        parts.append(_("spreads to the {region}").format(region=symptom.radiates_to.label))
    rest = "; ".join(parts)
    return f"<b>{esc(head)}</b>" + (f": {esc(rest)}" if rest else "")


def gait_text(record: ExamRecord) -> str:
    deviations = record.exam.history.gait_deviations
    if deviations:
        return sentence(join_words(gait.labels(deviations)))
    if record.exam.history.gait:
        return _("No deviation observed.")
    return _("Not recorded.")


def positive_tests(record: ExamRecord) -> list[TestEntry]:
    return [t for t in record.exam.tests if t.result is TestResult.POSITIVE]


def positive_test_phrase(entry: TestEntry) -> str:
    """`Lachman (left, grade 2)` (plain)."""
    extra = [entry.side.label]
    if entry.grade is not None:
        extra.append(_("grade {grade}").format(grade=entry.grade.value))
    if entry.painful:
        extra.append(_("painful"))
    return f"{test_label(entry)} ({', '.join(extra)})"


def worst_pain(record: ExamRecord) -> int | None:
    values = [s.pain_nprs for s in record.exam.history.symptoms if s.pain_nprs is not None]
    return max(values) if values else None
