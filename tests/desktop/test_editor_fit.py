"""The exam editor at 1366×768 and 1024×700: placeholders, the questionnaire buttons and the tests' columns fit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from kinelink.desktop.editor.editor import ExamEditor
from kinelink.desktop.editor.fields import DateField
from kinelink.forms.vocab import Side, TestName
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QStyleOptionFrame
from pytestqt.qtbot import QtBot


@pytest.fixture(params=[(1366, 768), (1024, 700)], ids=["1366x768", "1024x700"])
def editor(qtbot: QtBot, request: pytest.FixtureRequest) -> Iterator[ExamEditor]:
    widget = ExamEditor(today=lambda: dt.date(2026, 11, 25))
    qtbot.addWidget(widget)
    widget.resize(*request.param)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def placeholder_fits(edit: QLineEdit) -> bool:
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit).width()
    return edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room - 4  # 4: the text margins


def test_placeholders_are_whole(editor: ExamEditor, qtbot: QtBot) -> None:
    editor.show_section("History")
    qtbot.wait(20)
    injury = DateField("Date", "", lambda: None, editor.history, partial=True)  # as an injury row makes it
    for field in [injury, editor.panel.note]:
        assert placeholder_fits(field), (field.placeholderText(), field.width())


def test_questionnaire_buttons_are_inside_the_section(editor: ExamEditor, qtbot: QtBot) -> None:
    editor.show_section("Outcomes")
    qtbot.wait(20)
    viewport = editor.outcomes.parentWidget()
    while viewport is not None and viewport.objectName() != "qt_scrollarea_viewport":
        viewport = viewport.parentWidget()
    room = QRect(QPoint(0, 0), (viewport or editor).size())
    for button in editor.outcomes.choose_buttons.values():
        if button.isVisible():
            where = QRect(button.mapTo(viewport or editor, QPoint(0, 0)), button.size())
            assert room.contains(where), (button.text(), where, room)
            assert button.fontMetrics().horizontalAdvance(button.text()) <= button.width()


def test_test_names_line_up_across_groups(editor: ExamEditor) -> None:
    section = editor.tests
    lefts = {line.result.mapTo(section, QPoint(0, 0)).x() for line in section.lines.values()}
    assert len(lefts) == 1, lefts
    names = [w for ws in section.test_widgets.values() for w in ws if isinstance(w, QLabel) and not w.wordWrap()]
    for label in names:
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width(), label.text()




def test_the_tests_page_fits_a_1024_pixel_screen(qtbot: QtBot) -> None:
    """At 1024×700 the Tests page scrolled sideways to reach its Note column (the test names, the
    result, grade and pain boxes and the hop's distance and LSI were all at their full width)."""
    editor = ExamEditor(today=lambda: dt.date(2026, 11, 25))
    qtbot.addWidget(editor)
    editor.resize(1024, 700)
    editor.show()
    qtbot.waitExposed(editor)
    editor.show_section("Tests")
    qtbot.wait(50)
    section = editor.tests
    room = section.scroll_area.viewport().width()
    assert section.body.width() <= room  # no sideways scrolling
    # ...with room to spare: CI's fonts run about 25 px wider than a workstation's
    assert section.body.minimumSizeHint().width() <= room - 30, (section.body.minimumSizeHint().width(), room)
    for line in section.lines.values():  # every note box is inside the page, wide enough to type in
        right = line.note.mapTo(section.scroll_area.viewport(), QPoint(line.note.width(), 0)).x()
        assert right <= room and line.note.width() >= 80, (line.test.label, right, line.note.width())
    assert not section.is_wide()  # each name on its own line above its two sides
    editor.resize(1920, 1080)  # a wide screen keeps the names in their own column, beside both sides
    qtbot.waitUntil(section.is_wide)
    assert section.body.width() <= section.scroll_area.viewport().width()
    lachman = section.lines[(TestName.LACHMAN, Side.LEFT)]
    name = section.test_widgets[TestName.LACHMAN][0]
    assert abs(name.geometry().center().y() - lachman.result.geometry().center().y()) < 4  # on the same line
