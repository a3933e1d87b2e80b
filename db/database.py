"""Opening a database: checks first, then migrations, then a durable engine.

For a SQLite file, in this order:
1. a read-only look (`sqlitefile.inspect`): header, size, `quick_check`, schema
   revision. Garbage, truncated or foreign files are refused untouched. The
   window defers the whole-file `quick_check` (`quick_check=False`) to a
   background thread; a file about to be upgraded is always checked first;
2. if the schema is older than this program's, a backup copy beside the file
   (online backup API), then the migrations in one transaction; if they fail,
   the copy is put back and the error says so;
3. an engine whose every connection uses WAL, `synchronous=FULL`, foreign keys
   and a busy timeout. A unit of work that writes (`Database.write()`) starts
   with `BEGIN IMMEDIATE`, so two writers queue instead of failing half-way; one
   that only reads (`Database.read()`) with a plain `BEGIN` and `query_only`:
   WAL lets it read its snapshot while another process writes, without waiting.

An encrypted file (SQLCipher 4, `db.cipher`) goes the same way with its passphrase: every
connection is sqlcipher3's, keyed first (`sqlitefile.connect`). The passphrase lives in the
`Database` object for as long as it is open (backups and checks need it) and is never written.

Any other SQLAlchemy URL (PostgreSQL) gets the same schema and migrations;
only the SQLite settings and file handling are skipped. There too writers take
turns (an advisory lock, `_server_engine`) and readers read one snapshot unlocked.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote

from kinelink.db import history, history_rules, migrate, server_problems, sqlitefile, verify, vocabularies
from kinelink.db.errors import Damaged, DatabaseError, PassphraseNeeded, ReadOnly, StaleEdit
from kinelink.db.records import Account
from kinelink.forms.i18n import N_, _
from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)  # which file or server, schema revisions: never credentials or records
READ_ONLY_OPTION = "kinelink_read_only"  # a session of an account that may only read
READING_OPTION = "kinelink_reading"  # a unit of work that only reads (`Database.read`)


class Database:
    """An open database. `write()` is one unit of work that may change it (committed on a clean
    exit); `read()` one that only reads: it never takes the write lock, so it does not wait for
    another program's write, and the database refuses any write made through it.

    `read_only` is None for a database that may be changed, else why it may not (a damaged file,
    a file or folder we may not write): every write is then refused with `ReadOnly` and that reason.
    Failures of the database itself (busy for longer than the timeout, disk full, read-only file,
    damage found while reading) leave a session as `DatabaseError` with a message for the user,
    never as a driver exception."""

    def __init__(self, engine: Engine, path: Path | None, *, read_only: str | None = None,
                 passphrase: str | None = None) -> None:
        self.engine = engine
        self.path = path  # the SQLite file, or None for a database server
        self.passphrase = passphrase  # an encrypted file's (None: plain); kept in memory only
        self.read_only = read_only
        self.damaged = False  # SQLite found it unsound: backups are byte copies, not checked copies
        self._sessions = self._sessionmaker(engine)
        self._readers = sessionmaker(engine.execution_options(**{READING_OPTION: True}), expire_on_commit=False)
        self._account: Account | None = None

    @property
    def account(self) -> Account | None:
        """Who logged in (None: a single-user file without accounts)."""
        return self._account

    @account.setter
    def account(self, account: Account | None) -> None:
        """Log in. An account that may only read gets read-only transactions from now on
        (`PRAGMA query_only`, `SET TRANSACTION READ ONLY`): the database refuses its writes."""
        self._account = account
        if account is not None and not account.role.can_write:
            self.read_only = self.read_only or _("the account {name} may only read").format(name=account.name)
            self._sessions = self._sessionmaker(self.engine.execution_options(**{READ_ONLY_OPTION: True}))

    @property
    def is_server(self) -> bool:
        return self.path is None

    def _sessionmaker(self, engine: Engine) -> sessionmaker[Session]:
        """Sessions whose every commit first seals the new audit entries into the history chain
        (`db.history`), in the same transaction, and then records the chain's head outside."""
        made = sessionmaker(engine, expire_on_commit=False)
        head: dict[int, tuple[int, str]] = {}

        def seal(session: Session) -> None:
            if self.read_only is not None:
                return
            session.flush()
            conn = session.connection()
            marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"

            def query(sql: str, params: Sequence[Any]) -> Any:
                return conn.exec_driver_sql(sql.replace("?", marker), tuple(params)).fetchall()

            def execute(sql: str, params: Sequence[Any]) -> None:
                conn.exec_driver_sql(sql.replace("?", marker), tuple(params))

            sealed = history.seal_pending(query, execute)
            if sealed is not None:
                head[id(session)] = sealed

        def anchor(session: Session) -> None:
            sealed = head.pop(id(session), None)
            if sealed is not None and self.path is not None:
                with contextlib.suppress(OSError):  # the anchor is a second witness; the commit stands
                    history.write_anchor(self.path, sealed)

        event.listen(made, "before_commit", seal)
        event.listen(made, "after_commit", anchor)
        event.listen(made, "after_rollback", lambda session: head.pop(id(session), None))
        return made

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work that may write: `BEGIN IMMEDIATE` on SQLite (writers queue for the lock
        instead of failing half-way); commit when the block ends normally, roll back on an exception."""
        with self._unit(self._sessions) as s:
            yield s

    session = write  # the older name of a unit of work that may write

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A unit of work that only reads: one consistent snapshot, no write lock. On SQLite a plain
        (deferred) `BEGIN` with `PRAGMA query_only`: under WAL it reads while another process writes,
        without waiting. On PostgreSQL a `READ ONLY` transaction. A write through it is refused by
        the database itself (`ReadOnly`)."""
        with self._unit(self._readers, reading=True) as s:
            yield s

    @contextlib.contextmanager
    def _unit(self, sessions: sessionmaker[Session], *, reading: bool = False) -> Iterator[Session]:
        try:
            with sessions.begin() as s:
                yield s
        except sqlitefile.errors("Error", also=(SQLAlchemyError, UnicodeDecodeError)) as err:  # undecodable: damaged
            if reading and _refused_write(err):
                raise ReadOnly(f"{self._where()}: "
                               + _("nothing was saved: a reading unit of work may not write")) from err
            if (isinstance(err, UnicodeDecodeError) or _code(err) in _FAILURES or _waited_too_long(err)
                    or server_problems.lost_connection(err)):
                raise self.explain(err) from err
            if getattr(getattr(err, "orig", None), "sqlstate", None) == "40001":  # serialization failure
                raise StaleEdit(_("this record"), None, None, -1) from err
            if self.read_only is not None and "read-only transaction" in str(getattr(err, "orig", err)):
                raise ReadOnly(f"{self._where()}: "
                               + _("nothing was saved: {reason}").format(reason=self.read_only)) from err
            raise  # a refused statement (a constraint, a trigger) is the caller's to handle

    def explain(self, err: BaseException) -> DatabaseError:
        """A failure of the database as the message a user reads (see `failure`)."""
        if self.read_only is not None and _code(err) == sqlite3.SQLITE_READONLY:
            return ReadOnly(f"{self._where()}: " + _("nothing was saved: {reason}").format(reason=self.read_only))
        return failure(err, self._where())

    def refuse_writes(self, reason: str, *, damaged: bool = True) -> None:
        """From now on, read-only (the background check found damage): nothing writes to the file."""
        self.damaged = self.damaged or damaged
        if self.read_only is not None or self.path is None:
            self.read_only = reason if self.read_only is not None else None
            return
        self.engine.dispose()
        self.engine = readonly_engine(self.path, self.passphrase)
        self._sessions = self._sessionmaker(self.engine)
        self._readers = sessionmaker(self.engine.execution_options(**{READING_OPTION: True}), expire_on_commit=False)
        self.read_only = reason

    def _where(self) -> str:
        return str(self.path) if self.path is not None else self.engine.url.render_as_string()

    def quick_check(self) -> list[str]:
        """SQLite's `quick_check` and `foreign_key_check` (whole file, constraints included); [] when sound
        or not a SQLite file. The window runs it in the background; its verdict gates writes."""
        return [] if self.path is None else sqlitefile.quick_check(self.path, foreign_keys=True,
                                                                  passphrase=self.passphrase)

    def check(self) -> list[str]:
        """Everything `check_file` finds wrong with the SQLite file; [] when sound."""
        return check_file(self.path, passphrase=self.passphrase) if self.path is not None else []

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None

    def unlocks(self, passphrase: str) -> bool:
        """This encrypted file's passphrase (the window's idle lock asks for it again)."""
        return self.passphrase is not None and hmac.compare_digest(passphrase.encode(), self.passphrase.encode())

    def backup(self, out: str | os.PathLike[str]) -> None:
        """A checked copy (encrypted like the file); of a damaged file, a copy of its bytes as they are
        (with its `-wal`)."""
        if self.path is None:
            raise DatabaseError(_("backup copies a SQLite file; back a database server up with its own tools"))
        if self.damaged:
            sqlitefile.byte_copy(self.path, Path(out))
        else:
            backup_file(self.path, Path(out), passphrase=self.passphrase)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({self._where()!r})"


