"""Settings ▸ Language: kept in the settings file, applied when the window starts, with Qt's own buttons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kinelink.desktop import language
from kinelink.desktop.settings import Settings, load_settings, save_settings
from kinelink.desktop.settings_dialog import SettingsDialog
from kinelink.forms import i18n
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot


@pytest.fixture(autouse=True)
def _english_again() -> object:
    yield
    language.apply("en")  # Qt's translator and default locale too, not only forms/i18n


def test_the_choice_is_saved_and_a_bad_one_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(language="de"), path)
    assert load_settings(path).language == "de"
    path.write_text(json.dumps({"language": "klingon"}), encoding="utf-8")
    assert load_settings(path).language == "system"


def test_the_dialog_offers_system_english_and_deutsch_and_says_when_it_applies(qtbot: QtBot) -> None:
    dialog = SettingsDialog(None, Settings(language="de"))
    qtbot.addWidget(dialog)
    choices = [dialog.language.itemText(i) for i in range(dialog.language.count())]
    assert choices == ["System (English)", "English", "Deutsch"]  # the tests' system language is English
    assert dialog.language.currentData() == "de"
    dialog.language.setCurrentIndex(dialog.language.findData("system"))
    dialog.clinic_name.setText("Praxis Łukasz Żółć")
    dialog._accept()
    result = dialog.settings()
    assert result is not None and result.language == "system" and result.clinic_name == "Praxis Łukasz Żółć"


def test_german_dialog_with_qts_own_buttons_in_german(qtbot: QtBot) -> None:
    chosen = language.apply("de")
    assert chosen.code == "de" and i18n.current().code == "de"
    dialog = SettingsDialog(None, Settings())
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Einstellungen"
    assert dialog.language.itemText(2) == "Deutsch"
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    texts = {b.text().replace("&", "") for b in buttons.buttons()}
    assert texts == {"Speichern", "Abbrechen"}  # qtbase_de.qm from PySide6's translations folder
    language.apply("en")
    english = SettingsDialog(None, Settings())
    qtbot.addWidget(english)
    assert english.windowTitle() == "Settings"
    assert {b.text().replace("&", "") for b in english.findChild(QDialogButtonBox).buttons()} == {"Save", "Cancel"}
