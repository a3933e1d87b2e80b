"""What a database target names: a file path or a SQLAlchemy URL (`sqlite:///…`, `postgresql+psycopg://…`).

Free of the database layer: the window shows its title and the command line checks
its options before SQLAlchemy is loaded. Commands that only read (`export`, `backup`,
`check`) never create a database: a missing file is the user's input error.
"""

from __future__ import annotations

from pathlib import Path

from kinelink.desktop.errors import UserError
from kinelink.forms.i18n import _


def is_url(target: str) -> bool:
    """A SQLAlchemy URL (`postgresql+psycopg://…`, `sqlite:///…`) rather than a file path."""
    return "://" in target


def sqlite_file(target: str) -> Path | None:
    """The database file behind `target`, or None for a server database."""
    if not is_url(target):
        return Path(target)
    if target.startswith("sqlite:///") and len(target) > len("sqlite:///"):
        return Path(target.removeprefix("sqlite:///").split("?")[0])
    return None


def existing_file(target: str) -> Path:
    """The SQLite file `target` names, which must exist; else a `UserError` naming the target."""
    file = sqlite_file(target)
    if file is None:
        raise UserError(target, _("this command works on a SQLite database file"))
    if not file.exists():
        raise UserError(target, _("no such database file"))
    if file.is_dir():
        raise UserError(target, _("is a folder, not a database file"))
    return file


def display_name(target: str) -> str:
    """What the title bar shows: the file name, or the URL without its password."""
    file = sqlite_file(target)
    if file is not None:
        return file.name
    scheme, _, rest = target.partition("://")
    host = rest.rpartition("@")[2]
    return f"{scheme.split('+')[0]}://{host}"
