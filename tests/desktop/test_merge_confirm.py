"""File ▸ Merge never joins two people on one click: a search box, likely duplicates first, and a
confirmation showing both identities side by side, with a tick when sex or birth date differ."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.db import repository
from kinelink.db.records import PatientSummary
from kinelink.desktop import dialogs
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.merge_dialog import MergeDialog
from kinelink.forms.model import Patient, PatientId
from kinelink.forms.vocab import Sex
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot


def _s(pid: int, family: str, given: str, born: dt.date, sex: Sex, record: str | None = None,
       exams: int = 0) -> PatientSummary:
    return PatientSummary(PatientId(pid), Patient(family, given, born, sex, record), exams, None)


THIS = _s(1, "Żółć", "Łukasz", dt.date(1953, 3, 12), Sex.MALE, "A-1", 2)
OTHERS = [
    _s(2, "Abel", "Anna", dt.date(1980, 1, 1), Sex.FEMALE, exams=1),
    _s(3, "Nguyễn", "Thị Minh", dt.date(1990, 5, 5), Sex.FEMALE),
    _s(4, "Zolc", "Lukasz", dt.date(1976, 7, 4), Sex.FEMALE, "B-2", 3),   # same folded name
    _s(5, "Иванов", "Иван", dt.date(1953, 3, 12), Sex.MALE),               # same birth date
]


def _dialog(qtbot: QtBot) -> MergeDialog:
    d = MergeDialog(None, THIS, OTHERS)
    qtbot.addWidget(d)
    return d


def test_likely_duplicates_first_and_the_search_box_filters(qtbot: QtBot) -> None:
    d = _dialog(qtbot)
    names = d.visible_names()
    assert names[0].startswith("Lukasz Zolc") and names[1].startswith("Иван Иванов")
    assert "likely duplicate" in names[0] and "likely duplicate" not in names[2]
    qtbot.keyClicks(d.search, "nguyen")
    assert [n.split(" (")[0] for n in d.visible_names()] == ["Thị Minh Nguyễn"]
    assert d.choices.currentItem().text().startswith("Thị Minh Nguyễn")
    d.search.clear()
    qtbot.keyClicks(d.search, "zzz")
    assert d.visible_names() == [] and not d.review_button.isEnabled()


def test_choosing_does_not_merge_and_differences_need_a_tick(qtbot: QtBot) -> None:
    d = _dialog(qtbot)
    d.choices.setCurrentRow(0)  # Lukasz Zolc, female, born 4 Jul 1976
    qtbot.mouseClick(d.review_button, Qt.MouseButton.LeftButton)
    assert d.chosen() is None and d.pages.currentIndex() == 1
    assert "different dates of birth: 12 Mar 1953 vs 4 Jul 1976" in d.differences_text
    assert "different sex: male vs female" in d.differences_text
    assert "different record numbers: A-1 vs B-2" in d.differences_text
    assert set(d.highlighted) == {"Name", "Date of birth", "Sex", "Record number"}
    assert not d.tick.isHidden() and not d.merge_button.isEnabled()
    qtbot.mouseClick(d.merge_button, Qt.MouseButton.LeftButton)
    assert d.chosen() is None
    d.tick.setChecked(True)
    assert d.merge_button.isEnabled()
    qtbot.mouseClick(d.merge_button, Qt.MouseButton.LeftButton)
    assert d.chosen() == PatientId(4)


def test_same_birth_and_sex_confirm_without_a_tick(qtbot: QtBot) -> None:
    d = MergeDialog(None, THIS, [_s(6, "Zolc", "Lukasz", THIS.patient.date_of_birth, Sex.MALE, "A-1")])
    qtbot.addWidget(d)
    d.review()
    assert d.tick.isHidden() and d.merge_button.isEnabled()
    assert d.highlighted == ["Name"] and "names spelt differently" in d.differences_text
    assert d.chosen() is None
    d.merge_button.click()
    assert d.chosen() == PatientId(6)


def _two_patients(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> tuple[PatientId, PatientId]:
    ids = []
    for p in (Patient("Smith", "Ann", dt.date(1953, 3, 12), Sex.FEMALE),
              Patient("Smith", "Anne", dt.date(1976, 7, 4), Sex.FEMALE)):
        monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent, p=p: p)
        window.act_new_patient.trigger()
        pid = window.patient_page.patient_id
        assert pid is not None
        ids.append(pid)
    return ids[0], ids[1]


def test_the_window_merges_only_after_the_tick(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    first, second = _two_patients(window, monkeypatch)
    seen: list[str] = []
    tick = False

    def drive(d: MergeDialog) -> int:  # the real dialog, answered as a clinician would (exec is modal)
        d.review_button.click()  # the other Smith is listed first (same name)
        seen.append(d.differences_text)
        d.merge_button.click()  # disabled while the tick is needed: nothing happens
        if tick:
            d.tick.setChecked(True)
            d.merge_button.click()
        else:
            d.reject()
        return d.result()

    monkeypatch.setattr(MergeDialog, "exec", drive)
    for tick in (False, True):
        window.act_merge.trigger()
        with window.ws.database.read() as s:
            shown = {p.id for p in repository.search_patients(s, "", include_archived=True)}
        assert (second in shown) is (not tick)
    assert "different dates of birth: 4 Jul 1976 vs 12 Mar 1953" in seen[0]
    assert window.patient_page.patient_id == first
