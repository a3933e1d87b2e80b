"""Start-up time and peak memory: Kinelink's window beside a bare PySide6 window, each in a fresh process.

The clock starts just before the process is launched and stops when the child (`benchmarks.probe`)
reports its window's first expose handled. Runs alternate between the two programs so that any
drift of the machine touches both. The children get a private home for settings (automatic
backup off, so quitting never copies the database) and the Qt platform of this process
(`QT_QPA_PLATFORM`, offscreen when there is no display). Compiled bytecode is cached under
`home/pycache` even where `PYTHONDONTWRITEBYTECODE` is set, as an installed program's would be;
an untimed launch of each program warms it and the file cache.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Launch:
    seconds: float  # launch to the first paint, wall clock
    peak_rss_mib: float
    cpu_seconds: float = 0.0  # the child's CPU time at its first paint
    usable_seconds: float = 0.0  # launch to the window in use (Kinelink: the patient list filled)


@dataclass(frozen=True, slots=True)
class Startup:
    app_ms: float  # median over the runs
    bare_ms: float
    app_rss_mib: float  # largest over the runs
    bare_rss_mib: float
    runs: int
    app_cpu_ms: float = 0.0  # medians: CPU time to the first paint (steadier under load than the clock)
    bare_cpu_ms: float = 0.0
    app_usable_ms: float = 0.0  # median: launch until the search field has the patient list


def child_env(home: Path) -> dict[str, str]:
    """The environment of the children: this one, with settings and data in `home`."""
    config = home / "config" / "kinelink"
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.json").write_text(json.dumps({"auto_backup": False}) + "\n", encoding="utf-8")
    env = dict(os.environ)
    env.update({
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHONPYCACHEPREFIX": str(home / "pycache"),
    })
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("KINELINK_DB", None)
    env.pop("KINELINK_DATABASE_URL", None)
    if "QT_QPA_PLATFORM" not in env and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def launch(args: list[str], env: dict[str, str]) -> Launch:
    start = time.time()
    done = subprocess.run([sys.executable, "-m", "benchmarks.probe", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"probe {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    report = json.loads(lines[-1])
    return Launch(report["shown"] - start, report["peak_rss_kib"] / 1024, report.get("cpu_shown", 0.0),
                  report.get("usable", report["shown"]) - start)


def measure(database: Path, env: dict[str, str], runs: int, *, warm_up: bool = True) -> Startup:
    """`runs` launches of each program; with `warm_up`, one untimed launch of each first (bytecode
    cache, file cache), needed once per `env` and machine boot."""
    app: list[Launch] = []
    bare: list[Launch] = []
    if warm_up:
        launch(["bare"], env)
        launch(["kinelink", str(database)], env)
    for _ in range(runs):
        bare.append(launch(["bare"], env))
        app.append(launch(["kinelink", str(database)], env))
    return Startup(
        app_ms=statistics.median(r.seconds for r in app) * 1000,
        bare_ms=statistics.median(r.seconds for r in bare) * 1000,
        app_rss_mib=max(r.peak_rss_mib for r in app),
        bare_rss_mib=max(r.peak_rss_mib for r in bare),
        runs=runs,
        app_cpu_ms=statistics.median(r.cpu_seconds for r in app) * 1000,
        bare_cpu_ms=statistics.median(r.cpu_seconds for r in bare) * 1000,
        app_usable_ms=statistics.median(r.usable_seconds for r in app) * 1000,
    )


def platform(env: dict[str, str]) -> str:
    return env.get("QT_QPA_PLATFORM") or ("wayland" if env.get("WAYLAND_DISPLAY") else "xcb")


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.startup FILE [--runs N]`: the medians for one database file, with the load average."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup")
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=5, help="launches of each program (alternating)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kinelink-startup-") as home:
        env = child_env(Path(home))
        before = os.getloadavg()[0]
        s = measure(args.database, env, args.runs)
        after = os.getloadavg()[0]
    print(f"first paint, wall clock: {s.app_ms:.0f} ms, bare window {s.bare_ms:.0f} ms "
          f"({s.app_ms / s.bare_ms:.2f}x)")
    print(f"first paint, CPU:        {s.app_cpu_ms:.0f} ms, bare window {s.bare_cpu_ms:.0f} ms "
          f"({s.app_cpu_ms / s.bare_cpu_ms:.2f}x)")
    print(f"patient list filled:     {s.app_usable_ms:.0f} ms ({s.app_usable_ms / s.bare_ms:.2f}x the bare window)")
    print(f"peak memory: {s.app_rss_mib:.0f} MiB, bare {s.bare_rss_mib:.0f} MiB; medians of {s.runs}; "
          f"load average {before:.1f} -> {after:.1f}; platform {platform(env)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
