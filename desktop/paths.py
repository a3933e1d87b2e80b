"""Where Kinelink keeps its files: the database, the settings, the backups.

Every folder is created readable by the user only (0700): a clinic's records
must not be readable by other accounts on a shared computer.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import tempfile
from pathlib import Path

import platformdirs

APP = "kinelink"
DATABASE_NAME = "kinelink.sqlite3"
DEMO_DATABASE_NAME = "kinelink-demo.sqlite3"
SETTINGS_NAME = "settings.json"


def private_dir(path: Path) -> Path:
    """Create `path` and any missing parents; every folder created here is mode 0700, whatever
    the umask (`mkdir(parents=True)` would make the parents 0777 under umask 000)."""
    missing: list[Path] = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:  # made meanwhile by someone else: theirs, left as it is
            continue
        os.chmod(folder, 0o700)  # mkdir's mode is filtered by the umask
    return path


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP))


def default_database() -> Path:
    return data_dir() / DATABASE_NAME


def demo_database() -> Path:
    return data_dir() / DEMO_DATABASE_NAME


def default_backup_folder() -> Path:
    return data_dir() / "backups"


def settings_file() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / SETTINGS_NAME


def documents_dir() -> Path:
    return Path(platformdirs.user_documents_dir())


def instance_key(file: Path) -> str:
    """The name of the lock and local socket of the window that has `file` open (`single_instance`)."""
    digest = hashlib.sha256(str(file.expanduser().absolute()).encode("utf-8")).hexdigest()[:20]
    return f"kinelink-{digest}"


def instance_lock(file: Path) -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(runtime) / f"kinelink-{getpass.getuser()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / f"{instance_key(file)}.lock"


def open_in_a_window(file: Path) -> bool:
    """A running Kinelink window holds `file` (its lock names a live process): the file must not be
    replaced under it. Qt's QLockFile writes the holder's process id on the lock's first line."""
    try:
        pid = int(instance_lock(file).read_text(encoding="utf-8", errors="replace").split("\n", 1)[0])
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, someone else's
    return True
