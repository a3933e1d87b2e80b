"""The benchmark databases: made-up patients from the demo generator, made once and kept.

`ensure(folder, patients)` returns a database of `patients` made-up patients with about five
exams each, built with `db.bulk.fill_demo` (what `kinelink demo` runs; the command itself has
no exams-per-patient option, the function has `mean_visits`). A database is reused when a
file made with the same parameters and schema revision is in `folder`; it is built under a
temporary name and renamed only once complete, so an interrupted build is never reused.

A database made by an earlier schema revision (same parameters) is not rebuilt (8 minutes or
more at 100,000 patients) but copied and upgraded with the shipped Alembic migrations, as the
application upgrades a clinic's file; the planner's statistics are then made those a fill leaves
(the tables `PRAGMA optimize` analyses at the end of `fill_demo`, read from a 60-patient fill), and
its .json records `upgraded_from`. What the benchmark reads of such a file is what a fresh fill at the
new revision holds: the same rows (times of day aside), the same schema and the same statistics,
checked table by table against a fresh fill at 10,000 patients (docs/performance.md); the pages in
use are as many (indexes grown by the same inserts; `VACUUM` would pack them tighter than a fill
does, so it is not run) and the pages the older revisions freed stay free: the size reported is
that of the pages in use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kinelink import db
from kinelink.db import migrate
from kinelink.db.bulk import fill_demo
from kinelink.db.database import sqlite_engine

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


def ensure(folder: Path, patients: int, *, log: bool = True, upgrade: bool = True) -> Corpus:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_stem(patients)}.sqlite3"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        info = json.loads(meta.read_text(encoding="utf-8"))
        return Corpus(path, info["patients"], info["exams"], _used_mb(path), None)
    partial = path.with_suffix(".partial")
    for stale in folder.glob(partial.name + "*"):
        stale.unlink()
    older = _older(folder, patients) if upgrade else None
    if older is not None:
        return _upgraded(older, path, partial, log=log)
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
    return Corpus(path, counts.patients, counts.exams, _used_mb(path), seconds)


def _older(folder: Path, patients: int) -> Path | None:
    """The newest complete database of these parameters made at an earlier revision this program knows."""
    known, order = migrate.known(), _revision_order()
    found = []
    for meta in folder.glob(f"{_stem(patients).rsplit('-', 1)[0]}-*.json"):
        revision = json.loads(meta.read_text(encoding="utf-8")).get("revision")
        if revision in known and revision != migrate.head() and meta.with_suffix(".sqlite3").exists():
            found.append((order.index(revision), meta.with_suffix(".sqlite3")))
    return max(found)[1] if found else None


def _revision_order() -> list[str]:
    """Every revision, oldest first."""
    scripts = migrate.scripts()
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def _upgraded(older: Path, path: Path, partial: Path, *, log: bool) -> Corpus:
    info = json.loads(older.with_suffix(".json").read_text(encoding="utf-8"))
    if log:
        print(f"upgrading a copy of {older.name} (schema {info['revision']}) to schema {migrate.head()} ...",
              flush=True)
    start = time.perf_counter()
    checkpoint(older)
    shutil.copyfile(older, partial)
    os.chmod(partial, 0o600)  # as the application's files
    engine = sqlite_engine(partial, foreign_keys=False)  # as `db.open_database` upgrades: batch migrations copy tables
    try:
        with engine.begin() as conn:
            migrate.upgrade(conn)
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            # the planner's statistics as a fill leaves them (`PRAGMA optimize` analyses some tables), not
            # those of the older file (a table rebuilt by a migration loses its statistics)
            conn.exec_driver_sql("DELETE FROM sqlite_stat1")
            for table in _analysed_by_a_fill():
                conn.exec_driver_sql(f'ANALYZE "{table}"')
    finally:
        engine.dispose()
    with db.open_database(partial, quick_check=False):  # current now: opens without upgrading
        pass
    checkpoint(partial)
    seconds = time.perf_counter() - start
    partial.rename(path)
    upgraded_from = [*info.get("upgraded_from", []), info["revision"]]
    info = {**info, "revision": migrate.head(), "upgraded_from": upgraded_from, "upgrade_seconds": round(seconds, 1)}
    path.with_suffix(".json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    if log:
        print(f"  upgraded in {seconds:.0f} s", flush=True)
    return Corpus(path, info["patients"], info["exams"], _used_mb(path), seconds)


def _analysed_by_a_fill() -> list[str]:
    """The tables whose statistics a fill at this revision leaves (`fill_demo` ends with `PRAGMA optimize`),
    read from a small fill made for the purpose."""
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.sqlite3"
        with db.open_database(small) as database:
            fill_demo(database, patients=60, seed=SEED, mean_visits=MEAN_VISITS, today=TODAY, parallel=False)
        conn = sqlite3.connect(small)
        try:
            return sorted({table for (table,) in conn.execute("SELECT tbl FROM sqlite_stat1")})
        finally:
            conn.close()


def _used_mb(path: Path) -> float:
    """The size of the pages in use (a fill leaves none free; an upgraded copy keeps those the older
    revisions freed)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pages, free, size = (conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "freelist_count",
                                                                                 "page_size"))
    finally:
        conn.close()
    return int((pages - free) * size) / 1e6


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
