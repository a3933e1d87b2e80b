"""Where Kinelink keeps its files: the database, the settings, the backups.

Every folder is created readable by the user only (0700): a clinic's records
must not be readable by other accounts on a shared computer.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

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


# The user's folders as platformdirs 4 names them. On Linux and macOS the two read before the first paint
# (settings, database) are computed here: importing platformdirs costs the window's start-up 7 ms. The
# XDG variable counts when it is an absolute path (the XDG spec ignores relative ones); `~` needs an
# absolute HOME. Anything else (Windows, Android, an odd HOME) asks platformdirs itself.
_LINUX_HOMES = {"data": ("XDG_DATA_HOME", "~/.local/share"), "config": ("XDG_CONFIG_HOME", "~/.config")}
_MACOS_HOME = "~/Library/Application Support"  # both data and config


def _user_dir(kind: str) -> Path:
    """platformdirs' `user_{kind}_dir("kinelink")`, for kind "data" or "config"."""
    variable, default = _LINUX_HOMES[kind]
    unix = sys.platform == "linux" and "ANDROID_DATA" not in os.environ
    if (unix or sys.platform == "darwin") and os.path.isabs(os.environ.get("HOME", "")):
        xdg = os.environ.get(variable, "")
        if os.path.isabs(xdg):
            return Path(os.path.join(xdg, APP))
        return Path(os.path.join(os.path.expanduser(default if unix else _MACOS_HOME), APP))
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP))


def data_dir() -> Path:
    return _user_dir("data")


def default_database() -> Path:
    return data_dir() / DATABASE_NAME


def demo_database() -> Path:
    return data_dir() / DEMO_DATABASE_NAME


def default_backup_folder() -> Path:
    return data_dir() / "backups"


def settings_file() -> Path:
    return _user_dir("config") / SETTINGS_NAME


def documents_dir() -> Path:
    import platformdirs  # asked when a file dialog opens

    return Path(platformdirs.user_documents_dir())


def _sha256(data: bytes) -> Any:
    """SHA-256 from CPython's own module where there is one: `hashlib` first loads OpenSSL's libcrypto
    (3 ms of the window's start-up, which takes the lock before its first paint). Same digest."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]  # CPython 3.11
    except ImportError:  # 3.12 renamed it: hashlib there
        from hashlib import sha256  # type: ignore[assignment,no-redef,unused-ignore]
    return sha256(data)


def instance_key(file: Path) -> str:
    """The name of the lock and local socket of the window that has `file` open (`single_instance`)."""
    digest = _sha256(str(file.expanduser().absolute()).encode("utf-8")).hexdigest()[:20]
    return f"kinelink-{digest}"


def _user_name() -> str:
    """`getpass.getuser()` as it reads it (the login variables, else the account database): `getpass` loads
    `termios` for its password prompt, a shared library the window's start-up need not open before its first paint."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if name := os.environ.get(variable):
            return name
    if os.name == "posix":
        import pwd  # built into the interpreter

        return pwd.getpwuid(os.getuid()).pw_name
    import getpass

    return getpass.getuser()


def instance_lock(file: Path) -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(runtime) / f"kinelink-{_user_name()}"
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
