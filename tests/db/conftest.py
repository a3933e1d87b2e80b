"""Shared fixtures of the database tests: a real SQLite file in tmp_path, or the server in
KINELINK_TEST_DATABASE_URL when that is set (emptied first)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from kinelink import db
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from sqlalchemy import MetaData, create_engine
from sqlalchemy.orm import Session

TODAY = dt.date(2025, 6, 1)  # "today" for made-up data, so every run makes the same records
AUTHOR = "A. Tester, PT"
SERVER_URL = os.environ.get("KINELINK_TEST_DATABASE_URL")


def _empty_server(url: str) -> None:
    engine = create_engine(url)
    try:
        meta = MetaData()
        meta.reflect(engine)
        meta.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture
def target(tmp_path: Path) -> str:
    """Where the test database lives: a file path, or the test server's URL."""
    if SERVER_URL:
        _empty_server(SERVER_URL)
        return SERVER_URL
    return str(tmp_path / "kinelink.sqlite3")


@pytest.fixture
def database(target: str) -> Iterator[db.Database]:
    database = db.open_database(target)
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


sqlite_only = pytest.mark.skipif(SERVER_URL is not None, reason="about SQLite files")
