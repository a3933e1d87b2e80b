"""No overlapping or clipped text in the PDFs at any content length (issue 11, item 6).

Every word's box is read back with pdfplumber; two words whose boxes overlap were drawn over each
other (a table cell too narrow for an unwrapped test name once ran into the next column), and a
word outside the page was clipped.
"""

from __future__ import annotations

import dataclasses
import glob
import io
from pathlib import Path

import pytest
from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.letters.compose import compose
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import LETTER_TYPES
from kinelink.forms.model import ExamRecord, TestEntry
from kinelink.forms.vocab import Side, TestName, TestResult
from kinelink.reports import LetterData, build_letter

from tests.reports.documents import CLINIC, load, summary_pdf

pdfplumber = pytest.importorskip("pdfplumber")

VIGNETTES = Path(__file__).parents[1] / "fixtures" / "vignettes" / "independent"


def overlaps(pdf: bytes) -> list[str]:
    """Pairs of words drawn over each other, and words outside the page, as `page: a / b`."""
    found: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            words = sorted(page.extract_words(keep_blank_chars=False, use_text_flow=True), key=lambda w: w["x0"])
            for w in words:
                if w["x0"] < 0 or w["x1"] > page.width or w["top"] < 0 or w["bottom"] > page.height:
                    found.append(f"{number}: {w['text']} outside the page")
            for i, a in enumerate(words):  # sweep by x: only words starting before `a` ends can meet it
                for b in words[i + 1:]:
                    if b["x0"] >= a["x1"] - 0.5:
                        break
                    wide = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                    tall = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                    if wide > 0.5 and tall > 1.5:
                        found.append(f"{number}: {a['text']} / {b['text']}")
    return found


def _long_names(record: ExamRecord) -> ExamRecord:
    note = "gluteal tendinopathy suspected, " * 6
    tests = tuple(TestEntry(t, side, TestResult.POSITIVE if side is Side.RIGHT else TestResult.NEGATIVE,
                            painful=True, note=note.strip())
                  for t in (TestName.RESISTED_EXTERNAL_DEROTATION, TestName.PATELLAR_APPREHENSION,
                            TestName.SINGLE_LEG_STANCE) for side in Side)
    return dataclasses.replace(record, exam=dataclasses.replace(record.exam, tests=tests))


@pytest.mark.parametrize("name", ["long", "rich", "sparse", "red_flags"])
def test_summary_text_never_overlaps(name: str) -> None:
    assert overlaps(summary_pdf(load(name))) == []


def test_long_test_names_and_notes_wrap_in_their_cells() -> None:
    pdf = summary_pdf(_long_names(load("rich")))
    assert overlaps(pdf) == []


@pytest.mark.parametrize("key", sorted(LETTER_TYPES))
@pytest.mark.parametrize("number", ["012", "048"])  # the longest findings list, and red flags
def test_letters_never_overlap(key: str, number: str) -> None:
    record = examfile.load(glob.glob(str(VIGNETTES / f"{number}_*.json"))[0])
    analysis = analyze(record)
    letter = compose(record, analysis, LETTER_TYPES[key],
                     Recipient("Dr Anna Zola", "Consultant orthopaedic surgeon", "St Mary's", "Praed St\nLondon"))
    out = io.BytesIO()
    build_letter(LetterData(record, analysis, "", CLINIC, letter=letter, reproducible=True), out)
    assert overlaps(out.getvalue()) == []


def test_the_check_finds_an_overlap() -> None:
    """The check itself: text drawn twice at the same place is found."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(100, 700, "Resisted external derotation")
    canvas.drawString(150, 700, "gluteal tendinopathy")
    canvas.save()
    assert overlaps(out.getvalue())
