"""An exam's content to table rows and back, and its checksum.

`prepare(exam)` turns an exam into plain rows (file words, ISO dates, numbers)
once; the same rows are inserted and hashed. The repository inserts one exam
at a time with them, the bulk loader thousands per statement, both with one
DB-API `executemany` per table (SQLAlchemy's per-row parameter handling cost
more than SQLite itself). Reading them back is `db.loading` (prebuilt SQL);
every list keeps its position, so `rows -> Exam` is exactly the exam that
went in.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kinelink.db.schema import (
    Base,
    GaitRow,
    InjuryRow,
    InjuryStructureRow,
    IssuedDocumentRow,
    LinkReviewRow,
    OutcomeRow,
    RedFlagRow,
    ResponseRow,
    RomRow,
    StrengthRow,
    SymptomActivityRow,
    SymptomRow,
    TestRow,
)
from kinelink.forms.examfile import utc_text
from kinelink.forms.model import (
    Exam,
)
from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

Row = dict[str, Any]
Plain = tuple[Any, ...]


# The child tables, parents first, with the columns of their rows after `version_id`. Columns and
# tables added later go at the end: see `_hashed`.
COLUMNS: dict[type[Base], tuple[str, ...]] = {
    InjuryRow: ("position", "region", "side", "date", "description", "kind"),
    InjuryStructureRow: ("injury_position", "position", "structure"),
    SymptomRow: ("position", "region", "side", "location", "onset", "pain_nprs", "radiates_to", "quality"),
    SymptomActivityRow: ("symptom_position", "position", "activity"),
    GaitRow: ("position", "gait"),
    RedFlagRow: ("position", "flag"),
    RomRow: ("position", "joint", "movement", "side", "mode", "degrees", "painful"),
    StrengthRow: ("position", "joint", "muscle_group", "side", "grade", "force_n"),
    TestRow: ("position", "test", "side", "result", "grade", "painful", "note", "distance_cm"),
    OutcomeRow: ("position", "instrument", "date"),
    ResponseRow: ("outcome_position", "position", "item", "answer"),
    LinkReviewRow: ("position", "source", "target", "mechanism", "side", "source_side", "decision", "note"),
    IssuedDocumentRow: ("position", "kind", "letter_type", "recipient", "issued_at", "author", "text", "sha256"),
}
CHILD_TABLES = tuple(COLUMNS)
# The order of a child table's rows in the exam: its position columns.
ORDER: dict[type[Base], tuple[str, ...]] = {
    e: tuple(c for c in cols if c.endswith("position")) for e, cols in COLUMNS.items()
}
FLAGS = frozenset({"painful", "red_flags_screened"})  # stored as 0/1, hashed as false/true
# The columns of `exam_versions` the checksum covers, in the order hashed (the scalars of `prepare`).
VERSION_COLUMNS = ("exam_id", "date", "clinician", "complaint", "past_history", "medications", "goals", "notes",
                   "body_mass_kg", "impression", "red_flags_screened")
# Real date columns (partial dates of injuries and symptoms are text on every database).
_DATES = {e: tuple(i + 1 for i, c in enumerate(cols) if c == "date" and e is OutcomeRow) for e, cols in COLUMNS.items()}

# The shape of the first schema (revision 0001): the checksum of an exam that uses nothing added
# since is computed exactly as then, so the checksums stored before the additions stay valid.
_FIRST_SCALARS = 8
_FIRST_TABLES = 11
_FIRST_WIDTH: dict[type[Base], int] = {InjuryRow: 5, SymptomRow: 7, TestRow: 7}


def table(entity: type[Base]) -> Table:
    return Base.metadata.tables[entity.__tablename__]


@dataclass(frozen=True, slots=True)
class Prepared:
    """An exam as rows: the scalar columns of `exam_versions` and the rows of each child table
    (without `version_id`), with the checksum of both."""

    values: Row
    children: dict[type[Base], list[Plain]]


def _word(member: enum.Enum | None) -> str | None:
    # `_value_` is Enum's plain attribute for the value; `.value` and dict lookups by member
    # (Enum.__hash__ is Python code) were a third of the time of a bulk insert.
    return None if member is None else member._value_


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _real(value: float | None) -> float | None:
    return None if value is None else float(value) + 0.0  # as REAL gives it back: 90 -> 90.0, -0.0 -> 0.0


def prepare(exam: Exam) -> Prepared:
    h = exam.history
    children: dict[type[Base], list[Plain]] = {
        InjuryRow: [
            (i, x.region._value_, x.side._value_, _iso(x.date), x.description, _word(x.kind))
            for i, x in enumerate(h.injuries)
        ],
        InjuryStructureRow: [
            (i, j, s._value_) for i, x in enumerate(h.injuries) for j, s in enumerate(x.structures)
        ],
        SymptomRow: [
            (i, x.region._value_, x.side._value_, _word(x.location), _iso(x.onset), x.pain_nprs,
             _word(x.radiates_to), _word(x.quality))
            for i, x in enumerate(h.symptoms)
        ],
        SymptomActivityRow: [
            (i, j, a._value_) for i, x in enumerate(h.symptoms) for j, a in enumerate(x.aggravating)
        ],
        GaitRow: [(i, g._value_) for i, g in enumerate(h.gait)],
        RedFlagRow: [(i, f._value_) for i, f in enumerate(h.red_flags)],
        RomRow: [
            (i, r.joint._value_, r.movement._value_, r.side._value_, r.mode._value_, _real(r.degrees), r.painful)
            for i, r in enumerate(exam.rom)
        ],
        StrengthRow: [
            (i, s.joint._value_, s.group._value_, s.side._value_, _word(s.grade), _real(s.force_n))
            for i, s in enumerate(exam.strength)
        ],
        TestRow: [
            (i, t.test._value_, t.side._value_, t.result._value_, _word(t.grade), t.painful, t.note,
             _real(t.distance_cm))
            for i, t in enumerate(exam.tests)
        ],
        OutcomeRow: [(i, o.instrument._value_, _iso(o.date)) for i, o in enumerate(exam.outcomes)],
        ResponseRow: [
            (i, j, code, answer) for i, o in enumerate(exam.outcomes) for j, (code, answer) in enumerate(o.responses)
        ],
        LinkReviewRow: [
            (i, r.source._value_, r.target._value_, r.mechanism._value_, r.side._value_, r.source_side._value_,
             r.decision._value_, r.note)
            for i, r in enumerate(exam.link_review)
        ],
        IssuedDocumentRow: [
            (i, d.kind._value_, d.letter_type, d.recipient, utc_text(d.issued_at), d.author, d.text, d.sha256)
            for i, d in enumerate(exam.documents)
        ],
    }
    scalars = (exam.id, _iso(exam.date), exam.clinician, h.complaint, h.past_history, h.medications, h.goals,
               exam.notes, _real(exam.body_mass_kg), exam.impression, h.red_flags_screened)
    values = {
        "date": exam.date,
        "clinician": exam.clinician,
        "complaint": h.complaint,
        "past_history": h.past_history,
        "medications": h.medications,
        "goals": h.goals,
        "notes": exam.notes,
        "body_mass_kg": _real(exam.body_mass_kg),
        "impression": exam.impression,
        "red_flags_screened": h.red_flags_screened,
        "content_sha256": canonical_sha256(scalars, [children[e] for e in CHILD_TABLES]),
    }
    return Prepared(values, children)


def canonical_sha256(scalars: Sequence[Any], tables: Sequence[Sequence[Sequence[Any]]]) -> str:
    """The checksum of an exam as plain values: its `VERSION_COLUMNS`, then each child table's rows
    (`COLUMNS`, in `ORDER`) in `CHILD_TABLES` order. Computed the same way from an `Exam` (`prepare`)
    and straight from stored rows (`db.verify`), so a check never rebuilds objects."""
    text = json.dumps(_hashed(scalars, tables), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _trim(values: Sequence[Any], first: int, empty: Any) -> list[Any]:
    """`values` without the trailing `empty` ones past the first `first`."""
    end = len(values)
    while end > first and values[end - 1] == empty:
        end -= 1
    return list(values[:end])


def _hashed(scalars: Sequence[Any], children: Sequence[Sequence[Sequence[Any]]]) -> list[Any]:
    """What the checksum covers. Fields added after the first schema are left out while unset
    (None, or an empty list), so an exam that does not use them hashes exactly as it did then."""
    tables: list[Any] = []
    for entity, rows in zip(CHILD_TABLES, children, strict=True):
        width = _FIRST_WIDTH.get(entity)
        tables.append([_trim(row, width, None) for row in rows] if width is not None else [list(r) for r in rows])
    return [_trim(scalars, _FIRST_SCALARS, None), _trim(tables, _FIRST_TABLES, [])]


def content_sha256(exam: Exam) -> str:
    """Checksum of an exam's content (its id included); measurements compared by value (90 == 90.0)."""
    return str(prepare(exam).values["content_sha256"])


def insert_children(s: Session, exams: Iterable[tuple[int, Prepared]]) -> None:
    """Insert the child rows of prepared exams under their version ids: one executemany per table."""
    exams = list(exams)
    conn = s.connection()
    dialect = conn.dialect
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(dialect.paramstyle)
    for entity in CHILD_TABLES:
        rows = [(vid, *row) for vid, p in exams for row in p.children[entity]]
        if not rows:
            continue
        names = ("version_id", *COLUMNS[entity])
        if dialect.name != "sqlite" and _DATES[entity]:
            # SQLite keeps dates as ISO text; other databases want date objects
            at = _DATES[entity]
            rows = [tuple(_date(v) if i in at else v for i, v in enumerate(row)) for row in rows]
        if marker is None:  # a driver with another parameter style: the slower, general way
            s.execute(insert(table(entity)), [dict(zip(names, row, strict=True)) for row in rows])
            continue
        sql = f"INSERT INTO {table(entity).name} ({', '.join(names)}) VALUES ({', '.join([marker] * len(names))})"
        conn.exec_driver_sql(sql, rows)


def _date(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
