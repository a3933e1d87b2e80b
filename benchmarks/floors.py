"""Floors that give identical answers: the exam view, the patient page and the sign-off, done by hand.

Each floor returns exactly what Kinelink returns (the same frozen `StoredExam`, page records,
`ExamSummary`), and `figures` checks that before timing. What a floor uses:
- the standard library's `sqlite3` on the file, SQL written here, one transaction per call;
- the definitions of the data: `forms` classes and vocabularies, `questionnaires.score` (the key
  scores), `content.COLUMNS`/`content.canonical_sha256` (what a checksum covers and how it is
  computed: `kinelink check` and the repository use the same definition), and for the sign-off
  `history.seal_pending`/`write_anchor` (the sealed audit entry and its anchor a sign-off leaves);
  for the import `examfile.load` (what a valid file is), `content.prepare` (an exam as rows) and
  `searchkeys` (the folded name, the search terms).
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

from kinelink.db import content, history, searchkeys
from kinelink.db.records import ExamStatus, ExamSummary, KeyScore, StoredExam
from kinelink.forms import examfile, partialdate, vocab
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


# --- import -------------------------------------------------------------------------------------

_PATIENT_INSERT = ("INSERT INTO patients (record_number, family_name, given_name, date_of_birth, sex, sort_key, "
                   "record_key, created_at, updated_at, row_version, updated_by) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")
_VERSION_INSERT = ("INSERT INTO exam_versions (exam_id, version, date, clinician, complaint, past_history, "
                   "medications, goals, notes, body_mass_kg, impression, red_flags_screened, saved_at, saved_by, "
                   "reason, content_sha256) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)")
_CHILD_INSERT = {e: f"INSERT INTO {name} (version_id, {', '.join(cols)}) VALUES ({', '.join('?' * (len(cols) + 1))})"
                 for e, name, cols, _ in _TABLES}


def import_files(conn: sqlite3.Connection, path: Path, files: Sequence[Path], *,
                 author: str) -> list[tuple[int, str, bool, tuple[int, ...]]]:
    """`kinelink import FILE...` by hand, for files of exams not stored yet: each file read and checked
    (`examfile.load`, the format's definition), its patient matched (record number, else folded name
    and date of birth, among the stored and those this import creates) or created with its search
    terms, the exam, its version and findings and the audit entries written, sealed into the history
    chain and anchored, in one transaction; per file (patient id, exam id, created, possible duplicates
    of a new patient)."""
    records = [examfile.load(f) for f in files]
    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    out: list[tuple[int, str, bool, tuple[int, ...]]] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        ids = [r.exam.id for r in records]
        if conn.execute(f"SELECT 1 FROM exams WHERE id IN ({', '.join('?' * len(ids))})", ids).fetchall():
            raise ValueError("the import floor stores new exams only")
        created: dict[Any, int] = {}  # record number, or (folded name, born), of a patient made here
        audit: list[tuple[Any, ...]] = []
        terms: list[tuple[str, int]] = []
        keys: list[tuple[str, str, int]] = []
        children: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
        for record in records:
            p, x = record.patient, record.exam
            folded, born = searchkeys.sort_key(p.family_name, p.given_name), p.date_of_birth.isoformat()
            pid = created.get(p.record_number) if p.record_number else None
            if pid is None and p.record_number is not None:
                row = conn.execute("SELECT id, merged_into FROM patients WHERE record_number = ?",
                                   (p.record_number,)).fetchone()
                while row is not None and row[1] is not None:
                    row = conn.execute("SELECT id, merged_into FROM patients WHERE id = ?", (row[1],)).fetchone()
                pid = None if row is None else row[0]
            if pid is None:
                pid = created.get((folded, born))
            if pid is None:
                row = conn.execute("SELECT id FROM patients WHERE sort_key = ? AND date_of_birth = ? AND merged_into "
                                   "IS NULL" + (" AND record_number IS NULL" if p.record_number else "")
                                   + " ORDER BY id LIMIT 1", (folded, born)).fetchone()
                pid = None if row is None else row[0]
            duplicates: tuple[int, ...] = ()
            if pid is None:
                pid = conn.execute(_PATIENT_INSERT, (
                    p.record_number, p.family_name, p.given_name, born, p.sex.value, folded,
                    searchkeys.record_key(p.record_number), stamp, stamp, author)).lastrowid
                assert pid is not None
                created[p.record_number or (folded, born)] = pid
                created[(folded, born)] = pid
                terms += [(t, pid) for t in sorted(searchkeys.name_terms(p.family_name, p.given_name))]
                keys += [(k, folded, pid) for k in sorted(searchkeys.search_keys(p.family_name, p.given_name,
                                                                                 p.record_number))]
                audit.append((stamp, author, "create_patient", pid, None, None,
                              f"created {p.display_name} (born {born})"))
                duplicates = tuple(r[0] for r in conn.execute(
                    "SELECT id FROM patients WHERE sort_key = ? AND date_of_birth = ? AND sex = ? AND merged_into "
                    "IS NULL AND id != ? ORDER BY id", (folded, born, p.sex.value, pid)))
            conn.execute("INSERT INTO exams (id, patient_id, status, version, date, clinician, created_at, created_by, "
                         "updated_at, row_version, updated_by) VALUES (?, ?, 'draft', 1, ?, ?, ?, ?, ?, 1, ?)",
                         (x.id, pid, x.date.isoformat(), x.clinician, stamp, author, stamp, author))
            prepared = content.prepare(x)
            v = prepared.values
            vid = conn.execute(_VERSION_INSERT, (
                x.id, x.date.isoformat(), v["clinician"], v["complaint"], v["past_history"], v["medications"],
                v["goals"], v["notes"], v["body_mass_kg"], v["impression"], v["red_flags_screened"], stamp, author,
                v["content_sha256"])).lastrowid
            for entity, rows in prepared.children.items():
                children[entity] += [(vid, *row) for row in rows]
            audit.append((stamp, author, "import", pid, x.id, 1,
                          f"imported exam of {x.date.isoformat()} (stored as a draft)"))
            out.append((pid, str(x.id), True, duplicates))
        conn.executemany("INSERT INTO patient_search_terms (term, patient_id) VALUES (?, ?)", terms)
        conn.executemany("INSERT INTO patient_search_keys (key, sort_key, patient_id) VALUES (?, ?, ?)", keys)
        for entity, rows in children.items():
            conn.executemany(_CHILD_INSERT[entity], rows)
        conn.executemany("INSERT INTO audit_log (at, author, action, patient_id, exam_id, version, what) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", audit)
        sealed = history.seal_pending(lambda sql, params: conn.execute(sql, tuple(params)).fetchall(),
                                      lambda sql, params: conn.execute(sql, tuple(params)) and None)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if sealed is not None:
        history.write_anchor(path, sealed)
    return out


# --- check ----------------------------------------------------------------------------------------


def check(path: Path) -> list[str]:
    """`kinelink check` by hand: SQLite's `integrity_check` and `foreign_key_check` on a read-only
    connection, every version hashed from one `SELECT` per table (`content.canonical_sha256`), every
    exam's current version present, every patient's stored number of exams and last exam date compared
    with the exams, then the history chain verified (`history.verify`, its definition)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    try:
        damage = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        damage += [str(r) for r in conn.execute("PRAGMA foreign_key_check")]
        if damage:
            return [f"damaged: {d}" for d in damage]
        conn.execute("BEGIN")
        tables: list[dict[int, list[Any]]] = []
        for (_, name, cols, order), flags in zip(_TABLES, _FLAGS, strict=True):
            grouped: dict[int, list[Any]] = defaultdict(list)
            for vid, *values in conn.execute(f"SELECT version_id, {', '.join(cols)} FROM {name} "
                                             f"ORDER BY version_id, {', '.join(order)}"):
                for i in flags:
                    if values[i] is not None:
                        values[i] = bool(values[i])
                grouped[vid].append(values)
            tables.append(grouped)
        found = [f"exam {e} has lost its version {v}" for e, v in conn.execute(
            "SELECT e.id, e.version FROM exams e LEFT JOIN exam_versions v ON v.exam_id = e.id AND "
            "v.version = e.version WHERE v.id IS NULL")]
        for vid, version, stored, *values in conn.execute(
                f"SELECT id, version, content_sha256, {', '.join(content.VERSION_COLUMNS)} FROM exam_versions"):
            if values[10] is not None:
                values[10] = bool(values[10])
            if content.canonical_sha256(values, [t.get(vid, []) for t in tables]) != stored:
                found.append(f"exam {values[0]} version {version} does not match its checksum "
                             "(changed outside Kinelink?)")
        found += [f"patient {r[0]}: stored exam figures differ" for r in conn.execute(
            "SELECT p.id FROM patients p LEFT JOIN (SELECT patient_id, count(*) AS n, max(date) AS last FROM exams "
            "GROUP BY patient_id) e ON e.patient_id = p.id "
            "WHERE p.exam_count IS NOT coalesce(e.n, 0) OR p.last_exam_date IS NOT e.last")]
        found += history.verify(lambda sql, params: conn.execute(sql, tuple(params)).fetchall(), path)
        conn.execute("COMMIT")
        return found
    finally:
        conn.close()
