"""Start-up of the built bundle (`make dist`) beside the development install (.venv), each in fresh processes.

    .venv/bin/python -m benchmarks.bench_bundle [--runs N]

Three launches per program, alternating so that the machine's drift touches both: `--version`
(the command line's floor), `validate` of an exam file, and the window opening a new database and
closing by itself (`KINELINK_SMOKE_CLOSE_MS=0`, offscreen), from launch to process exit. Prints the
median wall time and the median CPU time (user + system of the child), which the load of other
processes on a shared machine disturbs less. An untimed launch of each warms the file cache.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAM = ROOT / "tests" / "fixtures" / "exams" / "full_left_knee_to_hip.json"
PROGRAMS = {"bundle": ROOT / "dist" / "kinelink" / "kinelink", "venv": ROOT / ".venv" / "bin" / "kinelink"}


def launch(exe: Path, args: list[str], home: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
           "KINELINK_SMOKE_CLOSE_MS": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(exe), *args], env=env, cwd=home, check=True, capture_output=True, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    missing = [str(p) for p in PROGRAMS.values() if not p.exists()]
    if missing:
        raise SystemExit(f"missing: {', '.join(missing)} (make dist; make .venv/.installed)")
    jobs = {"--version": ["--version"], "validate": ["validate", str(EXAM)], "window": ["--db", "new.sqlite3"]}
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; median of {runs} runs")
    print(f"{'job':<10} {'program':<7} {'wall ms':>8} {'cpu ms':>7}")
    for job, args in jobs.items():
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in PROGRAMS}
        with tempfile.TemporaryDirectory() as tmp:
            for exe in PROGRAMS.values():  # warm-up, untimed
                launch(exe, args, Path(tmp))
                (Path(tmp) / "new.sqlite3").unlink(missing_ok=True)
            for _ in range(runs):
                for name, exe in PROGRAMS.items():
                    times[name].append(launch(exe, args, Path(tmp)))
                    (Path(tmp) / "new.sqlite3").unlink(missing_ok=True)
        for name, found in times.items():
            wall = statistics.median(w for w, _ in found) * 1000
            cpu = statistics.median(c for _, c in found) * 1000
            print(f"{job:<10} {name:<7} {wall:>8.0f} {cpu:>7.0f}")


if __name__ == "__main__":
    main()
