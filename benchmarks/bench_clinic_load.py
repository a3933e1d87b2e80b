"""A clinic's day, compressed: N clinicians (separate processes) search, open, save and sign on one
shared database at once, on the loopback address. Not part of `make test`; figures in
docs/performance.md ("Several clinicians at once").

Run: .venv/bin/python -m benchmarks.bench_clinic_load [--clients 20] [--seconds 60]
         [--backend sqlite|postgresql|both] [--patients 300] [--postgres-url URL] [--postgres-app-url URL]

PostgreSQL: `--postgres-url` (default KINELINK_TEST_POSTGRES_URL) names the owner role, which may
create databases; a new database is made and migrated for the run, and dropped after. The clinicians
connect as the application's role (`--postgres-app-url`, default KINELINK_TEST_POSTGRES_APP_URL), as
in a clinic (README, "A clinic server"). Start a server with `.ci/postgres.sh start`. SQLite: one new
file in a temporary folder. Each clinician loops until the time is up, choosing at random:
search (40 %), open a patient's exams and one exam (30 %), save a changed draft (25 %), sign a draft
(5 %). Searches, opens and the read before a save are read-only units of work (`Database.read()`:
a deferred `BEGIN` on SQLite, outside the write lock), saves and signs write (`Database.write()`), as
in the window. Every save is made against the row version that clinician read (optimistic locking), as the
window does; a refused save is a conflict, counted and reported, never retried blindly.

Lost updates are checked afterwards, not assumed: every accepted save wrote a unique token into the
draft's notes and moved its row version from v to v+1. Two accepted saves from the same v would be a
lost update; so would a draft whose stored notes are not the token of its last accepted save, or an
audit trail with a different number of saves than were accepted.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kinelink import db
from kinelink.db import repository as repo
from kinelink.db.bulk import fill_demo
from kinelink.db.records import AuditAction, ExamStatus
from sqlalchemy import create_engine, make_url, select, text

OPERATIONS = (("search", 40), ("open", 30), ("save", 25), ("sign", 5))
SEARCHES = ("ko", "nowak", "zolc", "nguyen", "an", "m", "k-00", "1980", "ivan", "sm", "li", "o")


@dataclasses.dataclass
class Outcome:
    timings: dict[str, list[float]]
    conflicts: dict[str, int]
    errors: dict[str, int]
    saves: list[tuple[str, int, str]]  # (exam id, row version written, token)
    signs: list[str]

    def plain(self) -> dict[str, Any]:
        return {"timings": dict(self.timings), "conflicts": dict(self.conflicts), "errors": dict(self.errors),
                "saves": self.saves, "signs": self.signs}


def _drafts(database: db.Database) -> list[tuple[int, str]]:
    from kinelink.db.schema import ExamRow

    with database.read() as s:
        return [(r.patient_id, r.id) for r in s.execute(
            select(ExamRow.patient_id, ExamRow.id).where(ExamRow.status == ExamStatus.DRAFT))]


def clinician(target: str, number: int, seconds: float, seed: int, queue: Any) -> None:
    rng = random.Random(seed)
    out = Outcome(collections.defaultdict(list), collections.Counter(), collections.Counter(), [], [])
    author = f"Clinician {number:02d}"
    try:
        database = db.open_database(target, quick_check=False)
    except Exception as err:  # reported, not raised: the run goes on with the others
        out.errors[f"open: {type(err).__name__}: {err}"] += 1
        queue.put(out.plain())
        return
    deadline = time.monotonic() + seconds
    drafts: list[tuple[int, str]] = []
    patients: list[Any] = []
    while not patients and time.monotonic() < deadline:  # the first read can meet a busy database too
        try:
            drafts = _drafts(database)
            with database.read() as s:
                patients = [p.id for p in repo.search_patients(s, "", limit=10_000)]
        except db.DatabaseError as err:
            out.errors[f"start: {type(err).__name__}: {str(err)[-80:]}"] += 1
    names = [o for o, w in OPERATIONS for _ in range(w)]
    count = 0
    while time.monotonic() < deadline:
        op = rng.choice(names)
        start = time.perf_counter()
        try:
            if op == "search":
                with database.read() as s:
                    repo.search_patients(s, rng.choice(SEARCHES), limit=50)
            elif op == "open":
                with database.read() as s:
                    exams = repo.list_exams(s, rng.choice(patients))
                    if exams:
                        repo.get_exam(s, exams[0].id)
            elif drafts:
                pid, exam_id = rng.choice(drafts)
                with database.read() as s:  # what the editor read when it opened the exam
                    stored = repo.get_exam(s, exam_id)
                if stored.summary.status is not ExamStatus.DRAFT:
                    # signed by someone meanwhile: a new draft for that patient takes its place in this
                    # clinician's list (the others find it when they open that patient)
                    out.conflicts[f"{op}: signed meanwhile (seen on opening)"] += 1
                    start = time.perf_counter()
                    with database.write() as s:
                        new_id = repo.save_draft(s, pid, dataclasses.replace(stored.record.exam, id=None,
                                                 notes=f"{author} new draft"), author=author)
                    drafts[drafts.index((pid, exam_id))] = (pid, new_id)
                    op = "new draft"
                    continue
                read = stored.summary.row_version
                time.sleep(rng.uniform(0.0, 0.05))  # the clinician types
                start = time.perf_counter()
                accepted: tuple[str, int, str] | None = None
                with database.write() as s:
                    if op == "save":
                        count += 1
                        token = f"{author} save {count}"
                        exam = dataclasses.replace(stored.record.exam, notes=token)
                        repo.save_draft(s, pid, exam, author=author, expected=read)
                        accepted = (exam_id, read + 1, token)
                    else:
                        repo.sign_exam(s, exam_id, author=author, expected=read)
                # counted once committed: a unit of work refused at its commit stored nothing
                if accepted is not None:
                    out.saves.append(accepted)
                else:
                    out.signs.append(exam_id)
        except db.StaleEdit:
            out.conflicts[f"{op}: changed by someone else"] += 1
        except db.ExamLocked:
            out.conflicts[f"{op}: signed meanwhile"] += 1
        except Exception as err:  # counted and reported, never hidden
            first = str(err).strip().splitlines()[0] if str(err).strip() else ""  # the driver's message, not its SQL
            out.errors[f"{op}: {type(err).__name__}: {first[:140]}"] += 1
        finally:
            out.timings[op].append((time.perf_counter() - start) * 1000)
    database.close()
    queue.put(out.plain())


def _verify(target: str, saves: list[tuple[str, int, str]], signs: list[str]) -> dict[str, int]:
    """Lost updates found in the stored database (0 expected), and what was checked."""
    by_exam: dict[str, dict[int, list[str]]] = collections.defaultdict(lambda: collections.defaultdict(list))
    for exam_id, version, token in saves:
        by_exam[exam_id][version].append(token)
    lost = sum(len(tokens) - 1 for versions in by_exam.values() for tokens in versions.values())
    database = db.open_database(target, quick_check=False)
    try:
        with database.read() as s:
            for exam_id, versions in by_exam.items():
                last = versions[max(versions)][-1]
                if repo.get_exam(s, exam_id).record.exam.notes != last:
                    lost += 1
                audited = sum(1 for e in repo.audit_trail(s, exam_id=exam_id)
                              if e.action is AuditAction.SAVE_DRAFT and e.author.startswith("Clinician ")
                              and e.what.startswith("draft saved"))  # not the creation of a new draft
                if audited != sum(len(t) for t in versions.values()):
                    lost += 1
            for exam_id in set(signs):
                if repo.get_exam(s, exam_id).summary.status is ExamStatus.DRAFT:
                    lost += 1
    finally:
        database.close()
    return {"lost_updates": lost, "exams_saved": len(by_exam), "signed": len(set(signs))}


def run(target: str, clients: int, seconds: float) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=clinician, args=(target, i, seconds, 1000 + i, queue)) for i in range(clients)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    timings: dict[str, list[float]] = collections.defaultdict(list)
    conflicts: collections.Counter[str] = collections.Counter()
    errors: collections.Counter[str] = collections.Counter()
    saves: list[tuple[str, int, str]] = []
    signs: list[str] = []
    for r in results:
        for op, ms in r["timings"].items():
            timings[op].extend(ms)
        conflicts.update(r["conflicts"])
        errors.update(r["errors"])
        saves.extend(tuple(x) for x in r["saves"])
        signs.extend(r["signs"])
    figures = {
        op: {"count": len(ms), "p50_ms": round(statistics.median(ms), 1),
             "p95_ms": round(statistics.quantiles(ms, n=20)[-1], 1) if len(ms) >= 20 else round(max(ms), 1)}
        for op, ms in sorted(timings.items())
    }
    return {"operations": figures, "conflicts": dict(conflicts), "errors": dict(errors),
            "load_after": round(os.getloadavg()[0], 2), "accepted_saves": len(saves), **_verify(target, saves, signs)}


def _prepare(target: str, patients: int) -> None:
    database = db.open_database(target)
    try:
        fill_demo(database, patients=patients, seed=3)
    finally:
        database.close()


def _postgres_database(url: str, name: str, *, drop: bool = False) -> str:
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            if not drop:
                conn.execute(text(f"CREATE DATABASE {name}"))
                conn.execute(text(f"GRANT CONNECT ON DATABASE {name} TO PUBLIC"))
    finally:
        admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", default=os.environ.get("KINELINK_TEST_POSTGRES_URL"))
    parser.add_argument("--postgres-app-url", default=os.environ.get("KINELINK_TEST_POSTGRES_APP_URL"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"clients": args.clients, "seconds": args.seconds, "patients": args.patients,
                              "cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    for backend in backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                target = str(Path(tmp) / "clinic.sqlite3")
                _prepare(target, args.patients)
                report[backend] = run(target, args.clients, args.seconds)
        else:
            if not args.postgres_url:
                print("no PostgreSQL server: give --postgres-url (a role that may create databases)", file=sys.stderr)
                return 2
            owner = _postgres_database(args.postgres_url, "kinelink_load")
            app_url = args.postgres_app_url or args.postgres_url
            try:
                _prepare(owner, args.patients)
                target = make_url(app_url).set(database="kinelink_load").render_as_string(hide_password=False)
                report[backend] = run(target, args.clients, args.seconds)
            finally:
                _postgres_database(args.postgres_url, "kinelink_load", drop=True)
        _print(backend, report[backend], args)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if all(report[b]["lost_updates"] == 0 for b in backends) else 1


def _print(backend: str, r: dict[str, Any], args: argparse.Namespace) -> None:
    print(f"\n{backend}: {args.clients} clinicians x {args.seconds:g} s, {args.patients} patients")
    print(f"{'operation':<10}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}")
    for op, f in r["operations"].items():
        print(f"{op:<10}{f['count']:>8}{f['p50_ms']:>10}{f['p95_ms']:>10}")
    print(f"load average (1 min) at the end {r['load_after']}")
    print(f"accepted saves {r['accepted_saves']}, lost updates {r['lost_updates']}")
    print(f"conflicts {sum(r['conflicts'].values())} {r['conflicts']}")
    print(f"errors {sum(r['errors'].values())} {r['errors']}")


if __name__ == "__main__":
    raise SystemExit(main())
