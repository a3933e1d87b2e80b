"""Every page of the exam editor fits a 1024×700 window in English and in German: no sideways scrolling,
no label cut. German runs longer (the two-column red-flag list widened History by about 24 px, the row
label "Extensoren (M. quadriceps)" Strength by about 28 px on a workstation's fonts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from kinelink.desktop import language
from kinelink.desktop.editor.editor import ExamEditor
from kinelink.desktop.editor.history import CheckList
from kinelink.desktop.editor.labels import red_flag_label
from kinelink.forms import examfile
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Gait, Mode, RedFlag, Sex, Side
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

TODAY = dt.date(2026, 11, 25)
EXAM = FIXTURES / "exams" / "full_left_knee_to_hip.json"


@pytest.fixture(params=["en", "de"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    language.apply(request.param)
    yield request.param
    language.apply("en")


def open_editor(qtbot: QtBot, size: tuple[int, int], *, full: bool, passive: bool = True) -> ExamEditor:
    editor = ExamEditor(today=lambda: TODAY)
    qtbot.addWidget(editor)
    if full:  # every list ticked, a body mass: the derived columns and the N/kg column show
        record = examfile.load(EXAM, today=TODAY)
        history = dataclasses.replace(record.exam.history, gait=tuple(Gait), red_flags=tuple(RedFlag))
        rom = tuple(e for e in record.exam.rom if passive or e.mode is not Mode.PASSIVE)
        exam = dataclasses.replace(record.exam, history=history, rom=rom, body_mass_kg=82.5)
        editor.load(record.patient, exam)
    else:
        editor.load(Patient("Żółć", "Łukasz", dt.date(1985, 3, 12), Sex.MALE), None)
        editor.set_protocol("")  # all fields: the longest list of rows
    editor.resize(*size)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def cut_labels(page: QWidget) -> list[str]:
    """Visible labels and check boxes narrower than their text (a label that wraps is never cut)."""
    cut = []
    for label in page.findChildren(QLabel):
        if label.isVisibleTo(page) and not label.wordWrap() and label.text() and not label.text().startswith("<"):
            need = max(label.fontMetrics().horizontalAdvance(line) for line in label.text().split("\n"))
            if need > label.contentsRect().width():
                cut.append(f"{label.text()!r}: {label.contentsRect().width()} < {need}")
    for box in page.findChildren(QCheckBox):
        if box.isVisibleTo(page) and box.sizeHint().width() > box.width():
            cut.append(f"{box.text()!r}: {box.width()} < {box.sizeHint().width()}")
    return cut


def overflow(editor: ExamEditor, qtbot: QtBot) -> dict[str, object]:
    found: dict[str, object] = {}
    for name, section in editor.sections.items():
        editor.show_section(name)
        qtbot.wait(30)
        sideways = section.scroll_area.horizontalScrollBar().maximum()
        cut = cut_labels(section.body)
        if sideways or cut:
            found[name] = (sideways, cut)
    return found


def test_no_page_scrolls_sideways_at_1024x700(qtbot: QtBot, lang: str) -> None:
    editor = open_editor(qtbot, (1024, 700), full=False)
    assert overflow(editor, qtbot) == {}


def test_a_full_exam_fits_1024x700(qtbot: QtBot, lang: str) -> None:
    """Values everywhere: the strength rows' N/kg ("L 1,83 · R 2,13" on one line widened German by 46 px)."""
    editor = open_editor(qtbot, (1024, 700), full=True, passive=False)
    assert not editor.strength.derived_headers[1].isHidden()
    assert overflow(editor, qtbot) == {}


