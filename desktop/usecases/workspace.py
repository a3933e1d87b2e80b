"""What every page works on: the open database and the user's settings.

The main window owns one `Workspace` and swaps its database when the user
opens another file or restores a backup; pages always reach the database
through it, never keep their own reference.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from kinelink.db import Database
from kinelink.desktop.settings import Settings, save_settings
from kinelink.desktop.usecases.targets import display_name, sqlite_file


@dataclass
class Workspace:
    database: Database
    target: str  # the path or URL the database was opened from
    settings: Settings
    settings_path: Path | None = None  # None: the per-user settings file

    @property
    def author(self) -> str:
        """Who is recorded as making each change: the clinician from the settings, else the login name."""
        if self.settings.clinician_name:
            return self.settings.clinician_name
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"

    @property
    def name(self) -> str:
        return display_name(self.target)

    @property
    def file(self) -> Path | None:
        return sqlite_file(self.target)

    def update_settings(self, settings: Settings) -> None:
        self.settings = settings
        save_settings(settings, self.settings_path)
