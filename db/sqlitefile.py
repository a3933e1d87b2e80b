"""The SQLite file itself: recognising it, checking it and copying it, without changing it.

Everything here reads through `sqlite3` connections opened read-only
(`file:...?mode=ro`), so a file that is damaged, truncated or not a database
at all is left exactly as it was: Kinelink refuses it and says why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kinelink.db.errors import DatabaseError

MAGIC = b"SQLite format 3\x00"
PRIVATE = 0o600  # database files and backups hold health records: readable by their owner only
BUSY_TIMEOUT_MS = 10_000


@dataclass(frozen=True, slots=True)
class FileState:
    """What a read-only look at an existing file found."""

    empty: bool  # no tables at all (a new or zero-length file)
    revision: str | None  # the Alembic revision stored in it, if it is a Kinelink database
    tables: frozenset[str]


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (SQLite fills it in on first write)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    os.close(fd)


def readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to the file."""
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    return conn


@contextlib.contextmanager
def reading(path: Path, *, tidy_if_refused: bool = False) -> Iterator[sqlite3.Connection]:
    """A read-only connection for the block. Reading a WAL database makes SQLite create its `-wal`
    and `-shm` files; with `tidy_if_refused`, those it created are removed again when the block
    fails, since a refused (damaged) file is in use by nobody."""
    sidecars = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    existed = [p.exists() for p in sidecars]
    conn = readonly(path)
    try:
        yield conn
    except BaseException:
        conn.close()
        if tidy_if_refused and not any(existed) and sidecars[0].exists() and sidecars[0].stat().st_size == 0:
            for p in sidecars:
                p.unlink(missing_ok=True)
        raise
    finally:
        conn.close()


def header_problem(path: Path) -> str | None:
    """Why the file cannot be an intact SQLite database, judged from its header and size; None if it may be."""
    size = path.stat().st_size
    with path.open("rb") as f:
        header = f.read(100)
    if header[:16] != MAGIC and not (len(header) < 16 and MAGIC.startswith(header)):
        return "not a database: the file is not an SQLite file (its first bytes do not say 'SQLite format 3')"
    if len(header) < 100:
        return f"damaged: the file is truncated ({size} bytes, shorter than an SQLite header)"
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"damaged: the header gives an impossible page size ({page_size})"
    pages, counter, valid_for = (
        struct.unpack(">I", header[28:32])[0],
        struct.unpack(">I", header[24:28])[0],
        struct.unpack(">I", header[92:96])[0],
    )
    if size % page_size:
        return f"damaged: the file is truncated ({size} bytes is not a whole number of {page_size}-byte pages)"
    if counter == valid_for and pages and size < pages * page_size:
        return (
            f"damaged: the file is truncated ({size} bytes; its header says {pages} pages of {page_size} bytes "
            f"= {pages * page_size} bytes)"
        )
    return None


def integrity_problems(conn: sqlite3.Connection, *, quick: bool) -> list[str]:
    """`quick_check` or `integrity_check` plus `foreign_key_check`; [] when the file is sound."""
    rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    problems = [str(r[0]) for r in rows if r[0] != "ok"]
    if not quick:
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"row {rowid} of {table} refers to a missing row of {parent}")
    return problems


def quick_check(path: Path) -> list[str]:
    """SQLite's `quick_check` on a read-only connection: [] when sound. Reads the whole file."""
    with reading(path) as conn:
        return integrity_problems(conn, quick=True)


def inspect(path: Path, *, check: bool = True) -> FileState:
    """Look at an existing file, read-only; raise DatabaseError saying what is wrong with it.

    With `check=False` the whole-file `quick_check` is left to the caller (the window
    runs it in the background after start-up: on a large file it takes seconds); the
    header, size and schema checks that refuse garbage and truncated files still run.
    """
    if path.stat().st_size == 0:
        return FileState(empty=True, revision=None, tables=frozenset())
    problem = header_problem(path)
    if problem:
        raise DatabaseError(f"{path}: {problem}. Kinelink has not changed it.")
    try:
        with reading(path, tidy_if_refused=True) as conn:
            problems = integrity_problems(conn, quick=True) if check else []
            if problems:
                raise DatabaseError(
                    f"{path}: damaged: {'; '.join(problems[:5])}. Kinelink has not changed it; "
                    "restore it from a backup."
                )
            tables = frozenset(
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            )
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = str(row[0]) if row else None
    except sqlite3.DatabaseError as err:
        raise DatabaseError(f"{path}: cannot be read as a database ({err}). Kinelink has not changed it.") from None
    return FileState(empty=not tables, revision=revision, tables=tables)


def copy(source: sqlite3.Connection, out: Path) -> None:
    """Write a consistent copy of `source` to `out` with the SQLite online backup API.

    The copy is made in one step (one read transaction, so writers in other
    processes cannot make it inconsistent) into a private temporary file beside
    `out`, checked, flushed to disk, and only then renamed to `out`.
    """
    tmp = out.with_name(f".{out.name}.{os.getpid()}.partial")
    tmp.unlink(missing_ok=True)
    create_private(tmp)
    try:
        target = sqlite3.connect(tmp, isolation_level=None)
        try:
            source.backup(target, pages=-1)
            target.execute("PRAGMA journal_mode = DELETE").close()  # a copy is one self-contained file
            problems = integrity_problems(target, quick=False)
            if problems:
                raise DatabaseError(f"the copy is damaged: {'; '.join(problems[:5])}")
        finally:
            target.close()
        _fsync(tmp)
        os.replace(tmp, out)
        _fsync_dir(out.parent)
    finally:
        tmp.unlink(missing_ok=True)


def restore(backup: Path, path: Path) -> None:
    """Put the content of `backup` back into the database at `path` (online backup API)."""
    with reading(backup) as source:
        target = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            source.backup(target, pages=-1)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()


def backup_name(path: Path, revision: str) -> Path:
    """`kinelink.sqlite3` -> `kinelink.before-schema-0002-20250101-120000.sqlite3`, beside it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.before-schema-{revision}-{stamp}{path.suffix or '.sqlite3'}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a directory be opened
        _fsync(path)
