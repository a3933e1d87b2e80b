"""Undo a merge of two patient records from the window: right after it, after a restart, and refused
with the reason when something since prevents it (issue 12, build 6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.db import repository
from kinelink.db.records import AuditAction
from kinelink.desktop import dialogs
from kinelink.desktop.main_window import MainWindow
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

EXAM = FIXTURES / "exams" / "full_left_knee_to_hip.json"  # patient Łukasz Żółć, one exam (a draft once imported)


@pytest.fixture
def app_merged(tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """Łukasz Żółć's imported exam, then a second record "Zolc" (one exam) merged into his."""
    window = app_start(tmp_path / "clinic.sqlite3")
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: [EXAM])
    window.act_import.trigger()
    kept = window.patients.summaries()[0]
    monkeypatch.setattr(dialogs, "ask_new_patient",
                        lambda parent: Patient("Zolc", "Lukasz <&>", kept.patient.date_of_birth, Sex.MALE))
    monkeypatch.setattr(dialogs, "ask_duplicate", lambda parent, p, found: dialogs.DuplicateChoice.CREATE_ANYWAY)
    window.act_new_patient.trigger()
    window.act_new_exam.trigger()
    window.exam_page.editor.notes.notes.setPlainText("Second record's exam")
    window.exam_page.save_now()
    window.close_exam()
    other = window.patient_page.patient_id
    assert other is not None and other != kept.id
    monkeypatch.setattr(dialogs, "ask_merge_target", lambda parent, patient, candidates: kept.id)
    window.act_merge.trigger()
    assert window.patient_page.patient_id == kept.id
    return window


def test_undo_merge_from_the_patient_page(
    qtbot: QtBot, app_merged: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_merged
    page = window.patient_page
    kept = page.patient_id
    assert "Undo merge" in window.statusBar().currentMessage()
    assert page.timeline.rowCount() == 2
    assert not page.undo_merge_button.isHidden() and page.undo_merge_button.text() == "Undo merge…"
    assert page.merged_text.startswith("Merged into this record: Lukasz <&> Zolc (1 exam, ")
    assert page.merged_text in page.undo_merge_button.toolTip()
    assert page.undo_merge_button.accessibleName() == "Undo the merge of Lukasz <&> Zolc"
    assert window.act_undo_merge.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, action: asked.append(text) or True)
    page.undo_merge_button.click()
    assert "Move 1 exam back to Lukasz <&> Zolc's own record" in asked[0]
    # the merged record is back, with its exam, and open; the kept record has its own exam only
    assert page.patient is not None and page.patient.family_name == "Zolc"
    assert page.timeline.rowCount() == 1 and page.undo_merge_button.isHidden()
    assert "Merge undone: 1 exam back with Lukasz <&> Zolc." in window.statusBar().currentMessage()
    assert {p.patient.family_name for p in window.patients.summaries()} == {"Żółć", "Zolc"}
    with window.ws.database.session() as s:
        assert len(repository.list_exams(s, kept)) == 1  # type: ignore[arg-type]
        trail = repository.audit_trail(s, patient_id=kept)
        assert any(e.action is AuditAction.UNMERGE_PATIENTS for e in trail)
    assert window.ws.database.check() == []
    assert not window.act_undo_merge.isEnabled()


def test_undo_merge_after_a_restart(
    tmp_path: Path, app_merged: MainWindow, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    app_merged.close()
    window = app_start(tmp_path / "clinic.sqlite3")
    (only,) = window.patients.summaries()  # the merged record is hidden from the list
    window.open_patient(only.id)
    assert window.patient_page.merges and window.act_undo_merge.isEnabled()
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, action: True)
    window.act_undo_merge.trigger()  # File ▸ Undo merge
    assert len(window.patients.summaries()) == 2
    assert window.patient_page.patient is not None and window.patient_page.patient.family_name == "Zolc"
    assert window.patient_page.timeline.rowCount() == 1


def test_undo_merge_is_refused_saying_why(
    qtbot: QtBot, app_merged: MainWindow, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A colleague has an exam of the merge open (a shared database): refused, saying which and who."""
    window = app_merged
    kept = window.patient_page.patient_id
    assert kept is not None
    with window.ws.database.session() as s:
        (moved,) = [e for e in repository.list_exams(s, kept)
                    if repository.get_exam(s, e.id).record.exam.notes == "Second record's exam"]
        repository.set_editing(s, moved.id, True, holder="Maria Kowalska", machine="room-2")
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text, action: True)
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": shown.append(text))
    window.patient_page.undo_merge_button.click()
    assert shown == [f"The merge of Lukasz <&> Zolc cannot be undone: the exam of {moved.date.isoformat()} is open "
                     "in an editor (Maria Kowalska); close it first."]
    with window.ws.database.session() as s:
        assert len(repository.list_exams(s, kept)) == 2  # nothing moved
        repository.set_editing(s, moved.id, False, holder="Maria Kowalska", machine="room-2")
    window.patient_page.undo_merge_button.click()  # closed: now it can be undone
    assert window.patient_page.patient is not None and window.patient_page.patient.family_name == "Zolc"
