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
