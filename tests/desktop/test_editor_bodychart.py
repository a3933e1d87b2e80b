"""The body chart in the exam editor: clicks make symptoms, files draw back, the list stays the one owner."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from kinelink.desktop.editor import ExamEditor
from kinelink.forms import bodychart as bc
from kinelink.forms import examfile
from kinelink.forms.model import Exam, ExamRecord, History, Patient, Symptom
from kinelink.forms.vocab import Location, PainQuality, Region, Sex, Side
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

TODAY = dt.date(2026, 11, 25)
FILE = Path(__file__).parent.parent / "fixtures" / "bodychart" / "symptoms.json"
PATIENT = Patient("Żółć", "Łukasz", dt.date(1988, 4, 17), Sex.MALE)


@pytest.fixture
def editor(qtbot: QtBot) -> Iterator[ExamEditor]:
    ed = ExamEditor(today=lambda: TODAY)
    ed.analysis_delay_ms = 0
    qtbot.addWidget(ed)
    ed.resize(1366, 768)
    ed.show()
    qtbot.waitExposed(ed)
    ed.activateWindow()
    ed.load(PATIENT, Exam(date=dt.date(2026, 11, 20), history=History()))
    ed.show_section("History")
    yield ed


def _click(qtbot: QtBot, ed: ExamEditor, zone: bc.Zone) -> None:
    chart = ed.history.chart
    ed.history.scroll_area.ensureWidgetVisible(chart, 0, 0)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.zone_centre(zone).toPoint())


def _pixel(ed: ExamEditor, zone: bc.Zone) -> QColor:
    """The chart's colour inside a zone, above its centre (where a pain number may be drawn)."""
    chart = ed.history.chart
    image = chart.grab().toImage()
    c = chart.zone_centre(zone)
    box = chart._to_screen(zone.view, zone.points).boundingRect()
    return image.pixelColor(QPoint(round(c.x()), round(c.y() - box.height() * 0.3)))


def test_every_zone_has_its_place_and_a_click_at_its_centre_makes_that_symptom(
    editor: ExamEditor, qtbot: QtBot
) -> None:
    qualities = list(PainQuality)
    expected: list[Symptom] = []
    for i, zone in enumerate(bc.ZONES):
        _click(qtbot, editor, zone)
        rows = editor.history.symptom_rows()
        assert len(rows) == i + 1, zone.key  # a new zone: a new symptom
        row = rows[-1]
        assert QApplication.focusWidget() is row.pain  # ready for the pain score
        row.pain.setText(str(i % 11))
        row.quality.set_value(qualities[i % len(qualities)])
        expected.append(Symptom(zone.region, zone.side, zone.location, pain_nprs=i % 11,
                                quality=qualities[i % len(qualities)]))
    assert editor.exam().history.symptoms == tuple(expected)
    assert {(s.region, s.side, s.location) for s in expected} == {(z.region, z.side, z.location) for z in bc.ZONES}
    chart = editor.history.chart
    for i, zone in enumerate(bc.ZONES):
        mark = chart.marks[zone.key]
        assert (mark.nprs, mark.qualities, mark.exact) == (i % 11, (qualities[i % len(qualities)],), True)


def test_a_click_follows_the_mirror_convention(editor: ExamEditor, qtbot: QtBot) -> None:
    """Front: the patient's right is on the viewer's left. Back: the patient's left is."""
    chart = editor.history.chart
    editor.history.scroll_area.ensureWidgetVisible(chart, 0, 0)
    front_knee_y = chart.zone_centre(bc.ZONE_BY_KEY["front-right-knee-anterior"]).y()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(
        round(chart._to_screen(bc.View.FRONT, [(36.0, 0.0)])[0].x()), round(front_knee_y)))
    back_knee_y = chart.zone_centre(bc.ZONE_BY_KEY["back-left-knee-posterior"]).y()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(
        round(chart._to_screen(bc.View.BACK, [(36.0, 0.0)])[0].x()), round(back_knee_y)))
    assert editor.exam().history.symptoms == (
        Symptom(Region.KNEE, Side.RIGHT, Location.ANTERIOR), Symptom(Region.KNEE, Side.LEFT, Location.POSTERIOR))


def test_a_second_click_selects_the_zones_symptom_and_nprs_shades_it(editor: ExamEditor, qtbot: QtBot) -> None:
    zone = bc.ZONE_BY_KEY["front-left-knee-medial"]
    _click(qtbot, editor, zone)
    first = editor.history.symptom_rows()[0]
    assert _pixel(editor, zone).name() == QColor(bc.NOT_RATED_SHADE).name()  # marked, not rated yet
    first.pain.setText("8")
    first.quality.set_value(PainQuality.THROBBING)
    assert _pixel(editor, zone).name() == QColor(bc.shade(8)).name()
    other = bc.ZONE_BY_KEY["back-right-hip-buttock"]
    _click(qtbot, editor, other)
    _click(qtbot, editor, zone)
    assert len(editor.history.symptom_rows()) == 2
    assert QApplication.focusWidget() is first.pain
    assert editor.history.chart.selected == {zone.key}
    assert editor.exam().history.symptoms[0] == Symptom(Region.KNEE, Side.LEFT, Location.MEDIAL, pain_nprs=8,
                                                       quality=PainQuality.THROBBING)
    # the list is the owner: a change of place there moves the mark on the chart
    first.location.set_value(Location.LATERAL)
    assert not editor.history.chart.is_marked(zone)
    assert editor.history.chart.marks["front-left-knee-lateral"].nprs == 8


