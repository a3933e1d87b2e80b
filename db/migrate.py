"""Running the Alembic migrations shipped in `db/migrations/`, in code.

The scripts are found with `importlib.resources` (not next to `__file__`), so an
installed wheel and a frozen application (PyInstaller ships them as data files)
find them too; Alembic reads scripts from a folder, so a package that is not on
disk (a zip) is copied out to a private temporary folder first.

The caller opens the connection and the transaction; this module only tells
Alembic where the scripts are and which revision is the newest.

Alembic (with Mako) is imported only when a migration actually runs: opening a
database that is already current needs just the revision ids, read straight
from the shipped scripts (a test checks they agree with Alembic's own view).
This keeps about 0.2 s off every start of the application.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection



def _copy_out(tree: Traversable, to: Path) -> None:
    for item in tree.iterdir():
        if item.is_dir():
            (to / item.name).mkdir()
            _copy_out(item, to / item.name)
        elif item.name.endswith((".py", ".ini", ".mako")):
            (to / item.name).write_bytes(item.read_bytes())


def shipped() -> Path:
    """The folder of the shipped migration scripts, on disk."""
    root = resources.files("kinelink.db.migrations")
    if isinstance(root, Path):
        return root
    folder = Path(tempfile.mkdtemp(prefix="kinelink-migrations-"))  # 0700
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _copy_out(root, folder)
    return folder


MIGRATIONS = shipped()
_REVISION = re.compile(r'^revision(?:: str)? = "([^"]+)"', re.MULTILINE)
_DOWN = re.compile(r'^down_revision(?:: [^=]+)? = (?:"([^"]+)"|None)', re.MULTILINE)


def config(location: Path = MIGRATIONS) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(location).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    return cfg


def scripts(location: Path = MIGRATIONS) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config(location))


@cache
def _graph(location: Path) -> tuple[frozenset[str], tuple[str, ...]]:
    """(every revision, the heads) read from the scripts' `revision` and `down_revision` lines."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((location / "versions").glob("*.py")):
        text = script.read_text("utf-8")
        found = _REVISION.search(text)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(text)
        if down is not None and down.group(1):
            parents.add(down.group(1))
    return frozenset(revisions), tuple(sorted(revisions - parents))


def head(location: Path = MIGRATIONS) -> str:
    """The newest revision; there must be exactly one (a test checks)."""
    heads = _graph(location)[1]
    if len(heads) != 1:
        raise RuntimeError(f"the migrations in {location} have {len(heads)} heads: {', '.join(heads)}")
    return heads[0]


def known(location: Path = MIGRATIONS) -> set[str]:
    return set(_graph(location)[0])


def upgrade(connection: Connection, location: Path = MIGRATIONS) -> None:
    """Bring the database behind `connection` to the newest revision, inside the caller's transaction."""
    from alembic import command

    cfg = config(location)
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")
