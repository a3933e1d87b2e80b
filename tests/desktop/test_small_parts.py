"""Recipient dialog, chart drawing, version differences, file names."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kinelink.desktop.chart import ProgressChart, nice_ticks
from kinelink.desktop.history_dialog import changes
from kinelink.desktop.letter_dialog import LetterContext, LetterDialog
from kinelink.desktop.usecases.targets import display_name, sqlite_file
from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.model import ExamRecord, RomEntry
from kinelink.forms.progress import Series
from kinelink.forms.vocab import Joint, Movement, Side
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES


def test_letter_dialog_without_a_name_greets_a_colleague(qtbot: QtBot) -> None:
    record = examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json", today=dt.date(2100, 1, 1))
    dialog = LetterDialog(None, LetterContext(record, analyze(record)))
    qtbot.addWidget(dialog)
    assert not dialog.clinic_warning.isVisibleTo(dialog)
    dialog.name.setText("")
    dialog.organisation.setText("Emergency Department, Szpital Bielański")
    assert dialog.salutation.text() == "Dear colleague,"
    dialog.name.setText("Dr Ἀλέξανδρος Παπαδόπουλος")
    assert dialog.salutation.text() == "Dear Dr Παπαδόπουλος,"
    assert "Emergency Department, Szpital Bielański" in dialog.preview.toPlainText()


def test_nice_ticks() -> None:
    assert nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(0, 80) == [0, 20, 40, 60, 80]
    assert nice_ticks(0, 5) == [0, 1, 2, 3, 4, 5]
    assert nice_ticks(93, 147)[0] <= 93 and nice_ticks(93, 147)[-1] >= 147
    assert nice_ticks(5, 5)  # a flat line still gets a scale


def test_chart_draws_and_describes(qtbot: QtBot) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.resize(500, 260)
    d1, d2 = dt.date(2026, 1, 5), dt.date(2026, 3, 1)
    chart.set_data("Knee flexion (°)", "°", [Series("Left", ((d1, 95.0), (d2, 118.0))), Series("Right", ())],
                   reference=("norm 135°", 135.0))
    assert [s.label for s in chart.series()] == ["Left"]  # empty series are not drawn
    assert chart.accessibleDescription() == "Knee flexion (°). Left: 5 Jan 2026 95, 1 Mar 2026 118"
    image = chart.grab().toImage()
    assert image.width() == 500
    colours = {image.pixelColor(x, y).name() for x in range(0, 500, 3) for y in range(0, 260, 3)}
    assert "#0072b2" in colours  # the left series is drawn in its colour
    chart.clear("Nothing yet")
    assert chart.accessibleDescription() == "Nothing yet"
    chart.grab()


def test_changes_between_versions_name_the_field() -> None:
    old = examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json")
    knee_left = (Joint.KNEE, Movement.FLEXION, Side.LEFT)
    rom = (
        *(dataclasses.replace(r, degrees=125.0) if (r.joint, r.movement, r.side) == knee_left else r
          for r in old.exam.rom),
        RomEntry(Joint.HIP, Movement.ABDUCTION, Side.LEFT, 30.0),
    )
    new = ExamRecord(old.patient, dataclasses.replace(old.exam, rom=rom, notes="Corrected"))
    lines = changes(old, new)
    assert "Knee flexion, left, active: 118°, painful → 125°, painful" in lines
    assert "Hip abduction, left, active: added 30°" in lines
    assert any(line.startswith("Notes: Patient reports") and line.endswith("→ Corrected") for line in lines)
    assert changes(old, old) == []


def test_database_names() -> None:
    assert display_name("/home/a/clinic.sqlite3") == "clinic.sqlite3"
    assert display_name("postgresql+psycopg://kin:secret@db.local/kinelink") == "postgresql://db.local/kinelink"
    assert sqlite_file("sqlite:////tmp/x.sqlite3") is not None
    assert sqlite_file("postgresql://h/db") is None
