"""Stored exams read back with prebuilt SQL: the exam view, the patient page, the history list.

These are the reads the window makes most. Through the ORM an exam took 16 statements and
thousands of Python calls to build rows nobody kept; here each read is a few fixed SQL texts
(written once, below) run on the driver: one statement for an exam with its version and
patient, then one per table family (each child table) for every version asked for at once.

The checksum is computed from the rows as they are stored, with the same canonical form
`kinelink check` uses (`content.canonical_sha256`), before any object is built: content
changed behind Kinelink's back is reported (`DatabaseError`), never shown. The `forms`
objects are then built straight from the row tuples (vocabulary words by dictionary).

Values come back as SQLite keeps them (ISO text for dates and times, 0/1 for flags) or as
PostgreSQL's driver gives them (date, datetime, bool); `_day`, `_moment` and `_flag` accept both.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from kinelink.db import content
from kinelink.db.errors import DatabaseError, NotFound
from kinelink.db.records import ExamStatus, ExamSummary, KeyScore
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
from kinelink.forms import partialdate
from kinelink.forms.i18n import _
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
from kinelink.forms.vocab import (
    Activity,
    DocumentKind,
    Gait,
    Grade,
    InjuryKind,
    Instrument,
    Joint,
    LinkDecision,
    Location,
    Mechanism,
    Mode,
    Movement,
    MuscleGroup,
    PainQuality,
    RedFlag,
    Region,
    Sex,
    Side,
    Structure,
    TestGrade,
    TestName,
    TestResult,
)
from sqlalchemy import Connection
from sqlalchemy.orm import Session

E = TypeVar("E", bound=enum.Enum)
Rows = list[tuple[Any, ...]]
Query = Callable[[str, Sequence[Any]], Rows]


@functools.cache
def _words(cls: type[E]) -> dict[Any, E]:
    """The members of a vocabulary by their stored word (a dict lookup; `Enum(value)` is slow)."""
    return {m.value: m for m in cls}


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _moment(value: Any) -> dt.datetime:
    """A stored UTC time (naive in the database) as an aware datetime."""
    stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return stamp.replace(tzinfo=dt.UTC)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _number(value: float) -> float:
    """Whole numbers come back as ints, as a clinician would have written them."""
    return int(value) if float(value).is_integer() else value


def _utc_text(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.removesuffix("Z")).replace(tzinfo=dt.UTC)


# --- running prebuilt SQL on the driver ---------------------------------------------------------


def reader(s: Session) -> Query:
    """Run a prebuilt statement (`?` markers) in the session's transaction, rows as tuples. On
    SQLite straight on the driver's connection; elsewhere through SQLAlchemy's driver-level call
    (its errors then reach the unit of work as SQLAlchemy errors)."""
    s.flush()  # changes made through the ORM in this unit of work (a no-op when there are none)
    conn = s.connection()
    if conn.dialect.name == "sqlite":
        raw: Any = conn.connection.driver_connection

        def sqlite_rows(sql: str, params: Sequence[Any]) -> Rows:
            return raw.execute(sql, params).fetchall()  # type: ignore[no-any-return]
        return sqlite_rows
    return functools.partial(_driver_rows, conn)


def _driver_rows(conn: Connection, sql: str, params: Sequence[Any]) -> Rows:
    return [tuple(r) for r in conn.exec_driver_sql(_format(sql), tuple(params))]


@functools.cache
def _format(sql: str) -> str:
    return sql.replace("?", "%s")


@functools.cache
def _marks(n: int) -> str:
    return ", ".join("?" * n)


# --- the statements ----------------------------------------------------------------------------

# An exam's row and one of its versions: what a summary needs, then the scalars the checksum covers.
_SUMMARY_COLUMNS = ("e.id, e.patient_id, e.status, e.version, e.signed_by, e.signed_at, e.updated_at, e.row_version, "
                    "e.updated_by, v.id, v.version, v.saved_at, v.content_sha256, "
                    + ", ".join(f"v.{c}" for c in content.VERSION_COLUMNS))
_PATIENT_COLUMNS = "p.family_name, p.given_name, p.date_of_birth, p.sex, p.record_number"
_LATEST = "JOIN exam_versions v ON v.exam_id = e.id AND v.version = e.version"
_EXAM = (f"SELECT {_SUMMARY_COLUMNS}, {_PATIENT_COLUMNS} FROM exams e {_LATEST} "
         "JOIN patients p ON p.id = e.patient_id WHERE e.id = ?")
_EXAM_VERSION = (f"SELECT {_SUMMARY_COLUMNS}, {_PATIENT_COLUMNS} FROM exams e "
                 "JOIN exam_versions v ON v.exam_id = e.id AND v.version = ? "
                 "JOIN patients p ON p.id = e.patient_id WHERE e.id = ?")
_PATIENT = f"SELECT {_PATIENT_COLUMNS}, p.archived_at FROM patients p WHERE p.id = ?"
_PATIENT_EXAMS = (f"SELECT {_SUMMARY_COLUMNS} FROM exams e {_LATEST} WHERE e.patient_id = ? "
                  "ORDER BY e.date DESC, e.created_at DESC")
_SCORES = ("SELECT o.version_id, o.position, o.instrument, r.item, r.answer FROM outcomes o "
           "LEFT JOIN outcome_responses r ON r.version_id = o.version_id AND r.outcome_position = o.position "
           "WHERE o.version_id IN ({}) ORDER BY o.version_id, o.position")
_SCALARS = 13  # summary columns before the checksummed scalars (`content.VERSION_COLUMNS`)
_WIDTH = _SCALARS + len(content.VERSION_COLUMNS)
_SCREENED = _SCALARS + content.VERSION_COLUMNS.index("red_flags_screened")
_VERSION_DATE = _SCALARS + content.VERSION_COLUMNS.index("date")


@functools.cache
def _children_sql(entity: type[Base], versions: int) -> str:
    """One child table's rows for `versions` versions, in their order in the exam."""
    order = ", ".join(content.ORDER[entity])
    return (f"SELECT version_id, {', '.join(content.COLUMNS[entity])} FROM {content.table(entity).name} "
            f"WHERE version_id IN ({_marks(versions)}) ORDER BY version_id, {order}")


