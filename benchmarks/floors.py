"""Floors that give identical answers: the exam view, the patient page and the sign-off, done by hand.

Each floor returns exactly what Kinelink returns (the same frozen `StoredExam`, page records,
`ExamSummary`), and `figures` checks that before timing. What a floor uses:
- the standard library's `sqlite3` on the file, SQL written here, one transaction per call;
- the definitions of the data: `forms` classes and vocabularies, `questionnaires.score` (the key
  scores), `content.COLUMNS`/`content.canonical_sha256` (what a checksum covers and how it is
  computed: `kinelink check` and the repository use the same definition), and for the sign-off
  `history.seal_pending`/`write_anchor` (the sealed audit entry and its anchor a sign-off leaves).
No SQLAlchemy, no `db.repository`, no `db.loading`: those are what is measured.
"""

from __future__ import annotations

import datetime as dt
import enum
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from kinelink.db import content, history
from kinelink.db.records import ExamStatus, ExamSummary, KeyScore, StoredExam
from kinelink.forms import partialdate, vocab
from kinelink.forms.model import (
    Exam,
    ExamId,
    ExamRecord,
    History,
    Injury,
    IssuedDocument,
    LinkReview,
    Outcome,
    Patient,
    PatientId,
    RomEntry,
    StrengthEntry,
    Symptom,
    TestEntry,
)
from kinelink.forms.questionnaires import score

E = TypeVar("E", bound=enum.Enum)
_BY_WORD: dict[type[enum.Enum], dict[Any, enum.Enum]] = {}


def _w(cls: type[E], word: Any) -> E:
    table = _BY_WORD.get(cls)
    if table is None:
        table = _BY_WORD[cls] = {m.value: m for m in cls}
    return table[word]  # type: ignore[return-value]


def _opt(cls: type[E], word: Any) -> E | None:
    return None if word is None else _w(cls, word)


def _n(value: float) -> float:
    return int(value) if float(value).is_integer() else value


def _num(value: float | None) -> float | None:
    return None if value is None else _n(value)


