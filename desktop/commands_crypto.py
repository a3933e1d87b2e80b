"""`kinelink encrypt | decrypt --db FILE`, and the passphrase of an encrypted file for every command
that takes `--db` (../shared/cli.md).

A passphrase is asked on the terminal without echo (twice when it is new), or read from the first
line of standard input with `--passphrase-stdin`; it never appears as an argument. A file whose
passphrase the user let the OS keyring keep (in the window) opens with it. A plain file is never
asked for one.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kinelink.desktop.errors import UserError
from kinelink.desktop.usecases import encryption
from kinelink.desktop.usecases.targets import existing_file, sqlite_file
from kinelink.forms.i18n import _

MINIMUM_LENGTH = 8  # a new passphrase; SQLCipher's key derivation slows guessing, it cannot save "1234"


def _from_stdin() -> str:
    line = sys.stdin.readline()
    if not line.strip("\r\n"):
        raise UserError("--passphrase-stdin", _("standard input is empty; give the passphrase on its first line"))
    return line.rstrip("\r\n")


def passphrase_for(target: str, *, from_stdin: bool) -> str | None:
    """The passphrase to open `target` with: None for a plain file (or a server, or a file to be
    created). For an encrypted file: standard input, else the keyring (if the user let it keep
    one), else the terminal; with none of these, None, and the database layer says what is missing."""
    file = sqlite_file(target)
    if file is None or not encryption.needs_passphrase(file):
        return None
    if from_stdin:
        return _from_stdin()
    kept = encryption.stored_passphrase(file)
    if kept is not None:
        return kept
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(_("Passphrase of {file}: ").format(file=file.name)) or None


def new_passphrase(from_stdin: bool) -> str:
    if from_stdin:
        passphrase = _from_stdin()
    else:
        if not sys.stdin.isatty():
            raise UserError("passphrase", _("no terminal to ask on; give it on standard input with --passphrase-stdin"))
        passphrase = getpass.getpass(_("New passphrase: "))
        if getpass.getpass(_("The same passphrase again: ")) != passphrase:
            raise UserError("passphrase", _("the two passphrases differ; nothing was changed"))
    if len(passphrase) < MINIMUM_LENGTH:
        raise UserError("passphrase", _('shorter than {MINIMUM_LENGTH} characters; nothing was changed').format(
            MINIMUM_LENGTH=MINIMUM_LENGTH))
    if "\x00" in passphrase:
        raise UserError("passphrase", _("contains the NUL character (U+0000); nothing was changed"))
    return passphrase


def encrypt(args: argparse.Namespace) -> int:
    file = existing_file(args.db)
    if encryption.needs_passphrase(file):
        raise UserError(str(file), _("already encrypted, or not a Kinelink database"))
    encryption.encrypt_file(file, new_passphrase(args.passphrase_stdin))
    print(_('encrypted {file}; without its passphrase it cannot be opened by anyone, you included. Backups made '
            'before now are not encrypted').format(file=file))
    return 0


def decrypt(args: argparse.Namespace) -> int:
    file = existing_file(args.db)
    passphrase = passphrase_for(str(file), from_stdin=args.passphrase_stdin)
    if passphrase is None:
        if not encryption.needs_passphrase(file):
            raise UserError(str(file), _("not encrypted"))
        raise UserError(str(file), _("give its passphrase on a terminal or with --passphrase-stdin"))
    encryption.decrypt_file(Path(file), passphrase)
    print(_('decrypted {file}: it is now a plain file that anyone with access to it can read').format(file=file))
    return 0
