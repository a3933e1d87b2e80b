"""New-patient dialog: inline validation beside each field, Unicode names kept exactly."""

from __future__ import annotations

import datetime as dt

from kinelink.desktop.patient_dialog import PatientDialog
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from pytestqt.qtbot import QtBot

TODAY = dt.date(2026, 11, 25)


def _dialog(qtbot: QtBot, patient: Patient | None = None) -> PatientDialog:
    dialog = PatientDialog(None, patient, today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_errors_show_beside_each_field_and_clear_as_fixed(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.birth.setText("2030-01-01")
    dialog.save_button.click()
    assert dialog.result() == 0 and dialog.patient() is None
    assert dialog.errors["family"].text() == "Enter the family name."
    assert dialog.errors["given"].text() == "Enter the given name."
    assert dialog.errors["birth"].text() == "Date of birth is in the future."
    assert dialog.errors["sex"].text() == "Choose one."
    assert dialog.family.property("invalid") is True
    assert dialog.family.hasFocus() or not dialog.isVisible()
    dialog.family.setText("Żółć")  # errors update live once shown
    assert dialog.errors["family"].text() == ""
    assert dialog.family.property("invalid") is False
    dialog.birth.setText("31.02.1988")
    assert dialog.errors["birth"].text() == "Not a date: use DD.MM.YYYY."


def test_valid_patient_is_returned_exactly(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    dialog.family.setText("  Żółć ")
    dialog.given.setText("Łukasz")
    dialog.birth.setText("17.04.1988")
    dialog.sex.setCurrentIndex(dialog.sex.findData(Sex.MALE))
    assert dialog.age_hint.text() == "17 Apr 1988 · 38 years old"
    dialog.save_button.click()
    assert dialog.patient() == Patient("Żółć", "Łukasz", dt.date(1988, 4, 17), Sex.MALE, None)


def test_edit_prefills(qtbot: QtBot) -> None:
    patient = Patient("Nguyễn", "Thị Minh", dt.date(1990, 1, 2), Sex.FEMALE, "MRN-7")
    dialog = _dialog(qtbot, patient)
    assert dialog.windowTitle() == "Edit patient"
    dialog.record.setText("MRN-8")
    dialog.save_button.click()
    assert dialog.patient() == Patient("Nguyễn", "Thị Minh", dt.date(1990, 1, 2), Sex.FEMALE, "MRN-8")
