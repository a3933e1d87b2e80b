"""The Alembic migrations: one head, upgrade from empty, models equal to migrations, backups and
restore around an upgrade of an existing file."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from kinelink import db
from kinelink.db import migrate, repository
from kinelink.db.schema import Base
from sqlalchemy import Boolean, CheckConstraint, inspect

from tests.db.conftest import AUTHOR, person, sqlite_only


def test_there_is_exactly_one_head() -> None:
    assert len(migrate.scripts().get_heads()) == 1
    assert migrate.head() in migrate.known()


def test_every_revision_file_is_a_valid_module_name() -> None:
    # mypy and setuptools see versions/ as a package: names must not start with a digit
    for path in (migrate.MIGRATIONS / "versions").glob("*.py"):
        assert path.stem.isidentifier(), path.name


def test_upgrade_from_empty_creates_the_whole_schema(database: db.Database) -> None:
    with database.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        assert MigrationContext.configure(conn).get_current_revision() == migrate.head()
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


def test_models_match_migrations(database: db.Database) -> None:
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def _normal(sql: str) -> str:
    return re.sub(r"\s+", " ", str(sql)).strip().strip("()").strip()


def test_check_constraints_match_migrations(database: db.Database) -> None:
    """Autogenerate does not compare CHECK constraints; compare them here, name and text."""
    with database.engine.connect() as conn:
        insp = inspect(conn)
        for table in Base.metadata.sorted_tables:
            stored = {c["name"]: _normal(c["sqltext"]) for c in insp.get_check_constraints(table.name)}
            native = {  # a database with real booleans needs no CHECK for them
                f"ck_{table.name}_{c.type.name}" for c in table.columns if isinstance(c.type, Boolean)
            } if conn.dialect.supports_native_boolean else set()
            declared = {
                c.name: _normal(str(c.sqltext.compile(
                    dialect=conn.dialect, compile_kwargs={"literal_binds": True, "include_table": False})))
                for c in table.constraints
                if isinstance(c, CheckConstraint) and c.name not in native
            }
            if conn.dialect.name == "postgresql":  # it rewrites the text (casts, parentheses): names only
                assert set(stored) == set(declared), table.name
            else:
                assert stored == declared, table.name


def test_downgrade_to_nothing_and_back(owner_target: str) -> None:
    database = db.open_database(owner_target)  # the owner runs migrations, not the application's role
    with database.engine.begin() as conn:
        cfg = migrate.config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        command.upgrade(cfg, "head")
    with database.session() as s:
        assert repository.count_patients(s) == 0
    database.close()


# --- upgrading an existing file ----------------------------------------------------------------

NEXT = '''"""Test revision."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.add_column(sa.Column("nickname", sa.Text(), nullable=True))
    op.execute("UPDATE patients SET family_name = 'CHANGED'")
    {fail}


def downgrade() -> None:
    pass
'''


def _migrations_with_next(tmp_path: Path, *, fail: bool) -> Path:
    location = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, location, ignore=shutil.ignore_patterns("__pycache__"))
    body = NEXT.format(head=migrate.head(), fail='raise RuntimeError("boom")' if fail else "")
    (location / "versions" / "v9001_test.py").write_text(body)
    return location


def _dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id, family_name, given_name FROM patients ORDER BY id").fetchall()


def _old_database(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.sqlite3"
    with db.open_database(path) as database, database.session() as s:
        for i in range(3):
            repository.create_patient(s, person(given=f"Anna {i}"), author=AUTHOR)
    return path


@sqlite_only
def test_an_upgrade_is_preceded_by_a_private_backup(tmp_path: Path) -> None:
    path = _old_database(tmp_path)
    before = _dump(path)
    with db.open_database(path, migrations=_migrations_with_next(tmp_path, fail=False)):
        pass
    backups = list(tmp_path.glob("clinic.before-schema-9001-*.sqlite3"))
    assert len(backups) == 1
    assert backups[0].stat().st_mode & 0o777 == 0o600
    assert _dump(backups[0]) == before  # the copy holds the data as they were
    assert {row[1] for row in _dump(path)} == {"CHANGED"}  # and the upgrade ran


@sqlite_only
def test_a_failed_upgrade_restores_the_file_and_says_so(tmp_path: Path) -> None:
    path = _old_database(tmp_path)
    before = _dump(path)
    with pytest.raises(db.DatabaseError, match=r"upgrading .* failed .*boom.* restored from the copy") as err:
        db.open_database(path, migrations=_migrations_with_next(tmp_path, fail=True))
    assert "before-schema-9001" in str(err.value)
    assert _dump(path) == before
    with db.open_database(path) as database, database.session() as s:  # still usable at the old schema
        assert repository.count_patients(s) == 3
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrate.head()
        assert "nickname" not in {r[1] for r in conn.execute("PRAGMA table_info(patients)")}


@sqlite_only
def test_opening_a_current_database_takes_no_backup(tmp_path: Path) -> None:
    path = _old_database(tmp_path)
    with db.open_database(path):
        pass
    assert sorted(p.name for p in tmp_path.iterdir() if "before-schema" in p.name) == []


def test_revision_ids_read_without_alembic_agree_with_alembic() -> None:
    script_dir = migrate.scripts()
    assert [migrate.head()] == list(script_dir.get_heads())
    assert migrate.known() == {s.revision for s in script_dir.walk_revisions()}
