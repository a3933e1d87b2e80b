"""The server password and the keyring, with the real `keyring` package and the real PostgreSQL test
server: the password typed at login is kept in the keyring when asked to and found there on the next
start (nothing asked); without a keyring it is asked at every login and the clinician is told it was
not kept. In both cases no file Kinelink writes (settings, logs, data) ever holds it.

The keyring backend here is a class of the tests that keeps passwords in memory, registered with
`keyring.set_keyring`: it tests Kinelink's use of the keyring API (service, key, get and set), not
an operating system's keyring (GNOME Keyring, KWallet, Keychain), which a test machine has none of."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from argon2 import PasswordHasher
from kinelink import db
from kinelink.db import accounts
from kinelink.db.records import Role
from kinelink.desktop import app, dialogs, server_login
from kinelink.desktop.login_dialog import ServerPasswordDialog
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.settings import Settings, save_settings
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import make_url

from tests import postgres

pytestmark = pytest.mark.postgresql_only
PASSWORD = "correct horse battery"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring of this test process only: (service, key) -> password, in memory."""

    priority = 1  # type: ignore[assignment]  # keyring declares it a class property

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", None)


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


@pytest.fixture
def server(backend: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[str, str]:
    """(the address as typed in Settings: no password, the server password). libpq finds no password
    of its own (no PGPASSWORD, no ~/.pgpass): only the keyring or the person at the keyboard has it."""
    server = postgres.server()
    url = postgres.with_database(server.app_url, server.emptied())
    with db.open_database(url) as database, database.session() as s:
        accounts.add_account(s, "anowak", PASSWORD, Role.CLINICIAN, author="setup")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    parsed = make_url(url)
    assert parsed.password
    return parsed._replace(password=None).render_as_string(hide_password=False), parsed.password


def _typed_server_password(qtbot: QtBot, typed: str, remember: bool, asked: list[str]) -> Callable[..., object]:
    """Drive the real server password dialog as a person would: type, tick "Remember", press OK."""

    def ask(parent: object, user: str, where: str) -> tuple[str, bool]:
        dialog = ServerPasswordDialog(None, user, where)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.keyClicks(dialog.password, typed)
        if remember:
            qtbot.mouseClick(dialog.remember, Qt.MouseButton.LeftButton)
        asked.append(f"{user} on {where}")
        assert dialog.remember.isChecked() is remember
        dialog.close()
        return dialog.password.text(), dialog.remember.isChecked()

    return ask


def _start(qtbot: QtBot, tmp_path: Path, address: str) -> MainWindow:
    settings = tmp_path / "home" / "config" / "kinelink-settings.json"
    if not settings.exists():
        save_settings(Settings(clinician_name="Anna Nowak, PT", database_path=address, auto_backup=False), settings)
    window = app.start(None, False, settings_path=settings)
    assert window is not None
    qtbot.addWidget(window)
    assert window.ws.database.is_server and window.ws.author == "anowak"
    return window


def _stop(window: MainWindow) -> None:
    window.close()
    window.ws.database.close()


def _files_holding(folder: Path, secret: str) -> list[Path]:
    """Every file under `folder` whose bytes hold `secret` (UTF-8), as grep -r would find them."""
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_the_password_typed_once_is_kept_in_the_keyring_and_never_in_a_file(
    qtbot: QtBot, server: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_keyring: None,
) -> None:
    address, password = server
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_server_password", _typed_server_password(qtbot, password, True, asked))
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: check("anowak", PASSWORD))
    _stop(_start(qtbot, tmp_path, address))
    url = make_url(address)
    assert asked == [f"kinelink_app on 127.0.0.1/{url.database}"]
    key = f"kinelink_app@127.0.0.1:{url.port}/{url.database}"
    assert ring.kept == {(server_login.SERVICE, key): password}  # through keyring's own API
    assert keyring.get_password("kinelink", key) == password
    _stop(_start(qtbot, tmp_path, address))  # the next start finds it there: nothing asked
    assert len(asked) == 1
    settings_files = list((tmp_path / "home").rglob("*.json"))
    assert settings_files and all(password not in p.read_text(encoding="utf-8") for p in settings_files)
    assert _files_holding(tmp_path, password) == []  # settings, logs, data, state: none holds it


def test_without_a_keyring_the_password_is_asked_at_every_login_and_never_kept(
    qtbot: QtBot, server: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_keyring: None,
) -> None:
    address, password = server
    keyring.set_keyring(keyring.backends.fail.Keyring())  # what keyring finds on a system without one
    asked: list[str] = []
    told: list[tuple[str, str, str]] = []
    monkeypatch.setattr(dialogs, "ask_server_password", _typed_server_password(qtbot, password, True, asked))
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: check("anowak", PASSWORD))
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, details="": told.append((title, text, details)))
    _stop(_start(qtbot, tmp_path, address))
    _stop(_start(qtbot, tmp_path, address))
    assert len(asked) == 2  # asked at each login
    assert [t[0] for t in told] == ["Password not remembered"] * 2
    assert "was not kept in the keyring" in told[0][1] and told[0][2].startswith("no keyring on this system")
    assert _files_holding(tmp_path, password) == []


def test_a_cancelled_password_opens_nothing(
    qtbot: QtBot, server: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_keyring: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    address, _password = server
    keyring.set_keyring(MemoryKeyring())
    monkeypatch.setattr(dialogs, "ask_server_password", lambda parent, user, where: None)
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: pytest.fail("logged in"))
    reasons: list[str] = []

    def database_error(parent: object, target: str, message: str) -> dialogs.DatabaseChoice:
        reasons.append(message)
        return dialogs.DatabaseChoice.QUIT

    monkeypatch.setattr(dialogs, "database_error", database_error)
    settings = tmp_path / "settings.json"
    save_settings(Settings(database_path=address, auto_backup=False), settings)
    assert app.start(None, False, settings_path=settings) is None
    assert len(reasons) == 1 and "password" in reasons[0].lower(), reasons
    assert "Traceback" not in capsys.readouterr().err
