"""Opening the database a target names: for a job that may create it, and for one that must not."""

from __future__ import annotations

from kinelink import db
from kinelink.desktop.errors import UserError
from kinelink.desktop.usecases.targets import existing_file, sqlite_file


def open_existing(target: str, passphrase: str | None = None) -> db.Database:
    """Open a database that must already exist (a server, or a file that is there)."""
    if sqlite_file(target) is not None:
        existing_file(target)
    return open_target(target, passphrase)


def open_target(target: str, passphrase: str | None = None) -> db.Database:
    """Open (creating a new file if need be) the database; a file that cannot be opened is a `UserError`.
    `passphrase`: an encrypted file's."""
    try:
        return db.open_database(target, passphrase=passphrase)
    except db.DatabaseError as err:
        raise UserError("", str(err)) from None