# What the database itself can suffer, whoever asks: these become a `DatabaseError` for the user.
_FAILURES = frozenset({
    sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB,
})


def _refused_write(err: BaseException) -> bool:
    """A write refused because the transaction may only read (`query_only`, `READ ONLY`)."""
    orig = getattr(err, "orig", None) or err
    return _code(err) == sqlite3.SQLITE_READONLY or getattr(orig, "sqlstate", None) == "25006"


def _code(err: BaseException) -> int | None:
    orig = getattr(err, "orig", None) or err
    code = getattr(orig, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _waited_too_long(err: BaseException) -> bool:
    """A server's writer waited longer than its lock_timeout for the one before it (`_server_engine`)."""
    return getattr(getattr(err, "orig", None) or err, "sqlstate", None) == "55P03"


def failure(err: BaseException, where: str) -> DatabaseError:
    """What went wrong, for the person at the keyboard; nothing of the failed unit of work was kept."""
    orig = getattr(err, "orig", None) or err
    code = _code(err)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or _waited_too_long(err):
        seconds = sqlitefile.BUSY_TIMEOUT_MS // 1000
        return DatabaseError(f"{where}: " + _(
            "the database is busy: another program has been using it for more than {seconds} seconds. "
            "Nothing was saved; try again in a moment").format(seconds=seconds))
    if code == sqlite3.SQLITE_FULL:
        return DatabaseError(f"{where}: " + _("the disk is full. Nothing was saved; free some space and try again"))
    if code == sqlite3.SQLITE_READONLY:
        return ReadOnly(
            f"{where}: " + _("the database cannot be written (the file or its folder is read-only). Nothing was saved")
        )
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or isinstance(orig, UnicodeDecodeError):
        return Damaged(
            f"{where}: " + _("damaged: SQLite cannot read part of it. Nothing was changed; back the file up as it "
                             "is, then restore the latest backup (SQLite: {error})").format(error=orig),
            [str(orig)],
        )
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN):
        return DatabaseError(f"{where}: " + _("the disk could not be read or written. Nothing was saved; check "
                                              "the disk and try again (SQLite: {error})").format(error=orig))
    if server_problems.lost_connection(err):
        return DatabaseError(f"{where}: " + _("the connection to the database server was lost. Nothing was saved; "
                                              "check the network and try again ({error})").format(
                                                  error=server_problems.libpq_detail(err)))
    return DatabaseError(f"{where}: " + _("the database failed ({error}). Nothing was saved").format(error=orig))