# Child tables whose rows need a value made canonical before hashing: flags (0/1 on SQLite) and
# real dates (date objects on PostgreSQL), by column index after `version_id`.
_FLAG_AT = {e: tuple(i for i, c in enumerate(cols) if c in content.FLAGS) for e, cols in content.COLUMNS.items()}
_DATE_AT: dict[type[Base], tuple[int, ...]] = {OutcomeRow: (content.COLUMNS[OutcomeRow].index("date"),)}


def _children(query: Query, version_ids: Sequence[int]) -> dict[type[Base], dict[int, list[Sequence[Any]]]]:
    """Every child table's rows of these versions, by table then version id, values canonical."""
    out: dict[type[Base], dict[int, list[Sequence[Any]]]] = {}
    for entity in content.CHILD_TABLES:
        by_version: dict[int, list[Sequence[Any]]] = defaultdict(list)
        flags, dates = _FLAG_AT[entity], _DATE_AT.get(entity, ())
        for row in query(_children_sql(entity, len(version_ids)), version_ids):
            values: Sequence[Any] = row[1:]
            if flags or dates:
                fixed = list(values)
                for i in flags:
                    fixed[i] = _flag(fixed[i])
                for i in dates:
                    fixed[i] = _iso(fixed[i])
                values = fixed
            by_version[row[0]].append(values)
        out[entity] = by_version
    return out


# --- rows to records ---------------------------------------------------------------------------


def _summary(row: Sequence[Any], scores: tuple[KeyScore, ...]) -> ExamSummary:
    latest = row[10] == row[3]
    return ExamSummary(
        id=ExamId(row[0]),
        patient_id=PatientId(row[1]),
        date=_day(row[_VERSION_DATE]),
        status=_words(ExamStatus)[row[2]],
        version=row[10],
        clinician=row[_SCALARS + 2],
        signed_by=row[4],
        signed_at=None if row[5] is None else _moment(row[5]),
        updated_at=_moment(row[6] if latest else row[11]),
        key_scores=scores,
        row_version=row[7],
        updated_by=row[8],
    )


def _patient(row: Sequence[Any]) -> Patient:
    return Patient(row[0], row[1], _day(row[2]), _words(Sex)[row[3]], row[4])


def _key_scores(exam: Exam) -> tuple[KeyScore, ...]:
    return tuple(KeyScore(o.instrument, key, value) for o in exam.outcomes
                 for key, value in score(o.instrument, dict(o.responses)).items())


def _verified(head: Sequence[Any], children: dict[type[Base], dict[int, list[Sequence[Any]]]]) -> None:
    """Refuse a version whose stored rows no longer hash to its checksum."""
    vid = head[9]
    scalars = list(head[_SCALARS:_WIDTH])
    scalars[_VERSION_DATE - _SCALARS] = _iso(scalars[_VERSION_DATE - _SCALARS])
    scalars[_SCREENED - _SCALARS] = _flag(scalars[_SCREENED - _SCALARS])
    tables = [children[entity].get(vid, []) for entity in content.CHILD_TABLES]
    if content.canonical_sha256(scalars, tables) != head[12]:
        raise DatabaseError(_("exam {exam} version {version} no longer matches its checksum: it was changed outside "
                              "Kinelink or the file is damaged. Restore the database from a backup.").format(
                                  exam=head[0], version=head[10]))


