from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import postgres

# Tests never need a screen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The support log (desktop/logs.py) of every test, in process or in a subprocess, goes to a throw-away
# folder, never the user's own log folder; desktop tests point it at their own tmp_path. One folder per
# test run: subprocesses that import this module inherit it, and the run that made it removes it.
_STATE = "KINELINK_TESTS_STATE_HOME"
if not os.environ.get(_STATE):
    os.environ[_STATE] = tempfile.mkdtemp(prefix="kinelink-test-state-")
    atexit.register(shutil.rmtree, os.environ[_STATE], ignore_errors=True)
os.environ["XDG_STATE_HOME"] = os.environ[_STATE]
# The history key and anchors (db/history.py) likewise: never the user's own configuration folder.
_HISTORY = "KINELINK_HISTORY_DIR"
if not os.environ.get(_HISTORY):
    os.environ[_HISTORY] = tempfile.mkdtemp(prefix="kinelink-test-history-")
    atexit.register(shutil.rmtree, os.environ[_HISTORY], ignore_errors=True)

# Tests speak English unless a test chooses otherwise (forms/i18n.py reads KINELINK_LANGUAGE first), in
# this process and in the `kinelink` subprocesses that inherit the environment.
os.environ["KINELINK_LANGUAGE"] = "en"

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Every test starts in English and leaves the language as it found it."""
    from kinelink.forms import i18n

    i18n.set_language(i18n.Language())
    yield
    i18n.set_language(i18n.Language())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that reaches a database through the `backend` argument runs on SQLite and on
    PostgreSQL, unless it is marked `sqlite_only` or `postgresql_only`."""
    if "backend" in metafunc.fixturenames:
        marked = {m.name for m in metafunc.definition.iter_markers()}
        backends = [b for b in postgres.BACKENDS if f"{b}_only" in marked] or list(postgres.BACKENDS)
        metafunc.parametrize("backend", backends)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    postgres.close_server()
