"""User accounts: who may log in, with which role, checked against an argon2id password hash.

A database without accounts is a single-user file and needs no login; once it has one, every
start asks for a name and password (a server always does). Wrong names, wrong passwords and
disabled accounts all fail with the same message and the same work (a hash is verified either
way), so a failure does not tell whether the account exists.

Like the repository, these functions take a `Session` and never commit.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from kinelink.db import searchkeys
from kinelink.db.errors import Conflict, Error, NotFound
from kinelink.db.records import Account, AuditAction, Role
from kinelink.db.repository import audit, now
from kinelink.db.schema import AccountRow
from kinelink.forms.i18n import N_, _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

MIN_PASSWORD = 10  # characters; NIST SP 800-63B asks for at least 8
# argon2id, RFC 9106's second recommended option (t=3, 64 MiB, 4 lanes): argon2-cffi's defaults.
HASHER = PasswordHasher()
LOGIN_FAILED = N_("wrong name or password")


class LoginFailed(Error):
    """The name and password do not open an active account (deliberately not saying which)."""

    def __init__(self) -> None:
        super().__init__(_(LOGIN_FAILED))


class InvalidAccount(Error, ValueError):
    """A name, role or password that cannot be used; the message says which and why."""


def _key(name: str) -> str:
    return searchkeys.record_key(name) or name.strip().casefold()


def _dummy_hash() -> str:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = HASHER.hash("no such account: the same work as a real check")
    return _DUMMY


_DUMMY: str | None = None


def _check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise InvalidAccount("name: " + _("must not be empty"))
    if len(name) > 80:
        raise InvalidAccount("name: " + _("at most {n} characters").format(n=80))
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise InvalidAccount("name: " + _("must not contain control characters"))
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidAccount("password: " + _("at least {n} characters").format(n=MIN_PASSWORD))
    if "\x00" in password:
        raise InvalidAccount("password: " + _("must not contain the NUL character"))


def _to_account(row: AccountRow) -> Account:
    return Account(row.name, row.role, row.disabled, row.created_at.replace(tzinfo=dt.UTC))


def has_accounts(s: Session) -> bool:
    """True once any account exists (disabled ones too): from then on every start needs a login."""
    return s.scalar(select(func.count()).select_from(AccountRow)) != 0


def add_account(s: Session, name: str, password: str, role: Role, *, author: str) -> Account:
    name = _check_name(name)
    check_password(password)
    if s.scalars(select(AccountRow).where(AccountRow.name_key == _key(name))).first() is not None:
        raise Conflict(_("an account named {name} already exists").format(name=name))
    stamp = now()
    row = AccountRow(name=name, name_key=_key(name), role=role, password_hash=HASHER.hash(password),
                     disabled=False, created_at=stamp, created_by=author)
    s.add(row)
    s.flush()
    audit(s, AuditAction.ADD_ACCOUNT, f"added account {name} ({role.value})", author=author, at=stamp)
    return _to_account(row)


def list_accounts(s: Session) -> list[Account]:
    return [_to_account(r) for r in s.scalars(select(AccountRow).order_by(AccountRow.name_key))]


def disable_account(s: Session, name: str, *, author: str) -> Account:
    row = s.scalars(select(AccountRow).where(AccountRow.name_key == _key(name))).first()
    if row is None:
        raise NotFound(_("no account named {name}").format(name=name.strip()))
    if not row.disabled:
        row.disabled = True
        audit(s, AuditAction.DISABLE_ACCOUNT, f"disabled account {row.name}", author=author)
    return _to_account(row)


def authenticate(s: Session, name: str, password: str) -> Account:
    """The active account with this name and password; `LoginFailed` otherwise, whatever the reason."""
    row = s.scalars(select(AccountRow).where(AccountRow.name_key == _key(name))).first() if name.strip() else None
    try:
        HASHER.verify(row.password_hash if row is not None else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        raise LoginFailed() from None
    if row is None or row.disabled:
        raise LoginFailed()
    if HASHER.check_needs_rehash(row.password_hash):  # stronger parameters since: upgrade on the way in
        row.password_hash = HASHER.hash(password)
    return _to_account(row)
