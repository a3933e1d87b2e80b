"""What every page works on: the open database and the user's settings.

The main window owns one `Workspace` and swaps its database when the user
opens another file or restores a backup; pages always reach the database
through it, never keep their own reference. At start-up the window is shown
before the database is opened (and before SQLAlchemy is even imported), so a
workspace can exist for a moment without one (`is_open`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kinelink.desktop.settings import Settings, save_settings
from kinelink.desktop.usecases.targets import display_name, sqlite_file

if TYPE_CHECKING:
    from kinelink.db import Account, Database
    from kinelink.desktop.single_instance import Instance
    from kinelink.desktop.usecases.exams import Holder


class Workspace:
    def __init__(self, database: Database | None, target: str, settings: Settings,
                 settings_path: Path | None = None) -> None:
        self._database = database
        self.target = target  # the path or URL the database was (or is being) opened from
        self.settings = settings
        self.settings_path = settings_path  # None: the per-user settings file
        self.instance: Instance | None = None  # the claim on a SQLite file (desktop.single_instance)

    @property
    def database(self) -> Database:
        if self._database is None:
            raise RuntimeError(f"{self.target} is not open yet")
        return self._database

    @database.setter
    def database(self, database: Database) -> None:
        self._database = database

    @property
    def is_open(self) -> bool:
        return self._database is not None

    @property
    def account(self) -> Account | None:
        """Who logged in (None: not open yet, or a single-user file without accounts)."""
        return self._database.account if self._database is not None else None

    @property
    def read_only(self) -> bool:
        """Nothing may be changed: a read-only account, or a file another Kinelink holds."""
        return self._database is not None and self._database.read_only is not None

    @property
    def author(self) -> str:
        """Who is recorded as making each change: the logged-in account; without accounts (a
        single-user file) the clinician from the settings, else the system login name."""
        if self._database is not None and self._database.account is not None:
            return self._database.account.name
        if self.settings.clinician_name:
            return self.settings.clinician_name
        import getpass  # when a change is first recorded: it loads termios, which the first paint does without

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    def signer(self, clinician: str | None) -> str | None:
        """Who signs an exam whose header names `clinician`: the logged-in account; without accounts
        the exam's clinician (never the system login), None when no name is recorded."""
        if self._database is not None and self._database.account is not None:
            return self._database.account.name
        return (clinician or "").strip() or None

    @property
    def holder(self) -> str:
        """Whose editing leases and crash-recovery marks these are (the author)."""
        return self.author

    @property
    def machine(self) -> str:
        """This computer's name, which with the holder owns a crash-recovery mark."""
        return machine_name()

    @property
    def holding(self) -> Holder:
        from kinelink.desktop.usecases.exams import Holder

        return Holder(self.holder, self.machine)

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
        import socket  # 10 ms; not before the window is first painted

        return socket.gethostname() or "this computer"
    except OSError:
        return "this computer"
