"""The database busy for longer than the timeout, a full disk, a read-only file or folder: a clear
message (exit 2), never a traceback, nothing half-stored; helper processes die with their parent;
folders made for the user are private whatever the umask."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kinelink import db
from kinelink.db import database as database_module
from kinelink.db import repository, sqlitefile
from kinelink.desktop import paths
from kinelink.desktop.cli import main
from kinelink.forms import demo, examfile
from sqlalchemy import Engine, event

from tests.db.conftest import TODAY
from tests.survival.helpers import drop_triggers, filled, fingerprint, run_kinelink


def _exam_files(folder: Path, n: int = 4) -> list[str]:
    folder.mkdir(exist_ok=True)
    out = []
    for record in demo.records(5, n, today=TODAY):
        path = folder / f"{record.exam.id}.json"
        examfile.dump(record, path)
        out.append(str(path))
    return out


def _count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)  # creates no -wal
    try:
        return int(conn.execute("SELECT count(*) FROM exams").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A database another program keeps write-locked; the busy timeout shortened to 0.3 s."""
    path = filled(tmp_path / "k.sqlite3", patients=2)
    monkeypatch.setattr(sqlitefile, "BUSY_TIMEOUT_MS", 300)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield path
    other.execute("ROLLBACK")
    other.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().err


def test_import_into_a_busy_database_says_so(held: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _count(held)
    code, err = _run(capsys, "import", *_exam_files(tmp_path / "in"), "--db", str(held))
    assert code == 2
    assert err.startswith(f"kinelink: error: {held}: the database is busy") and "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert _count(held) == before


def test_demo_into_a_busy_database_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.sqlite3"
    db.open_database(path).close()
    monkeypatch.setattr(sqlitefile, "BUSY_TIMEOUT_MS", 300)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        code, err = _run(capsys, "demo", "--db", str(path), "--patients", "3")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 2 and "the database is busy" in err and "Traceback" not in err


def _disk_full_after(pages_more: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every connection of the commands may grow the file by only `pages_more` pages (SQLITE_FULL)."""
    real = database_module.sqlite_engine

    def limited(path: Path, **kw: Any) -> Engine:
        engine = real(path, **kw)

        @event.listens_for(engine, "connect")
        def _limit(dbapi: Any, _record: object) -> None:
            pages = dbapi.execute("PRAGMA page_count").fetchone()[0]
            dbapi.execute(f"PRAGMA max_page_count = {pages + pages_more}").close()

        return engine

    monkeypatch.setattr(database_module, "sqlite_engine", limited)


def test_import_onto_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = filled(tmp_path / "k.sqlite3", patients=2)
    before = _count(path)
    _disk_full_after(1, monkeypatch)
    code, err = _run(capsys, "import", *_exam_files(tmp_path / "in", 30), "--db", str(path))
    assert code == 2
    assert "the disk is full. Nothing was saved" in err and "Traceback" not in err
    assert _count(path) == before
    assert db.check_file(path) == []


def test_demo_onto_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.sqlite3"
    db.open_database(path).close()
    _disk_full_after(2, monkeypatch)
    code, err = _run(capsys, "demo", "--db", str(path), "--patients", "40")
    assert code == 2 and "the disk is full" in err and "Traceback" not in err
    assert db.check_file(path) == []


@pytest.mark.skipif(os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root needs setpriv")
def test_a_read_only_database_is_read_and_refuses_changes_clearly(tmp_path: Path) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir()
    path = filled(folder / "k.sqlite3", patients=3)
    files = _exam_files(tmp_path / "in", 2)
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    path.chmod(0o444)
    folder.chmod(0o555)
    before = fingerprint(path)
    try:
        done = run_kinelink(["check", "--db", str(path)], tmp_path)  # a folder it cannot write: still readable
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
        done = run_kinelink(["export", "--db", str(path), "--out-dir", str(tmp_path / "out")], tmp_path)
        assert done.returncode == 0, done.stderr
        assert len(list((tmp_path / "out").glob("*.json"))) == _count(path)

        done = run_kinelink(["import", *files, "--db", str(path)], tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "the database cannot be written" in done.stderr or "read-only" in done.stderr, done.stderr
        done = run_kinelink(["demo", "--db", str(path)], tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert fingerprint(path) == before
        assert sorted(p.name for p in folder.iterdir()) == ["k.sqlite3"]
    finally:
        folder.chmod(0o755)
        path.chmod(0o600)


def test_folders_made_for_the_user_are_private_under_umask_000(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        made = paths.private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    for folder in (made, made.parent, made.parent.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_export_folders_are_private_under_umask_000(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = filled(tmp_path / "k.sqlite3", patients=1)
    old = os.umask(0)
    try:
        code, _ = _run(capsys, "export", "--db", str(path), "--out-dir", str(tmp_path / "new" / "deeper"))
    finally:
        os.umask(old)
    assert code == 0
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "deeper").stat().st_mode & 0o777 == 0o700


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:  # gone meanwhile
        return ""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_killing_demo_takes_its_helper_process_with_it(tmp_path: Path) -> None:
    path = tmp_path / "big.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "kinelink.desktop.cli", "demo", "--db", str(path),
                             "--patients", "20000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        helpers: list[int] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the pool's worker is a grandchild or child; take every descendant
            helpers = [c for c in _children(proc.pid) for c in [c, *_children(c)]]
            if any("python" in _cmdline(c) for c in helpers):
                time.sleep(1.0)
                helpers = [c for c in _children(proc.pid) for c in [c, *_children(c)]]
                break
            time.sleep(0.1)
        assert helpers, "demo started a helper process"
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(h) for h in helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(h) for h in helpers)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_restore_refuses_a_backup_whose_exams_fail_their_checksums(tmp_path: Path) -> None:
    from kinelink.desktop.usecases import backups

    live = filled(tmp_path / "k.sqlite3", patients=3)
    backup = tmp_path / "backup.sqlite3"
    db.backup_file(live, backup)
    conn = sqlite3.connect(backup, isolation_level=None)
    drop_triggers(conn)
    conn.execute("UPDATE rom SET degrees = degrees + 1 WHERE version_id = 1 AND position = 0")
    conn.close()
    before = fingerprint(live)
    names = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(db.DatabaseError, match=r"not restored: the backup fails its check: exam .* checksum"):
        backups.prepare_restore(backup, live)
    assert fingerprint(live) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == names  # the checked copy is gone
    with db.open_database(live) as database, database.session() as s:
        assert repository.count_patients(s) == 3
