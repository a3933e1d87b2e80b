"""Never lose work: the application is killed after edits, started again, and the draft comes back."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.db import open_database, repository
from kinelink.desktop import dialogs, paths
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.settings import Settings, save_settings
from kinelink.desktop.usecases.workspace import machine_name
from kinelink.forms import examfile
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[2]


def _script(tmp_path: Path) -> Path:
    doc = json.loads((FIXTURES / "exams" / "full_left_knee_to_hip.json").read_text(encoding="utf-8"))
    exam = doc["exam"]
    del exam["id"]
    script = {
        "patient": doc["patient"],
        "steps": [
            {"set_text": ["Presenting complaint", "Hip pain after football"]},  # typed into the editor
            {"exam": exam},  # a whole exam loaded into the editor, then its `changed`
            {"set_text": ["Notes", "Last words before the crash: Żółć <b>&</b>"]},
        ],
    }
    path = tmp_path / "script.json"
    path.write_text(json.dumps(script, ensure_ascii=False), encoding="utf-8")
    return path


def _run_until_edited(tmp_path: Path, database: Path, app_private_dirs: Path) -> str:
    # the same clinician as app_start's window: recovery marks belong to their holder and machine
    save_settings(Settings(clinician_name="Anna Nowak, PT", auto_backup=False), paths.settings_file())
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KINELINK_TEST_SCRIPT": str(_script(tmp_path)),
        "XDG_DATA_HOME": str(app_private_dirs / "data"),
        "XDG_CONFIG_HOME": str(app_private_dirs / "config"),
        "PYTHONPATH": str(ROOT),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kinelink.desktop.cli", "--db", str(database)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith("edited ") or not line:
                break
        assert line.startswith("edited "), f"no 'edited' line; stderr: {proc.stderr.read() if proc.stderr else ''}"
        assert proc.poll() is None  # still running, with the exam open in the editor
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return line.split()[1]


@pytest.mark.slow
def test_killed_application_gives_the_draft_back(
    qtbot: QtBot, tmp_path: Path, app_private_dirs: Path, app_start: Callable[..., MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = tmp_path / "clinic.sqlite3"
    exam_id = _run_until_edited(tmp_path, database, app_private_dirs)

    offered: list[list[str]] = []

    def restore(parent: object, descriptions: list[str]) -> dialogs.RecoveryChoice:
        offered.append(list(descriptions))
        return dialogs.RecoveryChoice.RESTORE

    monkeypatch.setattr(dialogs, "ask_recover_draft", restore)
    window = app_start(database)
    assert len(offered) == 1 and offered[0][0].startswith("Łukasz Żółć: exam of 2 Oct 2026, last saved ")
    page = window.exam_page
    assert page.is_open() and page.mode is Mode.DRAFT and page.exam_id == exam_id
    exam = page.editor.exam()
    expected = examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json").exam
    assert exam.notes == "Last words before the crash: Żółć <b>&</b>"
    assert exam.history == expected.history  # the loaded exam replaced the typed complaint
    assert exam.rom == expected.rom and exam.outcomes == expected.outcomes
    assert window.pages.currentWidget() is page

    # a clean close clears the mark: the next start asks nothing
    window.act_close_exam.trigger()
    with window.ws.database.session() as s:
        assert repository.exams_being_edited(s, holder=window.ws.holder, machine=window.ws.machine) == []


def test_declining_keeps_the_draft_in_the_timeline(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = tmp_path / "clinic.sqlite3"
    record = examfile.load(FIXTURES / "exams" / "sparse_minimal.json")
    with open_database(database) as opened, opened.session() as s:
        pid = repository.create_patient(s, record.patient, author="A")
        exam_id = repository.save_draft(s, pid, record.exam, author="A")
        # as a crash leaves it, for the clinician app_start logs in as
        repository.set_editing(s, exam_id, True, holder="Anna Nowak, PT", machine=machine_name())
    monkeypatch.setattr(dialogs, "ask_recover_draft", lambda parent, d: dialogs.RecoveryChoice.KEEP_AS_DRAFT)
    window = app_start(database)
    assert not window.exam_page.is_open()
    with window.ws.database.session() as s:
        assert repository.exams_being_edited(s, holder=window.ws.holder, machine=window.ws.machine) == []
        assert [e.id for e in repository.list_exams(s, pid)] == [exam_id]
