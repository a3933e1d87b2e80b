"""The in-process figures, each timed beside its floor on the same file in the same run.

Kinelink's side goes through `db.repository` exactly as the window does: one unit of work
(`Database.read()` for reads, `write()` for saves) per search, per history, per exam, per save.
The floor is the same lookup or write done with the standard library's `sqlite3` on the same
file, the SQL written by hand (`floors.py` for the exam, the patient page and the sign-off:
the same typed answers), the arguments prepared before the clock starts.
Kinelink and floor calls alternate, so a busy moment of the machine touches both; reads are
repeated three times and the best kept. The patients asked about are drawn from the first 1,000,
who are the same people with the same exams in every database, so every size gets the same questions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinelink import db
from kinelink.db import content, repository, searchkeys
from kinelink.db.database import sqlite_engine
from kinelink.db.records import AuditAction
from kinelink.db.schema import Base
from kinelink.desktop.usecases import examfiles
from kinelink.desktop.usecases import exams as exam_use
from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.formats import parse_date
from kinelink.forms.model import Exam, ExamId, ExamRecord, PatientId
from kinelink.reports import ClinicInfo, SignOff, SummaryData, build_summary
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate

from benchmarks import corpus, floors, importer

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
FAR_FUTURE = dt.date(2100, 1, 1)  # fixture dates are checked against "today"
AUTHOR = "benchmark"
SEARCH_LIMIT = 200  # what the patient list asks for (desktop.patient_list.SEARCH_LIMIT)
# The generator makes patient number i the same person, with the same exams, whatever the size of the
# database; drawing the patients asked about from the first 1,000 asks every size the same questions.
SHARED = 1000
REPEAT = 3  # reads are repeated and the best time kept (see `_paired`); writes are timed once each


def _sample(rng: random.Random, patients: int, count: int) -> list[int]:
    return rng.sample(range(1, min(patients, SHARED) + 1), count)


@dataclass(frozen=True, slots=True)
class Timing:
    p50: float
    p95: float
    runs: int


def timing(ms: Sequence[float]) -> Timing:
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) >= 20 else max(ms)
    return Timing(statistics.median(ms), p95, len(ms))


def _ms(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def _paired(kinelink: Sequence[Callable[[], object]], floor: Sequence[Callable[[], object]],
            repeat: int = 1) -> tuple[Timing, Timing]:
    ours, theirs = _paired_ms(kinelink, floor, repeat)
    return timing(ours), timing(theirs)


def _paired_ms(kinelink: Sequence[Callable[[], object]], floor: Sequence[Callable[[], object]],
               repeat: int = 1) -> tuple[list[float], list[float]]:
    """Time each pair of calls, alternating which goes first; with `repeat`, each call is made that
    many times in a row and its best time kept, so that another program's burst on a shared machine
    does not pass for the cost of the query (the file cache is warm either way)."""
    ours: list[float] = []
    theirs: list[float] = []
    for i, (a, b) in enumerate(zip(kinelink, floor, strict=True)):
        first, second = (b, a) if i % 2 else (a, b)
        x = min(_ms(first) for _ in range(repeat))
        y = min(_ms(second) for _ in range(repeat))
        ours.append(y if i % 2 else x)
        theirs.append(x if i % 2 else y)
    return ours, theirs


def _in(n: int) -> str:
    return ",".join("?" * n)


def _read(conn: sqlite3.Connection, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
    """Run read statements in one snapshot, fetching every row, as a hand-written reader would."""
    conn.execute("BEGIN")
    try:
        for sql, params in statements:
            conn.execute(sql, params).fetchall()
    finally:
        conn.execute("COMMIT")


def opening(path: Path) -> tuple[float, float]:
    """Milliseconds to `db.open_database` the file (its checks of the whole file included), beside
    opening it with sqlite3 and reading its schema revision."""
    opened = _ms(lambda: db.open_database(path).close())

    def floor() -> None:
        conn = connect(path)
        conn.execute("SELECT version_num FROM alembic_version").fetchall()
        conn.close()
    return opened, _ms(floor)


def open_database(path: Path) -> db.Database:
    """The database as the window uses it (`db.database.sqlite_engine`: WAL, synchronous=FULL, foreign
    keys, BEGIN IMMEDIATE), without `open_database`'s checks of the whole file, which start-up times."""
    return db.Database(sqlite_engine(path), path)


def connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False)


# --- search as you type ------------------------------------------------------------------------


SEARCH_CLASSES = {  # key: what a clinician types
    "letter": "one letter",
    "prefix": "name prefixes",
    "record": "record number",
    "born": "birth date",
}


def search_texts(conn: sqlite3.Connection, patients: int, *, names: int = 60, seed: int = 7) -> dict[str, list[str]]:
    """What a clinician types, by class, for 60 patients drawn from the shared first 1,000:
    one letter of the family name (as written, and folded); its first 2 to 4 letters as written
    and folded, and the folded family name with 1 or 2 letters of the given name; the record
    number keystroke by keystroke from its first digit (`KL-0`, `KL-00`, ... the whole number);
    the date of birth as YYYY-MM-DD and DD.MM.YYYY."""
    rng = random.Random(seed)
    picked = [conn.execute("SELECT family_name, given_name, record_number, date_of_birth FROM patients WHERE id = ?",
                           (i,)).fetchone() for i in _sample(rng, patients, names)]
    out: dict[str, list[str]] = {key: [] for key in SEARCH_CLASSES}
    for family, given, record, born in picked:
        forms = (family, searchkeys.fold(family))
        out["letter"] += [form[:1] for form in forms]
        out["prefix"] += [form[:k] for form in forms for k in range(2, 5)]
        out["prefix"] += [f"{forms[1]} {searchkeys.fold(given)[:k]}" for k in (1, 2)]
        if record:
            first = next((i for i, c in enumerate(record) if c.isdigit()), len(record))
            out["record"] += [record[:k] for k in range(first + 1, len(record) + 1)]
        day = dt.date.fromisoformat(born)
        out["born"] += [day.isoformat(), day.strftime("%d.%m.%Y")]
    return out


_FOUND = "p.id, p.sort_key FROM patients p"
_SHOWN = "p.merged_into IS NULL AND p.archived_at IS NULL"


def _floor_search(conn: sqlite3.Connection, text: str) -> list[tuple[str, Sequence[Any]]]:
    """The search's plan by hand (db/search.py), one statement per part, the rarest word chosen
    before the clock starts: each part reads its first 200 in list order from an index."""
    text = text.strip()
    out: list[tuple[str, Sequence[Any]]] = []
    born = parse_date(text)
    if born is not None:
        out.append((f"SELECT {_FOUND} WHERE p.date_of_birth = ? AND {_SHOWN} ORDER BY p.sort_key, p.id "
                    f"LIMIT {SEARCH_LIMIT}", (born.isoformat(),)))
    keyed = f"SELECT {_FOUND} JOIN patient_search_keys k ON p.id = k.patient_id WHERE k.key = ? AND {_SHOWN}"
    order = f" ORDER BY k.sort_key, k.patient_id LIMIT {SEARCH_LIMIT}"
    record = searchkeys.record_key(text)
    if record and any(c.isdigit() for c in record):
        where, params = "", [searchkeys.record_prefix_key(record)]
        if len(record) > searchkeys.KEY_PREFIX:
            where, params = " AND p.record_key >= ? AND p.record_key < ?", [*params, *searchkeys.prefix_range(record)]
        out.append((keyed + where + order, params))
    words = searchkeys.unimplied(searchkeys.query_terms(text)) if born is None else []
    if words:
        def count(word: str) -> int:
            return int(conn.execute("SELECT count(*) FROM (SELECT 1 FROM patient_search_keys WHERE key = ? LIMIT 1000)",
                                    (searchkeys.name_key(word),)).fetchone()[0])
        lead = min(words, key=lambda w: (count(w), -len(w)))
        where, params = "", [searchkeys.name_key(lead)]
        for word in words:
            if len(word) > searchkeys.KEY_PREFIX:
                where += (" AND EXISTS (SELECT 1 FROM patient_search_terms t WHERE t.patient_id = k.patient_id"
                          " AND t.term >= ? AND t.term < ?)")
                params += searchkeys.prefix_range(word)
            elif word != lead:
                where += (" AND EXISTS (SELECT 1 FROM patient_search_keys o WHERE o.key = ? AND o.sort_key = k.sort_key"
                          " AND o.patient_id = k.patient_id)")
                params.append(searchkeys.name_key(word))
        out.append((keyed + where + order, params))
    return out


