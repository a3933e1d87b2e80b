"""Reaching a database server: the connection password comes from the operating system's keyring
(the `keyring` package) or from the person at the keyboard, never from a file Kinelink writes and
never from the command line. libpq's own PGPASSWORD and ~/.pgpass keep working as usual.

TLS is the URL's business, as psycopg reads it: `?sslmode=verify-full&sslrootcert=/path/ca.pem`.
Qt-free: the command line and the window share it.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kinelink.forms.i18n import _
from sqlalchemy import make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError

SERVICE = "kinelink"


def server_url(target: str) -> URL | None:
    """The parsed URL when `target` names a database server (not a SQLite file), else None."""
    if "://" not in target:
        return None
    try:
        url = make_url(target)
    except ArgumentError:
        return None
    return None if url.get_backend_name() == "sqlite" else url


def keyring_key(url: URL) -> str:
    """Whose password on which server: `user@host:port/database`."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def stored_password(url: URL) -> str | None:
    """The password kept in the OS keyring for this server and user, if a keyring is there."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, keyring_key(url))
        except KeyringError:
            return None
    except ImportError:
        return None


def remember_password(url: URL, password: str) -> str | None:
    """Keep the password in the OS keyring; None when kept, else why not (no keyring on this system)."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return _("the keyring package is not installed ({command})").format(command="pip install 'kinelink[postgres]'")
    try:
        keyring.set_password(SERVICE, keyring_key(url), password)
    except KeyringError as err:
        return _("no keyring on this system ({error})").format(error=err)
    return None


def libpq_has_password() -> bool:
    """PGPASSWORD or a ~/.pgpass file: libpq finds the password by itself."""
    return bool(os.environ.get("PGPASSWORD")) or os.path.exists(
        os.environ.get("PGPASSFILE") or os.path.expanduser("~/.pgpass")
    )


def with_password(target: str, ask: Callable[[URL], str | None]) -> str:
    """`target` ready to open: for a server without a password in it, the keyring's, else (when
    libpq has none either) what `ask` returns. A SQLite path comes back unchanged."""
    url = server_url(target)
    if url is None or url.password is not None or url.username is None:
        return target
    password = stored_password(url)
    if password is None and not libpq_has_password():
        password = ask(url)
    if password is None:
        return target
    return url.set(password=password).render_as_string(hide_password=False)


def shown(target: str) -> str:
    """The target without any password, for messages."""
    url = server_url(target)
    return url.render_as_string(hide_password=True) if url is not None else target
