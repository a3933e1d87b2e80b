"""Ctrl+N while the patient has a draft: the window says so and offers to go on with it.

It used to start a second draft without a word: two half-filled exams of one visit, either of which
could be signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.desktop import dialogs
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.usecases import exams
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

Asked = list[tuple[str, str, bool]]


@pytest.fixture
def window(tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    w = app_start(tmp_path / "clinic.sqlite3")
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent: Patient(
        "Żółć", "Łukasz", dt.date(1988, 4, 17), Sex.MALE))
    w.act_new_patient.trigger()
    return w


def _answer(monkeypatch: pytest.MonkeyPatch, choice: dialogs.DraftChoice) -> Asked:
    asked: Asked = []

    def ask(parent: object, patient: str, draft: str, is_open: bool) -> dialogs.DraftChoice:
        asked.append((patient, draft, is_open))
        return choice

    monkeypatch.setattr(dialogs, "ask_existing_draft", ask)
    return asked


def _draft(window: MainWindow, note: str) -> None:
    window.act_new_exam.trigger()
    window.exam_page.editor.notes.notes.setPlainText(note)
    window.act_save.trigger()
    assert window.exam_page.exam_id is not None


def _ctrl_n(window: MainWindow) -> None:
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_n_with_the_draft_open_offers_to_go_on_with_it(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    patient = window.current_patient()
    assert patient is not None
    _draft(window, "first visit")
    first = window.exam_page.exam_id
    asked = _answer(monkeypatch, dialogs.DraftChoice.OPEN_DRAFT)
    _ctrl_n(window)
    assert asked and asked[0][0] == "Łukasz Żółć" and asked[0][2] is True
    assert window.exam_page.exam_id == first and window.exam_page.mode is Mode.DRAFT
    assert window.exam_page.editor.notes.notes.toPlainText() == "first visit"
    assert len(exams.drafts_of(window.ws.database, patient)) == 1  # no second draft
    asked = _answer(monkeypatch, dialogs.DraftChoice.CANCEL)
    _ctrl_n(window)
    assert asked and window.exam_page.exam_id == first
    assert len(exams.drafts_of(window.ws.database, patient)) == 1


def test_ctrl_n_from_the_patient_page_opens_the_stored_draft_or_starts_another_on_purpose(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    patient = window.current_patient()
    assert patient is not None
    _draft(window, "first visit")
    first = window.exam_page.exam_id
    window.close_exam()
    assert not window.exam_page.is_open()
    asked = _answer(monkeypatch, dialogs.DraftChoice.OPEN_DRAFT)
    window.act_new_exam.trigger()
    assert asked[0][2] is False  # stored, not open
    assert window.exam_page.exam_id == first
    assert window.exam_page.editor.notes.notes.toPlainText() == "first visit"
    window.close_exam()
    _answer(monkeypatch, dialogs.DraftChoice.NEW_EXAM)  # deliberately: a second exam beside the draft
    window.act_new_exam.trigger()
    window.exam_page.editor.notes.notes.setPlainText("second")
    window.act_save.trigger()
    assert window.exam_page.exam_id not in (None, first)
    assert len(exams.drafts_of(window.ws.database, patient)) == 2


def test_no_question_without_a_draft(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _answer(monkeypatch, dialogs.DraftChoice.CANCEL)
    window.act_new_exam.trigger()
    assert window.exam_page.is_open() and asked == []
