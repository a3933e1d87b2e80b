"""What every page works on: the open database and the user's settings.

The main window owns one `Workspace` and swaps its database when the user
opens another file or restores a backup; pages always reach the database
through it, never keep their own reference.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from pathlib import Path

from kinelink.db import Database
from kinelink.desktop.settings import Settings, save_settings


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


def display_name(target: str) -> str:
    """What the title bar shows: the file name, or the URL without its password."""
    file = sqlite_file(target)
    if file is not None:
        return file.name
    scheme, _, rest = target.partition("://")
    host = rest.rpartition("@")[2]
    return f"{scheme.split('+')[0]}://{host}"


@dataclass
class Workspace:
    database: Database
    target: str  # the path or URL the database was opened from
    settings: Settings
    settings_path: Path | None = None  # None: the per-user settings file

    @property
    def author(self) -> str:
        """Who is recorded as making each change: the logged-in account; without accounts (a
        single-user file) the clinician from the settings, else the system login name."""
        if self.database.account is not None:
            return self.database.account.name
        if self.settings.clinician_name:
            return self.settings.clinician_name
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    @property
    def holder(self) -> str:
        """Whose editing leases and crash-recovery marks these are (the author)."""
        return self.author

    @property
    def machine(self) -> str:
        """This computer's name, which with the holder owns a crash-recovery mark."""
        return machine_name()

    @property
    def name(self) -> str:
        return display_name(self.target)

    @property
    def file(self) -> Path | None:
        return sqlite_file(self.target)

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        save_settings(settings, self.settings_path)


def machine_name() -> str:
    try:
        return socket.gethostname() or "this computer"
    except OSError:
        return "this computer"
