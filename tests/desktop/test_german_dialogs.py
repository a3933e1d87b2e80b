"""The dialogs in German (issue 16): patient, lock screen, passphrase, accounts, server login, history,
baseline choice, about, crash and "cannot open" show no English, and nothing in them is cut off.

Two checks per dialog: no English giveaway word (tests/giveaways.py, through the German window test's
`english_in`), and no text the English dialog shows word for word (a sentence without a giveaway word,
"Choose one.", is still caught). The user's own words (names, file names) are the same in both and are
left out by the callers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from kinelink import db
from kinelink.db import accounts, repository
from kinelink.db.records import Role
from kinelink.desktop import about, dialogs, language
from kinelink.desktop.accounts_dialog import AccountsDialog
from kinelink.desktop.crash import CrashDialog
from kinelink.desktop.history_dialog import HistoryDialog
from kinelink.desktop.passphrase_dialog import NewDatabaseDialog, PassphraseDialog
from kinelink.desktop.patient_dialog import PatientDialog
from kinelink.desktop.usecases import exams
from kinelink.forms.model import ExamId, Patient
from kinelink.forms.vocab import Sex
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.desktop.test_german_window import english_in, shown_text
from tests.giveaways import german_record

TODAY = dt.date(2026, 11, 25)
NAME = "Łukasz Żółć"
# Words German writes as English does (a text equal to one of these is not a leftover).
SAME_IN_GERMAN = {"optional", "Name", "Passphrase", "Status", "Kinelink", "Details"}
PATIENT = Patient("Żółć", "Łukasz", dt.date(1988, 4, 17), Sex.MALE, record_number="MRN-<&>")


@pytest.fixture(autouse=True)
def german() -> Iterator[None]:
    language.apply("de")
    yield
    language.apply("en")


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", None)


def in_english(collect: Callable[[], list[str]]) -> set[str]:
    language.apply("en")
    try:
        return set(collect())
    finally:
        language.apply("de")


def left_in_english(collect: Callable[[], list[str]], own: tuple[str, ...] = ()) -> list[str]:
    """What the German dialog shows that is English: a giveaway word, or a text the English dialog shows
    word for word (`own`: the user's words and Kinelink's name, the same in both languages)."""
    english = in_english(collect)
    german = [t for t in collect() if not any(o in t for o in own)]
    same = [f"{t!r}: as in English" for t in german
            if t in english and t not in SAME_IN_GERMAN and re.search(r"[A-Za-z]{3}", t)]
    return english_in(german) + same


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons narrower than their text needs (a word-wrapped label wraps instead)."""
    QApplication.processEvents()  # a text just set is laid out on the next pass of the event loop
    cut = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or (isinstance(w, QLabel) and (w.wordWrap() or not w.text())):
            continue
        if isinstance(w, QLabel | QAbstractButton) and w.width() < w.sizeHint().width():
            cut.append(f"{type(w).__name__} {w.text()!r}: {w.width()} < {w.sizeHint().width()}")
    return cut


@dataclass
class Seen:
    """A modal dialog as it was while open: its title, its texts and what of them was cut off."""

    title: str = ""
    texts: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)
    answer: str = ""

    @property
    def all(self) -> list[str]:
        assert self.cut == [], self.cut
        return [self.title, *self.texts]


def while_open(start: Callable[[], object], answer: Callable[[QDialog], str] | None = None) -> Seen:
    """Run `start`, which opens a modal dialog; read that dialog while it is open (`answer` may act on it
    and say what followed), then close it."""
    seen: list[Seen] = []

    def look() -> None:
        shown = QApplication.activeModalWidget()
        if not isinstance(shown, QDialog) or not shown.isVisible():
            QTimer.singleShot(10, look)
            return
        seen.append(Seen(shown.windowTitle(), shown_text(shown), clipped(shown),
                         answer(shown) if answer else ""))
        shown.reject()

    QTimer.singleShot(0, look)
    start()
    assert seen, "no dialog opened"
    return seen[0]


