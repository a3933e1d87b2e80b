"""Filling a new database with made-up patients (`kinelink demo`, `kinelink --demo`, benchmarks).

The data come from `forms.demo`; this module adds what only a database has:
which exams are signed, a last visit still in draft now and then, an
occasional amendment, and an audit entry for every made-up record.

Rows go in with one executemany per table per batch of patients, a batch per
transaction. For big runs the patients are made and turned into rows in a
helper process while this one writes the previous batch: a hundred thousand
patients take minutes.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import multiprocessing
import os
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kinelink.db import content, search, searchkeys
from kinelink.db.database import Database
from kinelink.db.errors import Conflict
from kinelink.db.records import AuditAction, ExamStatus
from kinelink.db.repository import count_patients, now, patient_values
from kinelink.db.schema import AuditRow, ExamRow, ExamVersionRow, PatientRow, SearchKeyRow, SearchTermRow
from kinelink.forms import demo
from kinelink.forms.i18n import _
from kinelink.forms.model import Exam
from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

AUTHOR = "kinelink demo"
PARALLEL_FROM = 5000  # patients; below this a helper process costs more than it saves
BULK_CACHE_KIB = 256 * 1024  # SQLite page cache while filling (the default 2 MiB thrashes past ~0.5 GB)


@dataclass(frozen=True, slots=True)
class DemoCounts:
    patients: int
    exams: int


@dataclass(frozen=True, slots=True)
class _Case:
    """One made-up patient as rows, waiting for its patient id."""

    patient: content.Row
    terms: list[str]
    title: str
    exams: list[content.Row]
    versions: list[tuple[content.Row, content.Prepared]]


def fill_demo(
    database: Database,
    *,
    patients: int,
    seed: int = 1,
    mean_visits: float = 3.5,
    today: dt.date | None = None,
    batch: int = 1000,
    parallel: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoCounts:
    """Add `patients` made-up patients with their exams to an empty database; deterministic from
    (seed, today). Refuses (Conflict) a database that already holds patients: made-up records must
    never mix with real ones. `progress(done, total)` is called after every committed batch."""
    with database.read() as s:
        held = count_patients(s)
    if held:
        raise Conflict(_("the database already holds {n} patients; demo data go only into a new, empty "
                         "database").format(n=held))
    today = today or dt.date.today()
    starts = range(0, patients, batch)
    jobs = [(seed, start, min(batch, patients - start), mean_visits, today) for start in starts]
    done = exams = 0
    for cases in _made(jobs, patients >= PARALLEL_FROM if parallel is None else parallel):
        with database.write() as s:
            if database.path is not None:  # indexes grow in random order (UUIDs, names): keep them in memory
                s.connection().exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            exams += _insert(s, cases)
        done += len(cases)
        if progress is not None:
            progress(done, patients)
    if database.path is not None:
        with database.write() as s:
            s.execute(text("PRAGMA optimize"))  # index statistics for the query planner
    return DemoCounts(done, exams)


def _made(jobs: list[tuple[int, int, int, float, dt.date]], parallel: bool) -> Iterator[list[_Case]]:
    """The batches in order; made two ahead in a helper process when `parallel`."""
    if not parallel:
        yield from (_make(*job) for job in jobs)
        return
    context = multiprocessing.get_context("spawn")  # never fork a process that may hold Qt or SQLite state
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=1, mp_context=context, initializer=_leave_with_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[concurrent.futures.Future[list[_Case]]] = deque()
        queue = iter(jobs)
        for job in queue:
            pending.append(pool.submit(_make, *job))
            if len(pending) > 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _leave_with_parent(parent: int) -> None:
    """In the helper: exit as soon as the process that started it is gone. A `kinelink demo`
    killed outright (SIGKILL, a closed terminal) cannot stop its helper, which would otherwise
    run on, orphaned, until its queue of made-up patients was done."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="kinelink-demo-parent-watch", daemon=True).start()


