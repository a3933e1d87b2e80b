"""The settings dialog on a low screen: fits, fields do not overlap, the help text is whole, the open file is named."""

from __future__ import annotations

from kinelink.desktop.settings import Settings
from kinelink.desktop.settings_dialog import SettingsDialog
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def test_fields_do_not_overlap_and_help_is_whole(qtbot: QtBot) -> None:
    dialog = SettingsDialog(None, Settings(clinic_address="ul. Żółta 3\n00-001 Warszawa"), "/tmp/Łódź <&>.sqlite3")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)  # the scroll area settles the wrapped labels on its first resize
    room = dialog.screen().availableGeometry()
    assert dialog.frameGeometry().height() <= room.height() and dialog.frameGeometry().width() <= room.width()
    content = dialog.scroll_area.widget()
    fields = [dialog.clinic_name, dialog.clinic_address, dialog.clinic_phone, dialog.clinic_email, dialog.clinician,
              dialog.database, dialog.backup_folder, dialog.keep, dialog.idle_lock, dialog.language]
    rects = [rect_in(f, content) for f in fields]
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), (a, b)
    for label in content.findChildren(QLabel):
        if label.isVisible() and label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), label.text()


def test_the_database_in_use_is_named_when_it_is_not_the_setting(qtbot: QtBot) -> None:
    dialog = SettingsDialog(None, Settings(), "/tmp/Łódź/kinelink-demo.sqlite3")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.database_in_use.isVisible()
    assert "/tmp/Łódź/kinelink-demo.sqlite3" in dialog.database_in_use.text()
    assert dialog.database.text() == ""
    assert dialog.database.placeholderText().startswith("default: ")
    same = SettingsDialog(None, Settings(), Settings().database_target())
    qtbot.addWidget(same)
    same.show()
    assert not same.database_in_use.isVisible()
