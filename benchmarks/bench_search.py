"""Search as you type by class, alone: what `make bench` measures for search, without the rest.

Run: .venv/bin/python -m benchmarks.bench_search [--sizes 10000,100000] [--out bench-out]

Reuses (or makes) the databases of `benchmarks.corpus` and prints, per size and class (one
letter, name prefixes, record number, birth date, and all of them), Kinelink's p50 and p95 beside
the floor's (the same plan by hand in sqlite3, checked to give the same patients in the same
order), then each figure's growth from the smallest to the largest size.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks import corpus, figures
from benchmarks.run import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_search", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="patients per database, comma-separated")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="where the databases are kept")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    found: dict[tuple[int, str], tuple[figures.Timing, figures.Timing]] = {}
    for n in sizes:
        c = corpus.ensure(args.out, n)
        conn = figures.connect(c.path)
        with figures.open_database(c.path) as database:
            texts = figures.search_texts(conn, c.patients)
            for key, some in {**texts, "all": [t for v in texts.values() for t in v]}.items():
                found[n, key] = figures.search(database, conn, some)
        conn.close()
    print(f"{'class':16}{'size':>9}{'texts':>7}{'p50':>9}{'floor':>8}{'p95':>9}{'floor':>8}")
    for key in (*figures.SEARCH_CLASSES, "all"):
        label = figures.SEARCH_CLASSES.get(key, "all classes")
        for n in sizes:
            ours, floor = found[n, key]
            print(f"{label:16}{n:>9,}{ours.runs:>7}{ours.p50:>9.2f}{floor.p50:>8.2f}{ours.p95:>9.2f}{floor.p95:>8.2f}")
        low, high = found[sizes[0], key][0], found[sizes[-1], key][0]
        print(f"{'':16}{'growth':>9}{'':7}{high.p50 / low.p50:>8.2f}×{'':8}{high.p95 / low.p95:>8.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
