"""`make bench`: Kinelink's speed at 1,000, 10,000 and 100,000 patients, every figure beside its floor.

Run: .venv/bin/python -m benchmarks.run [--sizes 1000,10000,100000] [--out bench-out] [--write-doc]

Makes (once; later runs reuse them) databases of made-up patients with about five exams each in
`--out`, then measures, for each size, in this one run: start-up to the shown window (beside a bare
PySide6 window), search as you type, a patient's history and one full exam, the patient page (each
beside the same queries in plain sqlite3), saving and signing a full exam on a scratch copy (beside
the same rows written with sqlite3), `analyze`, the summary PDF (beside a minimal three-page
reportlab document) and the application's peak memory. Prints one table, with the growth of each
figure from the smallest to the largest size, and the targets of issue 7. `--write-doc` also puts
the table into docs/performance.md. The figures are kept in `--out`/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from benchmarks import corpus, figures, startup

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
BUDGET_S = 15 * 60

Cell = tuple[float, float | None]  # Kinelink, floor
Figures = dict[str, Cell]


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    label: str
    unit: str = "ms"


ROWS = (
    Row("startup", "start-up to window shown, median"),
    Row("open", "whole-file quick_check (background since start-up), once"),
    Row("search_p50", "search as you type (all classes), p50"),
    Row("search_p95", "search as you type (all classes), p95"),
    *(Row(f"search_{key}_{p}", f"search: {label}, {p}")
      for key, label in figures.SEARCH_CLASSES.items() for p in ("p50", "p95")),
    Row("search_busy_p95", "search while another process imports, p95"),
    Row("history", "history: list_exams, p50"),
    Row("exam", "one full exam: get_exam (checksum verified), p50"),
    Row("page", "patient page (patient, history, every exam verified), p50"),
    Row("signoff", "sign-off as the window runs it, p50"),
    Row("import", f"import {figures.IMPORT_PATIENTS} new patients' exam files (about 20), p50"),
    Row("check", "kinelink check (whole file), once", "s"),
    Row("new_p50", "save_draft, new full exam, p50"),
    Row("new_p95", "save_draft, new full exam, p95"),
    Row("autosave_p50", "save_draft, changed draft, p50"),
    Row("autosave_p95", "save_draft, changed draft, p95"),
    Row("sign_p50", "sign_exam, p50"),
    Row("sign_p95", "sign_exam, p95"),
    Row("analyze", "analyze(full exam), p50"),
    Row("pdf_p50", "summary PDF, p50"),
    Row("pdf_p95", "summary PDF, p95"),
    Row("rss", "peak memory (VmHWM), largest", "MiB"),
)


def measure(c: corpus.Corpus, out: Path, env: dict[str, str], startup_runs: int, first: bool) -> Figures:
    f: Figures = {}
    step = _stepper(c.patients)
    s = startup.measure(c.path, env, startup_runs, warm_up=first)
    f["startup"] = (s.app_ms, s.bare_ms)
    f["rss"] = (s.app_rss_mib, s.bare_rss_mib)
    f["open"] = figures.opening(c.path)
    step("start-up")
    conn = figures.connect(c.path)
    with figures.open_database(c.path) as database:
        texts = figures.search_texts(conn, c.patients)
        for key, some in texts.items():
            found, floor = figures.search(database, conn, some)
            f[f"search_{key}_p50"], f[f"search_{key}_p95"] = (found.p50, floor.p50), (found.p95, floor.p95)
        found, floor = figures.search(database, conn, [t for some in texts.values() for t in some])
        f["search_p50"], f["search_p95"] = (found.p50, floor.p50), (found.p95, floor.p95)
        step("search")
        for key, (ours, theirs) in figures.reading(database, conn, c.patients).items():
            f[key] = (ours.p50, theirs.p50)
        step("reading")
    conn.close()
    scratch = corpus.scratch_copy(c, out)
    try:
        for key, (ours, theirs) in figures.saving(scratch, c.patients).items():
            f[f"{key}_p50"], f[f"{key}_p95"] = (ours.p50, theirs.p50), (ours.p95, theirs.p95)
        step("saving")
        ours, theirs = figures.signing(scratch, c.patients)
        f["signoff"] = (ours.p50, theirs.p50)
        ours, theirs = figures.importing(scratch, out)
        f["import"] = (ours.p50, theirs.p50)
        step("sign-off and import")
        found, floor = figures.search_while_importing(scratch, [t for some in texts.values() for t in some][::4])
        f["search_busy_p95"] = (found.p95, floor.p95)
        step("search while another process imports")
    finally:
        corpus.discard(scratch)
    f["check"] = figures.checking(c.path)
    step("check")
    f["analyze"] = (figures.analysis().p50, None)
    pdf, minimal = figures.summary_pdf()
    f["pdf_p50"], f["pdf_p95"] = (pdf.p50, minimal.p50), (pdf.p95, minimal.p95)
    step("analysis and PDF")
    return f


def _stepper(patients: int) -> Callable[[str], None]:
    last = [time.perf_counter()]

    def step(what: str) -> None:
        now = time.perf_counter()
        print(f"  {patients:>7,} patients: {what} measured in {now - last[0]:.0f} s", flush=True)
        last[0] = now
    return step


# --- targets -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Target:
    text: str
    measured: str
    met: bool


def targets(results: dict[int, Figures]) -> list[Target]:
    """Issue 7's targets, judged on the 100,000-patient database (and 10,000 for growth)."""
    big = results.get(100_000)
    if big is None:
        return []
    out: list[Target] = []

    def add(text: str, value: float, limit: float, unit: str, measured: str = "") -> None:
        out.append(Target(text, measured or f"{value:.1f} {unit}", value < limit))

    search, search_floor = big["search_p95"]
    add("search p95 < 30 ms", search, 30, "ms")
    assert search_floor is not None
    add("search p95 ≤ 3× the sqlite3 floor", search / search_floor, 3.0001, "×",
        f"{search / search_floor:.1f}× ({search:.1f} vs {search_floor:.2f} ms)")
    app, bare = big["startup"]
    assert bare is not None
    add("start-up ≤ 1.5× bare PySide6", app / bare, 1.5001, "×", f"{app / bare:.1f}× ({app:.0f} vs {bare:.0f} ms)")
    for key, what in (("new_p95", "new draft"), ("autosave_p95", "autosave"), ("sign_p95", "sign-off")):
        add(f"saving < 20 ms ({what}, p95)", big[key][0], 20, "ms")
    add("summary PDF < 300 ms (p95)", big["pdf_p95"][0], 300, "ms")
    search_busy = big["search_busy_p95"][0]
    assert search_busy is not None
    add("search p95 < 50 ms while another process imports", search_busy, 50, "ms")
    for key, what, limit in (("exam", "get_exam", 3), ("signoff", "sign-off", 3), ("page", "patient page", 3),
                             ("import", "import", 2.5), ("check", "check", 2)):
        ours, floor = big[key]
        assert ours is not None and floor is not None
        add(f"{what} ≤ {limit:g}× its floor", ours / floor, limit + 0.0001, "×",
            f"{ours / floor:.1f}× ({_number(ours, 's' if key == 'check' else 'ms')} vs "
            f"{_number(floor, 's' if key == 'check' else 'ms')} {'s' if key == 'check' else 'ms'})")
    for key, label in figures.SEARCH_CLASSES.items():
        add(f"search p95 < 30 ms ({label})", big[f"search_{key}_p95"][0], 30, "ms")
    if 10_000 in results:
        for key in ("search_p50", "search_p95", *(f"search_{k}_p95" for k in figures.SEARCH_CLASSES)):
            growth = big[key][0] / results[10_000][key][0]
            what = key[7:-4].replace("_", "") or "all"
            add(f"search grows < 2× from 10k to 100k ({figures.SEARCH_CLASSES.get(what, what)}, {key[-3:]})",
                growth, 2, "×", f"{growth:.2f}× ({results[10_000][key][0]:.1f} → {big[key][0]:.1f} ms)")
    return out


