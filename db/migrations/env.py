"""Alembic environment: runs the migrations in `versions/` against `db.schema`.

Kinelink runs it in code (`db.migrate.upgrade`), handing over an open
connection in `config.attributes["connection"]` inside a transaction it owns.
Developers can also use the `alembic` command with `alembic.ini` here, e.g.
`alembic -c db/migrations/alembic.ini -x url=sqlite:///dev.sqlite3 revision --autogenerate -m "..."`.
"""

from __future__ import annotations

from alembic import context
from kinelink.db.schema import Base
from sqlalchemy import Connection, create_engine

config = context.config
target_metadata = Base.metadata


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them (batch mode)
        compare_type=True,
        **kwargs,  # type: ignore[arg-type]
    )


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url", "sqlite:///kinelink-dev.sqlite3"
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
    else:
        with create_engine(_url()).connect() as connection:
            _run(connection)
