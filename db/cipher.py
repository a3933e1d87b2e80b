"""Encrypted database files: telling one from a plain file, and converting between the two.

The encryption is SQLCipher 4 (AES-256 in CBC mode per page, HMAC-SHA512 per page, the key
derived from the passphrase with PBKDF2-HMAC-SHA512, 256,000 iterations: SQLCipher 4's
defaults, which this module never changes) through the `sqlcipher3` driver
(`pip install 'kinelink[encryption]'`). Connections are made by `sqlitefile.connect`.

`convert` writes the converted database to a private file beside the original with
`sqlcipher_export` (tables, indexes, triggers and views, as SQLCipher documents it), checks
it (`check_file`, and the same rows in every table), and only then puts it in the original's
place: until that moment the original is untouched, and a failure leaves it as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import cast

from kinelink.db import sqlitefile
from kinelink.db.errors import DatabaseError
from kinelink.forms.i18n import _

# a plain SQLite file starts with "SQLite format 3\0"; an encrypted one with 16 bytes of random salt,
# and is a whole number of 4096-byte pages (SQLCipher 4's default page size)
CIPHER_PAGE = 4096


def looks_encrypted(path: Path) -> bool:
    """The file is there, is not plain SQLite, and has the shape of a SQLCipher file: the passphrase
    is worth asking for. (Without it, an encrypted file and noise cannot be told apart.)"""
    try:
        size = path.stat().st_size
        return path.is_file() and size >= CIPHER_PAGE and size % CIPHER_PAGE == 0 and not sqlitefile.is_plain(path)
    except OSError:
        return False


def convert(path: Path, *, old: str | None, new: str | None) -> None:
    """Encrypt (`old=None`), decrypt (`new=None`) the database file at `path` in place, or change its
    passphrase. Raises `DatabaseError` (`WrongPassphrase`) and leaves the file untouched on failure.

    The file must not be in use: the caller makes sure no Kinelink window has it open."""
    from kinelink.db.database import check_file  # the same check `kinelink check` runs

    path = path.expanduser().absolute()
    if old is None and new is None:
        raise DatabaseError(f"{path}: " + _("nothing to do: neither the old nor the new file is encrypted"))
    problems = check_file(path, passphrase=old)
    if problems == [sqlitefile.WRONG_PASSPHRASE]:
        raise sqlitefile.wrong_passphrase(path)
    if problems:
        raise DatabaseError(f"{path}: " + _("not converted: {problems}. The file is unchanged").format(
            problems="; ".join(_(p) for p in problems[:3])))
    converted = path.with_name(f".{path.name}.{os.getpid()}.converting")
    _remove(converted)
    sqlitefile.create_private(converted)
    try:
        _export(path, old, converted, new)
        problems = check_file(converted, passphrase=new)
        if not problems and _counts(converted, new) != _counts(path, old):
            problems = [_("the converted copy does not hold the same rows")]
        if problems:
            raise DatabaseError(f"{path}: " + _("not converted: the new file fails its check ({problems}). The file "
                                                "is unchanged").format(problems="; ".join(_(p) for p in problems[:3])))
        sqlitefile.fsync(converted)
        os.replace(converted, path)
        for suffix in ("-wal", "-shm"):  # the replaced file's (checkpointed, empty): never read with the new one
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")
        sqlitefile.fsync_dir(path.parent)
    finally:
        _remove(converted)


def _export(path: Path, old: str | None, out: Path, new: str | None) -> None:
    """Every table, index, trigger and view of `path` into the empty file `out` (`sqlcipher_export`),
    in one transaction that keeps other writers out meanwhile."""
    conn = sqlitefile.connect(path, old) if old is not None else _plain_through_cipher(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        conn.execute(f"ATTACH DATABASE {sqlitefile.literal(str(out))} AS converted KEY {sqlitefile.literal(new or '')}")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("SELECT sqlcipher_export('converted')").fetchall()
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE converted")
    except sqlitefile.errors("Error") as err:
        raise DatabaseError(f"{path}: " + _("not converted ({error}). The file is unchanged").format(
            error=err)) from None
    finally:
        conn.close()
    fix = sqlitefile.connect(out, new)  # a database in WAL mode, as Kinelink keeps every file
    try:
        fix.execute("PRAGMA journal_mode = WAL").fetchall()
    finally:
        fix.close()


def _plain_through_cipher(path: Path) -> sqlite3.Connection:
    """A plain file opened with sqlcipher3 (no key): only its connection can attach an encrypted one."""
    conn = sqlitefile.cipher_dbapi().connect(str(path), timeout=sqlitefile.BUSY_TIMEOUT_MS / 1000,
                                             isolation_level=None)
    return cast(sqlite3.Connection, conn)


def _counts(path: Path, passphrase: str | None) -> dict[str, int]:
    with sqlitefile.reading(path, passphrase=passphrase) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', "
                                            "'index', 'view') ORDER BY name")]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%'")]
        counts = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in tables}
        counts.update({f"schema:{name}": 1 for name in names})
        return counts


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")
