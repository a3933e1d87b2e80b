"""What changed between two versions of an exam, in the clinician's words.

`changes(old, new)` gives one line per changed finding, named as the form names it
("Hip flexion, left, active: 110° → 120°", "KOOS completed on: not recorded → 2 Jan 2026"),
never as a file path. Findings are matched by what they measure, not by their position, so
an inserted row is one change. Keys of the file this module does not know yet are still
compared, under their own name in words.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from kinelink.forms.examfile import to_dict
from kinelink.forms.formats import show_date, show_number
from kinelink.forms.model import Exam, ExamRecord, Injury, Patient, Symptom
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.questionnaires import questionnaire
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import Sex

NOT_RECORDED = "not recorded"
_KNOWN = {"id", "date", "clinician", "history", "rom", "strength", "tests", "outcomes", "notes"}
_NOBODY = Patient("-", "-", dt.date(2000, 1, 1), Sex.UNKNOWN)


def _day(day: object) -> str:
    """A date as every screen shows it; a partial date as it was given."""
    if isinstance(day, dt.date):
        return show_date(day)
    return NOT_RECORDED if day is None else str(day)


def _words(items: Iterable[object]) -> str:
    labels = [str(getattr(i, "label", i)) for i in items]
    return ", ".join(labels) if labels else "none"


def _pain(painful: bool | None) -> str:
    return "" if painful is None else ", painful" if painful else ", not painful"


def _injury(i: Injury) -> str:
    bits = [f"{i.region.label}, {i.side.label}", _day(i.date) if i.date else ""]
    if i.structures:
        bits.append(_words(i.structures))
    if i.description:
        bits.append(i.description)
    return "; ".join(b for b in bits if b)


def _symptom(s: Symptom) -> str:
    bits = [f"{s.region.label}, {s.side.label}" + (f", {s.location.label}" if s.location else "")]
    if s.onset:
        bits.append(f"since {_day(s.onset)}")
    if s.pain_nprs is not None:
        bits.append(f"pain {s.pain_nprs}/10")
    if s.aggravating:
        bits.append(f"worse with {_words(s.aggravating)}")
    if s.radiates_to:
        bits.append(f"radiates to the {s.radiates_to.label}")
    quality = getattr(s, "quality", None)
    if quality is not None:
        bits.append(str(getattr(quality, "label", quality)))
    return "; ".join(bits)


def describe(exam: Exam) -> dict[str, str]:
    """Every finding of the exam as (what, value), both in words."""
    out: dict[str, str] = {"Exam date": _day(exam.date), "Clinician": exam.clinician or NOT_RECORDED}
    h = exam.history
    out["Presenting complaint"] = h.complaint or NOT_RECORDED
    for n, injury in enumerate(h.injuries, 1):
        out[f"Injury {n}"] = _injury(injury)
    for n, symptom in enumerate(h.symptoms, 1):
        out[f"Symptom {n}"] = _symptom(symptom)
    out["Gait"] = _words(h.gait)
    out["Red flags present"] = _words(h.red_flags)
    for what, text in (("Past history", h.past_history), ("Medication", h.medications), ("Goals", h.goals)):
        out[what] = text or NOT_RECORDED
    for r in exam.rom:
        what = f"{ROM_NORMS[(r.joint, r.movement)].label}, {r.side.label}, {r.mode.label}"
        out[what] = f"{show_number(r.degrees)}°{_pain(r.painful)}"
    for s in exam.strength:
        what = f"{MUSCLE_GROUPS[(s.joint, s.group)].label}, {s.side.label}"
        force = f"{show_number(s.force_n)} N" if s.force_n is not None else ""
        parts = [f"grade {s.grade.value}" if s.grade else "", force]
        out[what] = ", ".join(p for p in parts if p)
    for t in exam.tests:
        what = f"{SPECIAL_TESTS[t.test].label}, {t.side.label}"
        parts = [t.result.label, f"grade {t.grade.value}" if t.grade else "", _pain(t.painful).lstrip(", ")]
        if t.note:
            parts.append(f"note: {t.note}")
        out[what] = ", ".join(p for p in parts if p)
    for o in exam.outcomes:
        q = questionnaire(o.instrument)
        out[f"{o.instrument.value} completed on"] = _day(o.date) if o.date else NOT_RECORDED
        for code, answer in o.responses:
            item = q.item(code)
            out[f"{o.instrument.value} {code} ({item.text})"] = f"{answer} ({item.answers[answer]})"
    out["Notes"] = exam.notes or NOT_RECORDED
    # keys of the file this module does not name (added to the format later): compared as written
    extra = to_dict(ExamRecord(_NOBODY, exam))["exam"]
    for key, value in extra.items():
        if key not in _KNOWN and value not in (None, [], {}):
            out[key.replace("_", " ").capitalize()] = json.dumps(value, ensure_ascii=False)
    return out


def changes(old: Exam, new: Exam) -> list[str]:
    """One line per changed finding: `what: before → after` (added and removed ones said so)."""
    before, after = describe(old), describe(new)
    lines = []
    for key in [*after, *(k for k in before if k not in after)]:
        if key not in before:
            lines.append(f"{key}: added {after[key]}")
        elif key not in after:
            lines.append(f"{key}: removed (was {before[key]})")
        elif before[key] != after[key]:
            lines.append(f"{key}: {before[key]} → {after[key]}")
    return lines