def open_database(
    target: str | os.PathLike[str],
    *,
    migrations: Path = migrate.MIGRATIONS,
    quick_check: bool = True,
    create: bool = True,
    read_only: bool = False,
    passphrase: str | None = None,
) -> Database:
    """Open the database at a file path or SQLAlchemy URL, upgraded to this program's schema.
    Raises `DatabaseError` with a message for the user when it cannot (`Damaged` when SQLite finds
    the file unsound).

    `quick_check=False` defers SQLite's whole-file `quick_check` to the caller
    (`Database.quick_check()`), except before an upgrade, which always checks first.
    `create=False` refuses a missing file instead of creating it (commands that only read).
    `read_only=True` opens an existing file without ever writing to it (no creation, no upgrade);
    a file or folder we may not write is opened that way too, with the reason in `read_only`.
    `passphrase` opens (or creates) an encrypted file; a file that is not plain SQLite without one
    raises `PassphraseNeeded`, a wrong one `WrongPassphrase`."""
    if isinstance(target, str) and "://" in target:
        try:
            url = make_url(target)
        except ArgumentError as err:
            raise DatabaseError(f"{target}: " + _("not a database address ({error})").format(error=err)) from None
        if url.get_backend_name() == "sqlite":
            if not url.database or url.database == ":memory:":
                raise DatabaseError(f"{target}: " + _("give a database file; records cannot live in memory"))
            return _open_sqlite(Path(url.database), migrations, quick_check, create and not read_only, read_only,
                                passphrase)
        return _open_server(url, migrations)
    return _open_sqlite(Path(target), migrations, quick_check, create and not read_only, read_only, passphrase)


