"""How long the PDFs take: a full assessment summary (target: well under 0.5 s) and a letter,
beside a minimal three-page reportlab document as the floor.

Run: .venv/bin/python -m benchmarks.bench_reports [RUNS]
The "full summary" is the richest fixture exam with two earlier exams, so every
section is drawn: red-flag box aside (that exam has none), the tables, the legs
diagram, the trend charts. The analysis is computed beforehand; only the PDF is
timed. The first build of a process also registers the fonts; it is shown apart.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.model import ExamRecord
from kinelink.reports import ClinicInfo, LetterData, SignOff, SummaryData, build_letter, build_summary
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reports"
FAR_FUTURE = dt.date(2100, 1, 1)  # fixture dates are checked against "today"
CLINIC = ClinicInfo(name="Vistula Physiotherapy", address="ul. Długa 12/4\n00-238 Warszawa", clinician="Anna Nowak")


def _load(name: str) -> ExamRecord:
    return examfile.load(FIXTURES / f"{name}.json", today=FAR_FUTURE)


def _minimal() -> None:
    styles = getSampleStyleSheet()
    story = []
    for page in range(3):
        story += [Paragraph(f"Page {page + 1}", styles["Heading1"]), Paragraph("Text. " * 200, styles["Normal"])]
        story.append(PageBreak())
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story[:-1])


def _timed(build: Callable[[], None], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each run (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        build()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def _line(label: str, timings: tuple[list[float], list[float]]) -> str:
    wall, cpu = timings
    p95 = statistics.quantiles(wall, n=20)[-1] if len(wall) >= 20 else max(wall)
    return (f"{label}: median {statistics.median(wall):.1f} ms (CPU {statistics.median(cpu):.1f} ms), "
            f"p95 {p95:.1f} ms over {len(wall)} runs")


def main(argv: list[str]) -> int:
    runs = int(argv[1]) if len(argv) > 1 else 20
    record = _load("rich")
    earlier = tuple((e, analyze(e)) for e in (_load("rich_first"), _load("rich_earlier")))
    summary = SummaryData(record, analyze(record), CLINIC, earlier, reproducible=True,
                          status=SignOff("signed", "Anna Nowak", record.exam.date))
    letter = LetterData(record, summary.analysis, "Dr Jan Kowalski", CLINIC, "Szpital Bielański", reproducible=True)

    out = io.BytesIO()
    start = time.perf_counter()
    build_summary(summary, out)
    first = (time.perf_counter() - start) * 1000
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(out.getvalue())).pages)
    print(f"first full summary in this process (registers the fonts): {first:.1f} ms")
    print(_line(f"full summary ({pages} pages, {len(out.getvalue()) // 1024} KiB)",
                _timed(lambda: build_summary(summary, io.BytesIO()), runs)))
    print(_line("referral letter", _timed(lambda: build_letter(letter, io.BytesIO()), runs)))
    _minimal()
    print(_line("minimal 3-page reportlab document (floor)", _timed(_minimal, runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
