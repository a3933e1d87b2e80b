"""Several people, one database, in the window: logging in (a server always asks), "being edited by"
a colleague, a colleague's save while typing (load theirs or keep both), read-only accounts, the idle
lock, and one running Kinelink per SQLite file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from kinelink import db
from kinelink.db import accounts, repository
from kinelink.db.records import ExamStatus, Role
from kinelink.db.schema import EditingRow
from kinelink.desktop import dialogs
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.login_dialog import LoginDialog
from kinelink.desktop.main_window import MainWindow
from kinelink.forms import examfile
from kinelink.forms.model import ExamId, PatientId
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from tests import postgres
from tests.conftest import FIXTURES

PASSWORD = "correct horse battery"
RECORD = examfile.load(FIXTURES / "exams" / "sparse_minimal.json")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", None)


@pytest.fixture
def where(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database on the PostgreSQL test server (as the application's role), or a SQLite file."""
    if backend == "sqlite":
        yield str(tmp_path / "clinic.sqlite3")
        return
    server = postgres.server()
    yield postgres.with_database(server.app_url, server.emptied())


def _seed(target: str, *, role: Role = Role.CLINICIAN) -> tuple[PatientId, ExamId]:
    with db.open_database(target) as database, database.session() as s:
        accounts.add_account(s, "anowak", PASSWORD, role, author="setup")
        accounts.add_account(s, "bkowal", PASSWORD, Role.CLINICIAN, author="setup")
        pid = repository.create_patient(s, RECORD.patient, author="bkowal")
        exam_id = repository.save_draft(s, pid, dataclasses.replace(RECORD.exam, id=None), author="bkowal")
    return pid, exam_id


accounts_check = Callable[[str, str], db.Account]


def _typed_login(qtbot: QtBot, attempts: list[tuple[str, str]], shown: list[str]) -> Callable[..., object]:
    """Drive the real login dialog: type each (name, password) and press Log in, as a person would."""

    def ask(parent: object, where: str, check: accounts_check) -> object:
        dialog = LoginDialog(None, where, check)
        qtbot.addWidget(dialog)
        for name, password in attempts:
            dialog.name.clear()
            qtbot.keyClicks(dialog.name, name)
            qtbot.keyClicks(dialog.password, password)
            qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
            shown.append(dialog.error.text() if dialog.error.isVisibleTo(dialog) else "")
        return dialog.account

    return ask


@pytest.mark.postgresql_only
def test_log_in_to_a_server_and_see_who_is_editing_an_exam(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, exam_id = _seed(where)
    with db.open_database(where) as database, database.session() as s:  # B has it open on their computer
        repository.set_editing(s, exam_id, True, holder="bkowal", machine="room-2")
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "ask_login", _typed_login(
        qtbot, [("anowak", "not my password"), ("nobody", PASSWORD), ("anowak", PASSWORD)], shown))
    window = app_start(where)
    assert shown == ["Wrong name or password", "Wrong name or password", ""]  # never says which
    assert window.ws.database.account is not None and window.ws.author == "anowak"
    assert window.windowTitle().endswith("— anowak")
    window.open_patient(pid)
    window.open_exam(exam_id)
    page = window.exam_page
    assert page.mode is Mode.LOCKED and page.held_by is not None
    assert page.banner_box.isVisibleTo(window)
    assert page.banner_text.text().startswith("Being edited by bkowal on room-2 since ")
    assert page.badge.text() == "Being edited"
    assert not window.act_sign.isEnabled() and not window.act_save.isEnabled()
    window.act_close_exam.trigger()
    with window.ws.database.session() as s:  # B's lease lapses (their program died): A may edit
        lapsed = repository.now() - dt.timedelta(seconds=repository.LEASE_SECONDS + 5)
        s.execute(update(EditingRow).values(heartbeat_at=lapsed))
    window.open_exam(exam_id)
    assert page.mode is Mode.DRAFT and page.held_by is None and not page.banner_box.isVisibleTo(window)


@pytest.mark.postgresql_only
def test_a_server_without_accounts_is_not_opened(
    where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    db.open_database(where).close()
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": told.append(text))
    from kinelink.desktop import app

    assert app.start(where, False, settings_path=tmp_path / "settings.json") is None
    assert "has no accounts yet" in told[0] and "kinelink user add" in told[0]


@pytest.mark.parametrize("choice", [dialogs.StaleChoice.KEEP_BOTH, dialogs.StaleChoice.RELOAD])
def test_a_colleagues_save_while_typing_is_never_overwritten(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
    choice: dialogs.StaleChoice,
) -> None:
    pid, exam_id = _seed(where)
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: check("anowak", PASSWORD))
    window = app_start(where)
    window.open_patient(pid)
    window.open_exam(exam_id)
    page = window.exam_page
    assert page.mode is Mode.DRAFT
    with db.open_database(where) as other, other.session() as s:  # B saves from another computer meanwhile
        repository.save_draft(s, pid, dataclasses.replace(RECORD.exam, id=exam_id, notes="B's note"), author="bkowal")
    asked: list[tuple[str, list[str]]] = []

    def ask(parent: object, who: str, when: str, changes: list[str]) -> dialogs.StaleChoice:
        asked.append((who, list(changes)))
        return choice

    monkeypatch.setattr(dialogs, "ask_stale_edit", ask)
    page.editor.load(RECORD.patient, dataclasses.replace(RECORD.exam, id=exam_id, notes="A's note"))
    page.editor.changed.emit()
    page.save_now()  # the autosave: refused, and resolved as the clinician chose
    assert asked and asked[0][0] == "bkowal" and any("note" in c.lower() for c in asked[0][1])
    with window.ws.database.session() as s:
        notes = sorted(repository.get_exam(s, e.id).record.exam.notes or "" for e in repository.list_exams(s, pid))
        assert repository.get_exam(s, exam_id).record.exam.notes == "B's note"  # B's save stands
    if choice is dialogs.StaleChoice.KEEP_BOTH:
        assert notes == ["A's note", "B's note"] and page.exam_id != exam_id
    else:
        assert notes == ["B's note"] and page.exam_id == exam_id
        assert page.editor.exam().notes == "B's note"