def _aware(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


_VERSION = ("v.exam_id, v.date, v.clinician, v.complaint, v.past_history, v.medications, v.goals, v.notes, "
            "v.body_mass_kg, v.impression, v.red_flags_screened")  # the checksummed scalars, in order
_HEAD = ("SELECT e.id, e.patient_id, e.status, e.version, e.signed_by, e.signed_at, e.updated_at, e.row_version, "
         f"e.updated_by, v.id, v.content_sha256, {_VERSION}, "
         "p.family_name, p.given_name, p.date_of_birth, p.sex, p.record_number "
         "FROM exams e JOIN exam_versions v ON v.exam_id = e.id AND v.version = e.version "
         "JOIN patients p ON p.id = e.patient_id ")
_TABLES = [(e, content.table(e).name, content.COLUMNS[e], content.ORDER[e]) for e in content.CHILD_TABLES]
_ONE = [f"SELECT {', '.join(cols)} FROM {name} WHERE version_id = ? ORDER BY {', '.join(order)}"
        for _, name, cols, order in _TABLES]


def _many(n: int) -> list[str]:
    marks = ", ".join("?" * n)
    return [f"SELECT version_id, {', '.join(cols)} FROM {name} WHERE version_id IN ({marks}) "
            f"ORDER BY version_id, {', '.join(order)}" for _, name, cols, order in _TABLES]


# canonical values for the checksum: flags as booleans (painful; red_flags_screened)
_FLAGS = [[i for i, c in enumerate(cols) if c in content.FLAGS] for _, _, cols, _ in _TABLES]


def _canonical(tables: list[list[Any]]) -> list[list[Any]]:
    out = []
    for rows, flags in zip(tables, _FLAGS, strict=True):
        if flags:
            rows = [[bool(v) if i in flags and v is not None else v for i, v in enumerate(r)] for r in rows]
        out.append(rows)
    return out


def _exam(head: Sequence[Any], t: list[list[Any]]) -> Exam:
    """The typed exam from its version row (head[11:22]) and child rows (in `CHILD_TABLES` order)."""
    inj, struct, sym, act, gait, flags, rom, strength, tests, outcomes, responses, reviews, docs = t
    structures: dict[int, list[vocab.Structure]] = defaultdict(list)
    for pos, _, word in struct:
        structures[pos].append(_w(vocab.Structure, word))
    aggravating: dict[int, list[vocab.Activity]] = defaultdict(list)
    for pos, _, word in act:
        aggravating[pos].append(_w(vocab.Activity, word))
    answers: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for pos, _, item, answer in responses:
        answers[pos].append((item, answer))
    screened = head[21]
    return Exam(
        date=dt.date.fromisoformat(head[12]),
        history=History(
            complaint=head[14],
            injuries=tuple(Injury(_w(vocab.Region, r[1]), _w(vocab.Side, r[2]),
                                  partialdate.parse(r[3]) if r[3] else None, r[4], tuple(structures[r[0]]),
                                  _opt(vocab.InjuryKind, r[5])) for r in inj),
            symptoms=tuple(Symptom(_w(vocab.Region, r[1]), _w(vocab.Side, r[2]), _opt(vocab.Location, r[3]),
                                   partialdate.parse(r[4]) if r[4] else None, r[5], tuple(aggravating[r[0]]),
                                   _opt(vocab.Region, r[6]), _opt(vocab.PainQuality, r[7])) for r in sym),
            gait=tuple(_w(vocab.Gait, r[1]) for r in gait),
            red_flags=tuple(_w(vocab.RedFlag, r[1]) for r in flags),
            past_history=head[15], medications=head[16], goals=head[17],
            red_flags_screened=None if screened is None else bool(screened),
        ),
        id=ExamId(head[11]),
        clinician=head[13],
        rom=tuple(RomEntry(_w(vocab.Joint, r[1]), _w(vocab.Movement, r[2]), _w(vocab.Side, r[3]),
                           _n(r[5]), _w(vocab.Mode, r[4]), r[6]) for r in rom),
        strength=tuple(StrengthEntry(_w(vocab.Joint, r[1]), _w(vocab.MuscleGroup, r[2]), _w(vocab.Side, r[3]),
                                     _opt(vocab.Grade, r[4]), _num(r[5])) for r in strength),
        tests=tuple(TestEntry(_w(vocab.TestName, r[1]), _w(vocab.Side, r[2]), _w(vocab.TestResult, r[3]),
                              _opt(vocab.TestGrade, r[4]), r[5], r[6], _num(r[7])) for r in tests),
        outcomes=tuple(Outcome(_w(vocab.Instrument, r[1]), tuple(answers[r[0]]),
                               dt.date.fromisoformat(r[2]) if r[2] else None) for r in outcomes),
        notes=head[18],
        body_mass_kg=_num(head[19]),
        link_review=tuple(LinkReview(_w(vocab.Joint, r[1]), _w(vocab.Joint, r[2]), _w(vocab.Mechanism, r[3]),
                                     _w(vocab.Side, r[4]), _w(vocab.Side, r[5]), _w(vocab.LinkDecision, r[6]), r[7])
                          for r in reviews),
        impression=head[20],
        documents=tuple(IssuedDocument(_w(vocab.DocumentKind, r[1]), _aware(r[4].removesuffix("Z")), r[5], r[6],
                                       r[7], r[2], r[3]) for r in docs),
    )


def _checked(head: Sequence[Any], tables: list[list[Any]]) -> Exam:
    scalars = list(head[11:22])
    scalars[10] = None if scalars[10] is None else bool(scalars[10])
    if content.canonical_sha256(scalars, _canonical(tables)) != head[10]:
        raise ValueError(f"exam {head[0]}: checksum")
    return _exam(head, tables)


def _summary(head: Sequence[Any], exam: Exam) -> ExamSummary:
    scores = tuple(KeyScore(o.instrument, k, v) for o in exam.outcomes
                   for k, v in score(o.instrument, dict(o.responses)).items())
    return ExamSummary(ExamId(head[0]), PatientId(head[1]), exam.date, _w(ExamStatus, head[2]), head[3],
                       exam.clinician, head[4], None if head[5] is None else _aware(head[5]), _aware(head[6]),
                       scores, head[7], head[8])


def _patient(head: Sequence[Any]) -> Patient:
    return Patient(head[22], head[23], dt.date.fromisoformat(head[24]), _w(vocab.Sex, head[25]), head[26])


def get_exam(conn: sqlite3.Connection, exam_id: str) -> StoredExam:
    """`repository.get_exam(s, exam_id)` by hand: one join, one query per child table, the checksum
    of the rows, the typed exam, its key scores."""
    conn.execute("BEGIN")
    try:
        head = conn.execute(_HEAD + "WHERE e.id = ?", (exam_id,)).fetchone()
        vid = head[9]
        tables = [conn.execute(sql, (vid,)).fetchall() for sql in _ONE]
    finally:
        conn.execute("COMMIT")
    exam = _checked(head, tables)
    return StoredExam(_summary(head, exam), ExamRecord(_patient(head), exam))


def patient_page(conn: sqlite3.Connection, pid: int) -> tuple[Patient, bool, list[ExamSummary], list[ExamRecord]]:
    """`repository.patient_page` by hand: the patient, their exams newest first with summaries, the latest
    version of every exam (checked) oldest first."""
    conn.execute("BEGIN")
    try:
        person = conn.execute("SELECT family_name, given_name, date_of_birth, sex, record_number, archived_at "
                              "FROM patients WHERE id = ?", (pid,)).fetchone()
        heads = conn.execute(_HEAD + "WHERE e.patient_id = ? ORDER BY e.date DESC, e.created_at DESC",
                             (pid,)).fetchall()
        ids = [h[9] for h in heads]
        grouped = []
        for sql in _many(len(ids)):
            by: dict[int, list[Any]] = defaultdict(list)
            for row in conn.execute(sql, ids):
                by[row[0]].append(row[1:])
            grouped.append(by)
    finally:
        conn.execute("COMMIT")
    patient = Patient(person[0], person[1], dt.date.fromisoformat(person[2]), _w(vocab.Sex, person[3]), person[4])
    exams = [_checked(h, [by.get(h[9], []) for by in grouped]) for h in heads]
    summaries = [_summary(h, x) for h, x in zip(heads, exams, strict=True)]
    oldest_first = sorted(zip(heads, exams, strict=True), key=lambda p: (p[1].date, p[0][0]))
    return patient, person[5] is not None, summaries, [ExamRecord(patient, x) for _, x in oldest_first]


def sign_off(conn: sqlite3.Connection, path: Path, exam: Exam, *, author: str, holder: str,
             machine: str) -> ExamSummary:
    """What the window's sign-off leaves, by hand, for a draft saved as it is now: the stored checksum
    compared with the exam's, the exam signed (row version + 1), the audit entry sealed into the
    history chain and its anchor written, the editing mark cleared; the new summary read back."""
    assert exam.id is not None
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    stamp = now.isoformat(sep=" ", timespec="microseconds")
    conn.execute("BEGIN IMMEDIATE")
    try:
        status, patient_id, row_version, stored = conn.execute(
            "SELECT e.status, e.patient_id, e.row_version, v.content_sha256 FROM exams e "
            "JOIN exam_versions v ON v.exam_id = e.id AND v.version = 1 WHERE e.id = ?", (exam.id,)).fetchone()
        if status != "draft" or stored != content.content_sha256(exam):
            raise ValueError("the floor signs a saved, unchanged draft")
        conn.execute("UPDATE exams SET row_version = ?, updated_by = ?, updated_at = ?, status = 'signed', "
                     "signed_by = ?, signed_at = ? WHERE id = ? AND row_version = ?",
                     (row_version + 1, author, stamp, author, stamp, exam.id, row_version))
        conn.execute("INSERT INTO audit_log (at, author, action, patient_id, exam_id, version, what) "
                     "VALUES (?, ?, 'sign', ?, ?, 1, 'signed')", (stamp, author, patient_id, exam.id))
        conn.execute("DELETE FROM editing_markers WHERE exam_id = ? AND holder = ? AND machine = ?",
                     (exam.id, holder, machine))
        head = conn.execute(_HEAD + "WHERE e.id = ?", (exam.id,)).fetchone()
        sealed = history.seal_pending(lambda sql, params: conn.execute(sql, tuple(params)).fetchall(),
                                      lambda sql, params: conn.execute(sql, tuple(params)) and None)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if sealed is not None:
        history.write_anchor(path, sealed)
    return _summary(head, exam)


def connect(path: Path) -> sqlite3.Connection:
    """The floor's connection: autocommit (transactions begun by hand), Kinelink's durability settings."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 10000"):
        conn.execute(f"PRAGMA {pragma}").fetchall()
    return conn

