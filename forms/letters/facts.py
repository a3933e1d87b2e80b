"""Single facts of an exam as a letter words them: dates, the patient's words, injuries, symptoms, pain,
and every examination finding with its values (both sides of a measurement in one line).

Plain text; `compose` arranges it into sections and `reports.letter` escapes it for paper.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kinelink.forms import gait as gait_wording
from kinelink.forms import muscles, partialdate
from kinelink.forms.findings import Analysis, Comparison
from kinelink.forms.formats import show_date, show_number, upper_first
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamRecord, Injury, Symptom, TestEntry
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.plausibility import CHECK_THIS_VALUE
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import InjuryKind, Joint, Movement, MuscleGroup, TestName, TestResult
from kinelink.forms.wording import place


@dataclass(frozen=True, slots=True)
class Finding:
    """One examination finding as the letter words it; `key` lets the clinician leave it out."""

    key: str
    text: str
    positive: bool  # a positive test, a deficit or a gait deviation; False: negative, normal or not tested


def join(words: list[str], last: str = "and") -> str:
    """`a, b and c`; `last` is "and" or "or", said in the current language."""
    if len(words) <= 1:
        return "".join(words)
    word = _("or") if last == "or" else _("and")
    return f"{', '.join(words[:-1])} {word} {words[-1]}"


def sentence(text: str) -> str:
    """Capitalised, ending with one full stop (never `.”.`: a closing quote after a stop ends it too)."""
    text = upper_first(text.strip())
    if not text or text[-1] in ".!?…" or text.endswith((".”", "!”", "?”", ".)", "…”")):
        return text
    return text + "."


def when(day: dt.date) -> str:
    """`24 Jan 2026`; a remembered month or year is said as such (`about Aug 2026`, `about 2026`)."""
    precision = partialdate.precision(day)
    if precision == "year":
        return _("about {date}").format(date=day.year)
    if precision == "month":
        return _("about {date}").format(date=show_date(day))
    return show_date(day)


def quote(text: str) -> str:
    """The patient's words in quotes, whole, with their own punctuation."""
    return _("“{words}”").format(words=text.strip())


def injury_line(injury: Injury) -> str:
    where = place(injury.side, injury.region)
    text = (_("Surgery on the {where}") if injury.kind is InjuryKind.SURGERY else _("Injury to the {where}")).format(
        where=where)
    if injury.date is None:
        text += " " + _("(date not recorded)")
    elif partialdate.precision(injury.date) == "day":
        text += " " + _("on {date}").format(date=when(injury.date))
    else:  # a remembered month or year: "in about 2019"
        text += " " + _("in {date}").format(date=when(injury.date))
    if injury.description.strip():
        text += f": {injury.description.strip()}"
    if injury.structures:
        text += f" ({join([s.label for s in injury.structures])})"
    return sentence(text)


def symptom_line(symptom: Symptom) -> str:
    where = place(symptom.side, symptom.region)
    text = _("{where} pain").format(where=upper_first(where))
    if symptom.location is not None:
        text += f" ({symptom.location.label})"
    if symptom.onset is not None:
        text += " " + _("since {date}").format(date=when(symptom.onset))
    if symptom.quality is not None:
        text += f", {symptom.quality.label}"
    if symptom.aggravating:
        text += ", " + _("worse with {activities}").format(activities=join([a.label for a in symptom.aggravating]))
    if symptom.radiates_to is not None:
        text += ", " + _("spreading to the {region}").format(region=symptom.radiates_to.label)
    return sentence(text)


def pain_line(symptom: Symptom) -> str | None:
    if symptom.pain_nprs is None:
        return None
    where = place(symptom.side, symptom.region)
    if symptom.location is not None:
        where += f" ({symptom.location.label})"
    return f"{where} {symptom.pain_nprs}/10"


def _value(c: Comparison) -> str:
    if c.unit == "deg":
        text = f"{show_number(c.value)}°"
    elif c.unit == "N":
        text = f"{show_number(c.value)} N" + (
            " " + _("(grade {grade}/5)").format(grade=c.grade.replace("-", "−")) if c.grade else "")
    else:
        text = _("grade {grade}/5").format(grade=(c.grade or show_number(c.value)).replace("-", "−"))
    return text + (", " + _("painful") if c.painful else "")