def _exam(head: Sequence[Any], children: dict[type[Base], dict[int, list[Sequence[Any]]]]) -> Exam:
    """The exam of one version from its rows (already verified)."""
    vid = head[9]

    def rows(entity: type[Base]) -> list[Sequence[Any]]:
        return children[entity].get(vid, [])

    structures: dict[int, list[Structure]] = defaultdict(list)
    for r in rows(InjuryStructureRow):
        structures[r[0]].append(_words(Structure)[r[2]])
    activities: dict[int, list[Activity]] = defaultdict(list)
    for r in rows(SymptomActivityRow):
        activities[r[0]].append(_words(Activity)[r[2]])
    responses: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for r in rows(ResponseRow):
        responses[r[0]].append((r[2], r[3]))
    region, side, joint = _words(Region), _words(Side), _words(Joint)
    (_, _, complaint, past_history, medications, goals, notes, body_mass_kg, impression,
     _screened) = head[_SCALARS + 1:_WIDTH]
    history = History(
        complaint=complaint,
        injuries=tuple(
            Injury(region[r[1]], side[r[2]], None if r[3] is None else partialdate.parse(r[3]), r[4],
                   tuple(structures[r[0]]), None if r[5] is None else _words(InjuryKind)[r[5]])
            for r in rows(InjuryRow)
        ),
        symptoms=tuple(
            Symptom(region[r[1]], side[r[2]], None if r[3] is None else _words(Location)[r[3]],
                    None if r[4] is None else partialdate.parse(r[4]), r[5], tuple(activities[r[0]]),
                    None if r[6] is None else region[r[6]], None if r[7] is None else _words(PainQuality)[r[7]])
            for r in rows(SymptomRow)
        ),
        gait=tuple(_words(Gait)[r[1]] for r in rows(GaitRow)),
        red_flags=tuple(_words(RedFlag)[r[1]] for r in rows(RedFlagRow)),
        past_history=past_history,
        medications=medications,
        goals=goals,
        red_flags_screened=_flag(head[_SCREENED]),
    )
    return Exam(
        date=_day(head[_VERSION_DATE]),
        history=history,
        id=ExamId(head[_SCALARS]),
        clinician=head[_SCALARS + 2],
        rom=tuple(
            RomEntry(joint[r[1]], _words(Movement)[r[2]], side[r[3]], _number(r[5]), _words(Mode)[r[4]], r[6])
            for r in rows(RomRow)
        ),
        strength=tuple(
            StrengthEntry(joint[r[1]], _words(MuscleGroup)[r[2]], side[r[3]],
                          None if r[4] is None else _words(Grade)[r[4]], None if r[5] is None else _number(r[5]))
            for r in rows(StrengthRow)
        ),
        tests=tuple(
            TestEntry(_words(TestName)[r[1]], side[r[2]], _words(TestResult)[r[3]],
                      None if r[4] is None else _words(TestGrade)[r[4]], r[5], r[6],
                      None if r[7] is None else _number(r[7]))
            for r in rows(TestRow)
        ),
        outcomes=tuple(
            Outcome(_words(Instrument)[r[1]], tuple(responses[r[0]]), None if r[2] is None else _day(r[2]))
            for r in rows(OutcomeRow)
        ),
        notes=notes,
        body_mass_kg=None if body_mass_kg is None else _number(body_mass_kg),
        link_review=tuple(
            LinkReview(joint[r[1]], joint[r[2]], _words(Mechanism)[r[3]], side[r[4]], side[r[5]],
                       _words(LinkDecision)[r[6]], r[7])
            for r in rows(LinkReviewRow)
        ),
        impression=impression,
        documents=tuple(
            IssuedDocument(_words(DocumentKind)[r[1]], _utc_text(r[4]), r[5], r[6], r[7], r[2], r[3])
            for r in rows(IssuedDocumentRow)
        ),
    )


def _exams(query: Query, heads: Sequence[Sequence[Any]]) -> list[Exam]:
    """The verified exams of these version rows, in the same order."""
    if not heads:
        return []
    children = _children(query, [h[9] for h in heads])
    out = []
    for head in heads:
        _verified(head, children)
        try:
            out.append(_exam(head, children))
        except (KeyError, ValueError) as err:  # a word or date no vocabulary has, under a valid checksum
            raise DatabaseError(_("exam {exam} version {version} cannot be read ({error})").format(
                exam=head[0], version=head[10], error=repr(err))) from err
    return out


# --- the reads ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Loaded:
    """One exam as `repository.get_exam` returns it (`StoredExam` fields), kept apart for the page."""

    summary: ExamSummary
    record: ExamRecord


