"""Filling a new database with made-up patients (`kinelink demo`, `kinelink --demo`, benchmarks).

Rows go in with one executemany per table per batch of patients, in large
transactions: a hundred thousand patients take minutes, not hours. The data
come from `forms.demo`; this module adds what only a database has: which
exams are signed, drafts still open, an occasional amendment, and an audit
entry for every made-up record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from db import content, searchkeys
from db.database import Database
from db.errors import Conflict
from db.records import AuditAction, ExamStatus
from db.repository import count_patients, now, patient_values
from db.schema import AuditRow, ExamRow, ExamVersionRow, PatientRow, SearchTermRow
from forms import demo
from forms.model import Exam

AUTHOR = "kinelink demo"


@dataclass(frozen=True, slots=True)
class DemoCounts:
    patients: int
    exams: int


def fill_demo(
    database: Database,
    *,
    patients: int,
    seed: int = 1,
    mean_visits: float = 3.5,
    today: dt.date | None = None,
    batch: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> DemoCounts:
    """Add `patients` made-up patients with their exams to an empty database.

    Refuses (Conflict) a database that already holds patients: made-up records must never mix
    with real ones. `progress(done, total)` is called after every committed batch."""
    with database.session() as s:
        held = count_patients(s)
    if held:
        raise Conflict(f"the database already holds {held} patients; demo data go only into a new, empty database")
    rng = random.Random(f"kinelink-demo-db:{seed}")
    cases = demo.generate(seed, patients, mean_visits=mean_visits, today=today)
    done = exams = 0
    while chunk := list(itertools.islice(cases, batch)):
        with database.session() as s:
            exams += insert_demo(s, chunk, rng)
        done += len(chunk)
        if progress is not None:
            progress(done, patients)
    if database.path is not None:
        with database.engine.connect() as conn:
            conn.execute(text("PRAGMA optimize"))  # gather index statistics for the query planner
            conn.commit()
    return DemoCounts(done, exams)


def insert_demo(s: Session, cases: Iterable[demo.DemoPatient], rng: random.Random) -> int:
    """Insert made-up patients and their exams (bulk); returns the number of exams."""
    cases = list(cases)
    stamp = now()
    patients = content.table(PatientRow)
    pids = list(
        s.scalars(
            insert(patients).returning(patients.c.id, sort_by_parameter_order=True),
            [{**patient_values(c.patient), "created_at": stamp, "updated_at": stamp} for c in cases],
        )
    )
    s.execute(
        insert(content.table(SearchTermRow)),
        [
            {"term": term, "patient_id": pid}
            for pid, c in zip(pids, cases, strict=True)
            for term in sorted(searchkeys.name_terms(c.patient.family_name, c.patient.given_name))
        ],
    )
    exam_rows: list[content.Row] = []
    versions: list[tuple[content.Row, content.Prepared]] = []
    audit: list[content.Row] = []
    for pid, case in zip(pids, cases, strict=True):
        audit.append(_audit(stamp, AuditAction.CREATE_PATIENT, pid, None, None,
                            f"made-up patient ({case.title}), {len(case.records)} visits"))
        for n, record in enumerate(case.records):
            exam = record.exam
            assert exam.id is not None
            last = n == len(case.records) - 1
            status = ExamStatus.DRAFT if last and rng.random() < 0.25 else ExamStatus.SIGNED
            seen = dt.datetime.combine(exam.date, dt.time(9 + n % 8, 15))
            signed = seen + dt.timedelta(hours=1) if status is not ExamStatus.DRAFT else None
            versions.append(_version(exam, 1, seen, exam.clinician or AUTHOR, None))
            version = 1
            if signed is not None and rng.random() < 0.03:  # now and then a signed exam gets corrected
                status, version = ExamStatus.AMENDED, 2
                amended = dataclasses.replace(exam, notes=(exam.notes or "") + " [Amended: side of pain corrected.]")
                when = signed + dt.timedelta(days=1)
                versions.append(_version(amended, 2, when, exam.clinician or AUTHOR, "Typing error"))
            exam_rows.append({
                "id": exam.id, "patient_id": pid, "status": status, "version": version, "date": exam.date,
                "clinician": exam.clinician, "created_at": seen, "created_by": exam.clinician or AUTHOR,
                "updated_at": signed or seen, "signed_by": exam.clinician or AUTHOR if signed else None,
                "signed_at": signed,
            })
            audit.append(_audit(stamp, AuditAction.DEMO, pid, exam.id, version,
                                f"made-up exam of {exam.date.isoformat()}, {status.value}"))
    s.execute(insert(content.table(ExamRow)), exam_rows)
    versions_table = content.table(ExamVersionRow)
    vids = list(
        s.scalars(
            insert(versions_table).returning(versions_table.c.id, sort_by_parameter_order=True),
            [row for row, _ in versions],
        )
    )
    content.insert_children(s, [(vid, prepared) for vid, (_, prepared) in zip(vids, versions, strict=True)])
    s.execute(insert(content.table(AuditRow)), audit)
    return len(exam_rows)


def _version(
    exam: Exam, version: int, at: dt.datetime, author: str, reason: str | None
) -> tuple[content.Row, content.Prepared]:
    prepared = content.prepare(exam)
    row = {"exam_id": exam.id, "version": version, "saved_at": at, "saved_by": author, "reason": reason,
           **prepared.values}
    return row, prepared


def _audit(
    at: dt.datetime, action: AuditAction, pid: int, exam_id: str | None, version: int | None, what: str
) -> content.Row:
    return {"at": at, "author": AUTHOR, "action": action, "patient_id": pid, "exam_id": exam_id,
            "version": version, "what": what}