# --- SQLite ------------------------------------------------------------------------------------


def sqlite_engine(path: Path, *, foreign_keys: bool = True, passphrase: str | None = None) -> Engine:
    """An engine for the file with Kinelink's durability settings on every connection; for an
    encrypted file, sqlcipher3's connections, each keyed before its first statement (SQLAlchemy
    is told the driver module, so its errors are wrapped as sqlite3's are)."""
    url = URL.create("sqlite+pysqlite", database=str(path))
    if passphrase is None:
        engine = create_engine(url, connect_args={"timeout": sqlitefile.BUSY_TIMEOUT_MS / 1000})
    else:
        engine = create_engine(url, module=sqlitefile.cipher_dbapi(),
                               creator=lambda: sqlitefile.connect(path, passphrase))

    @event.listens_for(engine, "connect")
    def _settings(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        for pragma in (
            f"busy_timeout = {sqlitefile.BUSY_TIMEOUT_MS}",
            "journal_mode = WAL",
            "synchronous = FULL",
            f"foreign_keys = {'ON' if foreign_keys else 'OFF'}",
        ):
            dbapi_connection.execute(f"PRAGMA {pragma}").close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # driver-level calls: this runs at the start of every unit of work
        raw = connection.connection.driver_connection
        assert raw is not None
        options = connection.get_execution_options()
        reading = bool(options.get(READ_ONLY_OPTION) or options.get(READING_OPTION))
        # `query_only` is changed only when this connection last served the other kind of unit of
        # work: changing it makes SQLite prepare every cached statement again (it doubled a read)
        state = connection.connection.info
        if state.get(READ_ONLY_OPTION) is not reading:
            raw.execute(f"PRAGMA query_only = {'ON' if reading else 'OFF'}")
            state[READ_ONLY_OPTION] = reading
        # a read begins deferred: it takes no lock, and WAL gives it a snapshot at its first read
        raw.execute("BEGIN" if reading else "BEGIN IMMEDIATE")

    return engine


WRITER_LOCK = "kinelink: one writing unit of work at a time"  # pg_advisory_xact_lock(hashtext(...))
WRITER_WAIT_SECONDS = sqlitefile.BUSY_TIMEOUT_MS // 1000  # as long as SQLite's busy timeout


def _server_engine(url: URL) -> Engine:
    # Reads: REPEATABLE READ, one snapshot per unit of work, so an exam read while a colleague replaces
    # the draft comes back whole (READ COMMITTED could pair the old version row with the new findings,
    # which the checksum reports as damage: seen in the load test).
    # Writes: one at a time, as SQLite's BEGIN IMMEDIATE does. Every commit seals its audit entries
    # into the history chain after the chain's head it read (`db.history`); two writers sealing at
    # once both took the next link's number, and the second failed with a duplicate key (the load
    # test of 2 Dec 2026: 139 of 300 saves and signs refused). So a writing unit of work first waits
    # for a transaction-level advisory lock, and runs READ COMMITTED so that, once it has the lock,
    # it sees everything the writer before it committed (a REPEATABLE READ snapshot would date from
    # before the wait). A stale save still fails: its conditional UPDATE finds the version moved on.
    engine = create_engine(url, pool_pre_ping=True, isolation_level="REPEATABLE READ")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        options = connection.get_execution_options()
        if options.get(READ_ONLY_OPTION) or options.get(READING_OPTION):
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            return
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITER_WAIT_SECONDS}s'")
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock(hashtext('{WRITER_LOCK}'))")

    return engine


