"""The referral letter, read back from the PDF (reports/letter.py)."""

from __future__ import annotations

import io
import shutil

import pytest
from kinelink.forms.special_tests import SPECIAL_TESTS
from pypdf import PdfReader

from tests.reports.documents import flat, letter_pdf, load, pdftotext

poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.mark.parametrize("name", ["rich", "sparse", "red_flags"])
def test_letter_is_one_or_two_pages(name: str) -> None:
    assert 1 <= len(PdfReader(io.BytesIO(letter_pdf(load(name)))).pages) <= 2


@poppler
def test_a_long_record_keeps_every_finding() -> None:
    """No finding is cut for length ("N more in the summary" pointed to a document the reader lacks)."""
    record = load("long")
    text = flat(" ".join(pdftotext(letter_pdf(record))))
    assert "more in the summary" not in text
    for t in record.exam.tests:
        assert f"{SPECIAL_TESTS[t.test].label}, {t.side.label}:" in text


@poppler
def test_letter_parts() -> None:
    pages = pdftotext(letter_pdf(load("rich")))
    text = flat(" ".join(pages))
    order = [
        "Vistula Physiotherapy & Sports Clinic",  # letterhead
        "+48 22 555 01 23",  # contact details in the letterhead
        "2 October 2026",  # date
        "Dr Jan Kowalski Orthopaedic Department Szpital Bielański",  # recipient and address
        "Re: Łukasz Żółć, born 17 Apr 1988 (38 years), record no. MRN-0042",  # patient
        "Urgency: Routine",
        "Dear Dr Kowalski,",
        "Reason for referral and question",
        "History",
        "Past medical history",
        "Medication",
        "Red-flag screening",
        "Pain",
        "Examination findings",
        "Outcome scores",
        "Assessment",
        "Treatment so far and plan",
        "Request",
        "Yours sincerely,",
        "Anna Nowak, PT Physiotherapist Vistula Physiotherapy & Sports Clinic",  # signature block
    ]
    positions = [text.find(part) for part in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "Lachman, left: positive, grade 2" in text
    assert "LSI 67 %" in text
    # no link was accepted: the letter does not speculate
    assert "→" not in text
    assert "No knee–hip link has been accepted" in text


@poppler
def test_reason_and_request_given_by_the_clinician_win() -> None:
    reason = 'Persistent "giving way" <despite> rehab & bracing'
    request = "An MRI of the left knee & your opinion on ACL reconstruction"
    text = flat(" ".join(pdftotext(letter_pdf(load("rich"), reason=reason, request=request))))
    assert f"Reason for referral and question {reason}" in text
    assert f"Request {request}" in text


@poppler
def test_recipient_with_markup_and_no_address() -> None:
    name = 'Dr "O\'Brien" & <Partners>'
    text = flat(" ".join(pdftotext(letter_pdf(load("sparse"), recipient=name, address=None))))
    assert name in text
    assert "Dear Dr <Partners>," in text


@poppler
def test_red_flags_lead_the_letter() -> None:
    record = load("red_flags")
    text = flat(" ".join(pdftotext(letter_pdf(record))))
    assert "Urgency: Emergency: please assess today" in text
    assert text.index("Red flags") < text.index("Reason for referral")
    assert text.index("Dear") < text.index("Red flags")


def test_letter_metadata() -> None:
    meta = PdfReader(io.BytesIO(letter_pdf(load("rich")))).metadata
    assert meta is not None
    assert meta.title == "Referral letter: Łukasz Żółć to Dr Jan Kowalski"
    assert meta.author == "Anna Nowak, PT"
