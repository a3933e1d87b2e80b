"""Crashes and concurrent backups, with real processes: a writer killed with SIGKILL mid-write leaves
every committed exam whole; a backup taken while it writes is sound and consistent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.desktop.cli import main
from kinelink.forms import examfile

from tests.db.conftest import sqlite_only
from tests.db.writer_process import expected_exams

ROOT = Path(__file__).parents[2]
SEED = 21

pytestmark = [pytest.mark.slow, sqlite_only]


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    path = tmp_path / "busy.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.db.writer_process", str(path), str(SEED)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    yield child, path
    if child.poll() is None:
        child.kill()
    child.wait(timeout=30)


def _committed(child: subprocess.Popen[str], count: int) -> list[str]:
    assert child.stdout is not None
    ids = []
    while len(ids) < count:
        line = child.stdout.readline()
        assert line, "the writer stopped early"
        ids.append(line.strip())
    return ids


def _assert_whole(path: Path, must_hold: list[str]) -> int:
    """Every exam in the database is exactly as the writer made it; `must_hold` are all there."""
    made = expected_exams(SEED)
    assert db.check_file(path) == []
    with db.open_database(path) as database, database.session() as s:
        stored = {r.exam.id: r for r in repo.export_records(s)}
        assert set(must_hold) <= set(stored)
        for exam_id, record in stored.items():
            expected = next(r for r in made[exam_id or ""].records if r.exam.id == exam_id)
            assert examfile.to_dict(record) == examfile.to_dict(expected)
        assert repo.verify_contents(s) == []
    return len(stored)


def test_a_killed_writer_leaves_every_committed_exam_whole(
    writer: tuple[subprocess.Popen[str], Path],
) -> None:
    child, path = writer
    reported = _committed(child, 25)
    time.sleep(random.uniform(0.0, 0.05))  # somewhere inside the next unit of work
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.stdout is not None
    reported += [line.strip() for line in child.stdout.read().splitlines() if line.strip()]
    assert child.returncode == -signal.SIGKILL
    assert _assert_whole(path, reported) >= len(reported)


def test_a_backup_taken_while_another_process_writes_is_sound(
    writer: tuple[subprocess.Popen[str], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    child, path = writer
    done: list[str] = []
    for n in range(3):
        done += _committed(child, 8)  # the writer keeps going while the copy is made
        out = tmp_path / f"backup-{n}.sqlite3"
        if n == 0:
            assert main(["backup", "--db", str(path), str(out)]) == 0
            capsys.readouterr()
        else:
            db.backup_file(path, out)
        held = _assert_whole(out, done)
        assert held >= len(done)