def exam(s: Session, exam_id: str, version: int | None = None) -> Loaded:
    """One exam with its patient (the latest version unless `version`), checksum verified."""
    query = reader(s)
    found = query(_EXAM, (exam_id,)) if version is None else query(_EXAM_VERSION, (version, exam_id))
    if not found:
        if version is not None and query("SELECT 1 FROM exams WHERE id = ?", (exam_id,)):
            raise NotFound(_("exam {exam} has no version {version}").format(exam=exam_id, version=version))
        raise NotFound(_("no exam {exam}").format(exam=exam_id))
    head = found[0]
    (loaded,) = _exams(query, [head])
    return Loaded(_summary(head, _key_scores(loaded)), ExamRecord(_patient(head[_WIDTH:]), loaded))


@functools.cache
def _of_exams(count: int) -> str:
    return (f"SELECT {_SUMMARY_COLUMNS}, {_PATIENT_COLUMNS} FROM exams e {_LATEST} "
            f"JOIN patients p ON p.id = e.patient_id WHERE e.id IN ({_marks(count)})")


def summaries_of(s: Session, exam_ids: Sequence[str]) -> list[ExamSummary]:
    """Summaries of the latest versions of these exams, in the order given (missing ones left out)."""
    if not exam_ids:
        return []
    query = reader(s)
    heads = {h[0]: h for h in query(_of_exams(len(exam_ids)), exam_ids)}
    return _scored(query, [heads[i] for i in exam_ids if i in heads])


def records_of(s: Session, exam_ids: Sequence[str]) -> list[ExamRecord]:
    """The latest version of these exams with their patients, verified, in the order given."""
    if not exam_ids:
        return []
    query = reader(s)
    found = {h[0]: h for h in query(_of_exams(len(exam_ids)), exam_ids)}
    heads = [found[i] for i in exam_ids if i in found]
    patients: dict[int, Patient] = {}
    out = []
    for head, loaded in zip(heads, _exams(query, heads), strict=True):
        patient = patients.get(head[1])
        if patient is None:
            patient = patients[head[1]] = _patient(head[_WIDTH:])
        out.append(ExamRecord(patient, loaded))
    return out


def exam_summary(s: Session, exam_id: str) -> ExamSummary:
    """The summary of an exam's latest version (what the list shows), without loading its content."""
    query = reader(s)
    found = query(_EXAM, (exam_id,))
    if not found:
        raise NotFound(f"no exam {exam_id}")
    return _scored(query, found)[0]


def _scored(query: Query, heads: Sequence[Sequence[Any]]) -> list[ExamSummary]:
    """Summaries of version rows with their key scores, from one query of the questionnaires' answers."""
    if not heads:
        return []
    outcomes: dict[int, list[tuple[int, str, dict[str, int]]]] = defaultdict(list)
    for vid, position, instrument, item, answer in query(_SCORES.format(_marks(len(heads))), [h[9] for h in heads]):
        mine = outcomes[vid]
        if not mine or mine[-1][0] != position:
            mine.append((position, instrument, {}))
        if item is not None:
            mine[-1][2][item] = answer
    out = []
    for head in heads:
        scores = tuple(
            KeyScore(_words(Instrument)[instrument], key, value)
            for _, instrument, answers in outcomes.get(head[9], ())
            for key, value in score(_words(Instrument)[instrument], answers).items()
        )
        out.append(_summary(head, scores))
    return out


def patient_exams(s: Session, pid: int) -> list[ExamSummary]:
    """A patient's exams, newest first (`repository.list_exams`)."""
    query = reader(s)
    if not query("SELECT 1 FROM patients WHERE id = ?", (pid,)):
        raise NotFound(f"no patient {pid}")
    return _scored(query, query(_PATIENT_EXAMS, (pid,)))


@dataclass(frozen=True, slots=True)
class PatientPage:
    """Everything the patient page shows, read in one unit of work."""

    patient: Patient
    archived: bool
    exams: list[ExamSummary]  # newest first (`list_exams`)
    records: list[ExamRecord]  # the latest version of every exam, oldest first (`export_records`)


def patient_page(s: Session, pid: int) -> PatientPage:
    """The patient, their exams newest first, and the latest version of every exam (verified)."""
    query = reader(s)
    found = query(_PATIENT, (pid,))
    if not found:
        raise NotFound(f"no patient {pid}")
    patient = _patient(found[0])
    heads = query(_PATIENT_EXAMS, (pid,))
    loaded = _exams(query, heads)
    summaries = [_summary(h, _key_scores(x)) for h, x in zip(heads, loaded, strict=True)]
    # export order: by date, then id (the list above is newest first, then newest created)
    by_date = sorted(zip(heads, loaded, strict=True), key=lambda pair: (_day(pair[0][_VERSION_DATE]), pair[0][0]))
    return PatientPage(patient, found[0][5] is not None, summaries, [ExamRecord(patient, x) for _, x in by_date])
