"""The window and an encrypted database: the passphrase asked at start (a wrong one said beside the
field, the file untouched), kept in the keyring only when asked, a new encrypted database from
File ▸ New database, and the idle lock asking the passphrase again."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import cipher, repository
from kinelink.desktop import dialogs
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.passphrase_dialog import NewDatabaseDialog, PassphraseDialog
from kinelink.desktop.usecases import encryption
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from pytestqt.qtbot import QtBot

pytest.importorskip("sqlcipher3")

PASSPHRASE = "Żółta łódź 2026"
Check = Callable[[str], None]


def _encrypted(path: Path) -> Path:
    with db.open_database(path, passphrase=PASSPHRASE) as database, database.session() as s:
        repository.create_patient(s, Patient(family_name="Żółć", given_name="Łukasz", date_of_birth=dt.date(1980, 5, 1),
                                             sex=Sex.MALE), author="A. Tester, PT")
    return path


def _answering(*, remember: bool) -> Callable[[object, str, Check], tuple[str, bool]]:
    """The passphrase dialog, answered with the right passphrase."""
    def answer(parent: object, name: str, check: Check) -> tuple[str, bool]:
        check(PASSPHRASE)
        return PASSPHRASE, remember
    return answer


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_passphrase_is_asked_at_start_and_a_wrong_one_is_said(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _encrypted(tmp_path / "clinic.sqlite3")
    before = _digest(path)
    asked: list[str] = []

    def answer(parent: object, name: str, check: Check) -> tuple[str, bool]:
        asked.append(name)
        with pytest.raises(db.WrongPassphrase):
            check("a wrong guess")
        assert _digest(path) == before  # a wrong passphrase changes nothing
        check(PASSPHRASE)
        return PASSPHRASE, False

    monkeypatch.setattr(dialogs, "ask_passphrase", answer)
    window = app_start(path)
    assert asked == ["clinic.sqlite3"]
    assert window.ws.database.encrypted and window.ws.database.passphrase == PASSPHRASE
    qtbot.waitUntil(lambda: window.patients.model.rowCount() == 1)
    assert encryption.stored_passphrase(path) is None  # not kept unless asked


def test_the_dialog_says_wrong_passphrase_beside_the_field(qtbot: QtBot, tmp_path: Path) -> None:
    path = _encrypted(tmp_path / "clinic.sqlite3")
    opened: list[db.Database] = []
    dialog = PassphraseDialog(None, "clinic.sqlite3 is encrypted",
                              lambda p: opened.append(db.open_database(path, passphrase=p)))
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("not it at all")
    dialog.ok.click()
    assert dialog.error.isVisibleTo(dialog) and "Wrong passphrase or not a Kinelink database" in dialog.error.text()
    assert dialog.passphrase.text() == "" and dialog.result() != dialog.DialogCode.Accepted and not opened
    dialog.passphrase.setText(PASSPHRASE)
    dialog.ok.click()
    assert dialog.result() == dialog.DialogCode.Accepted and len(opened) == 1
    opened[0].close()
    dialog.grab().save(str(tmp_path / "passphrase.png"))


def test_cancelling_the_passphrase_explains_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kinelink.desktop import app

    path = _encrypted(tmp_path / "clinic.sqlite3")
    before = _digest(path)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "ask_passphrase", lambda parent, name, check: None)

    def quit_(parent: object, target: str, message: str) -> dialogs.DatabaseChoice:
        shown.append(message)
        return dialogs.DatabaseChoice.QUIT

    monkeypatch.setattr(dialogs, "database_error", quit_)
    assert app.start(str(path), False, settings_path=tmp_path / "settings.json") is None
    assert len(shown) == 1 and "cannot be opened without its passphrase" in shown[0]
    assert _digest(path) == before


def test_a_kept_passphrase_opens_without_asking(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _encrypted(tmp_path / "clinic.sqlite3")
    kept: dict[str, str] = {}
    monkeypatch.setattr(encryption, "stored_passphrase", lambda file: kept.get(str(file)))
    monkeypatch.setattr(encryption, "remember_passphrase",
                        lambda file, passphrase: kept.__setitem__(str(file), passphrase))
    monkeypatch.setattr(dialogs, "ask_passphrase", _answering(remember=True))
    first = app_start(path)
    assert kept == {str(path): PASSPHRASE}  # the user ticked "remember"
    first.close()
    first.ws.database.close()
    monkeypatch.setattr(dialogs, "ask_passphrase", lambda *a: pytest.fail("the keyring's passphrase was not used"))
    again = app_start(path)
    assert again.ws.database.encrypted


def test_a_new_encrypted_database_from_the_file_menu(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "plain.sqlite3")
    dialog = NewDatabaseDialog(window, tmp_path)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / "secret.sqlite3"))
    dialog.encrypt.setChecked(True)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE + "x")
    dialog.try_create()
    assert "differ" in dialog.error.text() and dialog.result() != dialog.DialogCode.Accepted
    dialog.again.setText(PASSPHRASE)
    assert dialog.problem() is None
    dialog.grab().save(str(tmp_path / "new-database.png"))
    monkeypatch.setattr(dialogs, "ask_new_database", lambda parent, start: dialog.chosen())
    window.act_new_db.trigger()
    assert window.ws.file == tmp_path / "secret.sqlite3" and window.ws.database.encrypted
    assert cipher.looks_encrypted(tmp_path / "secret.sqlite3")
    assert window.idle_lock is not None  # an encrypted file locks after the idle time


def test_the_idle_lock_asks_the_passphrase_again(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _encrypted(tmp_path / "clinic.sqlite3")
    monkeypatch.setattr(dialogs, "ask_passphrase", _answering(remember=False))
    window = app_start(path)
    assert window.idle_lock is not None and window.idle_lock.minutes == 10
    seen: list[bool] = []

    def unlock(parent: object, name: str, minutes: int, check: Check) -> bool:
        with pytest.raises(db.WrongPassphrase):
            check("someone else's guess")
        seen.append(window.centralWidget().isVisible())
        check(PASSPHRASE)
        return True

    monkeypatch.setattr(dialogs, "ask_unlock_passphrase", unlock)
    window.idle_lock.fire()  # what the timer does after 10 minutes without input
    assert seen == [False]  # the records were hidden while locked
    assert window.centralWidget().isVisible()
    monkeypatch.setattr(dialogs, "ask_unlock_passphrase", lambda *a: False)
    window.idle_lock.fire()
    assert not window.isVisible()  # not unlocked: the window closes
