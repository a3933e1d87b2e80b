"""The assessment summary, read back from the PDF (reports/summary.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from kinelink.forms.model import ExamRecord
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.reports import ClinicInfo, SignOff
from kinelink.reports import typefaces as fonts
from pypdf import PdfReader

from tests.reports.documents import CLINIC, analyse, flat, letter_pdf, load, pdftotext, pypdf_pages, summary_pdf

poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

NAMES = [
    ("Łukasz", "Żółć"),  # Polish
    ("Thị Minh", "Nguyễn"),  # Vietnamese
    ("Иван", "Петров"),  # Cyrillic
    ("Γιώργος", "Παπαδόπουλος"),  # Greek
]
MARKUP = 'Said <b>not</b> & "locking" <img src="x"/> it\'s fine'


def renamed(record: ExamRecord, given: str, family: str) -> ExamRecord:
    return dataclasses.replace(record, patient=dataclasses.replace(record.patient, given_name=given,
                                                                   family_name=family))


@pytest.fixture(scope="module")
def rich() -> bytes:
    return summary_pdf(load("rich"), earlier=(load("rich_first"), load("rich_earlier")),
                       status=SignOff("signed", "Anna Nowak", dt.date(2026, 10, 2)))


@pytest.fixture(scope="module")
def rich_pages(rich: bytes) -> list[str]:
    return pdftotext(rich)


@poppler
@pytest.mark.parametrize(("given", "family"), NAMES)
def test_names_in_every_script_print_exactly(given: str, family: str) -> None:
    record = renamed(load("rich"), given, family)
    for pdf in (summary_pdf(record), letter_pdf(record)):
        pages = pdftotext(pdf)
        assert f"{given} {family}" in pages[0]
        assert all(f"{given} {family}" in page for page in pages)  # the footer names the patient
        assert f"{given} {family}" in pypdf_pages(pdf)[0]


@poppler
def test_decomposed_input_prints_composed() -> None:
    given, family = (unicodedata.normalize("NFD", part) for part in ("Thị Minh", "Nguyễn"))
    pages = pdftotext(summary_pdf(renamed(load("sparse"), given, family)))
    assert "Thị Minh Nguyễn" in pages[0]


def test_every_character_of_the_names_has_a_glyph() -> None:
    """No black boxes: each face that prints a name can draw every one of its letters."""
    for given, family in NAMES:
        for face in fonts.FILES:
            assert fonts.missing_glyphs(f"{given} {family}", face) == []


@poppler
def test_user_text_is_printed_literally_never_as_markup() -> None:
    base = load("rich")
    exam = base.exam
    history = dataclasses.replace(exam.history, complaint=MARKUP, goals=MARKUP)
    tests = tuple(dataclasses.replace(t, note=MARKUP) if t.test.value == "lachman" else t for t in exam.tests)
    record = dataclasses.replace(base, exam=dataclasses.replace(exam, history=history, notes=MARKUP, tests=tests))
    clinic = dataclasses.replace(CLINIC, name="Smith & <Jones> \"Physio\"")
    text = flat(" ".join(pdftotext(summary_pdf(record, clinic=clinic))))
    assert text.count(MARKUP) >= 3  # complaint, goals, notes (the test note wraps in its narrow cell)
    assert 'Smith & <Jones> "Physio"' in text
    assert flat(MARKUP) in text.replace("- ", "-")


@poppler
def test_every_font_is_embedded_and_is_the_unicode_family(rich: bytes) -> None:
    listing = subprocess.run(["pdffonts", "-"], input=rich, capture_output=True, check=True).stdout.decode()
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        name, emb = row[0], row[-5]
        assert emb == "yes", row
        assert "DejaVuSans" in name, row
    assert {r[0].split("+")[1] for r in rows} >= {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"}


@poppler
def test_footer_on_every_page(rich_pages: list[str]) -> None:
    total = len(rich_pages)
    assert total >= 3
    for number, page in enumerate(rich_pages, start=1):
        assert "Łukasz Żółć" in page
        assert "born 17 Apr 1988" in page
        assert f"Page {number} of {total}" in page
        assert re.search(r"Kinelink \S+ · printed 24 Nov 2026", page)


@poppler
def test_sections_in_order(rich_pages: list[str]) -> None:
    text = flat(" ".join(rich_pages))
    order = ["Assessment summary", "Patient", "History", "Range of motion", "Strength",
             "Special, stability and functional tests", "Outcome scores", "Kinetic chain: knee and hip",
             "Progress", "Examined on 2 Oct 2026 by Anna Nowak, PT"]
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


@poppler
def test_rich_content(rich_pages: list[str]) -> None:
    text = flat(" ".join(rich_pages))
    # letterhead, patient block, status
    assert "Vistula Physiotherapy & Sports Clinic" in text
    assert "17 Apr 1988 (38 years)" in text
    assert "MRN-0042" in text
    assert "Signed by Anna Nowak on 2 Oct 2026" in text
    # ROM with norm, percent of norm, side difference and the reason for a deficit
    assert "Internal rotation 26°* 38° 33° 79 % 115 % −12°" in text
    assert "lacks 6° of extension" in text
    # strength with grades, force and LSI
    assert "Knee extensors (quadriceps) 4− 212.5 N 5 318 N 67 % (L)" in text
    # tests grouped by joint, positives stood out
    assert "Positive: Lachman (left, grade 2); McMurray (left, painful)" in text
    assert "POSITIVE, grade 2" in text and "soft end-feel" in text
    # outcome scores with a reading
    assert "LEFS" in text and "minimal clinically important difference is 9 points" in text
    # the kinetic chain
    assert "Likely link: Left knee → left hip (compensation)" in text
    assert "Findings for" in text and "Findings against" in text and "Next steps" in text
    # progress with change and trend
    assert "Compared with the baseline, the signed exam of 3 Jul 2026" in text
    assert "Trend over all exams" in text
    assert "KOOS Pain 27.8 52.8 +25" in text


@poppler
def test_red_flags_come_first() -> None:
    pages = pdftotext(summary_pdf(load("red_flags")))
    first = flat(pages[0])
    assert "Red flags: medical assessment needed before treatment" in first
    assert first.index("Red flags") < first.index("Patient") < first.index("History")
    for label in ("Fever.", "Night pain.", "Child/adolescent with hip or knee pain and a limp."):
        assert label in first


@poppler
def test_sparse_exam_fits_one_page_and_says_what_was_not_recorded() -> None:
    pages = pdftotext(summary_pdf(load("sparse"), status=SignOff("draft")))
    assert len(pages) == 1
    text = flat(pages[0])
    assert "Not recorded at this exam: range of motion, strength, special tests and outcome questionnaires" in text
    assert "No link between knee and hip is supported" in text
    assert "Draft, not signed" in text


@poppler
def test_long_tables_break_across_pages_with_their_header() -> None:
    pdf = summary_pdf(load("long"))
    # the catalogue wording is printed in the table's second column only (short ones like "meniscus" also
    # occur in findings)
    assesses = [t.assesses[:24] for t in SPECIAL_TESTS.values() if len(t.assesses) >= 24]
    pages = pdftotext(pdf, layout=True)
    rows_on = [page for page in pages if any(a in page for a in assesses)]
    assert len(rows_on) >= 3  # the special-tests table runs over several pages
    for page in rows_on:
        header = next(line for line in page.splitlines() if "Assesses" in line)
        assert header.split() == ["Test", "Assesses", "Left", "Right"]


def test_metadata() -> None:
    reader = PdfReader(io.BytesIO(summary_pdf(load("rich"))))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Assessment summary: Łukasz Żółć, 2 Oct 2026"
    assert meta.author == "Anna Nowak, PT"
    assert meta.subject and "kinetic-chain" in meta.subject
    assert str(reader.root_object["/Lang"]) == "en-GB"


def test_reproducible_mode_gives_identical_bytes() -> None:
    assert summary_pdf(load("rich")) == summary_pdf(load("rich"))


def test_default_clinic_and_no_clinician() -> None:
    record = load("sparse")
    pages = pdftotext(summary_pdf(record, clinic=ClinicInfo()))
    assert "Physiotherapy practice" in pages[0]
    assert "not recorded" in pages[0]  # no record number, no clinician


def test_sign_off_wording() -> None:
    day = dt.date(2026, 10, 2)
    assert SignOff("draft").text == "Draft, not signed"
    assert SignOff("signed", "Anna Nowak", day).text == "Signed by Anna Nowak on 2 Oct 2026"
    assert SignOff("amended", "Anna Nowak", day, 3).text == "Amended (version 3), signed by Anna Nowak on 2 Oct 2026"


@poppler
def test_an_unscored_subscale_says_why() -> None:
    base = load("rich")
    koos = next(o for o in base.exam.outcomes if o.instrument.value == "KOOS")
    few = dataclasses.replace(koos, responses=tuple((k, v) for k, v in koos.responses if not k.startswith("P")))
    record = dataclasses.replace(base, exam=dataclasses.replace(base.exam, outcomes=(few,)))
    text = flat(" ".join(pdftotext(summary_pdf(record))))
    assert "Not scored: at least 5 of 9 items must be answered" in text
    assert "33 of 42 items answered" in text


@poppler
def test_earlier_exams_in_any_order() -> None:
    forward = summary_pdf(load("rich"), earlier=(load("rich_first"), load("rich_earlier")))
    backward = summary_pdf(load("rich"), earlier=(load("rich_earlier"), load("rich_first")))
    assert forward == backward
    assert "Compared with the baseline, the signed exam of 3 Jul 2026" in flat(" ".join(pdftotext(forward)))


@poppler
def test_the_summary_shows_the_clinicians_review_of_the_links() -> None:
    import dataclasses

    from kinelink.forms.link_review import decide
    from kinelink.forms.vocab import LinkDecision

    record = load("rich")
    analysis = analyse(record)
    top = analysis.links[0]
    reviews = decide(top, LinkDecision.ACCEPTED, (), "fits the history")
    record = dataclasses.replace(record, exam=dataclasses.replace(
        record.exam, link_review=reviews, impression="Knee-driven hip overload"))
    text = flat(" ".join(pdftotext(summary_pdf(record))))
    assert "Suggested by the analysis; accepted by Anna Nowak, PT (“fits the history”)." in text
    assert "Clinician's impression: Knee-driven hip overload." in text
    plain = flat(" ".join(pdftotext(summary_pdf(load("rich")))))
    assert "Suggested by the analysis; not reviewed." in plain
