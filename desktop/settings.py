"""The user's settings: clinic, clinician, database location, backups.

Stored as a small JSON file in the per-user configuration folder, written
atomically and readable by the user only (0600). Unknown keys are ignored and
bad values fall back to their defaults, so an old or hand-edited file never
stops the program from starting.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from kinelink.desktop import paths
from kinelink.forms import i18n
from kinelink.forms.i18n import N_, _


@dataclass(frozen=True, slots=True)
class Settings:
    clinic_name: str = ""
    clinic_address: str = ""  # several lines
    clinic_phone: str = ""  # the letterhead's contact details
    clinic_email: str = ""
    clinician_name: str = ""  # the author of every change and the signature on documents
    database_path: str = ""  # empty: the default file in the per-user data folder
    backup_folder: str = ""  # empty: "backups" beside the default database
    auto_backup: bool = True  # back up when the window closes
    keep_backups: int = 10  # automatic backups kept; older ones are deleted
    last_folder: str = ""  # where the last document or exam file was saved
    # the window as the clinician left it: size and place (Qt's saved geometry, base64), the width
    # of the patient list, and the width of the exam's analysis panel (0: not chosen)
    window_geometry: str = ""
    patient_list_width: int = 0
    analysis_width: int = 0
    idle_lock_minutes: int = 10  # lock the window after this long without input (with accounts); 0: never
    language: str = "system"  # "system" (the computer's locale), "en" or "de"; applies when Kinelink starts
    exam_protocol: str = ""  # the exam protocol last picked (forms.protocols id); "": every field shown

    def missing_clinic_details(self) -> list[str]:
        """What the letterhead lacks for a recipient to reply (marked for translation; shown with
        `letterhead_warning`): the clinic name, address and a telephone or email."""
        missing = [what for what, value in ((N_("clinic name"), self.clinic_name), (N_("address"), self.clinic_address))
                   if not value.strip()]
        if not (self.clinic_phone.strip() or self.clinic_email.strip()):
            missing.append(N_("telephone or email"))
        return missing

    def letterhead_warning(self) -> str:
        """The letter dialog's warning about `missing_clinic_details`, "" when nothing is missing."""
        return letterhead_warning(self.missing_clinic_details())

    def backup_dir(self) -> Path:
        return Path(self.backup_folder).expanduser() if self.backup_folder else paths.default_backup_folder()

    def database_file(self) -> Path:
        return Path(self.database_path).expanduser() if self.database_path else paths.default_database()

    def database_target(self) -> str:
        """The database file, or the server URL typed in Settings (`postgresql+psycopg://…`)."""
        if "://" in self.database_path:
            return self.database_path.strip()
        return str(self.database_file())

    def with_(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def load_settings(path: Path | None = None) -> Settings:
    path = path or paths.settings_file()
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(doc, dict):
        return Settings()
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        value = doc.get(f.name)
        default = getattr(defaults, f.name)
        # bool is an int in Python: compare exact types so `true` never becomes keep_backups = 1
        if value is not None and type(value) is type(default):
            values[f.name] = value
    if values.get("keep_backups", 1) < 1:
        values.pop("keep_backups")
    if values.get("idle_lock_minutes", 0) < 0:
        values.pop("idle_lock_minutes")
    if values.get("language", i18n.SYSTEM) not in (i18n.SYSTEM, *i18n.LANGUAGES):
        values.pop("language")
    return Settings(**values)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or paths.settings_file()
    paths.private_dir(path.parent)
    text = json.dumps(dataclasses.asdict(settings), indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:  # mkstemp creates it 0600
            out.write(text + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def letterhead_warning(missing: list[str] | tuple[str, ...]) -> str:
    """"The letterhead lacks the clinic name, address and telephone or email: …" ("" if nothing is
    missing). Not "the clinic's clinic name": the details name themselves."""
    if not missing:
        return ""
    parts = [_(m) for m in missing]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " " + _("and") + " " + parts[-1]
    return _("The letterhead lacks the {missing}: the recipient could not reply. Add them in Settings.").format(
        missing=listed)
