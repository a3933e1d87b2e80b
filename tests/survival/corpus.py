"""A corpus of damaged, foreign and sound database files, made fresh from a small demo database.

Kinds: sound (as written, and a crash copy with its pages still in the -wal, and the same with
a half-finished checkpoint), bit flips (one bit, seeded positions over the whole file), truncations,
files that are not Kinelink's (another program's database, a newer schema, text, random bytes,
empty), and values that break the schema's constraints, written with the checks switched off.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from kinelink import db
from kinelink.db.bulk import fill_demo

from tests.db.conftest import TODAY
from tests.survival.helpers import drop_triggers

BIT_FLIPS = 60
CONSTRAINT_BREAKS = (
    "UPDATE exams SET status = 'skgned' WHERE rowid = 1",
    "UPDATE exams SET signed_by = NULL WHERE status = 'signed' AND rowid = (SELECT min(rowid) FROM exams"
    " WHERE status = 'signed')",
    "UPDATE rom SET degrees = 999 WHERE version_id = 1 AND position = 0",
    "UPDATE rom SET side = 'leftt' WHERE version_id = 1 AND position = 0",
    "UPDATE patients SET family_name = '  ' WHERE id = 1",
    "UPDATE outcome_responses SET answer = 7 WHERE version_id = (SELECT min(version_id) FROM outcome_responses)",
)
FOREIGN_KEY_BREAK = (  # a finding of no exam
    "INSERT INTO rom (version_id, joint, movement, side, mode, position, degrees) "
    "VALUES (99999, 'knee', 'flexion', 'left', 'active', 0, 100)"
)


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    path: Path


def _source(folder: Path) -> Path:
    path = folder / "source.sqlite3"
    with db.open_database(path) as database:
        fill_demo(database, patients=10, today=TODAY)
    return path


def _copy(source: Path, folder: Path, name: str) -> Path:
    out = folder / f"{name}.sqlite3"
    shutil.copyfile(source, out)
    return out


def _crash_copies(folder: Path) -> list[Case]:
    """Copies taken while the last transactions were only in the -wal; one with page 1 checkpointed."""
    live = folder / "live.sqlite3"
    database = db.open_database(live)
    fill_demo(database, patients=8, today=TODAY)
    out = []
    for name in ("sound-wal-crash", "sound-wal-partial-checkpoint"):
        path = folder / f"{name}.sqlite3"
        shutil.copyfile(live, path)
        shutil.copyfile(f"{live}-wal", f"{path}-wal")
        out.append(Case(name, path))
    database.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    partial = out[1].path
    wal = Path(f"{partial}-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    newest = None
    at = 32
    while at + 24 + page_size <= len(wal):
        if struct.unpack(">I", wal[at : at + 4])[0] == 1:
            newest = wal[at + 24 : at + 24 + page_size]
        at += 24 + page_size
    assert newest is not None
    with partial.open("r+b") as f:
        f.write(newest)
    return out


def build(folder: Path, *, flips: int = BIT_FLIPS, seed: int = 14) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    source = _source(folder)
    data = source.read_bytes()
    cases = [Case("sound", _copy(source, folder, "sound")), *_crash_copies(folder)]
    rng = random.Random(seed)
    for i in range(flips):
        at = rng.randrange(len(data)) if i % 4 else rng.randrange(min(len(data), 4096))  # page 1 more often
        flipped = bytearray(data)
        flipped[at] ^= 1 << rng.randrange(8)
        path = folder / f"flip-{i:03d}-at-{at}.sqlite3"
        path.write_bytes(bytes(flipped))
        cases.append(Case(path.stem, path))
    page = struct.unpack(">H", data[16:18])[0]
    for name, size in (("cut-50-bytes", 50), ("cut-header", 100), ("cut-one-page", page),
                       ("cut-10pc", len(data) // 10), ("cut-half", len(data) // 2),
                       ("cut-last-page", len(data) - page), ("cut-odd", len(data) - 777)):
        path = folder / f"{name}.sqlite3"
        path.write_bytes(data[:size])
        cases.append(Case(name, path))
    other = folder / "foreign-invoices.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.close()
    cases.append(Case(other.stem, other))
    newer = _copy(source, folder, "foreign-newer-schema")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    cases.append(Case(newer.stem, newer))
    text = folder / "foreign-text.sqlite3"
    text.write_text("Kowalska, Anna: knee pain\n" * 400, encoding="utf-8")
    noise = folder / "foreign-random.sqlite3"
    noise.write_bytes(random.Random(seed).randbytes(16384))
    empty = folder / "foreign-empty.sqlite3"
    empty.touch()
    cases += [Case(text.stem, text), Case(noise.stem, noise), Case(empty.stem, empty)]
    for name, sql in [*((f"constraint-{i}", sql) for i, sql in enumerate(CONSTRAINT_BREAKS)),
                      ("foreign-key-orphan", FOREIGN_KEY_BREAK)]:
        path = _copy(source, folder, name)
        conn = sqlite3.connect(path, isolation_level=None)
        drop_triggers(conn)  # damage and raw SQL do not ask the database's rules
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(sql)
        conn.close()
        cases.append(Case(path.stem, path))
    source.unlink()
    return cases