def test_the_passive_range_columns_fit_1024x700(qtbot: QtBot, lang: str) -> None:
    """With its passive columns the ROM page was about 130 px too wide: the names (and norms) go on a line
    above their fields, and back beside them when the window is wide again."""
    editor = open_editor(qtbot, (1024, 700), full=True)
    assert editor.rom.passive.isChecked()
    assert overflow(editor, qtbot) == {}
    assert not editor.rom.is_wide() and editor.strength.is_wide()
    # the keyboard works as in the wide layout: Alt+2 to the first field, Enter left → right, Tab across
    qtbot.keyClick(editor, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    first = editor.rom.rows[0]
    assert QApplication.focusWidget() is first.cell(Side.LEFT, 0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is first.cell(Side.RIGHT, 0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is first.cell(Side.RIGHT, 1)
    editor.resize(1920, 1080)
    editor.show_section("ROM")
    qtbot.waitUntil(editor.rom.is_wide)
    assert editor.rom.scroll_area.horizontalScrollBar().maximum() == 0
    assert cut_labels(editor.rom.body) == []


def test_the_red_flag_list_reflows_and_keeps_its_tab_order(qtbot: QtBot, lang: str) -> None:
    """Two columns (the widest label on a line of its own below them) where they fit, one where they do not;
    the Tab and reading order are the same in both."""
    page = QWidget()
    qtbot.addWidget(page)
    flags = CheckList[RedFlag]("Red flag", [(red_flag_label(f), f) for f in RedFlag], page, columns=2)
    order = flags.widgets()
    page.show()
    flags.widget.resize(900, 400)
    qtbot.waitUntil(lambda: flags.columns == 2)
    assert flags.widget.minimumWidth() < 900 // 2 + 150  # one column's width: a narrow page is not held wide
    flags.widget.resize(flags.widget.minimumWidth(), 600)
    qtbot.waitUntil(lambda: flags.columns == 1)
    assert flags.widgets() == order

    def whole() -> None:
        assert not [b.text() for b in flags.boxes.values() if b.sizeHint().width() > b.width()]

    qtbot.waitUntil(whole)


# --- narrow windows: half a 1920 screen, an 800×600 projector -------------------------------------------
@pytest.mark.parametrize("size", [(960, 700), (800, 600)])
@pytest.mark.parametrize("full", [False, True], ids=["new", "full"])
def test_no_page_scrolls_sideways_in_a_narrow_window(qtbot: QtBot, lang: str, size: tuple[int, int],
                                                     full: bool) -> None:
    """Beside a 240-px analysis panel and the section list a page had ~400 px at 800×600 (Tests 132 px too
    wide in English, German up to 200): where a page does not fit, the analysis goes below the form."""
    editor = open_editor(qtbot, size, full=full)
    assert overflow(editor, qtbot) == {}


def test_a_red_flag_shows_at_800x600_without_opening_the_analysis(qtbot: QtBot, lang: str) -> None:
    """The panel goes below the form (closed) once a page does not fit beside it, and stays there while the
    window is that narrow; a line above the form names the red flags."""
    editor = open_editor(qtbot, (800, 600), full=False)
    flag = red_flag_label(RedFlag.NIGHT_PAIN)
    assert not editor.red_flag_line.isVisible()  # no red flag: no red line
    box = editor.history.red_flags.boxes[RedFlag.NIGHT_PAIN]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # ticked from the keyboard, as a physio does

    def flag_seen() -> None:  # in the panel beside the form (English History fits beside it) or in the line
        seen = [w.text() for w in (editor.red_flag_line,) if w.isVisible()]
        seen += [editor.panel.text()] if editor.panel.isVisible() else []
        assert any(flag in text for text in seen)

    qtbot.waitUntil(flag_seen)
    qtbot.keyClick(box, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # ROM does not fit beside it at 800 px
    qtbot.waitUntil(editor.analysis_collapsed)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(30)
    assert editor.analysis_collapsed() and not editor.panel.isVisible()
    assert editor.red_flag_line.isVisible() and flag in editor.red_flag_line.text()
    box.setFocus()
    top_left = editor.red_flag_line.mapTo(editor, QPoint(0, 0))
    assert editor.rect().contains(top_left) and top_left.y() < 200  # above the form: seen without scrolling
    # the toggle (and its key) opens the analysis below the form, focus in it; again closes it, focus back
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: editor.panel.isVisible())
    assert editor.panel.isAncestorOf(QApplication.focusWidget())
    assert editor.panel.mapTo(editor, QPoint(0, 0)).y() > editor.stack.mapTo(editor, QPoint(0, 0)).y()  # below
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: not editor.panel.isVisible())
    assert QApplication.focusWidget() is box
    # wide again: the panel is back beside the form, the red line gone (the panel shows the flags first)
    editor.resize(1280, 800)
    qtbot.waitUntil(lambda: editor.panel.isVisible())
    assert not editor.analysis_collapsed() and not editor.red_flag_line.isVisible()
    assert editor.panel.mapTo(editor, QPoint(0, 0)).x() > editor.stack.mapTo(editor, QPoint(0, 0)).x()  # beside
    assert editor.panel.width() >= 240
