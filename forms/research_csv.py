"""The research table: one row per exam, one column per measure (`kinelink export --format csv`).

Columns are derived from the catalogues (vocab, muscles, special tests, questionnaires), never
typed out here, so a new movement, test or questionnaire item gets its column by itself.
Sides are suffixes (`_left`, `_right`). docs/csv-export.md lists every column; a test keeps
it complete.

Free text (complaint, notes, impression, test notes) is never exported: it may name people.
Pseudonymised rows drop names and dates of birth, keep age in whole years at the exam, and
carry `patient_pseudonym` = HMAC-SHA256(salt, record number) instead of the record number;
a patient without a record number is keyed by name and date of birth, which are hashed too.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
from collections.abc import Iterable
from typing import TextIO

from kinelink.forms.model import ExamRecord
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.questionnaires import QUESTIONNAIRES, score
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import MOVEMENTS_BY_JOINT, Mode, Side, TestName

# Excel only reads a CSV as UTF-8 when it starts with a byte order mark; pandas and
# csv (encoding="utf-8-sig") skip it. Without it, Łukasz or Иван turn to mojibake in a spreadsheet.
ENCODING = "utf-8-sig"

IDENTITY_COLUMNS = ("record_number", "family_name", "given_name", "date_of_birth")
PSEUDONYM_COLUMN = "patient_pseudonym"
_EXAM_COLUMNS = ("exam_id", "exam_date", "sex", "age_years", "body_mass_kg")


def _sides(stem: str) -> tuple[str, ...]:
    return tuple(f"{stem}_{side.value}" for side in Side)


def _measure_columns() -> tuple[str, ...]:
    cols: list[str] = []
    for joint, movements in MOVEMENTS_BY_JOINT.items():
        for movement in movements:
            for mode in Mode:
                cols += _sides(f"rom_{joint.value}_{movement.value}_{mode.value}")
    for joint, group in MUSCLE_GROUPS:
        cols += _sides(f"strength_{joint.value}_{group.value}_grade")
        cols += _sides(f"strength_{joint.value}_{group.value}_force_n")
    for test in SPECIAL_TESTS:
        cols += _sides(f"test_{test.value}")
        cols += _sides(f"test_{test.value}_grade")
    cols += _sides(f"test_{TestName.HOP_TEST.value}_distance_cm")
    for instrument, q in QUESTIONNAIRES.items():
        name = instrument.value.lower()
        cols.append(f"{name}_date")
        cols += [f"{name}_{s.key}" for s in q.subscales]
        cols += [f"{name}_item_{code.lower()}" for code in q.codes]
    return tuple(cols)


MEASURE_COLUMNS: tuple[str, ...] = _measure_columns()


def columns(*, pseudonymise: bool) -> tuple[str, ...]:
    """The header, in order."""
    who = (PSEUDONYM_COLUMN,) if pseudonymise else IDENTITY_COLUMNS
    return (*who, *_EXAM_COLUMNS, *MEASURE_COLUMNS)


def pseudonym(salt: bytes, record: ExamRecord) -> str:
    """A stable key for the patient: the same salt and record number always give the same hex."""
    p = record.patient
    key = p.record_number if p.record_number else f"{p.family_name}\x1f{p.given_name}\x1f{p.date_of_birth.isoformat()}"
    return hmac.new(salt, key.encode("utf-8"), hashlib.sha256).hexdigest()


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def row(record: ExamRecord, *, salt: bytes | None = None) -> dict[str, str]:
    """One exam as column -> cell text ("" = not recorded). With a salt, pseudonymised."""
    p, e = record.patient, record.exam
    out = dict.fromkeys(columns(pseudonymise=salt is not None), "")
    if salt is None:
        out.update(record_number=p.record_number or "", family_name=p.family_name,
                   given_name=p.given_name, date_of_birth=p.date_of_birth.isoformat())
    else:
        out[PSEUDONYM_COLUMN] = pseudonym(salt, record)
    out.update(exam_id=e.id or "", exam_date=e.date.isoformat(), sex=p.sex.value,
               age_years=str(p.age_on(e.date)), body_mass_kg=_number(e.body_mass_kg))
    for r in e.rom:
        out[f"rom_{r.joint.value}_{r.movement.value}_{r.mode.value}_{r.side.value}"] = _number(r.degrees)
    for s in e.strength:
        stem = f"strength_{s.joint.value}_{s.group.value}"
        out[f"{stem}_grade_{s.side.value}"] = s.grade.value if s.grade else ""
        out[f"{stem}_force_n_{s.side.value}"] = _number(s.force_n)
    for t in e.tests:
        out[f"test_{t.test.value}_{t.side.value}"] = t.result.value
        out[f"test_{t.test.value}_grade_{t.side.value}"] = t.grade.value if t.grade else ""
        if t.distance_cm is not None:
            out[f"test_{t.test.value}_distance_cm_{t.side.value}"] = _number(t.distance_cm)
    for o in e.outcomes:  # an instrument given twice in one exam: the later one (file order) wins
        name = o.instrument.value.lower()
        out[f"{name}_date"] = o.date.isoformat() if o.date else ""
        for key, value in score(o.instrument, o.answers).items():
            out[f"{name}_{key}"] = _number(value)
        for code, answer in o.responses:
            out[f"{name}_item_{code.lower()}"] = str(answer)
    return out


def write(records: Iterable[ExamRecord], stream: TextIO, *, salt: bytes | None = None) -> int:
    """Write the header and one row per record to a text stream opened with newline=""; the row count."""
    writer = csv.DictWriter(stream, fieldnames=columns(pseudonymise=salt is not None), lineterminator="\r\n")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(row(record, salt=salt))
        n += 1
    return n

