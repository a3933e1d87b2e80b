"""The window on a database that fails SQLite's check, or that another program keeps busy: it says
so, writes nothing to a damaged file, and keeps what was typed until it can be saved."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kinelink import db
from kinelink.db import repository, sqlitefile
from kinelink.desktop import dialogs, exam_page
from kinelink.desktop.main_window import MainWindow
from pytestqt.qtbot import QtBot

from tests.db.conftest import person
from tests.survival.helpers import drop_triggers, filled, fingerprint


def _errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": shown.append((title, text)))
    return shown


def test_damage_found_by_the_background_check_makes_the_window_read_only(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = filled(tmp_path / "k.sqlite3", patients=4)
    conn = sqlite3.connect(path, isolation_level=None)
    drop_triggers(conn)  # damage and raw SQL do not ask the database's rules
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE exams SET status = 'skgned' WHERE rowid = 1")  # a CHECK constraint broken behind our back
    conn.close()
    before = fingerprint(path)
    shown = _errors(monkeypatch)

    window = app_start(path)
    qtbot.waitUntil(lambda: window.ws.database.read_only is not None, timeout=10000)
    assert shown and shown[0][0] == "The database is damaged"
    assert window.banner.isVisible()
    assert "damaged" in window.banner.text() and "Back up now" in window.banner.text()
    assert "Restore from a backup" in window.banner.text()
    for action in (window.act_new_patient, window.act_new_exam, window.act_import, window.act_save, window.act_sign):
        assert not action.isEnabled(), action.text()
    assert window.patients.summaries(), "what can be read is still shown"
    with pytest.raises(db.ReadOnly, match="nothing was saved"), window.ws.database.session() as s:
        repository.create_patient(s, person("Żółć", "Łukasz"), author="test")

    window.act_backup.trigger()  # the file kept as it is, byte for byte
    copies = list(window.ws.settings.backup_dir().glob("k-*.sqlite3"))
    assert len(copies) == 1 and copies[0].read_bytes() == path.read_bytes()
    window.close()
    window.ws.database.close()
    assert fingerprint(path) == before


def test_a_sound_database_shows_no_banner(qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow]) -> None:
    window = app_start(filled(tmp_path / "k.sqlite3", patients=2))
    check = window.integrity_check
    assert check is not None
    check.wait(10)  # type: ignore[attr-defined]
    qtbot.wait(50)
    assert window.ws.database.read_only is None and not window.banner.isVisible()
    assert window.act_new_patient.isEnabled()


def test_autosave_while_another_program_holds_the_database_says_so_and_saves_later(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sqlitefile, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(exam_page, "RETRY_MS", 100)
    path = filled(tmp_path / "k.sqlite3", patients=2)
    window = app_start(path)
    window.open_patient(window.patients.summaries()[0].id)
    window.act_new_exam.trigger()
    page = window.exam_page
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        page.editor.notes.notes.setPlainText("Łukasz: kolano <lewe> & \"biodro\"")
        qtbot.waitUntil(lambda: "the database is busy" in window.saved_status.text(), timeout=5000)
        assert window.saved_status.text().startswith("Not saved:")
        assert page.has_unsaved_changes()
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(lambda: not page.has_unsaved_changes(), timeout=5000)
    with window.ws.database.session() as s:
        stored: Any = repository.get_exam(s, str(page.exam_id)).record.exam.notes
    assert stored == "Łukasz: kolano <lewe> & \"biodro\""
