"""The login window of a database with accounts (a clinic server) in German (issue 16): its title, its
heading and its buttons were English defaults; a refused password says so in German."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from kinelink.db import Account
from kinelink.db.accounts import LoginFailed
from kinelink.desktop import app, dialogs, language
from kinelink.desktop.chart import ProgressChart
from kinelink.desktop.login_dialog import LoginDialog
from kinelink.desktop.settings import Settings, save_settings
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import make_url

from tests import postgres
from tests.giveaways import english_words


@pytest.fixture(autouse=True)
def german() -> Iterator[None]:
    language.apply("de")
    yield
    language.apply("en")


def _refuse(name: str, password: str) -> Account:
    raise LoginFailed()


def test_the_login_window_speaks_german(qtbot: QtBot) -> None:
    where = "postgresql+psycopg://anowak@praxis-łódź/kinelink <&>"
    dialog = LoginDialog(None, where, _refuse)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Bei Kinelink anmelden"
    heading = dialog.findChildren(QLabel)[0]
    assert heading.text() == ("Diese Datenbank hat Benutzerkonten. Melden Sie sich an, um mit "
                              "<b>postgresql+psycopg://anowak@praxis-łódź/kinelink &lt;&amp;&gt;</b> zu arbeiten.")
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    assert sorted(b.text() for b in buttons.buttons()) == ["Anmelden", "Beenden"]
    dialog.name.setText("anowak")
    dialog.password.setText("falsch")
    dialog.try_login()
    assert dialog.error.text() == "Falscher Name oder falsches Passwort" and dialog.password.text() == ""
    shown = [dialog.windowTitle(), heading.text().split("<b>")[0], dialog.error.text()]
    assert english_words(" ".join(shown)) == [], shown


def test_an_empty_chart_says_so_in_german(qtbot: QtBot) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    assert chart._empty_text == "Noch keine Messwerte vorhanden."


@pytest.mark.postgresql_only
def test_the_window_names_an_untrusted_server_in_german(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot,
) -> None:
    """Settings say German and name the clinic server with a CA file that did not sign its certificate
    (the real PostgreSQL+TLS test server): the window's message is German, libpq's words in brackets."""
    server = postgres.server()
    url = postgres.with_database(server.app_url, server.emptied())
    postgres.require_ca()
    other = postgres.make_other_ca(tmp_path)
    monkeypatch.setenv("PGPASSWORD", make_url(url).password or "")
    told: list[str] = []

    def database_error(parent: object, target: str, message: str) -> dialogs.DatabaseChoice:
        told.append(message)
        return dialogs.DatabaseChoice.QUIT

    monkeypatch.setattr(dialogs, "database_error", database_error)
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: pytest.fail("logged in"))
    settings = tmp_path / "settings.json"
    save_settings(Settings(clinician_name="Anna Nowak, PT", database_path=postgres.verified(url, other, password=False),
                           auto_backup=False, language="de"), settings)
    assert app.start(None, False, settings_path=settings) is None
    assert len(told) == 1
    sentence, _sep, libpq = told[0].rpartition(" (")
    assert sentence == (f"das Zertifikat des Servers ist nicht von der CA-Datei {other} signiert: Möglicherweise "
                        "ist das nicht der Server Ihrer Praxis, oder die Datei ist nicht die CA-Datei Ihrer Praxis. "
                        "Es wurde nichts an ihn gesendet")
    assert "certificate verify failed" in libpq
