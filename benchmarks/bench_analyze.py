"""How long `forms.analysis.analyze` takes on a full exam (target: well under 50 ms).

Run: .venv/bin/python -m benchmarks.bench_analyze [RUNS]
Prints the median and the 95th percentile over RUNS calls on the full fixture
exam and on every kinetic-chain vignette.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.model import ExamRecord

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
FULL_EXAM = FIXTURES / "exams" / "full_left_knee_to_hip.json"
VIGNETTES = FIXTURES / "vignettes"
FAR_FUTURE = dt.date(2100, 1, 1)  # fixture dates are checked against "today"


def timings_ms(record: ExamRecord, runs: int) -> list[float]:
    analyze(record)  # warm up imports and caches
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        analyze(record)
        out.append((time.perf_counter() - start) * 1000)
    return out


def report(label: str, ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[-1] if len(ms) >= 20 else max(ms)
    return f"{label}: median {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms over {len(ms)} runs"


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 200
    print(report("analyze(full exam)", timings_ms(examfile.load(FULL_EXAM, today=FAR_FUTURE), runs)))
    files = [p for p in sorted(VIGNETTES.glob("*.json")) if p.name != "expected.json"]
    vignettes = [examfile.load(p, today=FAR_FUTURE) for p in files]
    every = [t for record in vignettes for t in timings_ms(record, max(runs // 10, 5))]
    print(report(f"analyze(each of {len(vignettes)} vignettes)", every))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
