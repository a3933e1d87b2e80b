"""The whole-file check runs after start-up and reports damage without touching the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kinelink import db
from kinelink.db import repository
from kinelink.desktop.integrity import IntegrityCheck
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from pytestqt.qtbot import QtBot


def _database_with_patients(path: Path, n: int = 400) -> None:
    database = db.open_database(path)
    with database.session() as s:
        for i in range(n):
            repository.create_patient(
                s, Patient(f"Żółć{i:04d}", "Łukasz", dt.date(1980, 1, 1), Sex.MALE, f"R{i}"), author="test"
            )
    database.close()


def test_sound_file_reports_nothing(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "k.sqlite3"
    _database_with_patients(path, 10)
    database = db.open_database(path, quick_check=False)
    check = IntegrityCheck(database)
    with qtbot.waitSignal(check.finished, timeout=10000) as got:
        check.start()
    assert got.args == [[]]
    database.close()


def test_damage_inside_the_file_is_found_and_the_file_left_alone(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "k.sqlite3"
    _database_with_patients(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) > 8 * page
    # scribble over a page of the patients' rows near the end (the schema's pages come first); header intact
    at = (len(data) // page - 3) * page
    data[at : at + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    database = db.open_database(path, quick_check=False)  # opens: the header is sound
    check = IntegrityCheck(database)
    with qtbot.waitSignal(check.finished, timeout=10000) as got:
        check.start()
    assert got.args[0], "quick_check reports the damage"
    database.close()
    assert path.read_bytes() == before
