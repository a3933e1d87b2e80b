"""The window reaches the clinic's server over TLS with the address typed in Settings
(`sslmode=verify-full&sslrootcert=CA`), against the real PostgreSQL test server (`.ci/postgres.sh`
starts it with ssl=on and a certificate of its own throw-away CA), and refuses a server whose
certificate the given CA did not sign: a clear message, no traceback, no window."""

from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher
from kinelink import db
from kinelink.db import accounts
from kinelink.db.records import Role
from kinelink.desktop import app, dialogs
from kinelink.desktop.settings import Settings, save_settings
from pytestqt.qtbot import QtBot
from sqlalchemy import make_url, text

from tests import postgres

pytestmark = pytest.mark.postgresql_only
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", None)


@pytest.fixture
def app_url(backend: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database on the server with one clinician; libpq takes the server password from PGPASSWORD
    (the address in Settings never holds it)."""
    server = postgres.server()
    url = postgres.with_database(server.app_url, server.emptied())
    with db.open_database(url) as database, database.session() as s:
        accounts.add_account(s, "anowak", PASSWORD, Role.CLINICIAN, author="setup")
    monkeypatch.setenv("PGPASSWORD", make_url(url).password or "")
    return url


def _start_from_settings(tmp_path: Path, address: str) -> app.MainWindow | None:
    settings = tmp_path / "settings.json"
    save_settings(Settings(clinician_name="Anna Nowak, PT", database_path=address, auto_backup=False), settings)
    return app.start(None, False, settings_path=settings)


def test_the_window_connects_with_verify_full_and_the_clinics_ca(
    qtbot: QtBot, app_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    address = postgres.verified(app_url, postgres.require_ca(), password=False)
    assert "sslmode=verify-full" in address and ":" + (make_url(app_url).password or "") + "@" not in address
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: check("anowak", PASSWORD))
    window = _start_from_settings(tmp_path, address)
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.ws.database.is_server and window.ws.author == "anowak"
        with window.ws.database.session() as s:
            assert s.execute(text("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).scalar() is True
    finally:
        window.close()
        window.ws.database.close()


def test_the_window_refuses_a_server_the_ca_file_does_not_vouch_for(
    app_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    postgres.require_ca()
    other = postgres.make_other_ca(tmp_path)
    told: list[tuple[str, str]] = []

    def database_error(parent: object, target: str, message: str) -> dialogs.DatabaseChoice:
        told.append((target, message))
        return dialogs.DatabaseChoice.QUIT

    monkeypatch.setattr(dialogs, "database_error", database_error)
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: pytest.fail("logged in"))
    assert _start_from_settings(tmp_path, postgres.verified(app_url, other, password=False)) is None
    assert len(told) == 1
    target, message = told[0]
    assert target.startswith("postgresql+psycopg://kinelink_app@127.0.0.1:")
    assert message.startswith(f"the server's certificate is not signed by the CA file {other}: "
                              "this may not be your clinic's server")
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"not signed by the CA file {other}" in err
    assert (make_url(app_url).password or "?") not in err + message
