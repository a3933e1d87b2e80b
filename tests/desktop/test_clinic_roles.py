"""The window per role, on a database with accounts (SQLite file and PostgreSQL server): a clinician
signs only the exams they started (the Sign off button is disabled and its tooltip says why);
administrators alone see and use accounts, merging patients and restoring backups; a read-only
account sees no editing action."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from kinelink import db
from kinelink.db import accounts, repository
from kinelink.db.records import ExamStatus, Role
from kinelink.desktop import dialogs
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.main_window import MainWindow
from kinelink.forms import examfile
from kinelink.forms.model import ExamId, PatientId
from pytestqt.qtbot import QtBot

from tests import postgres
from tests.conftest import FIXTURES

PASSWORD = "correct horse battery"
RECORD = examfile.load(FIXTURES / "exams" / "sparse_minimal.json")


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", None)


@pytest.fixture
def where(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path / "clinic.sqlite3")
        return
    server = postgres.server()
    yield postgres.with_database(server.app_url, server.emptied())


def _seed(target: str) -> tuple[PatientId, ExamId]:
    """Three accounts, one of each role, and a draft started by the clinician bkowal."""
    with db.open_database(target) as database, database.session() as s:
        accounts.add_account(s, "anowak", PASSWORD, Role.CLINICIAN, author="setup")
        accounts.add_account(s, "bkowal", PASSWORD, Role.CLINICIAN, author="setup")
        accounts.add_account(s, "Zofia Żółć", PASSWORD, Role.ADMIN, author="setup")
        accounts.add_account(s, "student", PASSWORD, Role.READER, author="setup")
        pid = repository.create_patient(s, RECORD.patient, author="bkowal")
        exam_id = repository.save_draft(s, pid, dataclasses.replace(RECORD.exam, id=None), author="bkowal")
    return pid, exam_id


def _as(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(dialogs, "ask_login", lambda parent, where, check: check(name, PASSWORD))


@pytest.mark.parametrize("name", ["anowak", "Zofia Żółć"])
def test_a_colleagues_draft_can_be_edited_but_not_signed(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, name: str,
) -> None:
    pid, exam_id = _seed(where)
    _as(monkeypatch, name)
    window = app_start(where)
    window.open_patient(pid)
    window.open_exam(exam_id)
    page = window.exam_page
    assert page.mode is Mode.DRAFT and window.act_save.isEnabled()  # editable
    assert not window.act_sign.isEnabled() and not page.sign_button.isEnabled()
    assert page.sign_button.toolTip() == (f"Only the exam's author signs it: only bkowal, who started this exam, "
                                          f"may sign it; {name} may edit the draft, not sign it.")
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()  # the shortcut of a disabled action does nothing
    with window.ws.database.session() as s:
        assert repository.get_exam(s, exam_id).summary.status is ExamStatus.DRAFT
    window.close_exam()
    window.new_exam()  # their own exam: signed like any
    assert window.act_sign.isEnabled() and page.sign_button.toolTip() == "Sign off… (Ctrl+Shift+S)"


def test_the_author_signs_their_own_draft(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, exam_id = _seed(where)
    _as(monkeypatch, "bkowal")
    window = app_start(where)
    window.open_patient(pid)
    window.open_exam(exam_id)
    assert window.act_sign.isEnabled() and window.exam_page.sign_button.toolTip() == "Sign off… (Ctrl+Shift+S)"
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    with window.ws.database.session() as s:
        summary = repository.get_exam(s, exam_id).summary
    assert summary.status is ExamStatus.SIGNED and summary.signed_by == "bkowal"


def _visible(window: MainWindow, names: tuple[str, ...]) -> dict[str, bool]:
    return {name: getattr(window, name).isVisible() for name in names}


ADMIN_ONLY = ("act_merge", "act_undo_merge", "act_restore", "act_accounts")
EDITING = ("act_new_patient", "act_edit_patient", "act_import", "act_new_exam", "act_follow_up", "act_save",
           "act_sign", "act_amend", "act_cancel_amend", "act_delete_draft", "act_archive", "act_restore_patient")


def test_an_administrator_sees_accounts_merging_and_restoring(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, backend: str,
) -> None:
    pid, _exam_id = _seed(where)
    _as(monkeypatch, "Zofia Żółć")
    window = app_start(where)
    window.open_patient(pid)
    assert _visible(window, ADMIN_ONLY) == dict.fromkeys(ADMIN_ONLY, True)
    assert _visible(window, EDITING) == dict.fromkeys(EDITING, True)
    assert window.act_merge.isEnabled() and window.act_accounts.isEnabled()
    assert window.act_restore.isEnabled() is (backend == "sqlite")  # a server is restored with pg_restore
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu is not None and window.act_accounts in file_menu.actions()
    from kinelink.desktop.accounts_dialog import AccountsDialog

    dialog = AccountsDialog(window, window.ws.database, window.ws.author)
    qtbot.addWidget(dialog)
    rows = [tuple(dialog.table.item(r, c).text() for c in range(3)) for r in range(dialog.table.rowCount())]
    assert ("Zofia Żółć", "admin", "active") in rows and ("student", "reader", "active") in rows
    dialog.table.selectRow([r[0] for r in rows].index("student"))
    dialog.disable.click()
    with window.ws.database.session() as s:
        assert {a.name: a.disabled for a in accounts.list_accounts(s)}["student"] is True


def test_a_clinician_sees_no_administrators_action(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, _exam_id = _seed(where)
    _as(monkeypatch, "anowak")
    window = app_start(where)
    window.open_patient(pid)
    assert _visible(window, ADMIN_ONLY) == dict.fromkeys(ADMIN_ONLY, False)
    assert not any(getattr(window, name).isEnabled() for name in ADMIN_ONLY)  # nor its shortcut
    assert _visible(window, EDITING) == dict.fromkeys(EDITING, True)
    assert window.act_new_exam.isEnabled() and window.patient_page.new_exam_button.isVisibleTo(window)
    window.show_accounts()  # reached some other way: nothing opens (the fixture fails on any dialog)


def test_a_read_only_account_sees_no_editing_action(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid, exam_id = _seed(where)
    _as(monkeypatch, "student")
    window = app_start(where)
    window.open_patient(pid)
    assert _visible(window, ADMIN_ONLY) == dict.fromkeys(ADMIN_ONLY, False)
    assert _visible(window, EDITING) == dict.fromkeys(EDITING, False)
    assert not window.patient_page.edit_button.isVisibleTo(window)
    assert not window.patient_page.new_exam_button.isVisibleTo(window)
    assert window.act_summary.isVisible() and window.act_export_patient.isVisible()  # reading stays
    window.open_exam(exam_id)
    page = window.exam_page
    assert not any(b.isVisibleTo(window) for b in (page.save_button, page.sign_button, page.amend_button))
    in_menus = [a for m in window.menuBar().actions() if (menu := m.menu()) is not None for a in menu.actions()]
    editing = [getattr(window, name) for name in EDITING + ADMIN_ONLY]
    assert [a.text() for a in in_menus if a.isVisible() and a in editing] == []


@pytest.mark.sqlite_only
def test_a_single_user_file_shows_everything_but_accounts(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], backend: str,
) -> None:
    window = app_start(tmp_path / "solo.sqlite3")
    assert window.ws.account is None
    assert _visible(window, ("act_merge", "act_undo_merge", "act_restore", "act_accounts")) == {
        "act_merge": True, "act_undo_merge": True, "act_restore": True, "act_accounts": False}
    assert _visible(window, EDITING) == dict.fromkeys(EDITING, True)


def _imported(target: str) -> ExamId:
    """The fixture exam stored as `kinelink import` stores it (under the command line's name)."""
    from kinelink.desktop.commands_db import AUTHOR
    from kinelink.desktop.usecases import examfiles
    from kinelink.desktop.usecases.reading import read_exam_files

    with db.open_database(target) as database:
        files = read_exam_files([str(FIXTURES / "exams" / "sparse_minimal.json")])
        report = examfiles.store_exam_files(database, files, author=AUTHOR)
    return report.files[0].result.exam_id


@pytest.mark.parametrize("confirmed", [False, True])
def test_an_imported_exam_is_taken_over_explicitly_then_signed(
    qtbot: QtBot, where: str, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, confirmed: bool,
) -> None:
    """No account started an exam `kinelink import` stored: Sign off asks the clinician to take it
    over, and the audit trail then names their account; cancelling changes nothing."""
    pid, _draft = _seed(where)
    exam_id = _imported(where)
    _as(monkeypatch, "anowak")
    window = app_start(where)
    window.open_patient(pid)
    window.open_exam(exam_id)
    page = window.exam_page
    assert page.take_over_from == "kinelink command line"
    assert window.act_sign.isEnabled() and "signing it takes it over first" in page.sign_button.toolTip()
    asked: list[tuple[str, str]] = []

    def take_over(parent: object, what: str, *, stored_by: str, account: str) -> bool:
        asked.append((stored_by, account))
        return confirmed

    monkeypatch.setattr(dialogs, "confirm_take_over", take_over)
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: pytest.fail("a take-over is asked for instead"))
    window.act_sign.trigger()
    assert asked == [("kinelink command line", "anowak")]
    with window.ws.database.session() as s:
        summary = repository.get_exam(s, exam_id).summary
        trail = [(e.action.value, e.author) for e in repository.audit_trail(s, exam_id=exam_id)]
    if not confirmed:
        assert summary.status is ExamStatus.DRAFT and trail == [("import", "kinelink command line")]
        assert page.mode is Mode.DRAFT and window.act_sign.isEnabled()
        return
    assert summary.status is ExamStatus.SIGNED and summary.signed_by == "anowak"
    assert trail[-2:] == [("take_over", "anowak"), ("sign", "anowak")]
    assert page.mode is Mode.LOCKED
