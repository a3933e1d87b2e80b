"""`kinelink check` against its floor (issue 17: at most 2x).

Kinelink: `db.check_file(FILE)` (what `kinelink check --db FILE` runs): SQLite's `integrity_check`
on a connection that checks constraints, `foreign_key_check`, then every exam version hashed from
its stored rows and compared with its checksum.

Floor, same answers by the most direct route: one read-only `sqlite3` connection running the same
two pragmas, then, per table, one `SELECT` of every row in version order, rows grouped in Python
and each version hashed with the same canonical JSON (`content.canonical_sha256`), nothing else.

    .venv/bin/python -m benchmarks.bench_check --sizes 1000,10000 [--folder bench-out]
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from kinelink import db
from kinelink.db import content

from benchmarks.corpus import ensure


def floor(path: Path) -> int:
    """Mismatching versions, by the shortest route; returns their count."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables: list[dict[int, list[Any]]] = []
        for entity in content.CHILD_TABLES:
            cols = content.COLUMNS[entity]
            flags = [i for i, c in enumerate(cols) if c in content.FLAGS]
            grouped: dict[int, list[Any]] = defaultdict(list)
            order = ", ".join(content.ORDER[entity])
            for vid, *values in conn.execute(
                f"SELECT version_id, {', '.join(cols)} FROM {content.table(entity).name} ORDER BY version_id, {order}"
            ):
                for i in flags:
                    if values[i] is not None:
                        values[i] = bool(values[i])
                grouped[vid].append(values)
            tables.append(grouped)
        scalar_flags = [i for i, c in enumerate(content.VERSION_COLUMNS) if c in content.FLAGS]
        bad = 0
        for vid, stored, *values in conn.execute(
            f"SELECT id, content_sha256, {', '.join(content.VERSION_COLUMNS)} FROM exam_versions"
        ):
            for i in scalar_flags:
                if values[i] is not None:
                    values[i] = bool(values[i])
            bad += content.canonical_sha256(values, [t.get(vid, []) for t in tables]) != stored
        return bad
    finally:
        conn.close()


def best_of(runs: int, work: Any) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--folder", default="bench-out")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = ensure(Path(args.folder), size)
        assert db.check_file(corpus.path) == [] and floor(corpus.path) == 0  # same answer
        path = corpus.path
        ours = best_of(args.runs, lambda: db.check_file(path))  # noqa: B023 - called at once
        theirs = best_of(args.runs, lambda: floor(path))  # noqa: B023 - called at once
        print(f"{size:>7,} patients, {corpus.exams:,} exams, {corpus.size_mb:,.0f} MB: check {ours:.2f} s, "
              f"floor {theirs:.2f} s, ratio {ours / theirs:.2f}x", flush=True)


if __name__ == "__main__":
    main()
