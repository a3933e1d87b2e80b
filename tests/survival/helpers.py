"""Shared by the survival tests: made-up databases, byte fingerprints, running as another user."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from kinelink import db
from kinelink.db.bulk import fill_demo

from tests.db.conftest import TODAY


def filled(path: Path, patients: int = 12) -> Path:
    with db.open_database(path) as database:
        fill_demo(database, patients=patients, today=TODAY)
    return path


def fingerprint(path: Path) -> dict[str, str]:
    """sha256 of the file and of its -wal, if that holds anything (SQLite leaves an empty one behind
    after reading; it holds no data)."""
    out = {}
    for suffix in ("", "-wal"):
        file = Path(f"{path}{suffix}")
        if file.exists() and file.stat().st_size:
            out[suffix or "main"] = hashlib.sha256(file.read_bytes()).hexdigest()
    return out


_NO_OVERRIDE = "-dac_override,-dac_read_search,-fowner"


def run_kinelink(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`kinelink ARGS` in a fresh process bound by file permissions: root normally ignores them, so
    as root the process runs without the capabilities that let it (setpriv)."""
    prefix = []
    if os.geteuid() == 0:
        prefix = ["setpriv", f"--bounding-set={_NO_OVERRIDE}", f"--inh-caps={_NO_OVERRIDE}"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "kinelink.desktop.cli", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120, check=False,
    )


def drop_triggers(conn: sqlite3.Connection) -> None:
    """Remove the database's own rules (db.history_rules), as anyone holding the file can."""
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
