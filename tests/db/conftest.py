"""Shared fixtures of the database tests. Every test that asks for `target`, `database` or `s`
runs twice: on a real SQLite file in tmp_path and on a database of its own on the PostgreSQL test
server (tests/postgres.py), connected as the application's role."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from kinelink import db
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from sqlalchemy.orm import Session

from tests import postgres

TODAY = dt.date(2025, 6, 1)  # "today" for made-up data, so every run makes the same records
AUTHOR = "A. Tester, PT"


@pytest.fixture
def target(backend: str, tmp_path: Path) -> Iterator[str]:
    """Where the test database lives: a file path, or a URL on the test server (application role)."""
    if backend == "sqlite":
        yield str(tmp_path / "kinelink.sqlite3")
        return
    yield postgres.with_database(postgres.server().app_url, postgres.server().emptied())


@pytest.fixture
def owner_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """An empty database as its owner sees it (who may run migrations)."""
    if backend == "sqlite":
        yield str(tmp_path / "kinelink.sqlite3")
        return
    server = postgres.server()
    name = server.fresh()
    yield postgres.with_database(server.owner_url, name)
    server.drop(name)


@pytest.fixture
def database(target: str) -> Iterator[db.Database]:
    database = db.open_database(target)
    yield database
    database.close()


@pytest.fixture
def owner_database(owner_target: str) -> Iterator[db.Database]:
    """The database as its owner opens it (on PostgreSQL: may UPDATE any row the triggers allow)."""
    database = db.open_database(owner_target)
    yield database
    database.close()


@pytest.fixture
def s(database: db.Database) -> Iterator[Session]:
    """One unit of work for the test body (committed at the end)."""
    with database.session() as session:
        yield session


def person(family: str = "Kowalska", given: str = "Anna", born: dt.date = dt.date(1980, 3, 4),
           sex: Sex = Sex.FEMALE, record: str | None = None) -> Patient:
    return Patient(family, given, born, sex, record)


sqlite_only = pytest.mark.sqlite_only  # about SQLite files: no PostgreSQL variant
