"""The support log never holds patient data: a whole journey, then a search of every log file.

The journey runs the real commands in subprocesses (validate, analyze, report, import, export) and
the real window in this process (new patient, exam typed into the editor, signed, PDF written), all
with the same log folder, for a patient whose names, record number and findings are searched for
afterwards. The log must have recorded the journey (starts, database opened, migrations) and hold
none of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.desktop import dialogs, logs
from kinelink.desktop.main_window import MainWindow
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES
from tests.desktop.test_journey import fill_new_patient, named

FAMILY, GIVEN, RECORD = "Żółćkiewicz-Nguyễn", "Иванна Thị", "MRN-7Q4X9Z"
WINDOW_FAMILY, WINDOW_GIVEN = "Ó'Brien <&> Łęcka", "Dạ Quỳnh"
FORCE, COMPLAINT, WINDOW_COMPLAINT = 287.5, "Wawel staircase pain", "Zakopane ridge descent ache"
SECRETS = [FAMILY, GIVEN, RECORD, WINDOW_FAMILY, WINDOW_GIVEN, "Żółćkiewicz", "Nguyễn", "Иванна", "Łęcka", "Quỳnh",
           str(FORCE), COMPLAINT, WINDOW_COMPLAINT, "Wawel", "Zakopane", "Ἀλέξανδρος"]


def exam_file(tmp_path: Path) -> Path:
    data = json.loads((FIXTURES / "exams" / "full_left_knee_to_hip.json").read_text("utf-8"))
    data["patient"].update(id=RECORD, family_name=FAMILY, given_name=GIVEN)
    data["exam"]["history"]["complaint"] = COMPLAINT
    data["exam"]["strength"][0]["force_n"] = FORCE
    path = tmp_path / f"{FAMILY} {GIVEN}.json"  # file names often name the patient
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def kinelink(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")  # XDG_STATE_HOME: this test's own log folder
    done = subprocess.run([sys.executable, "-m", "kinelink.desktop.cli", *args], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def window_journey(window: MainWindow, qtbot: QtBot, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "ask_new_patient", fill_new_patient(WINDOW_FAMILY, WINDOW_GIVEN, "03.02.1961", 1))
    window.act_new_patient.trigger()
    assert window.patient_page.name.text() == f"{WINDOW_GIVEN} {WINDOW_FAMILY}"
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    named(editor, "Presenting complaint").setPlainText(WINDOW_COMPLAINT)
    named(editor, "Knee flexion, left, active").setText("118")
    named(editor, "Hip abductors, left, force").setText(str(FORCE))
    qtbot.waitUntil(lambda: window.exam_page.exam_id is not None and not window.exam_page.has_unsaved_changes(),
                    timeout=10000)
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()

    def save_path(parent: QWidget | None, title: str, suggested: Path, file_filter: str = "") -> Path:
        return out / suggested.name

    monkeypatch.setattr(dialogs, "ask_save_path", save_path)
    window.act_summary.trigger()
    assert [p.name for p in out.glob("*Łęcka*summary.pdf")]  # the PDF is named after the patient
    window.patients.search.setText("zolc")  # the imported patient, found by the accent-free search
    qtbot.waitUntil(lambda: [s.patient.family_name for s in window.patients.summaries()] == [FAMILY], timeout=5000)


def test_a_whole_journey_leaves_no_patient_data_in_the_log(
        qtbot: QtBot, tmp_path: Path, app_private_dirs: Path, app_start: Callable[..., MainWindow],
        monkeypatch: pytest.MonkeyPatch) -> None:
    exam = exam_file(tmp_path)
    database = tmp_path / "clinic.sqlite3"
    out = tmp_path / "out"
    out.mkdir()
    kinelink("validate", str(exam))
    assert FAMILY in kinelink("analyze", str(exam)).stdout
    kinelink("analyze", str(exam), "--format", "json")
    kinelink("report", str(exam), "-o", str(out / f"{FAMILY}.pdf"))
    kinelink("report", str(exam), "-o", str(out / f"{FAMILY} letter.pdf"), "--letter", "--to", "Dr Ἀλέξανδρος")
    kinelink("import", str(exam), "--db", str(database))
    kinelink("export", "--db", str(database), "--out-dir", str(out / "export"))

    window = app_start(database)
    window_journey(window, qtbot, out, monkeypatch)
    window.close()

    folder = logs.log_dir()
    assert folder == app_private_dirs / "state" / "kinelink" / "log"
    text = "\n".join(p.read_text("utf-8", errors="replace") for p in sorted(folder.iterdir()))
    for command in ("validate", "analyze", "report", "import", "export", "window"):
        assert f"({command}), Python" in text  # every step of the journey did write to this log
    assert f"database opened: {database}" in text and "migrating" in text and "window ready" in text
    found = [secret for secret in SECRETS if secret.casefold() in text.casefold()]
    assert found == [], f"the log holds patient data: {found}"
