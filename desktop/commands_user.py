"""`kinelink user add | list | disable`: the accounts of a shared database (../shared/cli.md).

Whoever can reach the database with its credentials may manage accounts here, as an administrator
does when setting up a clinic's server (README, "A clinic server"); the audit trail records the
operating-system user who did it. Passwords are asked twice on the terminal (never echoed), or read
from the first line of standard input with `--password-stdin`; they never appear as arguments.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kinelink import db
from kinelink.db import accounts
from kinelink.desktop import server_login
from kinelink.desktop.errors import UserError
from kinelink.forms.i18n import _


def _author() -> str:
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    return f"kinelink user (system user {who})"


def _ask_connection_password(url: object) -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(_("Password of the database user {user}: ").format(user=getattr(url, "username", "")))


def _open(target: str, *, password_stdin: bool = False) -> db.Database:
    # with --password-stdin the standard input holds the account's password, not the server's
    ask = (lambda url: None) if password_stdin else _ask_connection_password
    try:
        return db.open_database(server_login.with_password(target, ask))
    except db.DatabaseError as err:
        raise UserError("--db", str(err).replace(target, server_login.shown(target))) from None


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UserError("--password-stdin", _("standard input is empty; give the password on its first line"))
        password = line.rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise UserError("password", _("no terminal to ask on; give it on standard input with --password-stdin"))
        password = getpass.getpass(_("New account's password: "))
        if getpass.getpass(_("The same password again: ")) != password:
            raise UserError("password", _("the two passwords differ; nothing was changed"))
    try:
        accounts.check_password(password)
    except accounts.InvalidAccount as err:
        raise UserError("password", str(err).removeprefix("password: ")) from None
    return password


def add(args: argparse.Namespace) -> int:
    role = db.Role(args.role)
    password = _new_password(args.password_stdin)
    with _open(args.db, password_stdin=args.password_stdin) as database:
        try:
            with database.write() as s:
                account = accounts.add_account(s, args.name, password, role, author=_author())
        except accounts.InvalidAccount as err:
            where, _sep, what = str(err).partition(": ")
            raise UserError(args.name if where == "name" else where, what) from None
        except db.Conflict as err:
            raise UserError(args.name, str(err)) from None
    print(_('added {name} ({role})').format(name=account.name, role=account.role.value))
    return 0


def list_accounts(args: argparse.Namespace) -> int:
    with _open(args.db) as database, database.read() as s:
        rows = accounts.list_accounts(s)
    for a in rows:
        state = "disabled" if a.disabled else "active"
        print(f"{a.name}\t{a.role.value}\t{state}\tsince {a.created_at:%Y-%m-%d}")  # not translated
    return 0


def disable(args: argparse.Namespace) -> int:
    with _open(args.db) as database:
        try:
            with database.write() as s:
                account = accounts.disable_account(s, args.name, author=_author())
        except db.NotFound as err:
            raise UserError(args.name, str(err)) from None
    print(_('disabled {name}').format(name=account.name))
    return 0
