"""Both PDFs in German (issue 16): the assessment summary (also the richest one, with earlier exams, so the
progress table and trend charts appear) and every kind of letter hold no English giveaway word
(tests/giveaways.py) outside the clinician's own words (replaced here), published titles and journals, and
the questionnaires' names (their English original); dates and numbers are written the German way. Pages are
read back with poppler's pdftotext."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil

import pytest
from kinelink.forms import i18n
from kinelink.forms.analysis import analyze
from kinelink.forms.letters.compose import compose, suggested_type
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import LETTER_TYPES, LetterType
from kinelink.forms.link_review import decide
from kinelink.forms.model import ExamRecord
from kinelink.forms.vocab import LinkDecision
from kinelink.reports import LetterData, SignOff, build_letter

from tests.giveaways import english_words, german_record
from tests.reports.documents import CLINIC, FIXTURES, flat, pdftotext, summary_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

# Still English in the German PDFs: nothing. A new English text fails.
KNOWN_UNTRANSLATED: tuple[str, ...] = ()
_CITATION = re.compile(r"[A-Z][\w-]+ [A-Z]{1,3}(?:,| et al\.|\.)[^;\n]*")
# a journal with volume and page, as the sources cite it ("Pain 94:149", "Health Qual Life Outcomes 1:64")
_JOURNAL = re.compile(r"(?:[A-Z][a-z]* )+\d+(?: Suppl \d+)?:S?\d+")
# English forms of dates and numbers: "2 Oct 2026", "12.5" (a German date, "2.10.2026", is no decimal)
_ENGLISH_DATE = re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b")
_ENGLISH_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")
_INSTRUMENTS = ("Knee injury and Osteoarthritis Outcome Score", "Hip disability and Osteoarthritis Outcome Score",
                "Lower Extremity Functional Scale", "Knee injury and Osteoarthritis",
                "Hip disability and Osteoarthritis", "Lower Extremity Functional", "Outcome Score",
                "IKDC 2000 knee examination form")




def _left_english(text: str) -> list[str]:
    text = " ".join(text.split())
    for known in (*KNOWN_UNTRANSLATED, *_INSTRUMENTS):
        text = text.replace(" ".join(known.split()), "")
    text = re.sub(r"„[^“]*“", "", _JOURNAL.sub("", _CITATION.sub("", text)))
    return english_words(text)


def _english_forms(text: str) -> list[str]:
    """Dates and numbers written the English way."""
    return _ENGLISH_DATE.findall(text) + _ENGLISH_DECIMAL.findall(text)


def test_the_german_summary_pdf_holds_no_english(tmp_path: object) -> None:
    i18n.set_language("de")
    pages = pdftotext(summary_pdf(german_record()))
    text = "\n".join(pages)
    assert "Befundbericht" in text and "Fragebogen im englischen Original" in text
    assert _left_english(text) == []


def test_the_german_letter_pdf_holds_no_english() -> None:
    i18n.set_language("de")
    record = german_record()
    analysis = analyze(record)
    recipient = Recipient("Dr. Anna Zola", "Fachärztin für Orthopädie", "Klinikum Süd", "Hauptstr. 1\n80331 München")
    letter = compose(record, analysis, suggested_type(analysis), recipient, clinician=CLINIC.clinician)
    out = io.BytesIO()
    build_letter(LetterData(record, analysis, recipient.name, CLINIC, letter=letter, reproducible=True), out)
    text = "\n".join(pdftotext(out.getvalue()))
    assert "Mit freundlichen Grüßen" in text
    assert _left_english(text) == []


def _rich(name: str) -> ExamRecord:
    return german_record(today=dt.date(2026, 11, 25), path=FIXTURES / f"{name}.json")


def test_the_richest_german_summary_pdf_holds_no_english() -> None:
    i18n.set_language("de")
    record = _rich("rich")
    pdf = summary_pdf(record, earlier=(_rich("rich_first"), _rich("rich_earlier")),
                      status=SignOff("signed", "Anna Nowak", dt.date(2026, 10, 2)))
    text = "\n".join(pdftotext(pdf))
    # the progress section, its table and the trend charts are there, and in German
    for german in ("Verlauf über alle Untersuchungen", "Letzte Untersuchung", "im Bereich des Messfehlers",
                   "Hüftflexion links", "KOOS (0–100, höher = besser)", "Roaas & Andersson 1982, Männer 30–40 J."):
        assert german in flat(text), german
    assert _left_english(text) == []
    assert _english_forms(text) == []
    assert "52,8" in text and "10.4.2026" in text  # decimal comma; day.month.year


@pytest.mark.parametrize("kind", LETTER_TYPES.values(), ids=list(LETTER_TYPES))
def test_every_kind_of_german_letter_holds_no_english(kind: LetterType) -> None:
    i18n.set_language("de")
    record, baseline = _rich("rich"), _rich("rich_first")
    analysis = analyze(record)
    top = analysis.links[0]
    reviews = decide(top, LinkDecision.ACCEPTED, ())  # an accepted link: the assessment argues it
    recipient = Recipient("Dr. Anna Zola", "Fachärztin für Orthopädie", "Klinikum Süd", "Hauptstr. 1\n80331 München")
    letter = compose(record, analysis, kind, recipient, reviews=reviews, impression="Eindruck",
                     clinician=CLINIC.clinician, baseline=(baseline, analyze(baseline)))
    out = io.BytesIO()
    build_letter(LetterData(record, analysis, recipient.name, CLINIC, letter=letter, reproducible=True), out)
    text = "\n".join(pdftotext(out.getvalue()))
    assert kind.title in flat(text) and "Guten Tag Dr. Zola," in text and "Mit freundlichen Grüßen" in text
    assert _left_english(text) == []
    assert _english_forms(text) == []
    assert not re.search(r"^%", text, re.M)  # a number keeps its unit on its line ("LSI 67 %")


def test_german_table_headings_are_never_broken_inside_a_word() -> None:
    """German headings are longer ("Rechts" over a 33 pt column, "Untersuchung", "Wahrscheinlichkeit"):
    a column grows to its heading's longest word rather than print "Recht" over "s"."""
    i18n.set_language("de")
    hop = next((FIXTURES.parent / "vignettes" / "independent").glob("012_*.json"))  # force per kilogram
    pdfs = [summary_pdf(_rich("rich"), earlier=(_rich("rich_first"),)),
            summary_pdf(german_record(today=dt.date(2026, 11, 25), path=hop))]
    text = "\n".join(page for pdf in pdfs for page in pdftotext(pdf))
    assert "N/kg" in text and "Wahrscheinlichkeit" in text and "Letzte Untersuchung" in flat(text)
    lines = {line.strip() for line in text.splitlines()}
    broken = {"Recht", "Unter", "Unters", "suchung", "uchung", "Wahrschein", "lichkeit", "Veränder", "ung", "s"}
    assert lines & broken == set()
