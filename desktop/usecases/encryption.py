"""Encrypted database files, for the window and the command line alike.

- Which files need a passphrase (`needs_passphrase`): any file that is not plain SQLite and has
  the shape of a SQLCipher file. Without the passphrase it cannot be told apart from noise, so
  the question is asked and a wrong answer gets "wrong passphrase or not a Kinelink database".
- The OS keyring keeps a file's passphrase only when the user ticks "remember" (the `keyring`
  package: GNOME Keyring / KWallet, macOS Keychain, Windows Credential Manager). Kinelink never
  writes a passphrase to a file of its own.
- `encrypt_file` / `decrypt_file` convert a file in place (`db.cipher.convert`): refused while a
  Kinelink window has it open, the original untouched until the new file passes its check.
"""

from __future__ import annotations

from pathlib import Path

from kinelink import db
from kinelink.desktop import paths
from kinelink.desktop.errors import UserError
from kinelink.forms.i18n import _

SERVICE = "kinelink"


def needs_passphrase(file: Path | None) -> bool:
    from kinelink.db import cipher

    return file is not None and cipher.looks_encrypted(file)


def _keyring_name(file: Path) -> str:
    return f"database passphrase:{file.expanduser().absolute()}"


def stored_passphrase(file: Path) -> str | None:
    """The passphrase the user asked the OS keyring to keep for this file, if any."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(SERVICE, _keyring_name(file))
    except KeyringError:
        return None


def remember_passphrase(file: Path, passphrase: str) -> str | None:
    """Keep the passphrase in the OS keyring (the user opted in); None when kept, else why not."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return _("the keyring package is not installed ({command})").format(
            command="pip install 'kinelink[encryption]'")
    try:
        keyring.set_password(SERVICE, _keyring_name(file), passphrase)
    except KeyringError as err:
        return _("no keyring on this system ({error})").format(error=err)
    return None


def forget_passphrase(file: Path) -> None:
    """Remove a kept passphrase (a wrong one, or the file is no longer encrypted)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return
    try:
        keyring.delete_password(SERVICE, _keyring_name(file))
    except KeyringError:
        return


def _convertible(file: Path) -> None:
    if paths.open_in_a_window(file):
        raise UserError(str(file), _("open in a Kinelink window; close it first"))


def encrypt_file(file: Path, passphrase: str) -> None:
    """Turn the plain database file into an encrypted one (same path)."""
    from kinelink.db import cipher, sqlitefile

    _convertible(file)
    if not sqlitefile.is_plain(file):
        raise UserError(str(file), _("already encrypted, or not a Kinelink database"))
    try:
        cipher.convert(file, old=None, new=passphrase)
    except db.DatabaseError as err:
        raise UserError("", str(err)) from None


def decrypt_file(file: Path, passphrase: str) -> None:
    """Turn the encrypted database file back into a plain one (same path)."""
    from kinelink.db import cipher, sqlitefile

    _convertible(file)
    if sqlitefile.is_plain(file):
        raise UserError(str(file), _("not encrypted"))
    try:
        cipher.convert(file, old=passphrase, new=None)
    except db.DatabaseError as err:
        raise UserError("", str(err)) from None
    forget_passphrase(file)