def test_a_read_only_account_can_read_but_not_write(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, exam_id = _seed(where, role=Role.READER)
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: check("anowak", PASSWORD))
    window = app_start(where)
    assert window.ws.read_only and window.banner.isVisibleTo(window)
    assert "the account anowak may only read" in window.banner.text()
    window.open_patient(pid)
    assert not window.act_new_exam.isEnabled() and not window.act_edit_patient.isEnabled()
    assert not window.act_import.isEnabled() and not window.act_new_patient.isEnabled()
    window.open_exam(exam_id)
    assert window.exam_page.mode is Mode.LOCKED and not window.act_sign.isEnabled()
    assert window.exam_page.banner_text.text().startswith("Read-only: the account anowak may only read")
    with pytest.raises(db.ReadOnly), window.ws.database.session() as s:  # and the database refuses too
        repository.sign_exam(s, exam_id, author="anowak")
    with window.ws.database.session() as s:
        assert repository.get_exam(s, exam_id).summary.status is ExamStatus.DRAFT


@pytest.mark.sqlite_only
def test_a_single_user_file_needs_no_login_until_it_has_accounts(
    tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, backend: str,
) -> None:
    window = app_start(tmp_path / "solo.sqlite3")
    assert window.ws.database.account is None and window.ws.author == "Anna Nowak, PT" and window.idle_lock is None


def test_the_idle_lock_saves_hides_and_asks_the_same_account(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, exam_id = _seed(where)
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: check("anowak", PASSWORD))
    window = app_start(where)
    assert window.idle_lock is not None and window.idle_lock.minutes == 10
    window.open_patient(pid)
    window.open_exam(exam_id)
    page = window.exam_page
    page.editor.load(RECORD.patient, dataclasses.replace(RECORD.exam, id=exam_id, notes="typed, then left"))
    page.editor.changed.emit()
    seen: list[tuple[str, bool, bool]] = []

    def unlock(parent: object, account: str, minutes: int, check: accounts_check) -> bool:
        with pytest.raises(accounts.LoginFailed):
            check(account, "someone else's guess")
        seen.append((account, window.centralWidget().isVisible(), page.has_unsaved_changes()))
        check(account, PASSWORD)
        return True

    monkeypatch.setattr(dialogs, "ask_unlock", unlock)
    window.idle_lock.fire()  # what the timer does after 10 minutes without input
    assert seen == [("anowak", False, False)]  # saved first, records hidden while locked
    assert window.centralWidget().isVisible()
    with window.ws.database.session() as s:
        assert repository.get_exam(s, exam_id).record.exam.notes == "typed, then left"


@pytest.mark.sqlite_only
def test_a_second_start_on_the_same_file_brings_the_first_forward_or_reads_only(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], backend: str,
) -> None:
    path = tmp_path / "clinic.sqlite3"
    first = app_start(path)
    assert first.ws.instance is not None and first.ws.instance.owned and not first.ws.read_only
    raised: list[bool] = []
    first.ws.instance.raise_requested.connect(lambda: raised.append(True))
    # another `kinelink --db FILE` process: it asks this one to come forward, and ends
    code = ("import sys; from pathlib import Path; from PySide6.QtCore import QCoreApplication; "
            "from kinelink.desktop import single_instance; app = QCoreApplication([]); "
            "ok = any(single_instance.bring_forward(Path(sys.argv[1])) for _ in range(3)); "  # a loaded test machine
            "sys.exit(0 if ok else 3)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=ROOT)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60_000)
    assert proc.returncode == 0 and raised
    # a second window in this process finds the file held (its holder cannot answer): read-only, saying so
    second = app_start(path)
    assert second.ws.read_only and second.banner.isVisibleTo(second)
    assert "open read-only" in second.banner.text()
    assert not second.act_new_patient.isEnabled() and "(read-only)" in second.windowTitle()


@pytest.mark.sqlite_only
def test_settings_take_a_server_address_but_never_its_password(qtbot: QtBot, backend: str) -> None:
    from kinelink.desktop.settings import Settings
    from kinelink.desktop.settings_dialog import SettingsDialog

    dialog = SettingsDialog(None, Settings())
    qtbot.addWidget(dialog)
    dialog.database.setText("postgresql+psycopg://kinelink_app:secret@server/kinelink?sslmode=verify-full")
    dialog._accept()
    assert dialog.settings() is None and dialog.database_error.isVisibleTo(dialog)
    assert "remove the password" in dialog.database_error.text()
    url = "postgresql+psycopg://kinelink_app@server/kinelink?sslmode=verify-full&sslrootcert=/etc/clinic-ca.pem"
    dialog.database.setText(url)
    dialog.idle_lock.setValue(5)
    dialog._accept()
    chosen = dialog.settings()
    assert chosen is not None and chosen.database_target() == url and chosen.idle_lock_minutes == 5
