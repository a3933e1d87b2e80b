"""The SQLite file itself: recognising it, checking it and copying it, without changing it.

Everything here reads through `sqlite3` connections opened read-only
(`file:...?mode=ro`), so a file that is damaged, truncated or not a database
at all is left exactly as it was: Kinelink refuses it and says why.

An encrypted file (SQLCipher 4, `db.cipher`) is read the same way through `sqlcipher3`'s
connections, keyed first: every function that opens the file takes its `passphrase`
(None: a plain SQLite file). Its header is ciphertext, so `header_problem` cannot judge it;
a wrong passphrase and a file that is no database look alike to SQLCipher (`WrongPassphrase`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from kinelink.db.errors import Damaged, DatabaseError, PassphraseNeeded, WrongPassphrase
from kinelink.forms.i18n import N_, _

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


def _uri(path: Path, mode: str, *, immutable: bool = False) -> str:
    return f"file:{quote(str(path.absolute()))}?mode={mode}" + ("&immutable=1" if immutable else "")


def _needs_immutable(path: Path) -> bool:
    """A WAL database in a folder we cannot write can only be read if SQLite need not create its
    `-shm` file there; with no `-shm` beside it, nobody is writing it, and it is read as it is."""
    return not os.access(path.absolute().parent, os.W_OK) and not Path(f"{path}-shm").exists()


def lenient_text(data: bytes) -> str:
    """Text as read from a file that may be damaged: bytes that are no longer UTF-8 are replaced (and a
    checksum over them no longer matches) instead of failing the read."""
    return data.decode("utf-8", "replace")


CIPHER_DRIVER = "sqlcipher3.dbapi2"  # `pip install kinelink[encryption]`


def cipher_dbapi() -> Any:
    """sqlcipher3's DB-API module, loaded on first use (plain files never load it); its own log of
    failed page checks (a wrong passphrase) is switched off: the error says it once, for people."""
    try:
        import sqlcipher3.dbapi2 as dbapi
    except ImportError:
        raise DatabaseError(_("encrypted databases need SQLCipher: {command}").format(
            command="pip install 'kinelink[encryption]'")) from None
    if not getattr(dbapi, "_kinelink_quiet", False):
        probe = dbapi.connect(":memory:")
        probe.execute("PRAGMA cipher_log_level = NONE").fetchall()
        probe.close()
        dbapi._kinelink_quiet = True
    return dbapi


def errors(kind: str = "DatabaseError", also: tuple[type[Exception], ...] = ()) -> tuple[type[Exception], ...]:
    """`sqlite3`'s exception class of that name, and sqlcipher3's if it is loaded (its classes are its
    own, not subclasses of `sqlite3`'s), and `also`: `except errors():` catches either driver's failures."""
    found: list[type[Exception]] = [*also, getattr(sqlite3, kind)]
    dbapi = sys.modules.get(CIPHER_DRIVER)
    if dbapi is not None:
        found.append(getattr(dbapi, kind))
    return tuple(found)


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def connect(target: str | Path, passphrase: str | None = None, *, uri: bool = False) -> sqlite3.Connection:
    """A connection to the file in autocommit mode (transactions are begun explicitly); with a
    passphrase, a SQLCipher connection keyed before anything is read (SQLCipher 4's default settings:
    AES-256, PBKDF2-HMAC-SHA512 with 256,000 iterations, HMAC-SHA512 per page)."""
    if passphrase is None:
        return sqlite3.connect(target, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    if "\x00" in passphrase or not passphrase:
        raise WrongPassphrase(f"{target}: " + _("a passphrase cannot be empty or hold the NUL character"))
    conn = cipher_dbapi().connect(str(target), uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA key = {literal(passphrase)}").close()
    return cast(sqlite3.Connection, conn)  # the same DB-API as sqlite3's (sqlcipher3 is its fork)


def readonly(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
    """A connection that cannot write to the file."""
    conn = connect(_uri(path, "ro", immutable=_needs_immutable(path)), passphrase, uri=True)
    conn.text_factory = lenient_text
    return conn


@contextlib.contextmanager
def reading(path: Path, *, tidy_if_refused: bool = False, passphrase: str | None = None
            ) -> Iterator[sqlite3.Connection]:
    """A read-only connection for the block. Reading a WAL database makes SQLite create its `-wal`
    and `-shm` files; with `tidy_if_refused`, those it created are removed again when the block
    fails, since a refused (damaged) file is in use by nobody."""
    sidecars = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    existed = [p.exists() for p in sidecars]
    conn = readonly(path, passphrase)
    try:
        yield conn
    except BaseException:
        conn.close()
        if tidy_if_refused:
            _tidy(sidecars, existed)
        raise
    finally:
        conn.close()


def _tidy(sidecars: list[Path], existed: list[bool]) -> None:
    if not any(existed) and sidecars[0].exists() and sidecars[0].stat().st_size == 0:
        for p in sidecars:
            p.unlink(missing_ok=True)


@contextlib.contextmanager
def judging(path: Path, passphrase: str | None = None) -> Iterator[sqlite3.Connection]:
    """A connection on which SQLite's own checks are complete, for the block; the file is not changed.

    A read-only connection is not enough: SQLite does not even parse the CHECK constraints of a
    file it opened read-only, so `integrity_check` there passes a status of 'skgned'. This one is
    opened for writing but set `query_only`. When it closes, SQLite would checkpoint the `-wal`
    into the main file (a write); if the `-wal` holds pages, a second, read-only connection holds a
    read lock meanwhile, so the closing connection is not the last one and leaves both files as they
    were. A file we may not write (read-only file or folder) is judged on a private copy.
    """
    path = path.absolute()
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        with _private_copy(path) as copied, judging(copied, passphrase) as on_copy:
            yield on_copy
        return
    wal = Path(f"{path}-wal")
    sidecars = [wal, Path(f"{path}-shm")]
    existed = [p.exists() for p in sidecars]
    guard = readonly(path, passphrase) if existed[0] and wal.stat().st_size > 0 else None
    conn: sqlite3.Connection | None = None
    try:
        if guard is not None:
            guard.execute("BEGIN")
            guard.execute("SELECT count(*) FROM sqlite_master").fetchall()
        conn = connect(_uri(path, "rw"), passphrase, uri=True)
        conn.text_factory = lenient_text
        conn.execute("PRAGMA query_only = ON").close()
        yield conn
    except BaseException:
        if conn is not None:
            conn.close()
        if guard is not None:
            guard.close()
        _tidy(sidecars, existed)
        raise
    finally:
        if conn is not None:
            conn.close()
        if guard is not None:
            guard.close()


@contextlib.contextmanager
def _private_copy(path: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kinelink-check-") as folder:  # created 0700
        copied = Path(folder) / path.name
        shutil.copyfile(path, copied)
        if Path(f"{path}-wal").exists():
            shutil.copyfile(f"{path}-wal", f"{copied}-wal")
        yield copied


# compared as they are (English); translated with _() where they are shown
NOT_PLAIN = N_("not a database: the file is not an SQLite file (its first bytes do not say 'SQLite format 3'); "
               "if it is an encrypted Kinelink database, give its passphrase")
UNCHANGED = N_("Kinelink has not changed it.")


def is_plain(path: Path) -> bool:
    """The file starts as every plain SQLite file does (an encrypted file starts with random salt)."""
    with path.open("rb") as f:
        return f.read(16) == MAGIC


def header_problem(path: Path, passphrase: str | None = None) -> str | None:
    """Why the file cannot be an SQLite database at all, from its first bytes; None if it may be one.

    Everything else (truncation, damaged pages, a half-finished checkpoint) is SQLite's to judge:
    the main file alone does not say whether the database is whole, since committed pages may
    still be in the `-wal` beside it. An encrypted file's first bytes are ciphertext: with a
    passphrase, only its length is judged here."""
    with path.open("rb") as f:
        header = f.read(100)
    if passphrase is not None:
        return None if len(header) == 100 or not header else _("damaged: the file is truncated")
    if header[:16] != MAGIC and not (len(header) < 16 and MAGIC.startswith(header)):
        return NOT_PLAIN
    if len(header) < 100:
        return _("damaged: the file is truncated ({size} bytes, shorter than an SQLite header)").format(
            size=len(header))
    return None


def integrity_problems(conn: sqlite3.Connection, *, quick: bool, foreign_keys: bool | None = None) -> list[str]:
    """`quick_check` or `integrity_check`, then `foreign_key_check` (by default after `integrity_check`
    only); [] when the file is sound. Complete only on a `judging` connection (see there)."""
    rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    problems = [" ".join(str(r[0]).split("\n")) for r in rows if r[0] != "ok"]  # one line each
    if (not quick if foreign_keys is None else foreign_keys) and not problems:
        for table, rowid, parent, _unused in conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(_("row {row} of {table} refers to a missing row of {parent}").format(
                row=rowid, table=table, parent=parent))
    return problems


def is_notadb(err: Exception) -> bool:
    """SQLITE_NOTADB: what SQLCipher says when page 1 does not decrypt (the backup API's errors carry
    no code, only the message)."""
    code = getattr(err, "sqlite_errorcode", None)
    return code & 0xFF == sqlite3.SQLITE_NOTADB if code is not None else "file is not a database" in str(err)


WRONG_PASSPHRASE = N_("wrong passphrase or not a Kinelink database")  # SQLCipher cannot tell the two apart


def wrong_passphrase(path: Path) -> WrongPassphrase:
    return WrongPassphrase(f"{path}: {_(WRONG_PASSPHRASE)}")


def is_damage(err: Exception) -> bool:
    """SQLite says the file is corrupt or not a database (not: busy, locked, cannot open, disk full).
    A message Python cannot even decode names a schema whose bytes were damaged."""
    if isinstance(err, UnicodeDecodeError):
        return True
    code = getattr(err, "sqlite_errorcode", None)
    if code is None:
        return "malformed" in str(err) or "not a database" in str(err)
    return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def quick_check(path: Path, *, foreign_keys: bool = False, passphrase: str | None = None) -> list[str]:
    """SQLite's `quick_check` (constraints included), and `foreign_key_check` if asked: [] when sound.
    Reads the whole file."""
    try:
        with judging(path, passphrase) as conn:
            return integrity_problems(conn, quick=True, foreign_keys=foreign_keys)
    except errors(also=(UnicodeDecodeError,)) as err:
        if not is_damage(err):
            raise
        return [_("SQLite cannot read it ({error})").format(error=err)]


def inspect(path: Path, *, check: bool = True, passphrase: str | None = None) -> FileState:
    """Look at an existing file without changing it; raise DatabaseError saying what is wrong with it.

    With `check=False` the whole-file `quick_check` is left to the caller (the window
    runs it in the background after start-up: on a large file it takes seconds); SQLite's
    own open and a read of the schema, which refuse garbage files, still run.
    """
    if path.stat().st_size == 0:
        return FileState(empty=True, revision=None, tables=frozenset())
    problem = header_problem(path, passphrase)
    if problem == NOT_PLAIN:
        raise PassphraseNeeded(f"{path}: {_(problem)}. {_(UNCHANGED)}")
    if problem:
        raise DatabaseError(f"{path}: {problem}. {_(UNCHANGED)}")
    opened = judging(path, passphrase) if check else reading(path, tidy_if_refused=True, passphrase=passphrase)
    try:
        with opened as conn:
            # foreign keys too: vocabulary words are checked by keys into the vocabulary tables (0010)
            problems = integrity_problems(conn, quick=True, foreign_keys=True) if check else []
            if problems:
                raise Damaged(f"{path}: " + _("damaged: SQLite found errors in the file. Kinelink has not changed "
                                              "it; restore it from a backup (SQLite: {problems})").format(
                                                  problems="; ".join(problems[:5])), problems)
            tables = frozenset(
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            )
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = str(row[0]) if row else None
    except errors(also=(UnicodeDecodeError,)) as err:
        if passphrase is not None and not isinstance(err, UnicodeDecodeError) and is_notadb(err):
            raise wrong_passphrase(path) from None
        if not is_damage(err):
            raise DatabaseError(f"{path}: " + _("cannot be read now; try again in a moment. Kinelink has not "
                                                "changed it (SQLite: {error})").format(error=err)) from None
        raise Damaged(f"{path}: " + _("damaged: SQLite cannot read it. Kinelink has not changed it; restore it "
                                      "from a backup (SQLite: {error})").format(error=err), [str(err)]) from None
    return FileState(empty=not tables, revision=revision, tables=tables)


def copy(source: sqlite3.Connection, out: Path, passphrase: str | None = None) -> None:
    """Write a consistent copy of `source` to `out` with the SQLite online backup API.

    The copy is made in one step (one read transaction, so writers in other
    processes cannot make it inconsistent) into a private temporary file beside
    `out`, checked, flushed to disk, and only then renamed to `out`. The copy of an
    encrypted database is encrypted with the same passphrase (SQLCipher copies the pages as
    they are, still encrypted).
    """
    tmp = out.with_name(f".{out.name}.{os.getpid()}.partial")
    tmp.unlink(missing_ok=True)
    create_private(tmp)
    try:
        target = connect(tmp, passphrase)
        try:
            source.backup(target, pages=-1)
            target.execute("PRAGMA journal_mode = DELETE").close()  # a copy is one self-contained file
            problems = integrity_problems(target, quick=False)
            if problems:
                raise DatabaseError(_("the copy is damaged: {problems}").format(problems="; ".join(problems[:5])))
        finally:
            target.close()
        fsync(tmp)
        os.replace(tmp, out)
        fsync_dir(out.parent)
    finally:
        tmp.unlink(missing_ok=True)


def byte_copy(path: Path, out: Path) -> None:
    """The file (and its `-wal`, as `out-wal`) copied byte for byte, private, never overwriting:
    how a damaged database is kept as it was before anything is done to it."""
    for source, target in ((path, out), (Path(f"{path}-wal"), Path(f"{out}-wal"))):
        if not source.exists():
            continue
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
        with os.fdopen(fd, "wb") as f, source.open("rb") as src:
            shutil.copyfileobj(src, f)
            f.flush()
            os.fsync(f.fileno())
    fsync_dir(out.parent)


def restore(backup: Path, path: Path, passphrase: str | None = None) -> None:
    """Put the content of `backup` back into the database at `path` (online backup API); an
    encrypted backup into an encrypted database with the same passphrase."""
    with reading(backup, passphrase=passphrase) as source:
        target = connect(path, passphrase)
        try:
            source.backup(target, pages=-1)
            target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()


def backup_name(path: Path, revision: str) -> Path:
    """`kinelink.sqlite3` -> `kinelink.before-schema-0002-20250101-120000.sqlite3`, beside it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.before-schema-{revision}-{stamp}{path.suffix or '.sqlite3'}")


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a directory be opened
        fsync(path)
