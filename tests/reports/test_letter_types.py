"""Each letter type on the cases the issue names, read back from the PDF (issue 11, acceptance)."""

from __future__ import annotations

import datetime as dt
import glob
import io
import shutil
from pathlib import Path

import pytest
from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.letters.compose import compose, suggested_type
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import GP_UPDATE, ORTHOPAEDIC, LetterType
from kinelink.forms.model import ExamRecord
from kinelink.reports import LetterData, build_letter

from tests.reports.documents import CLINIC, flat, pdftotext

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
VIGNETTES = Path(__file__).parents[1] / "fixtures" / "vignettes" / "independent"


def _case(number: str) -> ExamRecord:
    return examfile.load(glob.glob(str(VIGNETTES / f"{number}_*.json"))[0], today=dt.date(2100, 1, 1))


def _letter_text(record: ExamRecord, recipient: Recipient, kind: LetterType | None = None) -> str:
    analysis = analyze(record)
    letter = compose(record, analysis, kind or suggested_type(analysis), recipient,
                     clinician=CLINIC.clinician)
    out = io.BytesIO()
    build_letter(LetterData(record, analysis, recipient.name, CLINIC, letter=letter, reproducible=True), out)
    return flat(" ".join(pdftotext(out.getvalue())))


def test_cancer_history_gp_letter() -> None:
    text = _letter_text(_case("049"), Recipient("Dr Helen Marsh", "General practitioner"), GP_UPDATE)
    assert "Dear Dr Marsh," in text
    for words in ("Prostate cancer", "worse at night", "lost 7 kg", "Urgent: please see within two weeks"):
        assert words in text
    assert text.index("Red flags") < text.index("Reason for writing")
    assert "→" not in text


def test_septic_knee_letter_leads_with_the_red_flag_temperature_and_injection() -> None:
    text = _letter_text(_case("048"), Recipient(organisation="Emergency Department, St James's"))
    assert "Dear colleague," in text and "Urgency: Emergency: please assess today" in text
    lead = text[text.index("Red flags"):text.index("Reason for referral and question")]
    for words in ("Hot, swollen joint", "Temp 38.4 °C", "triamcinolone", "Type 2 diabetes"):
        assert words in lead
    assert "→" not in text and "(compensation)" not in text


def test_adolescent_letter_names_the_suspected_scfe_and_the_hip_findings() -> None:
    text = _letter_text(_case("001"), Recipient("Dr Ciara Walsh", "Paediatric orthopaedic surgeon"))
    assert "exclude slipped capital femoral epiphysis" in text
    assert "Hip internal rotation (passive): right 5°, painful" in text
    assert "Log roll, right: positive, painful (guarding, groin ache)" in text
    assert "AP pelvis and frog-leg lateral" in text


def test_acl_surgeon_letter_gives_lachman_pivot_shift_and_the_quadriceps_lsi() -> None:
    text = _letter_text(_case("012"), Recipient("Mr Seán Ó Briain", "Knee surgeon"), ORTHOPAEDIC)
    assert "Dear Mr Ó Briain," in text
    assert "Lachman, left: negative (graft firm end-feel)" in text
    assert "Pivot shift, left: negative" in text
    assert "Knee extensors (quadriceps): left 318 N (grade 4/5); right 430 N (grade 5/5); LSI 74 %" in text
    assert "more in the summary" not in text
