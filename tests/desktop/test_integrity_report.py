"""The window's integrity view (File ▸ Check the database) in German (issue 16): the findings about a
database tampered with by raw SQL are German sentences, with a German heading that counts them, and a
sound database gets a German verdict; no English word and no English finding is shown. The background
check's damage report is German too, with its count."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from kinelink import db
from kinelink.desktop import dialogs, integrity_report, language
from kinelink.desktop.integrity_report import IntegrityReport
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.settings import Settings, save_settings
from pytestqt.qtbot import QtBot

from tests.db import tampered
from tests.desktop.test_german_window import english_in, shown_text
from tests.survival.helpers import drop_triggers, filled

_QUOTED = re.compile(r"„[^“]*“")  # stored text (names, reasons, audit texts) is the record's, not Kinelink's
SHOTS = Path(__file__).parents[2] / "build" / "screenshots"


@pytest.fixture
def german() -> Iterator[None]:
    language.apply("de")
    yield
    language.apply("en")


def _shown(report: IntegrityReport) -> list[str]:
    return [_QUOTED.sub("", t) for t in shown_text(report)]


def test_the_findings_about_a_tampered_database_are_german(qtbot: QtBot, tmp_path: Path, german: None) -> None:
    clinic = tampered.clinic(tmp_path / "praxis.sqlite3")
    tampered.tamper(clinic)
    language.apply("en")
    english = db.check_file(clinic.path)
    language.apply("de")
    problems = db.check_file(clinic.path)
    assert len(problems) == len(english) >= 10
    report = IntegrityReport(None, clinic.path.name, problems)
    qtbot.addWidget(report)
    report.show()
    assert report.windowTitle() == "Datenbankprüfung"
    assert report.verdict.text() == f"Die Prüfung hat in praxis.sqlite3 {len(problems)} Probleme gefunden."
    items = [report.findings.item(i).text() for i in range(report.findings.count())]
    assert items == [p[:1].upper() + p[1:] for p in problems] and report.findings.isVisibleTo(report)
    assert f"Untersuchung {clinic.signed}: Ihr Status wurde außerhalb von Kinelink geändert („Unterschrieben“ → " \
           "„Entwurf“)" in items
    texts = shown_text(report)
    english_items = {e[:1].upper() + e[1:] for e in english}
    assert not [t for t in texts if t in english_items]  # an English finding shown under German fails here
    assert english_in(_shown(report)) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    report.grab().save(str(SHOTS / "integrity_report_de.png"))


def test_one_finding_is_counted_in_the_singular(qtbot: QtBot, german: None) -> None:
    report = IntegrityReport(None, "praxis.sqlite3", ["Glied 3 der Verlaufskette wurde gelöscht"])
    qtbot.addWidget(report)
    assert report.verdict.text() == "Die Prüfung hat in praxis.sqlite3 1 Problem gefunden."


def test_a_sound_database_gets_a_german_verdict(qtbot: QtBot, tmp_path: Path, german: None) -> None:
    clinic = tampered.clinic(tmp_path / "praxis.sqlite3")
    report = IntegrityReport(None, clinic.path.name, db.check_file(clinic.path))
    qtbot.addWidget(report)
    report.show()
    assert report.verdict.text() == "In praxis.sqlite3 wurden keine Probleme gefunden."
    assert not report.findings.isVisibleTo(report)
    assert english_in(_shown(report)) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    report.grab().save(str(SHOTS / "integrity_report_de_sound.png"))


def test_the_window_checks_its_open_database_as_the_command_line_does(
        app_start: Callable[..., MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clinic = tampered.clinic(tmp_path / "praxis.sqlite3")
    window = app_start(clinic.path)
    shown: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(integrity_report, "show_report",
                        lambda parent, target, problems: shown.append((target, list(problems))))
    assert window.act_check.isEnabled()
    window.act_check.trigger()
    assert shown == [("praxis.sqlite3", [])]
    tampered.tamper(clinic)
    window.act_check.trigger()
    assert shown[1][0] == "praxis.sqlite3" and shown[1][1] == db.check_file(clinic.path) and len(shown[1][1]) >= 10


def test_damage_found_in_the_background_is_reported_in_german_with_its_count(
        qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
        german: None) -> None:
    save_settings(Settings(clinician_name="Anna Nowak, PT", clinic_name="Praxis Żółty Dom", auto_backup=False,
                           language="de"), tmp_path / "settings.json")  # Settings ▸ Language: Deutsch
    path = filled(tmp_path / "praxis.sqlite3", patients=4)
    conn = sqlite3.connect(path, isolation_level=None)
    drop_triggers(conn)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE exams SET status = 'skgned' WHERE rowid IN (1, 2)")  # two CHECK constraints broken
    conn.close()
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, details="": shown.append((title, text, details)))
    window = app_start(path)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    title, text, details = shown[0]
    problems = details.splitlines()  # SQLite's own findings, in SQLite's words
    assert title == "Die Datenbank ist beschädigt"
    assert text.startswith(f"Die Integritätsprüfung von SQLite hat in {window.ws.target} {len(problems)} Fehler "
                           "gefunden. Kinelink hat die Datei nicht verändert")
    assert len(problems) == 2 and english_in([title, text.replace(str(path), "")]) == []
