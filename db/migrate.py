"""Running the Alembic migrations shipped in `db/migrations/`, in code.

The caller opens the connection and the transaction; this module only tells
Alembic where the scripts are and which revision is the newest.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

MIGRATIONS = Path(__file__).with_name("migrations")


def config(location: Path = MIGRATIONS) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(location).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    return cfg


def scripts(location: Path = MIGRATIONS) -> ScriptDirectory:
    return ScriptDirectory.from_config(config(location))


def head(location: Path = MIGRATIONS) -> str:
    """The newest revision; there must be exactly one (a test checks)."""
    heads = scripts(location).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"the migrations in {location} have {len(heads)} heads: {', '.join(heads)}")
    return heads[0]


def known(location: Path = MIGRATIONS) -> set[str]:
    return {s.revision for s in scripts(location).walk_revisions()}


def upgrade(connection: Connection, location: Path = MIGRATIONS) -> None:
    """Bring the database behind `connection` to the newest revision, inside the caller's transaction."""
    cfg = config(location)
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")