def _floor_ids(conn: sqlite3.Connection, statements: list[tuple[str, Sequence[Any]]]) -> list[int]:
    """The parts' rows merged in list order, first 200; then those patients' rows with their exam
    counts and last dates (what the summaries show; stored on the row, `db.exam_counts`)."""
    found = {pid: order for sql, params in statements for pid, order in conn.execute(sql, params).fetchall()}
    ids = sorted(found, key=lambda pid: (found[pid], pid))[:SEARCH_LIMIT]
    if ids:
        conn.execute(f"SELECT id, record_number, family_name, given_name, date_of_birth, sex, exam_count, "
                     f"last_exam_date FROM patients WHERE id IN ({_in(len(ids))})", ids).fetchall()
    return ids


def search(database: db.Database, conn: sqlite3.Connection, texts: list[str], *, repeat: int = REPEAT,
           same_answers: bool = True) -> tuple[Timing, Timing]:
    ours, theirs = _search_ms(database, conn, texts, repeat=repeat, same_answers=same_answers)
    return timing(ours), timing(theirs)


def _search_ms(database: db.Database, conn: sqlite3.Connection, texts: list[str], *, repeat: int,
               same_answers: bool) -> tuple[list[float], list[float]]:
    """Kinelink's search beside the floor, for `texts`; first checks that both give the same patients
    in the same order for every text (the floor's answer is identical, not merely similar). Without
    `same_answers` (another program adds patients meanwhile) that check is left out."""
    def ours(text: str) -> Callable[[], object]:
        def run() -> object:
            with database.read() as s:
                return repository.search_patients(s, text, limit=SEARCH_LIMIT)
        return run

    def floor(text: str) -> Callable[[], object]:
        statements = _floor_search(conn, text)

        def run() -> list[int]:
            if not statements:
                return []
            conn.execute("BEGIN")
            try:
                return _floor_ids(conn, statements)
            finally:
                conn.execute("COMMIT")
        return run

    for text in texts:  # warm up (compiled statements, file cache), and the same answers
        mine = [p.id for p in ours(text)()]  # type: ignore[attr-defined]
        if same_answers and mine != floor(text)():
            raise SystemExit(f"search {text!r}: the floor's answer differs from Kinelink's")
    return _paired_ms([ours(t) for t in texts], [floor(t) for t in texts], repeat)


# --- reading a patient's history and an exam ---------------------------------------------------

_HISTORY = ("SELECT e.id, e.status, e.version, e.date, e.signed_by, e.signed_at, e.updated_at, v.id, v.clinician, "
            "v.saved_at FROM exams e JOIN exam_versions v ON v.exam_id = e.id AND v.version = e.version "
            "WHERE e.patient_id = ? ORDER BY e.date DESC, e.created_at DESC")
_SCORES = ("SELECT o.version_id, o.position, o.instrument, r.item, r.answer FROM outcomes o "
           "JOIN outcome_responses r ON r.version_id = o.version_id AND r.outcome_position = o.position "
           "WHERE o.version_id IN ({})")
@dataclass(frozen=True, slots=True)
class _Visit:
    patient: PatientId
    exam: ExamId
    versions: tuple[int, ...]  # latest version ids of all the patient's exams
    latest: int  # latest version id of `exam`


def _visits(conn: sqlite3.Connection, patients: int, count: int, seed: int = 11) -> list[_Visit]:
    rng = random.Random(seed)
    out = []
    for pid in _sample(rng, patients, count):
        rows = conn.execute(_HISTORY, (pid,)).fetchall()
        out.append(_Visit(PatientId(pid), ExamId(rows[0][0]), tuple(r[7] for r in rows), rows[0][7]))
    return out