def readonly_engine(path: Path, passphrase: str | None = None) -> Engine:
    """An engine whose connections cannot write to the file (`sqlitefile.readonly`)."""
    module = {} if passphrase is None else {"module": sqlitefile.cipher_dbapi()}
    engine = create_engine("sqlite+pysqlite://", creator=lambda: sqlitefile.readonly(path, passphrase), **module)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


READ_ONLY_FILE = N_("the file or its folder is read-only; Kinelink shows the records but cannot save changes")


def _open_sqlite(path: Path, migrations: Path, quick_check: bool, create: bool, read_only: bool,
                 passphrase: str | None) -> Database:
    path = path.expanduser().absolute()
    if path.is_dir():
        raise DatabaseError(f"{path}: " + _("is a folder, not a database file"))
    created = False
    if not path.exists():
        if not create:
            raise DatabaseError(f"{path}: " + _("no such database file"))
        if not path.parent.is_dir():
            raise DatabaseError(f"{path}: " + _("the folder {folder} does not exist").format(folder=path.parent))
        try:
            sqlitefile.create_private(path)
        except OSError as err:
            raise DatabaseError(f"{path}: " + _("cannot create the database ({reason})").format(
                reason=err.strerror)) from None
        created = True
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    try:
        if passphrase is not None and sqlitefile.is_plain(path):
            raise DatabaseError(f"{path}: " + _("not encrypted; it opens without a passphrase"))
        state = sqlitefile.inspect(path, check=quick_check, passphrase=passphrase)
        if not quick_check and not state.empty and state.revision != migrate.head(migrations):
            # never migrate a file that has not been checked
            state = sqlitefile.inspect(path, check=True, passphrase=passphrase)
    except OSError as err:
        raise DatabaseError(f"{path}: " + _("cannot read the file ({reason})").format(reason=err.strerror)) from None
    head = _expect(str(path), state.revision, state.empty, sorted(state.tables), migrations)
    if read_only or not writable:
        if state.revision != head:
            what = _("an empty file") if state.empty else _("written with an older schema ({revision})").format(
                revision=state.revision)
            raise DatabaseError(f"{path}: " + _("{what}; it can only be opened read-only once Kinelink has set it up "
                                                "with write access").format(what=what))
        return Database(readonly_engine(path, passphrase), path, passphrase=passphrase,
                        read_only=_(READ_ONLY_FILE) if not writable else _("opened read-only"))
    if state.empty:
        os.chmod(path, sqlitefile.PRIVATE)
    if state.revision != head:
        _upgrade_file(path, state, head, migrations, created, passphrase)
    log.info("database opened: %s (schema %s%s%s)", path, head, ", new file" if created else "",
             ", encrypted" if passphrase is not None else "")
    database = Database(sqlite_engine(path, passphrase=passphrase), path, passphrase=passphrase)
    _synchronise_vocabularies(database.engine, readonly_engine(path, passphrase))
    if state.revision != head and not state.empty:
        with database.write():
            pass  # the history written before the chain existed is sealed as it stands now
    return database


def _synchronise_vocabularies(engine: Engine, reader: Engine) -> None:
    """Words this program's catalogues added since the file was last opened (`db.vocabularies`):
    read on a read-only connection (`reader`, disposed here: a write-capable connection closing last
    would checkpoint the -wal into the file, changing a file only looked at); written only when
    something differs."""
    try:
        try:
            with reader.connect() as conn, conn.begin():
                stale = any(True for _difference in vocabularies.differences(conn))
        finally:
            reader.dispose()
        if stale:
            with engine.begin() as conn:
                log.info("vocabulary: %d words added or relabelled", vocabularies.synchronise(conn))
    except sqlitefile.errors("Error", also=(SQLAlchemyError,)) as err:  # BEGIN IMMEDIATE fails unwrapped: busy
        engine.dispose()
        raise failure(err, str(engine.url.database)) from err


