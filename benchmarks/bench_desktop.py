"""The window's own speed on a demo database: opening it, and the exam room's keystrokes.

    .venv/bin/python -m benchmarks.bench_desktop [--patients 50] [--runs 5] [--keys 40]

Prints:
- start-up to the shown window in a fresh process (`kinelink --db DEMO`, through
  `benchmarks.startup`, beside a bare PySide6 window), and the same without the
  interpreter and imports (`desktop.app.start` in a warm process);
- opening a full exam in the editor;
- a keystroke in a ROM field of a full exam until the analysis panel shows the new
  analysis: the whole wait (the editor's debounce included) and the analysis itself;
- a keystroke until the autosave has committed (the 500 ms debounce included), and the save itself.

Uses the offscreen Qt platform unless a display is set. Targets (issue 6): window ~1 s or less,
analysis after a keystroke well under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FULL_EXAM = ROOT / "tests" / "fixtures" / "exams" / "full_left_knee_to_hip.json"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _line(label: str, values: list[float], unit: str = "ms") -> None:
    print(f"  {label:<58} p50 {_pct(values, 0.5):8.1f} {unit}   p95 {_pct(values, 0.95):8.1f} {unit}"
          f"   (n={len(values)})")


def make_demo(folder: Path, patients: int) -> Path:
    from kinelink import db
    from kinelink.db.bulk import fill_demo

    path = folder / "demo.sqlite3"
    with db.open_database(path) as database:
        fill_demo(database, patients=patients)
    return path


def startup_in_fresh_processes(database: Path, home: Path, runs: int) -> None:
    from benchmarks import startup

    env = startup.child_env(home)
    result = startup.measure(database, env, runs)
    print(f"  {'start-up to window shown, fresh process (median)':<58} {result.app_ms:8.0f} ms"
          f"   bare PySide6 window {result.bare_ms:.0f} ms   (n={runs})")


def wait_for(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not respond in time")
        QApplication.processEvents()


def in_process(database: Path, runs: int, keys: int) -> None:
    from kinelink.db import repository
    from kinelink.desktop import app
    from kinelink.desktop.main_window import MainWindow
    from kinelink.forms import examfile
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    app.application()
    settings = database.parent / "settings.json"
    settings.write_text('{"auto_backup": false, "clinician_name": "Bench"}', encoding="utf-8")

    warm: list[float] = []
    window: MainWindow | None = None
    for run in range(runs + 1):  # the first start also sets up the application: not counted
        started = time.perf_counter()
        opened = app.start(str(database), False, settings_path=settings)
        assert opened is not None
        QApplication.processEvents()
        if run:
            warm.append((time.perf_counter() - started) * 1000)
        if window is not None:
            window.close()
            window.ws.database.close()
        window = opened
    assert window is not None
    _line("start-up to window shown, warm process (app.start)", warm)

    record = examfile.load(FULL_EXAM)
    with window.ws.database.session() as s:
        result = repository.import_record(s, record, author="Bench")
    started = time.perf_counter()
    window.open_exam(result.exam_id)
    QApplication.processEvents()
    first = (time.perf_counter() - started) * 1000
    openings: list[float] = []
    for _ in range(runs):
        window.close_exam()
        started = time.perf_counter()
        window.open_exam(result.exam_id)
        QApplication.processEvents()
        openings.append((time.perf_counter() - started) * 1000)
    print(f"  {'open a full exam, first time (the editor is built)':<58} {first:8.1f} ms")
    _line("open a full exam in the editor, afterwards", openings)

    editor = window.exam_page.editor
    cell = next(w for w in editor.findChildren(QWidget) if w.accessibleName() == "Knee flexion, left, active")
    editor.show_section("ROM")
    cell.setFocus()
    QApplication.processEvents()
    whole: list[float] = []
    analysis: list[float] = []
    seen = [0]
    editor.analysis_updated.connect(lambda _a: seen.__setitem__(0, seen[0] + 1))
    for i in range(keys):
        QTest.keyClick(cell, Qt.Key.Key_End)
        before = seen[0]
        started = time.perf_counter()
        QTest.keyClick(cell, Qt.Key.Key_Backspace if i % 2 else Qt.Key.Key_5)
        wait_for(lambda b=before: seen[0] > b)  # type: ignore[misc]
        whole.append((time.perf_counter() - started) * 1000)
        analysis.append(editor.last_analysis_ms)
    _line(f"keystroke → analysis shown (debounce {editor.analysis_delay_ms} ms included)", whole)
    _line("  of which the analysis (exam(), analyze, panel)", analysis)

    page = window.exam_page
    saves: list[float] = []
    commits: list[float] = []
    original = page.save_now

    def timed_save(*, quiet: bool = False) -> bool:
        started = time.perf_counter()
        ok = original(quiet=quiet)
        saves.append((time.perf_counter() - started) * 1000)
        return ok

    page.save_now = timed_save  # type: ignore[method-assign]
    for i in range(max(5, keys // 8)):
        started = time.perf_counter()
        QTest.keyClick(cell, Qt.Key.Key_Backspace if i % 2 else Qt.Key.Key_7)
        wait_for(lambda: not page.has_unsaved_changes())
        commits.append((time.perf_counter() - started) * 1000)
    _line("keystroke → autosave committed (500 ms debounce included)", commits)
    _line("  of which the save (save_draft + set_editing, one transaction)", saves)
    window.close_exam()
    window.close()
    window.ws.database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_desktop", description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kinelink-bench-") as tmp:
        home = Path(tmp)
        os.environ["XDG_CONFIG_HOME"] = str(home / "config")
        os.environ["XDG_DATA_HOME"] = str(home / "data")
        started = time.perf_counter()
        database = make_demo(home, args.patients)
        print(f"Kinelink window on a demo database of {args.patients} patients "
              f"(made in {time.perf_counter() - started:.1f} s), Qt platform "
              f"{os.environ.get('QT_QPA_PLATFORM') or 'default'}, Python {sys.version.split()[0]}")
        startup_in_fresh_processes(database, home / "child", args.runs)
        in_process(database, args.runs, args.keys)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of the Qt objects (PySide6 may abort there)


if __name__ == "__main__":
    raise SystemExit(main())
