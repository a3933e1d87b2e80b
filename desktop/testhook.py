"""Scripted edits for the crash-recovery test: read only when KINELINK_TEST_SCRIPT is set.

The test starts the real program in a subprocess with this variable naming a
JSON script, waits for the line `edited <exam id>`, kills the process with
SIGKILL and starts the application again. The script goes through the same
paths a user does: the patient is stored with the new-patient action's unit of
work, the exam is started with New exam, and edits reach the exam page through
the editor (`load` followed by its `changed` signal, or text typed into a field
found by its accessible name, which makes the editor emit `changed` itself).
`edited` is printed only after the autosave has committed.

Script:
    {"patient": {...exam-file patient...},
     "steps": [{"exam": {...exam-file exam...}} | {"set_text": ["Accessible name", "text"]}, ...]}
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from kinelink import db
from kinelink.desktop.main_window import MainWindow
from kinelink.forms import examfile
from kinelink.forms.model import ExamRecord
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget

ENV = "KINELINK_TEST_SCRIPT"
POLL_MS = 50


def _record(patient: dict[str, Any], exam: dict[str, Any]) -> ExamRecord:
    return examfile.from_dict({"format": examfile.FORMAT, "version": examfile.VERSION,
                               "patient": patient, "exam": exam})


def _field(root: QWidget, name: str) -> QWidget:
    for widget in root.findChildren(QWidget):
        if widget.accessibleName() == name and isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            return widget
    raise LookupError(f"no text field named {name!r} in the editor")


class ScriptRunner(QObject):
    """Owned by the window (a Qt child), so it lives as long as the window does."""

    def __init__(self, window: MainWindow, script: dict[str, Any]) -> None:
        super().__init__(window)
        self.window = window
        self.patient_doc: dict[str, Any] = script["patient"]
        self.steps: list[dict[str, Any]] = list(script.get("steps", []))
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)
        self._committed = True  # no step waiting for its autosave
        window.exam_page.saved.connect(self._on_saved)

    def _on_saved(self, _exam_id: str) -> None:
        self._committed = True

    def start(self) -> None:
        window = self.window
        first_exam = next((s["exam"] for s in self.steps if "exam" in s), {"date": "2024-01-01", "history": {}})
        patient = _record(self.patient_doc, first_exam).patient
        with window.ws.database.write() as s:
            patient_id = db.repository.create_patient(s, patient, author=window.ws.author)
        window.patients.refresh()
        window.open_patient(patient_id)
        window.new_exam()
        self._timer.start()

    def _tick(self) -> None:
        page = self.window.exam_page
        if not self._committed or page.has_unsaved_changes():
            return  # the last step's autosave has not committed yet
        if not self.steps:
            self._timer.stop()
            sys.stdout.write(f"edited {page.exam_id}\n")
            sys.stdout.flush()
            return
        step = self.steps.pop(0)
        self._committed = False
        editor = page.editor
        if "exam" in step:
            assert page.patient is not None
            editor.load(page.patient, _record(self.patient_doc, step["exam"]).exam)
            editor.changed.emit()
        elif "set_text" in step:
            name, text = step["set_text"]
            field = _field(page.editor_widget() or page, name)
            if isinstance(field, QLineEdit):
                field.setText(text)
            elif isinstance(field, QPlainTextEdit | QTextEdit):
                field.setPlainText(text)


def start_from_environment(window: MainWindow) -> ScriptRunner | None:
    path = os.environ.get(ENV)
    if not path:
        return None
    runner = ScriptRunner(window, json.loads(Path(path).read_text(encoding="utf-8")))
    QTimer.singleShot(0, runner.start)
    return runner