def _upgrade_file(path: Path, state: sqlitefile.FileState, head: str, migrations: Path, created: bool,
                  passphrase: str | None) -> None:
    backup: Path | None = None
    if not state.empty:
        backup = sqlitefile.backup_name(path, head)
        try:
            with sqlitefile.reading(path, passphrase=passphrase) as source:
                sqlitefile.copy(source, backup, passphrase)
        except (OSError, DatabaseError) as err:
            raise DatabaseError(f"{path}: " + _(
                "the database needs an upgrade, but the backup copy before it could not be written ({error}); "
                "nothing was changed").format(error=err)) from None
    log.info("migrating %s from schema %s to %s (copy before: %s)", path, state.revision or "none", head,
             backup or "none, new database")
    engine = sqlite_engine(path, foreign_keys=False, passphrase=passphrase)  # batch migrations copy tables
    try:
        with engine.begin() as conn:
            migrate.upgrade(conn, migrations)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise DatabaseError(
                    _("the upgrade left {count} rows pointing at missing rows").format(count=len(broken)))
    except Exception as err:
        log.exception("migrating %s to schema %s failed", path, head)
        engine.dispose()
        if backup is None:
            if created:
                path.unlink(missing_ok=True)
            raise DatabaseError(f"{path}: " + _("creating the database failed ({error})").format(error=err)) from err
        try:
            sqlitefile.restore(backup, path, passphrase)
        except Exception as again:
            raise DatabaseError(f"{path}: " + _(
                "upgrading the database to schema {schema} failed ({error}), and putting back the copy taken "
                "before the upgrade failed too ({again}); the copy is {copy}").format(
                    schema=head, error=err, again=again, copy=backup)) from err
        raise DatabaseError(f"{path}: " + _(
            "upgrading the database from schema {old} to {new} failed ({error}); it was restored from the copy "
            "taken before the upgrade ({copy}) and is unchanged").format(
                old=state.revision, new=head, error=err, copy=backup.name)) from err
    engine.dispose()


def _expect(where: str, revision: str | None, empty: bool, tables: list[str], migrations: Path) -> str:
    """The head revision, after refusing databases that are not (or not yet) ours."""
    if revision is None and not empty:
        shown = ", ".join(tables[:6]) + (" ..." if len(tables) > 6 else "")
        raise DatabaseError(f"{where}: " + _("not a Kinelink database (it holds other tables: {tables}).").format(
            tables=shown) + f" {_(sqlitefile.UNCHANGED)}")
    if revision is not None and revision not in migrate.known(migrations):
        raise DatabaseError(f"{where}: " + _("written by a newer version of Kinelink (schema {revision}); update "
                                             "Kinelink to open it.").format(revision=revision)
                            + f" {_(sqlitefile.UNCHANGED)}")
    return migrate.head(migrations)


def backup_file(path: Path, out: Path, *, passphrase: str | None = None) -> None:
    """A consistent, checked copy of the SQLite file at `path` (which may be open and being written
    to by another process) at `out`, readable by the owner only. Never overwrites `out`. The copy
    of an encrypted file is encrypted with the same passphrase."""
    path, out = path.expanduser().absolute(), out.expanduser().absolute()
    if not path.is_file():
        raise DatabaseError(f"{path}: " + _("no such database file"))
    if out.exists():
        raise DatabaseError(f"{out}: " + _("already exists; Kinelink will not overwrite it"))
    if not out.parent.is_dir():
        raise DatabaseError(f"{out}: " + _("the folder {folder} does not exist").format(folder=out.parent))
    problem = sqlitefile.header_problem(path, passphrase)
    if problem == sqlitefile.NOT_PLAIN:
        raise PassphraseNeeded(f"{path}: {_(problem)}")
    if problem:
        raise DatabaseError(f"{path}: {problem}")
    try:
        with sqlitefile.reading(path, passphrase=passphrase) as source:
            sqlitefile.copy(source, out, passphrase)
        _anchor_copy(out, passphrase)
    except sqlitefile.errors("Error", also=(OSError,)) as err:
        if passphrase is not None and isinstance(err, Exception) and sqlitefile.is_notadb(err):
            raise sqlitefile.wrong_passphrase(path) from None
        raise DatabaseError(f"{path}: " + _("the backup failed ({error})").format(error=err)) from None