def _comparison_label(c: Comparison) -> str:
    if c.kind == "rom":
        label = _(ROM_NORMS[(c.joint, Movement(c.movement_or_group))].label)
        return label + (" " + _("(passive)") if c.mode == "passive" else "")
    return muscles.label(c.joint, MuscleGroup(c.movement_or_group))


def comparison_finding(pair: list[Comparison]) -> Finding:
    """Both sides of one movement or muscle group in one line, the side with the deficit first."""
    pair = sorted(pair, key=lambda c: (not c.is_deficit, c.side.value))
    first = pair[0]
    sides = []
    for c in pair:
        text = f"{c.side.label} {_value(c)}"
        if c.is_deficit and c.percent_of_norm is not None and c.kind == "rom":
            text += " (" + _("{percent} % of the norm").format(percent=show_number(c.percent_of_norm, 0)) + ")"
        sides.append(text)
    text = f"{_comparison_label(first)}: {'; '.join(sides)}"
    lsi = next((c.lsi for c in pair if c.is_deficit and c.lsi is not None), None)
    if lsi is None and first.kind == "strength":
        lsi = min((c.lsi for c in pair if c.lsi is not None), default=None)
    if lsi is not None and first.unit == "N":
        if all(c.lsi_plausible for c in pair):
            text += f"; LSI {show_number(lsi, 0)} %"
        else:  # an LSI of 2200 % is a typo until the clinician says otherwise: never printed as if real
            text += "; " + _("LSI: {check}").format(check=_(CHECK_THIS_VALUE))
    key = f"{first.kind}:{first.joint.value}:{first.movement_or_group}:{first.mode or ''}"
    return Finding(key, text, any(c.is_deficit for c in pair))


def _hop_lsi(test: TestEntry, record: ExamRecord) -> str:
    other = record.exam.test_result(TestName.HOP_TEST, test.side.other)
    if test.distance_cm is None:
        return ""
    text = f", {show_number(test.distance_cm, 0)} cm"
    if other is not None and other.distance_cm:
        lsi = test.distance_cm / other.distance_cm * 100
        text += f" ({test.side.other.label} {show_number(other.distance_cm, 0)} cm; LSI {show_number(lsi, 0)} %)"
    return text


def test_finding(test: TestEntry, record: ExamRecord) -> Finding:
    label = SPECIAL_TESTS[test.test].label
    text = f"{label}, {test.side.label}: {test.result.label}"
    if test.grade is not None:
        text += ", " + _("grade {grade}").format(grade=test.grade.value)
    if test.painful:
        text += ", " + _("painful")
    if test.test is TestName.HOP_TEST:
        text += _hop_lsi(test, record)
    if test.note and test.note.strip():
        text += f" ({test.note.strip()})"
    return Finding(f"test:{test.test.value}:{test.side.value}", text, test.result is TestResult.POSITIVE)


def findings(record: ExamRecord, analysis: Analysis) -> tuple[Finding, ...]:
    """Every examination finding with its values: positives (deficits, positive tests, gait) first."""
    out: list[Finding] = []
    deviations = record.exam.history.gait_deviations
    if deviations:
        gait = _("Gait: {deviations}").format(deviations=join(gait_wording.labels(deviations)))
        out.append(Finding("gait", gait, True))
    elif record.exam.history.gait:
        out.append(Finding("gait", _("Gait: no deviation observed"), False))
    pairs: dict[tuple[str, Joint, str, str | None], list[Comparison]] = {}
    for c in analysis.comparisons:
        pairs.setdefault((c.kind, c.joint, c.movement_or_group, c.mode), []).append(c)
    out += [comparison_finding(p) for p in pairs.values()]
    hops = [t for t in record.exam.tests if t.test is TestName.HOP_TEST]
    hop_positive = any(t.result is TestResult.POSITIVE for t in hops)
    for t in record.exam.tests:  # a positive hop line already names the other side's distance
        if t.test is TestName.HOP_TEST and hop_positive and t.result is not TestResult.POSITIVE:
            continue
        out.append(test_finding(t, record))
    return tuple(sorted(out, key=lambda f: not f.positive))  # stable: recorded order within each group