def reading(database: db.Database, conn: sqlite3.Connection, patients: int,
            count: int = 120) -> dict[str, tuple[Timing, Timing]]:
    visits = _visits(conn, patients, count)

    def history(v: _Visit) -> Callable[[], object]:
        def run() -> object:
            with database.read() as s:
                return repository.list_exams(s, v.patient)
        return run

    def history_floor(v: _Visit) -> Callable[[], object]:
        statements = [("SELECT * FROM patients WHERE id = ?", (v.patient,)), (_HISTORY, (v.patient,)),
                      (_SCORES.format(_in(len(v.versions))), v.versions)]
        return lambda: _read(conn, statements)

    def exam(v: _Visit) -> Callable[[], object]:
        def run() -> object:
            with database.read() as s:
                return repository.get_exam(s, v.exam)
        return run

    def exam_floor(v: _Visit) -> Callable[[], object]:
        return lambda: floors.get_exam(conn, v.exam)

    def page(v: _Visit) -> Callable[[], object]:
        def run() -> object:  # what PatientPage.show_patient loads
            with database.read() as s:
                page = repository.patient_page(s, v.patient)
            return page.patient, page.archived, page.exams, page.records
        return run

    def page_floor(v: _Visit) -> Callable[[], object]:
        return lambda: floors.patient_page(conn, v.patient)

    for v in visits:  # identical answers, or the floor is not a floor
        assert exam(v)() == exam_floor(v)(), f"get_exam and its floor differ on exam {v.exam}"
        assert page(v)() == page_floor(v)(), f"the patient page and its floor differ on patient {v.patient}"
    for v in visits[:5]:
        for make in (history, history_floor, exam, exam_floor, page, page_floor):
            make(v)()
    return {
        "history": _paired([history(v) for v in visits], [history_floor(v) for v in visits], REPEAT),
        "exam": _paired([exam(v) for v in visits], [exam_floor(v) for v in visits], REPEAT),
        "page": _paired([page(v) for v in visits], [page_floor(v) for v in visits], REPEAT),
    }


# --- saving ------------------------------------------------------------------------------------


def full_exam() -> ExamRecord:
    return examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json", today=FAR_FUTURE)


def _stamp() -> str:
    return repository.now().isoformat(sep=" ", timespec="microseconds")