def restore_file(backup: Path, path: Path, *, passphrase: str | None = None) -> None:
    """Put the content of a checked `backup` into the (closed) database at `path`; its history head
    becomes the file's anchor, since the user chose to go back to it."""
    sqlitefile.restore(backup, path, passphrase)
    _anchor_copy(path, passphrase, restored=True)


def _anchor_copy(out: Path, passphrase: str | None, *, restored: bool = False) -> None:
    """The copy's history head, recorded outside it: `check` of the backup later compares with it."""
    conn = sqlitefile.readonly(out, passphrase)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        head = conn.execute("SELECT seq, digest FROM history_chain ORDER BY seq DESC LIMIT 1").fetchone() \
            if "history_chain" in tables else None
    finally:
        conn.close()
    if head is not None:
        history.write_anchor(out, (int(head[0]), str(head[1])), restored=restored)


def check_file(path: Path, *, migrations: Path = migrate.MIGRATIONS, passphrase: str | None = None) -> list[str]:
    """Everything wrong with the SQLite file at `path`; [] when it is a sound Kinelink database.
    The file is never changed (see `sqlitefile.judging`).

    SQLite judges the file (`integrity_check` with its CHECK constraints, `foreign_key_check`):
    its findings start with "damaged:". Then, for a database of this program's schema, every exam
    version is compared with its checksum from the stored rows (`db.verify`)."""
    path = path.expanduser().absolute()
    if not path.exists():
        return [N_("no such file")]  # the findings are compared as they are; shown through _()
    if path.is_dir():
        return [N_("is a folder, not a database file")]
    if path.stat().st_size == 0:
        return [N_("the file is empty (0 bytes): not a database")]
    problem = sqlitefile.header_problem(path, passphrase)
    if problem:
        return [problem]
    try:
        with sqlitefile.judging(path, passphrase) as conn:
            damage = sqlitefile.integrity_problems(conn, quick=False)
            if damage:
                return [_("damaged: {problem}").format(problem=p) for p in damage[:50]]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = str(row[0]) if row else None
            if revision is None:
                return [N_("a SQLite database, but not a Kinelink one")]
            if revision not in migrate.known(migrations):
                return [_("written by a newer version of Kinelink (schema {revision}); this version cannot check "
                          "it").format(revision=revision)]
            if revision != migrate.head(migrations):
                return []  # sound; its records are checked once it has been opened (and upgraded)
            conn.execute("BEGIN")  # one snapshot for the whole check
            try:
                return verify.problems(conn) + history.verify(
                    lambda sql, params: conn.execute(sql, tuple(params)).fetchall(), path)
            finally:
                conn.execute("COMMIT")
    except sqlitefile.errors(also=(UnicodeDecodeError,)) as err:
        if passphrase is not None and not isinstance(err, UnicodeDecodeError) and sqlitefile.is_notadb(err):
            return [sqlitefile.WRONG_PASSPHRASE]
        if sqlitefile.is_damage(err):
            return [_("damaged: SQLite cannot read it; restore it from a backup (SQLite: {error})").format(error=err)]
        return [_("cannot be read now; try again in a moment (SQLite: {error})").format(error=err)]
    except OSError as err:
        return [_("cannot be read ({reason})").format(reason=err.strerror or err)]


# --- database servers --------------------------------------------------------------------------


def _open_server(url: URL, migrations: Path) -> Database:
    engine = _server_engine(url)
    where = unquote(url.render_as_string())  # the CA file's path as typed, not %2F-escaped
    try:
        with engine.begin() as conn:
            tables = sorted(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            head = _expect(where, revision, not tables, tables, migrations)
            if revision != head:
                log.info("migrating the database %s on %s from schema %s to %s", url.database, url.host,
                         revision or "none", head)
                migrate.upgrade(conn, migrations)  # transactional DDL: a failure changes nothing
            if history_rules.owns_schema(conn):  # the application's role may only read the vocabularies
                vocabularies.synchronise(conn)
            history_rules.grant_application_role(conn)  # when the owner opens it and the role exists
    except DatabaseError:
        engine.dispose()
        raise
    except SQLAlchemyError as err:
        engine.dispose()
        raise DatabaseError(f"{where}: {server_problems.server_problem(url, err)}") from err
    log.info("database opened: %s on server %s port %s (schema %s)", url.database, url.host, url.port, head)
    return Database(engine, None)