# --- the patient dialog ----------------------------------------------------------------------------


def _patient_dialog(qtbot: QtBot, patient: Patient | None = None) -> PatientDialog:
    dialog = PatientDialog(None, patient, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_patient_dialog_speaks_german(qtbot: QtBot) -> None:
    def new() -> list[str]:
        dialog = _patient_dialog(qtbot)
        return [dialog.windowTitle(), *shown_text(dialog)]

    def edit() -> list[str]:
        dialog = _patient_dialog(qtbot, PATIENT)
        return [dialog.windowTitle(), *shown_text(dialog)]

    assert left_in_english(new) == []
    assert left_in_english(edit, own=("Żółć", "Łukasz", "MRN-<&>")) == []
    dialog = _patient_dialog(qtbot)
    assert dialog.windowTitle() == "Neue Patientin / neuer Patient"
    assert dialog.save_button.text() == "Patient/in speichern"
    assert clipped(dialog) == []


def _errors(qtbot: QtBot, family: str = "", given: str = "", birth: str = "") -> dict[str, str]:
    dialog = _patient_dialog(qtbot)
    dialog.family.setText(family)
    dialog.given.setText(given)
    dialog.birth.setText(birth)
    dialog.save_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    shown = {key: label.text() for key, label in dialog.errors.items() if label.text()}
    assert clipped(dialog) == [], clipped(dialog)
    return shown


def test_the_fields_keep_their_width_when_the_german_errors_show(qtbot: QtBot) -> None:
    dialog = _patient_dialog(qtbot)
    QApplication.processEvents()
    before = [f.width() for f in (dialog.family, dialog.given, dialog.birth)]
    dialog.birth.setText("31.02.1985")
    dialog.save_button.click()
    assert clipped(dialog) == []
    assert [f.width() for f in (dialog.family, dialog.given, dialog.birth)] == before
    assert min(before) >= 150  # a long name still fits


@pytest.mark.parametrize(("birth", "expected"), [
    ("", "Bitte das Geburtsdatum eingeben."),
    ("31.02.1985", "Kein gültiges Datum: TT.MM.JJJJ verwenden."),
    ("1.1.2030", "Das Geburtsdatum liegt in der Zukunft."),
    ("1.1.1850", "Bitte das Jahr prüfen."),
])
def test_the_patient_dialogs_errors_are_german(qtbot: QtBot, birth: str, expected: str) -> None:
    shown = _errors(qtbot, birth=birth)
    assert shown == {"family": "Bitte den Nachnamen eingeben.", "given": "Bitte den Vornamen eingeben.",
                     "birth": expected, "sex": "Bitte auswählen."}
    assert left_in_english(lambda: list(_errors(qtbot, birth=birth).values())) == []


# --- lock screen, passphrase, server login, baseline ------------------------------------------------


def _refuse(name: str, password: str) -> accounts.Account:
    raise db.WrongPassphrase("wrong")


def _lock_screen() -> list[str]:
    return while_open(lambda: dialogs.ask_unlock(None, NAME, 5, _refuse)).all


def test_the_lock_screen_speaks_german() -> None:
    texts = _lock_screen()
    assert texts[0] == "Kinelink ist gesperrt"
    assert any("Nach 5 Minuten ohne Nutzung gesperrt" in t and NAME in t for t in texts)
    assert left_in_english(_lock_screen, own=(NAME,)) == []


def _passphrase_lock() -> list[str]:
    return while_open(lambda: dialogs.ask_unlock_passphrase(None, "praxis-żółć.sqlite3", 1, lambda p: None)).all


def _passphrase_open() -> list[str]:
    return while_open(lambda: dialogs.ask_passphrase(None, "praxis-żółć.sqlite3", lambda p: None)).all


def test_the_passphrase_dialogs_speak_german() -> None:
    locked = _passphrase_lock()
    assert any("Nach 1 Minute ohne Nutzung gesperrt" in t for t in locked)  # one minute: the singular
    assert left_in_english(_passphrase_lock, own=("praxis-żółć",)) == []
    opening = _passphrase_open()
    assert opening[0] == "Verschlüsselte Datenbank" and "Öffnen" in opening and "Abbrechen" in opening
    assert left_in_english(_passphrase_open, own=("praxis-żółć",)) == []


def test_a_wrong_passphrase_is_said_in_german() -> None:
    def wrong(passphrase: str) -> None:
        raise db.WrongPassphrase("no")

    def try_one(dialog: QDialog) -> str:
        assert isinstance(dialog, PassphraseDialog)
        dialog.passphrase.setText("falsch-falsch")
        dialog.try_passphrase()
        return dialog.error.text()

    assert while_open(lambda: dialogs.ask_passphrase(None, "a.sqlite3", wrong), try_one).answer.startswith(
        "Falsche Passphrase oder keine Kinelink-Datenbank")


def test_the_new_database_dialog_speaks_german(qtbot: QtBot, tmp_path: Path) -> None:
    def texts() -> list[str]:
        dialog = NewDatabaseDialog(None, tmp_path)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.encrypt.setChecked(True)
        dialog.passphrase.setText("kurz")
        dialog.try_create()
        assert clipped(dialog) == []
        return [dialog.windowTitle(), *shown_text(dialog)]

    assert left_in_english(texts) == []


def _server_login() -> list[str]:
    return while_open(lambda: dialogs.ask_server_password(None, "anowak", "praxis.example/kinelink")).all


def test_the_server_login_speaks_german() -> None:
    assert left_in_english(_server_login, own=("anowak", "praxis.example")) == []


def _baseline() -> list[str]:
    options = [("e2", "3.11.2026, Anna Nowak"), ("e1", "1.10.2026")]
    return while_open(lambda: dialogs.ask_baseline(None, options, "e2")).all


def test_the_baseline_choice_speaks_german() -> None:
    texts = _baseline()
    assert texts[0] == "Ausgangsbefund"
    assert "Diese Untersuchung vergleichen mit der unterschriebenen Untersuchung vom:" in texts
    assert left_in_english(_baseline, own=("2026",)) == []


def _cannot_open(target: str) -> list[str]:
    return while_open(lambda: dialogs.database_error(None, target, "not a database")).all


def test_the_cannot_open_message_says_in_german_that_nothing_was_changed() -> None:
    assert any("Die Datei wurde nicht verändert." in t for t in _cannot_open("/praxis/a.sqlite3"))
    server = _cannot_open("postgresql+psycopg://anowak@praxis/kinelink")
    assert any("Auf dem Server wurde nichts verändert." in t for t in server)
    assert left_in_english(lambda: [t.replace("Not a database", "") for t in _cannot_open("/praxis/a.sqlite3")],
                           own=("/praxis/a.sqlite3",)) == []


def test_a_file_that_is_no_database_is_explained_in_german(tmp_path: Path) -> None:
    garbage = tmp_path / "praxis.sqlite3"
    garbage.write_bytes(b"kein SQLite " * 20)
    with pytest.raises(db.DatabaseError) as refused:
        db.open_database(garbage)
    reason = str(refused.value).removeprefix(f"{garbage}: ")
    shown = while_open(lambda: dialogs.database_error(None, str(garbage), reason)).all
    said = "\n".join(shown)
    assert "Keine Datenbank: die Datei ist keine SQLite-Datei" in said
    assert said.count("nicht verändert") == 1, said  # the database layer said it; the dialog does not repeat it
    assert english_in([t.replace(str(garbage), "").replace("SQLite format 3", "") for t in shown]) == []


# --- accounts, history, about, crash ----------------------------------------------------------------


def test_the_accounts_dialog_speaks_german(qtbot: QtBot, tmp_path: Path) -> None:
    database = db.open_database(tmp_path / "praxis.sqlite3")
    with database.session() as s:
        accounts.add_account(s, NAME, "ein langes Passwort 1", Role.ADMIN, author="setup")
        accounts.add_account(s, "student", "ein langes Passwort 2", Role.READER, author="setup")
        accounts.add_account(s, "anowak", "ein langes Passwort 3", Role.CLINICIAN, author="setup")
        accounts.disable_account(s, "anowak", author="setup")

    def texts() -> list[str]:
        dialog = AccountsDialog(None, database, NAME)
        qtbot.addWidget(dialog)
        dialog.show()
        assert clipped(dialog) == []
        cells = [dialog.table.item(r, c).text() for r in range(dialog.table.rowCount()) for c in (1, 2)]
        command = re.compile(r"kinelink user add .*? URL")  # the command line's own words (cli.md)
        return [command.sub("", t) for t in [dialog.windowTitle(), *shown_text(dialog), *cells]]

    try:
        cells = texts()[-6:]
        assert set(cells) == {"Administration", "nur Lesen", "Therapeut/in", "aktiv", "deaktiviert"}
        assert left_in_english(texts, own=(NAME, "student", "anowak")) == []
    finally:
        database.close()


def _amended(path: Path) -> tuple[db.Database, ExamId]:
    """A signed exam (German free text) amended once, with a German reason."""
    record = german_record(TODAY)
    database = db.open_database(path)
    with database.write() as s:
        pid = repository.create_patient(s, record.patient, author="Anna Nowak")
        exam_id = repository.save_draft(s, pid, dataclasses.replace(record.exam, id=None), author="Anna Nowak")
        repository.sign_exam(s, exam_id, author="Anna Nowak")
    exams.amend(database, exam_id, dataclasses.replace(record.exam, id=exam_id, notes="Notiz, ergänzt"),
                reason="Messfehler korrigiert", author="Anna Nowak")
    return database, exam_id


def test_the_history_dialog_speaks_german(qtbot: QtBot, tmp_path: Path) -> None:
    database, exam_id = _amended(tmp_path / "praxis.sqlite3")

    def texts() -> list[str]:
        history = exams.history(database, exam_id)
        dialog = HistoryDialog(None, history.title, list(history.versions))
        qtbot.addWidget(dialog)
        dialog.show()
        assert clipped(dialog) == []
        model = dialog.model
        header = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        cells = [str(model.data(model.index(r, c)))
                 for r in range(model.rowCount()) for c in range(model.columnCount())]
        change = dialog.detail.toPlainText().split("\n\n")[0]  # then the version's summary (the analysis text)
        return [dialog.windowTitle(), *shown_text(dialog), *change.splitlines(), *header, *cells]

    try:
        shown = texts()
        assert "Änderungen gegenüber Fassung 1:" in shown and "Grund: Messfehler korrigiert" in shown
        assert "ursprünglich, wie unterschrieben" in shown
        assert left_in_english(texts, own=("Anna Nowak", "Messfehler", "Notiz", "Петров")) == []
    finally:
        database.close()


def test_the_about_and_crash_dialogs_speak_german(qtbot: QtBot) -> None:
    def about_texts() -> list[str]:
        dialog = about.AboutDialog(None, "/praxis/kinelink.sqlite3")
        qtbot.addWidget(dialog)
        dialog.show()
        assert clipped(dialog) == []
        return [dialog.windowTitle(), *shown_text(dialog)]

    assert any("Protokollordner" in t and "Datenordner" in t and "Datenbank" in t for t in about_texts())
    assert left_in_english(about_texts) == []

    def crash_texts() -> list[str]:
        dialog = CrashDialog(None, "Traceback (most recent call last): ...")
        qtbot.addWidget(dialog)
        dialog.show()
        assert clipped(dialog) == []
        return [dialog.windowTitle(), *shown_text(dialog)]

    assert crash_texts()[0] == "In Kinelink ist ein Problem aufgetreten"
    assert left_in_english(crash_texts) == []
