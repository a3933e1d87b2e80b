"""Smaller flows of the window: editing a patient, search, autosave failures, amendments left open."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kinelink import db
from kinelink.db import repository
from kinelink.db.records import ExamStatus
from kinelink.desktop import dialogs, exam_page
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.history_dialog import HistoryDialog
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.models import PatientTableModel
from kinelink.forms import examfile
from kinelink.forms.model import Patient
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

EXAMS = sorted((FIXTURES / "exams").glob("*.json"))


@pytest.fixture
def app_filled(tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    window = app_start(tmp_path / "clinic.sqlite3")
    with monkeypatch.context() as m:
        m.setattr(dialogs, "ask_open_paths", lambda parent, title, start: EXAMS)
        window.act_import.trigger()
    return window


def test_search_as_you_type_is_debounced_and_accent_blind(
    qtbot: QtBot, app_filled: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel = app_filled.patients
    calls: list[str] = []
    original = repository.search_patients

    def counting(s: Any, text: str, **kw: Any) -> Any:
        calls.append(text)
        return original(s, text, **kw)

    monkeypatch.setattr(repository, "search_patients", counting)
    for prefix in ("z", "zo", "zol", "zolc"):
        panel.search.setText(prefix)  # typed quickly: one search after the pause
    qtbot.waitUntil(lambda: calls == ["zolc"], timeout=2000)
    zolc = [r for r in EXAMS if examfile.load(r).patient.family_name == "Żółć"]  # two men of that name
    assert [s.patient.family_name for s in panel.summaries()] == ["Żółć"] * len(zolc)
    assert panel.count.text() == f"{len(zolc)} patient{'s' if len(zolc) != 1 else ''} found"
    panel.search.setText("nobody-like-this")
    panel.refresh()
    assert panel.count.text() == "No patient matches “nobody-like-this”." and not panel.table.isVisibleTo(panel)


def test_edit_patient_details(qtbot: QtBot, app_filled: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window = app_filled
    (first, *_) = window.patients.summaries()
    window.open_patient(first.id)
    edited: list[Patient] = []

    def edit(parent: object, patient: Patient) -> Patient:
        edited.append(patient)
        return dataclasses.replace(patient, given_name="Łucja", record_number="MRN-9001")

    monkeypatch.setattr(dialogs, "ask_edit_patient", edit)
    window.act_edit_patient.trigger()
    assert edited == [first.patient]
    assert window.patient_page.name.text() == f"Łucja {first.patient.family_name}"
    assert "record MRN-9001" in window.patient_page.details.text()
    with window.ws.database.session() as s:
        assert repository.get_patient(s, first.id).given_name == "Łucja"


def test_export_one_patients_exams(
    qtbot: QtBot, tmp_path: Path, app_filled: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_filled
    window.patients.search.setText("zolc")
    window.patients.refresh()
    window.open_patient(window.patients.summaries()[0].id)
    out = tmp_path / "one"
    out.mkdir()
    monkeypatch.setattr(dialogs, "ask_directory", lambda parent, title, start: out)
    window.act_export_patient.trigger()
    (file,) = out.glob("*.json")
    assert examfile.load(file).patient.family_name == "Żółć"


def test_autosave_failure_is_shown_and_retried(
    qtbot: QtBot, app_filled: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_filled
    window.open_patient(window.patients.summaries()[0].id)
    window.act_new_exam.trigger()
    page = window.exam_page
    original = repository.save_draft
    failures = [1]

    def flaky(*args: Any, **kwargs: Any) -> Any:
        if failures[0]:
            failures[0] -= 1
            raise db.DatabaseError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(repository, "save_draft", flaky)
    monkeypatch.setattr(exam_page, "RETRY_MS", 50)
    page.editor.notes.notes.setPlainText("first words")
    qtbot.waitUntil(lambda: window.saved_status.text().startswith("Not saved: disk full"), timeout=3000)
    assert page.has_unsaved_changes()
    qtbot.waitUntil(lambda: not page.has_unsaved_changes(), timeout=8000)
    assert window.saved_status.text().startswith("Saved ")
    with window.ws.database.session() as s:
        assert repository.get_exam(s, str(page.exam_id)).record.exam.notes == "first words"


def test_leaving_an_unsaved_amendment_asks(
    qtbot: QtBot, app_filled: MainWindow, monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any,
) -> None:
    window = app_filled
    window.open_patient(window.patients.summaries()[0].id)
    window.act_new_exam.trigger()
    page = window.exam_page
    page.editor.notes.notes.setPlainText("v1")
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    window.act_amend.trigger()
    page.editor.notes.notes.setPlainText("v2")
    monkeypatch.setattr(dialogs, "ask_unsaved_amendment", lambda parent: dialogs.UnsavedChoice.CANCEL)
    assert not window.close_exam() and page.mode is Mode.AMENDING  # the user stays in the amendment
    monkeypatch.setattr(dialogs, "ask_unsaved_amendment", lambda parent: dialogs.UnsavedChoice.SAVE)
    monkeypatch.setattr(dialogs, "ask_amend_reason", lambda parent: "typo")
    exam_id = page.exam_id
    assert window.close_exam()
    with window.ws.database.session() as s:
        stored = repository.get_exam(s, str(exam_id))
        assert stored.summary.status is ExamStatus.AMENDED and stored.record.exam.notes == "v2"

    # the history dialog of that exam, with its table model checked
    shown: list[Any] = []
    monkeypatch.setattr(dialogs, "show_history", lambda parent, title, versions: shown.append((title, versions)))
    window.act_history.trigger()
    dialog = HistoryDialog(window, *shown[0])
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    assert "Changes from version 1:" in dialog.detail.toPlainText()
    assert "Notes: v1 → v2" in dialog.detail.toPlainText()


def test_nothing_changed_in_an_amendment_records_nothing(
    qtbot: QtBot, app_filled: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_filled
    window.open_patient(window.patients.summaries()[0].id)
    window.act_new_exam.trigger()
    window.exam_page.editor.notes.notes.setPlainText("v1")
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    window.act_amend.trigger()
    monkeypatch.setattr(dialogs, "ask_amend_reason", lambda parent: pytest.fail("no reason needed"))
    window.act_save.trigger()
    assert window.exam_page.mode is Mode.LOCKED and window.exam_page.status is ExamStatus.SIGNED


def test_patient_model(qtmodeltester: Any, app_filled: MainWindow) -> None:
    model = PatientTableModel(app_filled.patients.summaries())
    qtmodeltester.check(model)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Name", "Born", "Record", "Last visit"]
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == model.row(0)


def test_closing_when_the_last_save_fails_asks_before_losing_it(
    qtbot: QtBot, app_filled: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_filled
    window.open_patient(window.patients.summaries()[0].id)
    window.act_new_exam.trigger()
    page = window.exam_page
    page.editor.notes.notes.setPlainText("kept")
    window.act_save.trigger()
    assert not page.has_unsaved_changes()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise db.DatabaseError("disk full")

    monkeypatch.setattr(repository, "save_draft", broken)
    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: None)
    page.editor.notes.notes.setPlainText("lost")
    answers = [False, True]
    monkeypatch.setattr(dialogs, "confirm_discard", lambda parent: answers.pop(0))
    assert not window.close_exam() and page.is_open()  # stay, and keep typing
    assert window.close_exam() and not page.is_open()
    with window.ws.database.session() as s:
        assert repository.get_exam(s, str(page.exam_id)).record.exam.notes == "kept"
