"""Which knee or hip a KOOS or HOOS refers to: derived from the exam (the format gives the
questionnaire no side), shown in the editor and the summary PDF, or "side not recorded"."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kinelink.desktop.editor import ExamEditor
from kinelink.forms.model import Injury, Symptom
from kinelink.forms.outcome_side import questionnaire_side
from kinelink.forms.vocab import Instrument, Region, Side
from pytestqt.qtbot import QtBot

from tests.reports.documents import load, pdftotext, summary_pdf


def test_the_side_comes_from_the_symptoms_else_the_injuries_else_is_not_recorded() -> None:
    history = load("rich").exam.history
    assert {s.side for s in history.symptoms if s.region is Region.KNEE} == {Side.LEFT}
    koos = questionnaire_side(Instrument.KOOS, history)
    assert koos is not None and koos.side is Side.LEFT and koos.short() == "left knee"
    assert "left knee" in koos.text() and "names no side" in koos.text()
    assert questionnaire_side(Instrument.LEFS, history) is None  # the whole lower extremity
    both = dataclasses.replace(history, symptoms=(*history.symptoms, Symptom(Region.KNEE, Side.RIGHT)))
    found = questionnaire_side(Instrument.KOOS, both)
    assert found is not None and found.side is None and "side not recorded" in found.text()
    injured = dataclasses.replace(history, symptoms=(), injuries=(Injury(Region.HIP, Side.RIGHT),))
    hoos = questionnaire_side(Instrument.HOOS, injured)
    assert hoos is not None and hoos.short() == "right hip" and "injury" in hoos.text()
    nothing = dataclasses.replace(history, symptoms=(), injuries=())
    assert questionnaire_side(Instrument.KOOS, nothing).short() == "knee, side not recorded"  # type: ignore[union-attr]


def test_the_editor_and_the_pdf_name_the_side(qtbot: QtBot) -> None:
    record = load("rich")
    ed = ExamEditor(today=lambda: dt.date(2026, 11, 25))
    qtbot.addWidget(ed)
    ed.load(record.patient, record.exam)
    ed.show_section("Outcomes")
    qtbot.waitUntil(lambda: "left knee" in ed.outcomes.pages[Instrument.KOOS].side.text())
    assert "left hip" in ed.outcomes.pages[Instrument.HOOS].side.text()
    text = " ".join("\n".join(pdftotext(summary_pdf(record))).split())
    scores = text.split("Outcome scores", 1)[1]
    assert "left knee" in scores.split("HOOS", 1)[0]  # in the KOOS row
    assert "left hip" in scores.split("HOOS", 1)[1].split("LEFS", 1)[0]
    assert "is read from the symptoms (else the injuries) this exam records at that joint" in scores
