"""Who signs an exam: the exam's clinician (the name in its header, from Settings when it starts),
never the system login; no clinician name, no sign-off (the button says why; the repository refuses)."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository
from kinelink.desktop import dialogs
from kinelink.desktop.main_window import MainWindow
from kinelink.forms.model import Exam, Patient
from kinelink.forms.vocab import Instrument, Sex

PATIENT = Patient("Żółć", "Łukasz", dt.date(1953, 3, 12), Sex.MALE)


def _new_exam(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dialogs, "ask_new_patient", lambda parent: PATIENT)
    window.act_new_patient.trigger()
    window.act_new_exam.trigger()
    window.exam_page.editor.notes.notes.setPlainText("Knee <&> \"quoted\"")


def test_no_clinician_name_no_sign_off_then_the_header_name_signs(
    tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3", clinician="")
    _new_exam(window, monkeypatch)
    page = window.exam_page
    assert page.editor.clinician.text() == ""
    assert not window.act_sign.isEnabled() and not page.sign_button.isEnabled()
    assert "clinician's name" in page.sign_button.toolTip()
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": told.append(text))
    assert not page.sign_off()  # also refused when called directly, saying why
    assert told and "clinician's name" in told[0]
    page.editor.clinician.setText("Nguyễn Thị Minh")
    assert window.act_sign.isEnabled() and page.sign_button.isEnabled()
    window.act_sign.trigger()
    assert page.signed_by == "Nguyễn Thị Minh"
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    assert page.signed_by != login


def test_the_exam_header_not_settings_nor_login_names_the_signer(
    tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3", clinician="Anna Nowak, PT")
    _new_exam(window, monkeypatch)
    page = window.exam_page
    assert page.editor.clinician.text() == "Anna Nowak, PT"  # defaulted from Settings
    page.editor.clinician.setText("Ewa Lis")  # a colleague examined
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    assert page.signed_by == "Ewa Lis"
    window.close_exam()
    # the follow-up takes today's Settings clinician, not last time's examiner
    window.ws.update_settings(window.ws.settings.with_(clinician_name="Jan Kowalski"))
    monkeypatch.setattr(dialogs, "ask_follow_up", lambda parent, last, done: [Instrument.KOOS])
    window.act_follow_up.trigger()
    assert window.exam_page.editor.clinician.text() == "Jan Kowalski"


def test_a_follow_up_with_no_settings_clinician_does_not_take_last_times(
    tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3", clinician="Anna Nowak, PT")
    _new_exam(window, monkeypatch)
    monkeypatch.setattr(dialogs, "confirm_sign", lambda parent, what: True)
    window.act_sign.trigger()
    window.close_exam()
    window.ws.update_settings(window.ws.settings.with_(clinician_name=""))
    monkeypatch.setattr(dialogs, "ask_follow_up", lambda parent, last, done: [])
    window.act_follow_up.trigger()
    assert window.exam_page.editor.clinician.text() == ""
    assert not window.act_sign.isEnabled()


def test_the_sign_use_case_refuses_without_a_clinician(tmp_path: Path) -> None:
    from kinelink.desktop.usecases import exams
    from kinelink.desktop.usecases.exams import Holder

    database = db.open_database(tmp_path / "clinic.sqlite3")
    try:
        with database.session() as s:
            pid = repository.create_patient(s, PATIENT, author="desk")
        with pytest.raises(db.NoClinician, match="clinician: no name recorded"):
            exams.sign(database, pid, Exam(date=dt.date(2026, 11, 25)), author="root",
                       holder=Holder("root", "desk"), expected=None)
        with database.session() as s:
            assert repository.list_exams(s, pid) == []  # nothing stored, nothing signed
    finally:
        database.close()