def _write(conn: sqlite3.Connection, statements: Sequence[tuple[str, Sequence[Any]]],
           children: tuple[str, content.Prepared] | None = None) -> None:
    """One durable transaction, as the repository's: BEGIN IMMEDIATE ... COMMIT."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sql, params in statements:
            conn.execute(sql, params)
        if children is not None:
            exam_id, prepared = children
            vid = conn.execute("SELECT id FROM exam_versions WHERE exam_id = ? AND version = 1",
                               (exam_id,)).fetchone()[0]
            for entity, rows in prepared.children.items():
                if rows:
                    conn.executemany(_insert_sql(entity), [(vid, *row) for row in rows])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _insert_sql(entity: type[Base]) -> str:
    names = ("version_id", *content.COLUMNS[entity])
    return f"INSERT INTO {content.table(entity).name} ({', '.join(names)}) VALUES ({_in(len(names))})"


def _version(exam_id: str, exam: Exam, prepared: content.Prepared) -> tuple[str, Sequence[Any]]:
    v = prepared.values
    return ("INSERT INTO exam_versions (exam_id, version, date, clinician, complaint, past_history, medications, "
            "goals, notes, saved_at, saved_by, reason, content_sha256) "
            "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            (exam_id, exam.date.isoformat(), v["clinician"], v["complaint"], v["past_history"], v["medications"],
             v["goals"], v["notes"], _stamp(), AUTHOR, v["content_sha256"]))


def _audit(action: AuditAction, pid: int, exam_id: str, what: str) -> tuple[str, Sequence[Any]]:
    return ("INSERT INTO audit_log (at, author, action, patient_id, exam_id, version, what) "
            "VALUES (?, ?, ?, ?, ?, 1, ?)",
            (_stamp(), AUTHOR, action.value, pid, exam_id, what))


def _kinelink_round(database: db.Database, pid: PatientId, exam: Exam, edited: Exam) -> tuple[float, ...]:
    start = time.perf_counter()
    with database.write() as s:
        exam_id = repository.save_draft(s, pid, exam, author=AUTHOR)
    saved = time.perf_counter()
    with database.write() as s:
        repository.save_draft(s, pid, dataclasses.replace(edited, id=exam_id), author=AUTHOR)
    autosaved = time.perf_counter()
    with database.write() as s:
        repository.sign_exam(s, exam_id, author=AUTHOR)
    signed = time.perf_counter()
    return (saved - start) * 1000, (autosaved - saved) * 1000, (signed - autosaved) * 1000


def _floor_round(conn: sqlite3.Connection, pid: PatientId, exam: Exam, edited: Exam) -> tuple[float, ...]:
    exam_id = str(uuid.uuid4())
    first = content.prepare(dataclasses.replace(exam, id=ExamId(exam_id)))
    second = content.prepare(dataclasses.replace(edited, id=ExamId(exam_id)))
    day, now = exam.date.isoformat(), _stamp()
    new = [
        ("INSERT INTO exams (id, patient_id, status, version, date, clinician, created_at, created_by, updated_at) "
         "VALUES (?, ?, 'draft', 1, ?, ?, ?, ?, ?)", (exam_id, pid, day, exam.clinician, now, AUTHOR, now)),
        _version(exam_id, exam, first),
        _audit(AuditAction.SAVE_DRAFT, pid, exam_id, "new draft"),
    ]
    autosave = [
        ("DELETE FROM exam_versions WHERE exam_id = ? AND version = 1", (exam_id,)),  # cascades to the findings
        _version(exam_id, edited, second),
        ("UPDATE exams SET date = ?, clinician = ?, updated_at = ? WHERE id = ?",
         (day, edited.clinician, now, exam_id)),
        _audit(AuditAction.SAVE_DRAFT, pid, exam_id, "draft saved"),
    ]
    sign = [
        ("UPDATE exams SET status = 'signed', signed_by = ?, signed_at = ?, updated_at = ? WHERE id = ?",
         (AUTHOR, now, now, exam_id)),
        _audit(AuditAction.SIGN, pid, exam_id, "signed"),
    ]
    return (_ms(lambda: _write(conn, new, (exam_id, first))), _ms(lambda: _write(conn, autosave, (exam_id, second))),
            _ms(lambda: _write(conn, sign)))


SAVES = ("new", "autosave", "sign")


def saving(path: Path, patients: int, runs: int = 40, seed: int = 13) -> dict[str, tuple[Timing, Timing]]:
    """A new draft, the autosave of a changed draft, its sign-off, each in its own transaction:
    Kinelink on `path` (a scratch copy) beside the same rows written with sqlite3 under the same
    durability settings (WAL, synchronous=FULL, foreign keys, BEGIN IMMEDIATE)."""
    exam = dataclasses.replace(full_exam().exam, id=None)
    rng = random.Random(seed)
    conn = connect(path)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON", "busy_timeout = 10000"):
        conn.execute(f"PRAGMA {pragma}").fetchall()
    ours: list[tuple[float, ...]] = []
    theirs: list[tuple[float, ...]] = []
    with open_database(path) as database:
        for i in range(runs + 3):  # the first three rounds warm up
            pid = PatientId(_sample(rng, patients, 1)[0])
            edited = dataclasses.replace(exam, notes=f"{exam.notes or ''} Edit {i}.")
            if i % 2:
                theirs.append(_floor_round(conn, pid, exam, edited))
                ours.append(_kinelink_round(database, pid, exam, edited))
            else:
                ours.append(_kinelink_round(database, pid, exam, edited))
                theirs.append(_floor_round(conn, pid, exam, edited))
    conn.close()
    return {key: (timing([r[k] for r in ours[3:]]), timing([r[k] for r in theirs[3:]]))
            for k, key in enumerate(SAVES)}


# --- the sign-off as the window runs it ---------------------------------------------------------


def _same_but_time(a: db.ExamSummary, b: db.ExamSummary) -> bool:
    when = {"signed_at": None, "updated_at": None, "id": None}
    return dataclasses.replace(a, **when) == dataclasses.replace(b, **when)  # type: ignore[arg-type]


def signing(path: Path, patients: int, runs: int = 40, seed: int = 17) -> tuple[Timing, Timing]:
    """`desktop.usecases.exams.sign` (what Sign does in the window: the draft saved as it is, signed,
    the editing mark cleared, the summary read back) of a saved full draft, beside `floors.sign_off`
    of another: the same rows written, the same audit entry sealed and anchored, the same summary.
    Each draft is stored and marked as open beforehand, untimed; on `path`, a scratch copy."""
    exam = dataclasses.replace(full_exam().exam, id=None)
    rng = random.Random(seed)
    conn = floors.connect(path)
    holder = exam_use.Holder(AUTHOR, "bench")
    ours: list[float] = []
    theirs: list[float] = []

    def draft(pid: PatientId) -> tuple[Exam, int]:
        saved, row_version = exam_use.save_draft(database, pid, exam, author=AUTHOR, holder=holder, expected=None)
        return dataclasses.replace(exam, id=saved), row_version

    with open_database(path) as database:
        for i in range(runs + 3):  # the first three rounds warm up
            pid = PatientId(_sample(rng, patients, 1)[0])
            mine, expected = draft(pid)
            other, _ = draft(pid)
            start = time.perf_counter()
            signed = exam_use.sign(database, pid, mine, author=AUTHOR, holder=holder, expected=expected)
            took = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            floor = floors.sign_off(conn, path, other, author=AUTHOR, holder=holder.name, machine=holder.machine)
            floor_took = (time.perf_counter() - start) * 1000
            assert _same_but_time(dataclasses.replace(signed, id=floor.id), floor), (signed, floor)
            if i >= 3:
                ours.append(took)
                theirs.append(floor_took)
    conn.close()
    return timing(ours), timing(theirs)


# --- analysis and the summary PDF --------------------------------------------------------------


def analysis(runs: int = 200) -> Timing:
    record = full_exam()
    analyze(record)
    return timing([_ms(lambda: analyze(record)) for _ in range(runs)])


def _minimal_pdf() -> None:
    styles = getSampleStyleSheet()
    story: list[Flowable] = []
    for page in range(3):
        story += [Paragraph(f"Page {page + 1}", styles["Heading1"]), Paragraph("Text. " * 200, styles["Normal"]),
                  PageBreak()]
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story[:-1])


def summary_pdf(runs: int = 15) -> tuple[Timing, Timing]:
    """The richest report fixture with its two earlier exams (every section drawn), analysis done
    beforehand, beside a minimal three-page reportlab document."""
    def load(name: str) -> ExamRecord:
        return examfile.load(FIXTURES / "reports" / f"{name}.json", today=FAR_FUTURE)

    record = load("rich")
    earlier = tuple((e, analyze(e)) for e in (load("rich_first"), load("rich_earlier")))
    data = SummaryData(record, analyze(record), ClinicInfo(name="Clinic", clinician="A. Nowak"), earlier,
                       status=SignOff("signed", "A. Nowak", record.exam.date))
    build_summary(data, io.BytesIO())  # fonts are registered once per process
    _minimal_pdf()
    return _paired([lambda: build_summary(data, io.BytesIO())] * runs, [_minimal_pdf] * runs)


# --- importing exam files, and searching while another program imports ----------------------------

IMPORT_PATIENTS = 4  # made-up patients per import: about 20 exam files, several per patient
IMPORT_START = 10_000_000  # patient numbers far beyond any corpus: new patients, new record numbers


def _contents(path: Path) -> list[list[Any]]:
    """What an import leaves, without its times: patients, search terms, exams, versions, findings, audit."""
    conn = sqlite3.connect(path)
    try:
        out = [conn.execute("SELECT id, record_number, family_name, given_name, date_of_birth, sex, sort_key, "
                            "record_key, row_version, updated_by FROM patients ORDER BY id").fetchall(),
               conn.execute("SELECT * FROM patient_search_terms ORDER BY term, patient_id").fetchall(),
               conn.execute("SELECT * FROM patient_search_keys ORDER BY 1, 2, 3").fetchall(),
               conn.execute("SELECT id, patient_id, status, version, date, clinician, created_by, row_version, "
                            "updated_by FROM exams ORDER BY id").fetchall(),
               conn.execute("SELECT id, exam_id, version, date, clinician, complaint, past_history, medications, "
                            "goals, notes, body_mass_kg, impression, red_flags_screened, saved_by, reason, "
                            "content_sha256 FROM exam_versions ORDER BY id").fetchall(),
               sorted(conn.execute("SELECT author, action, patient_id, exam_id, version, what FROM audit_log")),
               conn.execute("SELECT count(*) FROM history_chain").fetchall()]
        for entity in content.CHILD_TABLES:
            out.append(conn.execute(f"SELECT * FROM {content.table(entity).name} ORDER BY 1, 2, 3").fetchall())
        return out
    finally:
        conn.close()


def _import_files(folder: Path, start: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return importer.write_files(folder, start, IMPORT_PATIENTS)


def _same_imports(out: Path) -> None:
    """Kinelink's import and the floor's, of the same files into two new databases, leave the same rows
    and give the same answer per file; or the floor is not a floor."""
    files = _import_files(out / "same-files", IMPORT_START - IMPORT_PATIENTS)
    paths = [out / "same-kinelink.sqlite3", out / "same-floor.sqlite3"]
    for p in paths:
        corpus.discard(p)
        db.open_database(p).close()
    with open_database(paths[0]) as database:
        report = examfiles.import_files(database, files, author=AUTHOR)
    conn = floors.connect(paths[1])
    answers = floors.import_files(conn, paths[1], files, author=AUTHOR)
    conn.close()
    ours = [(f.result.patient_id, f.result.exam_id, f.result.created, tuple(d.id for d in f.duplicates))
            for f in report.files]
    assert ours == answers, "the import and its floor answer differently"
    assert _contents(paths[0]) == _contents(paths[1]), "the import and its floor leave different rows"
    for p in paths:
        corpus.discard(p)


def importing(path: Path, out: Path, runs: int = 8) -> tuple[Timing, Timing]:
    """`desktop.usecases.examfiles.import_files` (what `kinelink import` and File ▸ Import run) of about 20
    exam files of 4 new patients, beside `floors.import_files` of 4 others, alternating, on `path` (a
    scratch copy); each file set is written beforehand."""
    _same_imports(out)
    ours: list[float] = []
    theirs: list[float] = []
    conn = floors.connect(path)
    with open_database(path) as database:
        for i in range(runs + 1):  # the first round warms up
            mine = _import_files(out / "import" / f"k{i}", IMPORT_START + 2 * i * IMPORT_PATIENTS)
            other = _import_files(out / "import" / f"f{i}", IMPORT_START + (2 * i + 1) * IMPORT_PATIENTS)
            took = _ms(lambda: examfiles.import_files(database, mine, author=AUTHOR))  # noqa: B023
            floor_took = _ms(lambda: floors.import_files(conn, path, other, author=AUTHOR))  # noqa: B023
            if i:
                ours.append(took)
                theirs.append(floor_took)
    conn.close()
    return timing(ours), timing(theirs)


def search_while_importing(database_path: Path, texts: list[str],
                           start: int = IMPORT_START * 2) -> tuple[Timing, Timing]:
    """The search as you type (`search`, same texts) while another process imports exam files into the
    same file batch after batch (`benchmarks.importer`): a read must never wait for its write lock.
    The searches start once the importer has committed its first unit of work (before, it may still be
    starting: a fixed pause was too short on a loaded machine), and are repeated (all kept) until one
    of its commits fell within them."""
    child = subprocess.Popen([sys.executable, "-m", "benchmarks.importer", str(database_path), str(start)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parent.parent)
    assert child.stdin is not None and child.stdout is not None
    output = child.stdout
    stored: list[float] = []  # when each of its units of work was committed (as this process saw it)
    lines: list[str] = []

    def listen() -> None:
        for line in output:
            if line.startswith("stored"):
                stored.append(time.perf_counter())
            else:
                lines.append(line.strip())
    try:
        assert output.readline().strip() == "ready"
        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        waited = time.perf_counter()
        while not stored:  # its first import committed: the imports are under way, not starting
            if child.poll() is not None or time.perf_counter() - waited > 300:
                raise SystemExit("the importer stored nothing")
            time.sleep(0.05)
        conn = connect(database_path)
        with open_database(database_path) as database:
            began = time.perf_counter()
            ours, theirs = _search_ms(database, conn, texts, repeat=1, same_answers=False)
            for _pass in range(5):  # a pass shorter than one unit of work did not search beside an import
                if any(t > began for t in stored):
                    break
                more, more_floor = _search_ms(database, conn, texts, repeat=1, same_answers=False)
                ours, theirs = ours + more, theirs + more_floor
        conn.close()
    finally:
        child.stdin.close()
        child.wait(timeout=120)
    assert any(t > began for t in stored), f"the importer stored nothing while the searches ran {lines}"
    return timing(ours), timing(theirs)


def checking(path: Path) -> tuple[float, float]:
    """Seconds of `db.check_file` (what `kinelink check --db FILE` runs) beside `floors.check`, the same
    findings by the shortest route; both must find the file sound."""
    answers: list[list[str]] = []
    ours = _ms(lambda: answers.append(db.check_file(path))) / 1000
    theirs = _ms(lambda: answers.append(floors.check(path))) / 1000  # once each: minutes at 100,000 patients
    assert answers == [[], []], f"check and its floor answer differently: {answers}"
    return ours, theirs