# --- output ------------------------------------------------------------------------------------


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "MiB" or value >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _growth(results: dict[int, Figures], key: str, side: int) -> str:
    low, high = results[min(results)][key][side], results[max(results)][key][side]
    return "–" if low is None or high is None or len(results) < 2 else f"{high / low:.2f}×"


def table(results: dict[int, Figures]) -> str:
    sizes = sorted(results)
    growth = f"growth ×{min(sizes):,}→{max(sizes):,}"
    head = f"{'':44}" + "".join(f"{f'{n:,} patients':>20}" for n in sizes) + f"{growth:>22}"
    pair = f"{'Kinelink':>11}{'floor':>9}"
    sub = f"{'figure (ms unless stated)':44}" + pair * len(sizes) + f"{'Kinelink':>13}{'floor':>9}"
    lines = [head, sub]
    for row in ROWS:
        label = row.label + (f" ({row.unit})" if row.unit != "ms" else "")
        cells = "".join(f"{_number(results[n][row.key][0], row.unit):>11}{_number(results[n][row.key][1], row.unit):>9}"
                        for n in sizes)
        lines.append(f"{label:44}{cells}{_growth(results, row.key, 0):>13}{_growth(results, row.key, 1):>9}")
    return "\n".join(lines)


def markdown(results: dict[int, Figures], machine: dict[str, str], corpora: list[corpus.Corpus]) -> str:
    sizes = sorted(results)
    lines = [f"Measured {machine['date']} on {machine['cpu']}, {machine['cores']} cores, {machine['ram']} RAM; "
             f"Python {machine['python']}, SQLite {machine['sqlite']}, PySide6 {machine['pyside6']}, "
             f"SQLAlchemy {machine['sqlalchemy']}, reportlab {machine['reportlab']}; Qt platform "
             f"`{machine['qt_platform']}`; whole run {machine['total']}; load average at the end "
             f"{machine['load']} (1, 5, 15 min).", ""]
    lines.append("Databases: " + "; ".join(f"{c.patients:,} patients, {c.exams:,} exams, {c.size_mb:,.0f} MB"
                                            for c in corpora) + ".")
    lines += ["", "| figure (ms unless stated) | " + " | ".join(f"{n:,}: Kinelink | floor" for n in sizes)
              + f" | growth {min(sizes):,}→{max(sizes):,}: Kinelink | floor |",
              "|---|" + "---:|---:|" * len(sizes) + "---:|---:|"]
    for row in ROWS:
        label = row.label + (f" ({row.unit})" if row.unit != "ms" else "")
        cells = " | ".join(f"{_number(results[n][row.key][0], row.unit)} | {_number(results[n][row.key][1], row.unit)}"
                           for n in sizes)
        lines.append(f"| {label} | {cells} | {_growth(results, row.key, 0)} | {_growth(results, row.key, 1)} |")
    met = targets(results)
    if met:
        lines += ["", "| target (100,000 patients) | measured | |", "|---|---|---|"]
        lines += [f"| {t.text} | {t.measured} | {'met' if t.met else '**missed**'} |" for t in met]
    return "\n".join(lines)


