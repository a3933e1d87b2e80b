"""How long `kinelink demo` takes for N patients, and how fast patient search answers on the result.

Run: .venv/bin/python -m benchmarks.bench_db [--patients 100000] [--visits 5] [--db PATH] [--keep]

Fills a new database with made-up patients (`db.bulk.fill_demo`, what `kinelink demo` runs; here
with about `--visits` visits per patient), then times `search_patients` as the patient list calls
it (one unit of work per search) for a few hundred queries of each kind a clinician types: part
of a family name, a full name in either order, a name typed without accents, a record number, a
date of birth in each accepted format, a single letter, and the empty list. Also times opening a
patient (their exams with scores, then the latest exam). Prints p50 and p95 per kind.
"""

from __future__ import annotations

import argparse
import functools
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kinelink import db
from kinelink.db import repository, searchkeys
from kinelink.db.bulk import fill_demo
from kinelink.forms.model import PatientId


def _percentiles(ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) >= 20 else max(ms)
    return f"p50 {statistics.median(ms):7.2f} ms   p95 {p95:7.2f} ms   max {max(ms):7.2f} ms   ({len(ms)} runs)"


def _timed(database: db.Database, work: Callable[[db.Database], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = work(database)
    return (time.perf_counter() - start) * 1000, result


def _queries(database: db.Database, count: int, seed: int) -> dict[str, list[str]]:
    """Search texts of each kind, made from patients actually stored."""
    rng = random.Random(seed)
    with database.session() as s:
        total = repository.count_patients(s)
        ids = [PatientId(rng.randint(1, total)) for _ in range(count)]
        people = [repository.get_patient(s, pid) for pid in ids]
    kinds: dict[str, list[str]] = {
        "family name, first 3 letters": [p.family_name[:3] for p in people],
        "family name": [p.family_name for p in people],
        "given + family name": [f"{p.given_name} {p.family_name}" for p in people],
        "family, given (no accents, lower case)": [
            searchkeys.fold(f"{p.family_name}, {p.given_name}") for p in people
        ],
        "record number": [p.record_number for p in people if p.record_number],
        "date of birth YYYY-MM-DD": [p.date_of_birth.isoformat() for p in people],
        "date of birth DD.MM.YYYY": [p.date_of_birth.strftime("%d.%m.%Y") for p in people],
        "one letter": [rng.choice("abcdefghijklmnoprstuvwyz") for _ in people],
        "empty (list everyone by name)": [""] * min(count, 50),
    }
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_db", description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--visits", type=float, default=5.0, help="mean visits per patient (1 to 6)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=300, help="searches of each kind")
    parser.add_argument("--db", type=Path, help="database file to make (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args(argv)

    folder = None if args.db else tempfile.TemporaryDirectory(prefix="kinelink-bench-")
    path = args.db or Path(folder.name) / "bench.sqlite3"  # type: ignore[union-attr]
    try:
        with db.open_database(path) as database:
            print(f"demo: {args.patients} patients, about {args.visits:g} visits each, into {path}")
            last = [time.perf_counter()]

            def progress(done: int, total: int) -> None:
                if done == total or time.perf_counter() - last[0] > 30:
                    last[0] = time.perf_counter()
                    print(f"  {done} of {total} patients after {last[0] - start:.0f} s", flush=True)

            start = time.perf_counter()
            counts = fill_demo(database, patients=args.patients, seed=args.seed, mean_visits=args.visits,
                               progress=progress)
            seconds = time.perf_counter() - start
            size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
            print(f"demo: {counts.patients} patients, {counts.exams} exams in {seconds:.1f} s "
                  f"({seconds / 60:.1f} min; {counts.exams / seconds:.0f} exams/s); file {size / 1e6:.0f} MB")

            every: list[float] = []
            for kind, texts in _queries(database, args.queries, args.seed).items():
                ms = [_timed(database, functools.partial(_search, text=text))[0] for text in texts]
                every += ms
                print(f"search, {kind:40} {_percentiles(ms)}")
            print(f"search, {'all of the above':40} {_percentiles(every)}")

            rng = random.Random(args.seed)
            opened = [_timed(database, lambda d: _open_patient(d, PatientId(rng.randint(1, counts.patients))))[0]
                      for _ in range(200)]
            print(f"open a patient (exams with scores + latest exam) {_percentiles(opened)}")
    finally:
        if folder is not None:
            if args.keep:
                print(f"kept {path}")
            else:
                folder.cleanup()
    return 0


def _search(database: db.Database, text: str) -> int:
    with database.session() as s:
        return len(repository.search_patients(s, text))


def _open_patient(database: db.Database, pid: PatientId) -> None:
    with database.session() as s:
        exams = repository.list_exams(s, pid)
        if exams:
            repository.get_exam(s, exams[0].id)


if __name__ == "__main__":
    raise SystemExit(main())
