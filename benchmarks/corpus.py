"""The benchmark databases: made-up patients from the demo generator, made once and kept.

`ensure(folder, patients)` returns a database of `patients` made-up patients with about five
exams each, built with `db.bulk.fill_demo` (what `kinelink demo` runs; the command itself has
no exams-per-patient option, the function has `mean_visits`). A database is reused when a
file made with the same parameters and schema revision is in `folder`; it is built under a
temporary name and renamed only once complete, so an interrupted build is never reused.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from kinelink import db
from kinelink.db import migrate
from kinelink.db.bulk import fill_demo

SEED = 1
MEAN_VISITS = 5.0
TODAY = dt.date(2026, 1, 1)  # fixed, so a kept database is the same one whatever the day


@dataclass(frozen=True, slots=True)
class Corpus:
    path: Path
    patients: int
    exams: int
    size_mb: float
    built_seconds: float | None  # None: reused from an earlier run


def _stem(patients: int) -> str:
    return f"demo-{patients}p-v{MEAN_VISITS:g}-s{SEED}-{TODAY.isoformat()}-{migrate.head()}"


def ensure(folder: Path, patients: int, *, log: bool = True) -> Corpus:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_stem(patients)}.sqlite3"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        info = json.loads(meta.read_text(encoding="utf-8"))
        return Corpus(path, info["patients"], info["exams"], path.stat().st_size / 1e6, None)
    partial = path.with_suffix(".partial")
    for stale in folder.glob(partial.name + "*"):
        stale.unlink()
    if log:
        print(f"making {patients:,} made-up patients (about {MEAN_VISITS:g} exams each) in {path} ...", flush=True)
    start = time.perf_counter()
    with db.open_database(partial) as database:
        counts = fill_demo(database, patients=patients, seed=SEED, mean_visits=MEAN_VISITS, today=TODAY)
    checkpoint(partial)
    seconds = time.perf_counter() - start
    partial.rename(path)
    info = {"patients": counts.patients, "exams": counts.exams, "mean_visits": MEAN_VISITS, "seed": SEED,
            "today": TODAY.isoformat(), "revision": migrate.head(), "built_seconds": round(seconds, 1)}
    meta.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    if log:
        print(f"  {counts.patients:,} patients, {counts.exams:,} exams in {seconds:.0f} s", flush=True)
    return Corpus(path, counts.patients, counts.exams, path.stat().st_size / 1e6, seconds)


def checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file, so the file alone is the whole database."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        conn.close()


def scratch_copy(corpus: Corpus, folder: Path) -> Path:
    """A throw-away copy of the database to write into."""
    checkpoint(corpus.path)
    copy = folder / f"scratch-{corpus.patients}.sqlite3"
    for old in folder.glob(copy.name + "*"):
        old.unlink()
    shutil.copyfile(corpus.path, copy)
    return copy


def discard(path: Path) -> None:
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