def test_keyboard_arrows_enter_and_delete_and_what_a_screen_reader_hears(editor: ExamEditor, qtbot: QtBot) -> None:
    chart = editor.history.chart
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    chart.set_current(bc.ZONE_BY_KEY["front-right-knee-anterior"])
    qtbot.keyClick(chart, Qt.Key.Key_Right)  # towards the midline of the right leg
    assert chart.current.key == "front-right-knee-medial"
    assert chart.accessibleName() == "Body chart"
    assert chart.accessibleDescription().startswith("Right knee, medial: not marked")
    qtbot.keyClick(chart, Qt.Key.Key_Up)
    assert chart.current.key == "front-right-thigh-medial"
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    row = editor.history.symptom_rows()[0]
    assert (row.region.value(), row.side.value(), row.location.value()) == (Region.THIGH, Side.RIGHT,
                                                                             Location.MEDIAL)
    assert QApplication.focusWidget() is row.pain
    row.pain.setText("5")
    row.quality.set_value(PainQuality.BURNING)
    assert chart.describe(chart.current) == "Right thigh, medial: pain 5/10, burning"
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(chart, Qt.Key.Key_Delete)
    assert editor.exam().history.symptoms == ()
    assert not chart.is_marked(chart.current) and chart.hasFocus()
    # Tab from the last injury control reaches the chart, and the chart hands on to the symptom list
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert chart.nextInFocusChain() is editor.history.symptoms.add_button


def test_a_file_with_symptoms_draws_them_back_and_comes_back_identical(editor: ExamEditor, qtbot: QtBot,
                                                                        tmp_path: Path) -> None:
    record = examfile.load(FILE, today=TODAY)
    editor.load(record.patient, record.exam)
    chart = editor.history.chart
    marked = {k: (m.nprs, m.exact) for k, m in chart.marks.items()}
    assert marked == {
        "front-right-knee-medial": (7, True),
        "back-left-hip-buttock": (4, True),
        "front-right-groin-groin": (None, True),
        "back-right-lower_back-posterior": (10, True),
        # diffuse: every zone of the left thigh, front and back
        "front-left-thigh-lateral": (2, False), "front-left-thigh-anterior": (2, False),
        "front-left-thigh-medial": (2, False), "back-left-thigh-posterior": (2, False),
    }
    assert chart.marks["front-right-groin-groin"].qualities == (PainQuality.PINS_AND_NEEDLES,)
    assert not chart.is_marked(bc.ZONE_BY_KEY["front-left-knee-medial"])  # the other knee
    assert _pixel(editor, bc.ZONE_BY_KEY["front-right-knee-medial"]).name() == QColor(bc.shade(7)).name()
    assert _pixel(editor, bc.ZONE_BY_KEY["back-right-lower_back-posterior"]).name() == QColor(bc.shade(10)).name()
    assert _pixel(editor, bc.ZONE_BY_KEY["front-left-knee-medial"]).name() != QColor(bc.shade(7)).name()
    # file -> chart -> file
    out = tmp_path / "out.json"
    examfile.dump(ExamRecord(record.patient, editor.exam()), out)
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(FILE.read_text(encoding="utf-8"))


def test_a_signed_exam_shows_the_chart_but_a_click_adds_nothing(editor: ExamEditor, qtbot: QtBot) -> None:
    record = examfile.load(FILE, today=TODAY)
    editor.load(record.patient, record.exam)
    editor.set_locked(True)
    _click(qtbot, editor, bc.ZONE_BY_KEY["front-left-knee-anterior"])
    _click(qtbot, editor, bc.ZONE_BY_KEY["front-right-knee-medial"])  # a marked zone: goes to its row
    rows = editor.history.symptom_rows()
    assert QApplication.focusWidget() is rows[0].pain and rows[0].pain.isReadOnly()
    editor.history.chart.setFocus()
    qtbot.keyClick(editor.history.chart, Qt.Key.Key_Delete)
    assert editor.exam() == record.exam


def test_symptom_rows_fit_a_1024_pixel_screen(qtbot: QtBot) -> None:
    ed = ExamEditor(today=lambda: TODAY)
    qtbot.addWidget(ed)
    ed.resize(1024, 700)
    ed.show()
    qtbot.waitExposed(ed)
    record = examfile.load(FILE, today=TODAY)
    ed.load(record.patient, record.exam)
    ed.show_section("History")
    qtbot.wait(50)
    section = ed.history
    assert section.body.width() <= section.scroll_area.viewport().width()  # no sideways scrolling
    # ...with room to spare for wider fonts than this machine's
    assert section.body.minimumSizeHint().width() <= section.scroll_area.viewport().width() - 30
    assert not section.chart_frame.side_by_side()
    ed.resize(1920, 1080)
    qtbot.waitUntil(section.chart_frame.side_by_side)


def test_the_questionnaire_section_fits_a_1024_pixel_screen(qtbot: QtBot) -> None:
    """The questionnaire buttons stood side by side, their full titles wider than the page: the whole
    section scrolled sideways at 1024 px, cutting off the intro and the answer columns."""
    ed = ExamEditor(today=lambda: TODAY)
    qtbot.addWidget(ed)
    ed.resize(1024, 700)
    ed.show()
    qtbot.waitExposed(ed)
    ed.load(PATIENT, Exam(date=dt.date(2026, 11, 20), history=History()))
    ed.show_section("Outcomes")
    qtbot.wait(50)
    section = ed.outcomes
    assert section.body.width() <= section.scroll_area.viewport().width()
    assert all(b.isVisibleTo(section) and b.width() >= b.sizeHint().width() for b in section.choose_buttons.values())