def machine_info(env: dict[str, str], total_s: float) -> dict[str, str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        ram = f"{kib / 1024**2:.0f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    import PySide6

    return {
        "date": dt.date.today().isoformat(), "cpu": cpu, "cores": str(os.cpu_count()), "ram": ram,
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "pyside6": PySide6.__version__,
        "sqlalchemy": version("SQLAlchemy"), "reportlab": version("reportlab"),
        "qt_platform": startup.platform(env), "total": f"{total_s / 60:.1f} min",
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def write_doc(text: str, doc: Path = DOC) -> None:
    old = doc.read_text(encoding="utf-8")
    if BEGIN not in old or END not in old:
        raise SystemExit(f"{doc}: no {BEGIN} ... {END} block to fill")
    head, rest = old.split(BEGIN, 1)
    doc.write_text(f"{head}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="patients per database, comma-separated")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-out", help="where the databases are kept")
    parser.add_argument("--startup-runs", type=int, default=5, help="launches of each program per size")
    parser.add_argument("--write-doc", action="store_true", help=f"put the figures into {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    sizes = sorted(int(n) for n in args.sizes.split(","))
    began = time.perf_counter()
    env = startup.child_env(args.out / "home")
    corpora = [corpus.ensure(args.out, n) for n in sizes]
    results: dict[int, Figures] = {}
    for c in corpora:
        made = f"made in {c.built_seconds:.0f} s" if c.built_seconds is not None else "reused"
        print(f"{c.patients:,} patients, {c.exams:,} exams, {c.size_mb:,.0f} MB ({made})", flush=True)
        results[c.patients] = measure(c, args.out, env, args.startup_runs, first=not results)
    total = time.perf_counter() - began
    machine = machine_info(env, total)
    print()
    print(f"{machine['cpu']}, {machine['cores']} cores, {machine['ram']}; Python {machine['python']}, "
          f"SQLite {machine['sqlite']}, PySide6 {machine['pyside6']}; Qt platform {machine['qt_platform']}; "
          f"load average {machine['load']}")
    print(table(results))
    print()
    for t in targets(results):
        print(f"{'met   ' if t.met else 'MISSED'}  {t.text}: {t.measured}")
    print(f"\ntotal {total:.0f} s ({total / 60:.1f} min; budget {BUDGET_S // 60} min)"
          + ("" if total <= BUDGET_S else "  OVER BUDGET"))
    (args.out / "results.json").write_text(json.dumps(
        {"machine": machine, "figures": {str(n): f for n, f in results.items()}}, indent=1) + "\n", encoding="utf-8")
    if args.write_doc:
        write_doc(markdown(results, machine, corpora))
        print(f"wrote the figures into {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
