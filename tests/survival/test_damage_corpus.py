"""Plain `sqlite3` and Kinelink agree on every file of a damage corpus (tests/survival/corpus.py):
never "ok" on a file SQLite finds unsound, never "damaged" on one it finds sound, never a
traceback, and every file byte-identical afterwards."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from kinelink import db
from kinelink.desktop.cli import main

from tests.survival.corpus import Case, build
from tests.survival.helpers import fingerprint

SQLITE3 = shutil.which("sqlite3")


def plain_sqlite_sound(path: Path) -> bool:
    """The sqlite3 shell's own verdict, on a copy (it may write: it opens files read-write, which is
    also what makes it check the CHECK constraints)."""
    assert SQLITE3 is not None
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        if Path(f"{path}-wal").exists():
            shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        done = subprocess.run([SQLITE3, "-batch", str(copy), "PRAGMA integrity_check; PRAGMA foreign_key_check;"],
                              capture_output=True, text=True, errors="replace", timeout=60,
                              check=False)
    return done.returncode == 0 and done.stdout.strip() == "ok" and not done.stderr.strip()


def kinelink_verdict(problems: list[str]) -> str:
    if not problems:
        return "ok"
    if problems[0].startswith(("damaged", "not a database")):
        return "damaged"
    return "refused"  # sound to SQLite, but empty, not Kinelink's, newer, or its records altered


@pytest.mark.skipif(SQLITE3 is None, reason="needs the sqlite3 shell")
def test_sqlite_and_kinelink_agree_on_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = build(tmp_path / "corpus")
    assert len(cases) >= 80
    disagreements: list[str] = []
    tally: dict[tuple[bool, str], int] = {}
    for case in cases:
        before = fingerprint(case.path)
        sound = plain_sqlite_sound(case.path)
        problems = db.check_file(case.path)
        verdict = kinelink_verdict(problems)
        code = main(["check", "--db", str(case.path)])
        _, err = capsys.readouterr()
        opened = _opens(case) if case.path.stat().st_size else "skipped"  # an empty file becomes a database
        tally[(sound, verdict)] = tally.get((sound, verdict), 0) + 1
        if sound and verdict == "damaged":
            disagreements.append(f"{case.name}: sound to sqlite3, 'damaged' to Kinelink: {problems[:2]}")
        if not sound and verdict == "ok":
            disagreements.append(f"{case.name}: unsound to sqlite3, 'ok' to Kinelink")
        if not sound and opened == "writable" and case.name.startswith("constraint"):
            disagreements.append(f"{case.name}: a broken constraint, yet opened for writing")
        if (code, bool(problems)) not in ((0, False), (2, True)) or "Traceback" in err:
            disagreements.append(f"{case.name}: `kinelink check` exit {code}: {err[:200]}")
        if fingerprint(case.path) != before:
            disagreements.append(f"{case.name}: the file changed")
    print("corpus:", len(cases), "files; (sqlite3 sound, Kinelink verdict) ->", tally)
    assert disagreements == [], "\n".join(disagreements)
    assert tally.get((True, "ok"), 0) >= 3  # the sound files, the crash copy and the half-checkpointed one


def _opens(case: Case) -> str:
    """How `db.open_database` takes the file: refused (DatabaseError), or opened; never anything else."""
    try:
        database = db.open_database(case.path)
    except db.DatabaseError:
        return "refused"
    database.close()
    return "writable"
