"""What can go wrong in the database layer, as exceptions a caller can tell apart.

`DatabaseError` is about the file itself (cannot be opened, unsound, upgrade
failed); its message is written for the person at the keyboard. The others are
about one request: the record is missing, locked by a signature, or clashes
with what is stored.
"""

from __future__ import annotations

import datetime as dt

from kinelink.forms.i18n import _


class Error(Exception):
    """Base of every error raised by `db`."""


class DatabaseError(Error):
    """The database cannot be opened or used; the message says why, for a user."""


class Damaged(DatabaseError):
    """SQLite itself finds the file unsound (its own open, `quick_check` or `integrity_check`).
    The window can still open it read-only, to show what is readable while a backup is restored."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


class WrongPassphrase(DatabaseError):
    """The file is not a plain SQLite file and the passphrase given does not open it: either the
    passphrase is wrong or the file is not a (Kinelink) database. SQLCipher cannot tell the two apart."""


class PassphraseNeeded(DatabaseError):
    """The file is not a plain SQLite file: an encrypted database whose passphrase was not given (or no
    database at all)."""


class ReadOnly(DatabaseError):
    """A change was asked of a database opened read-only (damaged, or a file we may not write), or
    by an account that may only read."""


class NotFound(Error, LookupError):
    """No patient or exam with that id (or no such version)."""


class ExamLocked(Error):
    """The exam is signed: it can be read and amended, never changed or deleted."""


class NotYourExam(Error, PermissionError):
    """Only the account that started an exam may sign it (`repository.sign_refusal` says why)."""


class NoClinician(Error, ValueError):
    """A draft without the examining clinician's name cannot be signed on a file without accounts:
    the signature names the exam's clinician, never the system login."""


class NotSigned(Error):
    """Only a signed exam can be amended; a draft is edited with `save_draft`."""


class Conflict(Error):
    """The request clashes with what is stored (same exam id with other content,
    a record number already used by another patient, ...)."""


class InvalidText(Error, ValueError):
    """Text that cannot be stored (the NUL character, U+0000, which PostgreSQL refuses and the exam
    format forbids); the message names the field."""

    def __init__(self, where: str) -> None:
        super().__init__(f"{where}: " + _("contains the NUL character (U+0000), which cannot be stored"))
        self.where = where


class StaleEdit(Conflict):
    """A save made against an older state of the record: someone else changed it since it was read.
    Nothing was written; `changed_by` and `changed_at` (UTC) say who and when."""

    def __init__(self, what: str, changed_by: str | None, changed_at: dt.datetime | None, current: int) -> None:
        who = changed_by or _("someone else at the same moment")
        if changed_at is None:
            said = _("{what} was changed by {who} since you opened it; your changes were not saved")
        else:
            said = _("{what} was changed by {who} at {time} UTC since you opened it; your changes were not saved")
        time = f"{changed_at:%Y-%m-%d %H:%M:%S}" if changed_at is not None else ""
        super().__init__(said.format(what=what, who=who, time=time))
        self.changed_by, self.changed_at, self.current = changed_by, changed_at, current
