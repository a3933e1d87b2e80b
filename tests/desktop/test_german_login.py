"""The login window of a database with accounts (a clinic server) in German (issue 16): its title, its
heading and its buttons were English defaults; a refused password says so in German."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from kinelink.db import Account
from kinelink.db.accounts import LoginFailed
from kinelink.desktop import language
from kinelink.desktop.chart import ProgressChart
from kinelink.desktop.login_dialog import LoginDialog
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

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
