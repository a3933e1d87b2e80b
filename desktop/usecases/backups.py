"""Backups of the open database: now, automatically on close, and restoring one.

Backups are consistent copies made with SQLite's online backup API
(`Database.backup`), readable by the user only, named after the database and
the moment: `kinelink-20261125-143205.sqlite3` (by hand),
`kinelink-auto-…` (on close; only the newest N are kept) and
`kinelink-before-restore-…` (the state replaced by a restore).

Restoring never trusts the chosen file: it is copied beside the database and
opened there first (checked, and upgraded if an older Kinelink wrote it), and
every exam in it is compared with its checksum (`db.check_file`). Only
then is the open database closed and the checked copy written into it through
SQLite itself, after a copy of the current state has been saved.

The backup of an encrypted database is encrypted with the same passphrase (SQLCipher copies
its pages still encrypted); it restores into that database only, with that passphrase.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kinelink import db
from kinelink.desktop import paths
from kinelink.desktop.usecases.workspace import Workspace
from kinelink.forms.formats import show_moment
from kinelink.forms.i18n import _

_STAMP = "%Y%m%d-%H%M%S"
_STAMP_RE = re.compile(r"(\d{8}-\d{6})(?:-\d+)?\.sqlite3$")


def backup_path(folder: Path, database: Path, kind: str = "", now: dt.datetime | None = None) -> Path:
    """A new file name in `folder`; never one that exists."""
    stamp = (now or dt.datetime.now()).strftime(_STAMP)
    middle = f"-{kind}" if kind else ""
    path = folder / f"{database.stem}{middle}-{stamp}.sqlite3"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{database.stem}{middle}-{stamp}-{n}.sqlite3"
    return path


def taken_at(backup: Path) -> str:
    """When a backup was taken, from its name (else the file's time), for people."""
    match = _STAMP_RE.search(backup.name)
    if match:
        moment = dt.datetime.strptime(match.group(1), _STAMP)
    else:
        moment = dt.datetime.fromtimestamp(backup.stat().st_mtime)
    return _("taken {moment}").format(moment=show_moment(moment))


def backup_now(ws: Workspace, kind: str = "") -> Path:
    file = ws.file
    if file is None:
        raise db.DatabaseError(_("backups copy a database file; back a database server up with its own tools"))
    folder = paths.private_dir(ws.settings.backup_dir())
    out = backup_path(folder, file, kind)
    ws.database.backup(out)
    return out


def automatic_backup(ws: Workspace) -> Path:
    """The backup taken when the window closes; keeps only the newest `keep_backups`."""
    out = backup_now(ws, "auto")
    assert ws.file is not None
    prune(out.parent, ws.file, ws.settings.keep_backups)
    return out


def prune(folder: Path, database: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` automatic backups of `database`; returns what was deleted."""
    pattern = re.compile(re.escape(database.stem) + r"-auto-\d{8}-\d{6}(?:-\d+)?\.sqlite3$")
    autos = sorted((p for p in folder.iterdir() if pattern.match(p.name)), key=lambda p: p.name, reverse=True)
    removed = autos[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


@dataclass(frozen=True, slots=True)
class RestoreCandidate:
    backup: Path  # what the user chose
    checked: Path  # a checked (and if need be upgraded) copy beside the database

    def discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.checked}{suffix}")


def prepare_restore(backup: Path, database: Path, passphrase: str | None = None) -> RestoreCandidate:
    """Copy `backup` beside `database` and open the copy: raises `db.DatabaseError` if it is not usable.
    `passphrase`: the open database's, when it is encrypted (its backups are, with the same one)."""
    checked = database.with_name(f".{database.stem}-restore-{os.getpid()}.sqlite3")
    candidate = RestoreCandidate(backup, checked)
    candidate.discard()
    from kinelink.db import cipher

    plain, encrypted = backup.is_file() and db.sqlitefile.is_plain(backup), cipher.looks_encrypted(backup)
    if (plain and passphrase is not None) or (encrypted and passphrase is None):
        why = (_("not restored: the backup is encrypted and the open database is not; restore it into a database "
                 "encrypted like it (kinelink encrypt / decrypt)") if encrypted else
               _("not restored: the backup is not encrypted and the open database is; restore it into a database "
                 "encrypted like it (kinelink encrypt / decrypt)"))
        raise db.DatabaseError(f"{backup}: {why}")
    try:
        db.backup_file(backup, checked, passphrase=passphrase)
        db.open_database(checked, passphrase=passphrase).close()
        problems = db.check_file(checked, passphrase=passphrase)  # every exam against its checksum, not only structure
        if problems:
            shown = "; ".join(problems[:3]) + (" " + _("(and {n} more)").format(n=len(problems) - 3)
                                               if len(problems) > 3 else "")
            why = _("not restored: the backup fails its check: {problems}").format(problems=shown)
            raise db.DatabaseError(f"{backup}: {why}")
    except BaseException:
        candidate.discard()
        raise
    return candidate


def restore(ws: Workspace, candidate: RestoreCandidate) -> db.Database:
    """Replace the content of the open database with the candidate's; returns the reopened database.

    The current state is saved to the backup folder first. If reopening fails, that state is put back.
    """
    file = ws.file
    assert file is not None
    passphrase = ws.database.passphrase
    safety = backup_now(ws, "before-restore")
    ws.database.close()
    try:
        db.restore_file(candidate.checked, file, passphrase=passphrase)
        database = db.open_database(file, passphrase=passphrase)
    except BaseException:
        db.restore_file(safety, file, passphrase=passphrase)
        ws.database = db.open_database(file, passphrase=passphrase)
        raise
    finally:
        candidate.discard()
    return database