def _make(seed: int, start: int, count: int, mean_visits: float, today: dt.date) -> list[_Case]:
    """Patients start .. start+count-1 of the demo as rows (runs in the helper process)."""
    stamp = now()
    cases: list[_Case] = []
    for index, case in enumerate(demo.generate(seed, count, mean_visits=mean_visits, today=today, start=start),
                                 start):
        rng = random.Random(f"kinelink-demo-db:{seed}:{index}")
        exams: list[content.Row] = []
        versions: list[tuple[content.Row, content.Prepared]] = []
        for n, record in enumerate(case.records):
            exam = record.exam
            clinician = exam.clinician or AUTHOR
            last = n == len(case.records) - 1
            status = ExamStatus.DRAFT if last and rng.random() < 0.25 else ExamStatus.SIGNED
            seen = dt.datetime.combine(exam.date, dt.time(9 + n % 8, 15))
            signed = seen + dt.timedelta(hours=1) if status is ExamStatus.SIGNED else None
            versions.append(_version(exam, 1, seen, clinician, None))
            version = 1
            if signed is not None and rng.random() < 0.03:  # now and then a signed exam is corrected
                status, version = ExamStatus.AMENDED, 2
                amended = dataclasses.replace(exam, notes=f"{exam.notes or ''} [Amended: pain side corrected.]")
                versions.append(_version(amended, 2, signed + dt.timedelta(days=1), clinician, "Typing error"))
            exams.append({
                "id": exam.id, "status": status.value, "version": version, "date": exam.date,
                "clinician": exam.clinician, "created_at": seen, "created_by": clinician,
                "updated_at": signed or seen, "signed_by": clinician if signed else None, "signed_at": signed,
            })
        p = case.patient
        cases.append(_Case(
            patient={**patient_values(p), "sex": p.sex.value, "created_at": stamp, "updated_at": stamp},
            terms=sorted(searchkeys.name_terms(p.family_name, p.given_name)),
            title=case.title,
            exams=exams,
            versions=versions,
        ))
    return cases


def _version(
    exam: Exam, version: int, at: dt.datetime, author: str, reason: str | None
) -> tuple[content.Row, content.Prepared]:
    prepared = content.prepare(exam)
    row = {"exam_id": exam.id, "version": version, "saved_at": at, "saved_by": author, "reason": reason,
           **prepared.values}
    return row, prepared


def _insert(s: Session, cases: list[_Case]) -> int:
    """Write one batch; returns the number of exams."""
    stamp = now()
    patients = content.table(PatientRow)
    pids = list(s.scalars(
        insert(patients).returning(patients.c.id, sort_by_parameter_order=True), [c.patient for c in cases]
    ))
    _many(s, content.table(SearchTermRow), [
        {"term": term, "patient_id": pid} for pid, c in zip(pids, cases, strict=True) for term in c.terms
    ])
    _many(s, content.table(SearchKeyRow), [
        row for pid, c in zip(pids, cases, strict=True)
        for row in search.key_rows(pid, c.patient["family_name"], c.patient["given_name"], c.patient["record_number"])
    ])
    exams = [{**e, "patient_id": pid} for pid, c in zip(pids, cases, strict=True) for e in c.exams]
    _many(s, content.table(ExamRow), exams)
    versions = [v for c in cases for v in c.versions]
    table = content.table(ExamVersionRow)
    vids = list(s.scalars(
        insert(table).returning(table.c.id, sort_by_parameter_order=True), [row for row, _ in versions]
    ))
    content.insert_children(s, [(vid, prepared) for vid, (_, prepared) in zip(vids, versions, strict=True)])
    audit = [
        _audit(stamp, AuditAction.CREATE_PATIENT, pid, None, None,
               f"made-up patient ({c.title}), {len(c.exams)} visits")
        for pid, c in zip(pids, cases, strict=True)
    ] + [
        _audit(stamp, AuditAction.DEMO, e["patient_id"], e["id"], e["version"],
               f"made-up exam of {e['date'].isoformat()}, {e['status']}")
        for e in exams
    ]
    _many(s, content.table(AuditRow), audit)
    return len(exams)


def _many(s: Session, table: Table, rows: list[content.Row]) -> None:
    if rows:
        s.execute(insert(table), rows)


def _audit(
    at: dt.datetime, action: AuditAction, pid: int, exam_id: str | None, version: int | None, what: str
) -> content.Row:
    return {"at": at, "author": AUTHOR, "action": action.value, "patient_id": pid, "exam_id": exam_id,
            "version": version, "what": what}
