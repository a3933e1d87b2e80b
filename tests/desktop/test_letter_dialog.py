"""Compose before writing (issue 11, acceptance): review the links, tick sections, rewrite a paragraph,
write the letter, and read the PDF back."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from kinelink.desktop.editor.editor import ExamEditor
from kinelink.desktop.letter_dialog import LetterContext, LetterDialog
from kinelink.forms import examfile
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import ORTHOPAEDIC, Section
from kinelink.forms.model import ExamRecord
from kinelink.forms.vocab import LinkDecision
from kinelink.reports import ClinicInfo, LetterData, build_letter
from pytestqt.qtbot import QtBot

CASE = next((Path(__file__).parents[1] / "fixtures" / "vignettes" / "independent").glob("012_*.json"))
ZOLA = Recipient("Dr Anna Zola", "Consultant orthopaedic surgeon", "St Mary's Hospital", "Praed St\nLondon W2")
EDIT = "Lateral hip pain since returning to running, 7 months after ACL reconstruction <left> & “OK-ish” knee."


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_review_compose_edit_and_write(qtbot: QtBot) -> None:
    record = examfile.load(CASE, today=dt.date(2026, 11, 25))
    editor = ExamEditor(today=lambda: dt.date(2026, 11, 25))
    editor.analysis_delay_ms = 0
    qtbot.addWidget(editor)
    editor.load(record.patient, record.exam)
    analysis = editor.analysis()
    assert analysis is not None
    accepted, rejected = analysis.links[0], analysis.links[1]
    editor.panel.review(accepted, LinkDecision.ACCEPTED)
    editor.panel.review(rejected, LinkDecision.REJECTED, "strong hips on the right")
    reviewed = ExamRecord(record.patient, editor.exam())

    dialog = LetterDialog(None, LetterContext(reviewed, analysis, clinician="Anna Nowak, PT",
                                              address_book=(ZOLA,), missing_clinic_details=("telephone or email",)))
    qtbot.addWidget(dialog)
    assert dialog.clinic_warning.isVisibleTo(dialog) and "telephone or email" in dialog.clinic_warning.text()
    assert dialog.letter_type() is ORTHOPAEDIC
    assert dialog.name.text() == "Dr Anna Zola" and dialog.salutation.text() == "Dear Dr Zola,"
    dialog.name.setText("Mr Tomás Ó Briain")
    assert dialog.salutation.text() == "Dear Mr Ó Briain,"
    dropped = {Section.MEDICATION, Section.OUTCOMES, Section.TREATMENT}
    for section in dropped:
        dialog.set_section(section, False)
    dialog.set_finding("test:fadir:left", False)
    dialog.rewrite(Section.REASON, EDIT)
    assert EDIT in dialog.preview.toPlainText()
    dialog._accept()
    letter = dialog.result_letter()
    assert letter is not None

    out = io.BytesIO()
    build_letter(LetterData(reviewed, analysis, letter.recipient.name, ClinicInfo(clinician="Anna Nowak, PT"),
                            letter=letter, reproducible=True), out)
    text = _text(out.getvalue())
    for section in ORTHOPAEDIC.sections:
        heading = ORTHOPAEDIC.heading(section)
        if section is Section.RED_FLAGS:
            continue  # none in this case
        present = f" {heading} " in text
        assert present is (section not in dropped), heading
    assert EDIT in text
    assert "Dear Mr Ó Briain," in text
    assert "Left knee → left hip (compensation): " in text
    assert "accepted by Anna Nowak, PT" in text
    assert "Left hip → left knee (alignment)" not in text and "strong hips" not in text
    assert "FADIR, left" not in text and "Scour, left: negative" in text
    assert text.count("→") == 1


def test_the_letterhead_warning_names_each_missing_detail_once(qtbot: QtBot) -> None:
    from kinelink.desktop.settings import Settings
    from kinelink.forms.analysis import analyze

    blank = Settings(clinic_name="", clinic_address="", clinic_phone="", clinic_email="")
    record = examfile.load(CASE, today=dt.date(2026, 11, 25))
    dialog = LetterDialog(None, LetterContext(record, analyze(record), clinician="Anna Nowak, PT",
                                              missing_clinic_details=tuple(blank.missing_clinic_details())))
    qtbot.addWidget(dialog)
    text = dialog.clinic_warning.text()
    assert text == ("The letterhead lacks the clinic name, address and telephone or email: the recipient "
                    "could not reply. Add them in Settings.")
    assert "clinic's clinic" not in text
    assert Settings(clinic_name="Żółty Dom", clinic_address="ul. Lipowa 3", clinic_phone="",
                    clinic_email="").letterhead_warning().startswith("The letterhead lacks the telephone or email: ")


@pytest.mark.parametrize(("width", "height"), [(800, 600), (1024, 768)])
def test_the_german_preview_is_readable_on_a_small_screen(qtbot: QtBot, width: int, height: int) -> None:
    """At 800 × 600 the preview had what the choices left over (about 150 px: two words a line); now it keeps
    about half the width, the choices beside it are not cut off (they scroll when the screen is low) and
    the dialog fits the screen."""
    from kinelink.forms import i18n
    from kinelink.forms.analysis import analyze
    from PySide6.QtWidgets import QScrollArea

    from tests.giveaways import german_record

    i18n.set_language("de")
    record = german_record(today=dt.date(2026, 11, 25))
    zola = Recipient("Dr. Anna Zola", "Fachärztin für Orthopädie", "Klinikum Süd", "Hauptstr. 1\n80331 München")
    dialog = LetterDialog(None, LetterContext(record, analyze(record), clinician="Anna Nowak, PT",
                                              address_book=(zola,), missing_clinic_details=("Telefon oder E-Mail",)))
    qtbot.addWidget(dialog)
    dialog.resize(width, height)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)  # the layout settles (the scroll bar of the choices comes and goes)
    assert dialog.height() <= height and dialog.width() <= width
    assert dialog.preview.viewport().width() >= 0.44 * width
    scroll = dialog.body.widget(0)
    assert isinstance(scroll, QScrollArea)
    choices = scroll.widget()
    assert choices.minimumSizeHint().width() <= scroll.viewport().width()  # nothing cut off at the right
    assert choices.width() <= scroll.viewport().width()
    # the letter's longest words fit a preview line: no line of the preview holds a single broken word
    assert "Überweisungsgrund und Fragestellung" in dialog.preview.toPlainText()
