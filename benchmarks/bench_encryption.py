"""Encryption's cost on search and save (issue 14: at most 2x a plain database).

The same made-up database twice, plain and encrypted (`db.cipher.convert` of a copy), each opened
as the window opens it (`db.database.sqlite_engine`: pooled connections, WAL, synchronous=FULL;
the encrypted one keyed with SQLCipher 4's defaults). Search: `repository.search_patients` for
the texts the benchmark suite types (1 to 4 letters of 60 names, accented and folded). Save: a new
draft, the autosave of a changed draft and its sign-off, each its own transaction, as
`benchmarks/figures.py` times them. The two databases are timed in turns (alternating which goes
first), best of 3 for each search, so a burst of another program on a shared machine hits both.

    .venv/bin/python -m benchmarks.bench_encryption [--sizes 1000,10000] [--folder bench-out]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
from collections.abc import Callable
from pathlib import Path

from kinelink import db
from kinelink.db import cipher, repository
from kinelink.db.database import sqlite_engine
from kinelink.forms.model import PatientId

from benchmarks import figures
from benchmarks.corpus import checkpoint, ensure

PASSPHRASE = "benchmark passphrase, not a secret"


def _copies(source: Path, folder: Path) -> tuple[Path, Path]:
    checkpoint(source)
    plain, encrypted = folder / "enc-bench-plain.sqlite3", folder / "enc-bench-encrypted.sqlite3"
    for path in (plain, encrypted):
        for old in folder.glob(path.name + "*"):
            old.unlink()
        shutil.copyfile(source, path)
    cipher.convert(encrypted, old=None, new=PASSPHRASE)
    return plain, encrypted


def _search(databases: tuple[db.Database, db.Database], texts: list[str]) -> tuple[figures.Timing, figures.Timing]:
    def run(database: db.Database, text: str) -> Callable[[], object]:
        def search() -> object:
            with database.session() as s:
                return repository.search_patients(s, text, limit=figures.SEARCH_LIMIT)
        return search

    for database in databases:  # warm up: compiled statements, page caches
        for text in texts[:8]:
            run(database, text)()
    return figures._paired([run(databases[0], t) for t in texts], [run(databases[1], t) for t in texts],
                           repeat=figures.REPEAT)


def _save(databases: tuple[db.Database, db.Database], patients: int, runs: int = 40,
          seed: int = 13) -> dict[str, tuple[figures.Timing, figures.Timing]]:
    exam = dataclasses.replace(figures.full_exam().exam, id=None)
    rng = random.Random(seed)
    rounds: tuple[list[tuple[float, ...]], list[tuple[float, ...]]] = ([], [])
    for i in range(runs + 3):  # the first three rounds warm up
        pid = PatientId(figures._sample(rng, patients, 1)[0])
        edited = dataclasses.replace(exam, notes=f"{exam.notes or ''} Edit {i}.")
        for k in ((1, 0) if i % 2 else (0, 1)):
            rounds[k].append(figures._kinelink_round(databases[k], pid, exam, edited))
    return {key: (figures.timing([r[k] for r in rounds[0][3:]]), figures.timing([r[k] for r in rounds[1][3:]]))
            for k, key in enumerate(figures.SAVES)}


def measure(source: Path, patients: int, folder: Path) -> list[tuple[str, figures.Timing, figures.Timing]]:
    plain, encrypted = _copies(source, folder)
    databases = (db.Database(sqlite_engine(plain), plain),
                 db.Database(sqlite_engine(encrypted, passphrase=PASSPHRASE), encrypted, passphrase=PASSPHRASE))
    try:
        conn = figures.connect(plain)
        texts = figures.search_texts(conn, patients)
        conn.close()
        rows = [("search as you type", *_search(databases, texts))]
        rows += [(f"save: {key}", *pair) for key, pair in _save(databases, patients).items()]
    finally:
        for database in databases:
            database.close()
        for path in (plain, encrypted):
            for old in folder.glob(path.name + "*"):
                old.unlink()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--folder", default="bench-out")
    args = parser.parse_args()
    folder = Path(args.folder)
    print("| patients | operation | plain p50 / p95 ms | encrypted p50 / p95 ms | ratio (p50) |")
    print("|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = ensure(folder, size)
        for name, plain, encrypted in measure(corpus.path, corpus.patients, folder):
            print(f"| {size:,} | {name} | {plain.p50:.2f} / {plain.p95:.2f} | {encrypted.p50:.2f} / "
                  f"{encrypted.p95:.2f} | {encrypted.p50 / plain.p50:.2f}× |", flush=True)


if __name__ == "__main__":
    main()
