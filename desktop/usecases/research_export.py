"""The research table of a database: `DIR/exams.csv`, one row per exam (forms/research_csv.py).

The pseudonym salt is the user's to keep: the same salt gives the same pseudonyms in every
export, so rows of one patient can be joined across exports without naming them. It is taken
from `KINELINK_PSEUDONYM_SALT` when set (a shared salt for a study), otherwise from the file
`pseudonym-salt` in the per-user data folder, created once (0600, 32 random bytes as hex).
It is never written next to the export: whoever gets the table must not get the key with it.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from kinelink import db
from kinelink.desktop import paths
from kinelink.desktop.errors import UserError
from kinelink.forms import research_csv
from kinelink.forms.i18n import _
from kinelink.forms.model import PatientId

SALT_ENV = "KINELINK_PSEUDONYM_SALT"
SALT_FILE = "pseudonym-salt"
FILE_NAME = "exams.csv"


def salt_file() -> Path:
    return paths.data_dir() / SALT_FILE


def pseudonym_salt() -> bytes:
    """The user's salt: the environment's, or the salt file's (made on first use)."""
    given = os.environ.get(SALT_ENV)
    if given is not None:
        if len(given) < 16:
            raise UserError(SALT_ENV, _("the salt must be at least 16 characters long"))
        return given.encode("utf-8")
    path = salt_file()
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        paths.private_dir(path.parent)
        text = secrets.token_hex(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never replaces a salt already kept
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(text + "\n")
    if len(text) < 16:
        raise UserError(str(path), _("the pseudonym salt is shorter than 16 characters"))
    return text.encode("ascii")


def export_csv(database: db.Database, folder: Path, *, patient_id: PatientId | None = None,
               pseudonymise: bool = False) -> tuple[Path, int]:
    """Write `folder/exams.csv` (user-only, moved into place whole); the file and its row count.

    Raises `db.NotFound` for an unknown patient and `OSError` when the file cannot be written.
    """
    salt = pseudonym_salt() if pseudonymise else None
    paths.private_dir(folder)
    target = folder / FILE_NAME
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".kinelink-", suffix=".partial")  # mkstemp: 0600
    try:
        with os.fdopen(fd, "w", encoding=research_csv.ENCODING, newline="") as f, database.read() as s:
            count = research_csv.write(db.repository.export_records(s, patient_id=patient_id), f, salt=salt)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target, count
