"""The referral letter, read back from the PDF (reports/letter.py)."""

from __future__ import annotations

import dataclasses
import io
import shutil

import pytest
from kinelink.reports.wording import default_request
from pypdf import PdfReader

from tests.reports.documents import analyse, flat, letter_pdf, load, pdftotext

poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.mark.parametrize("name", ["rich", "sparse", "red_flags", "long"])
def test_letter_is_one_or_two_pages(name: str) -> None:
    assert 1 <= len(PdfReader(io.BytesIO(letter_pdf(load(name)))).pages) <= 2


@poppler
def test_letter_parts() -> None:
    pages = pdftotext(letter_pdf(load("rich")))
    text = flat(" ".join(pages))
    order = [
        "Vistula Physiotherapy & Sports Clinic",  # letterhead
        "2 October 2026",  # date
        "Dr Jan Kowalski Orthopaedic Department Szpital Bielański",  # recipient and address
        "Re: Łukasz Żółć, born 17 Apr 1988 (38 years), record no. MRN-0042",  # patient
        "Dear Dr Jan Kowalski,",
        "Reason for referral:",
        "On examination:",
        "Assessment. The likely link is left knee → left hip (compensation)",
        "Request: I would be grateful for imaging of the left knee",
        "Yours sincerely,",
        "Anna Nowak, PT Physiotherapist Vistula Physiotherapy & Sports Clinic",  # signature block
    ]
    positions = [text.find(part) for part in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert "Lachman (left, grade 2)" in text
    assert "LSI 67 %" in text


@poppler
def test_reason_and_request_given_by_the_clinician_win() -> None:
    reason = 'Persistent "giving way" <despite> rehab & bracing'
    request = "an MRI of the left knee & your opinion on ACL reconstruction"
    text = flat(" ".join(pdftotext(letter_pdf(load("rich"), reason=reason, request=request))))
    assert f"Reason for referral: {reason}." in text
    assert f"Request: I would be grateful for {request}." in text


@poppler
def test_recipient_with_markup_and_no_address() -> None:
    name = 'Dr "O\'Brien" & <Partners>'
    text = flat(" ".join(pdftotext(letter_pdf(load("sparse"), recipient=name, address=None))))
    assert f"Dear {name}," in text


@poppler
def test_red_flags_make_the_letter_urgent() -> None:
    record = load("red_flags")
    text = flat(" ".join(pdftotext(letter_pdf(record))))
    assert "Urgent: red flags found at this assessment" in text
    assert text.index("Urgent") < text.index("Dear")
    assert "urgent medical assessment" in default_request(record, analyse(record))


def test_default_request_follows_the_likely_link() -> None:
    record = load("red_flags")
    no_flags = dataclasses.replace(analyse(record), red_flags=())
    assert default_request(record, no_flags).startswith("imaging of the right hip")
    sparse = load("sparse")
    assert default_request(sparse, analyse(sparse)).startswith("your assessment and advice")


def test_letter_metadata() -> None:
    meta = PdfReader(io.BytesIO(letter_pdf(load("rich")))).metadata
    assert meta is not None
    assert meta.title == "Referral letter: Łukasz Żółć to Dr Jan Kowalski"
    assert meta.author == "Anna Nowak, PT"
