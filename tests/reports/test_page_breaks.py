"""Tables across pages in the summary: a table that does not fit the rest of a page starts there and
splits, its header repeated; a heading stays with its table's first rows; no row is left alone.

Page 1 of the summary was once mostly empty: the range-of-motion table, too tall for the space left,
was pushed whole to page 2; and a single row of a long table sat alone on the last page.
"""

from __future__ import annotations

import dataclasses
import io

import pytest
from kinelink.forms.model import ExamRecord
from kinelink.reports import page, parts, styles
from reportlab.platypus import Spacer

from tests.reports.documents import GENERATED, load, pdftotext, summary_pdf

pdfplumber = pytest.importorskip("pdfplumber")


def _short_history(record: ExamRecord) -> ExamRecord:
    """The rich exam without complaint, injuries and symptoms: the strength table then meets the foot
    of page 1 with room for its start but not for all of it."""
    history = dataclasses.replace(record.exam.history, complaint=None, injuries=(), symptoms=())
    return dataclasses.replace(record, exam=dataclasses.replace(record.exam, history=history))


def test_a_table_starts_under_its_heading_where_its_first_rows_fit_and_splits() -> None:
    pages = pdftotext(summary_pdf(_short_history(load("rich"))))
    first = pages[0]
    # the strength table used to be pushed whole to page 2, leaving the foot of page 1 empty
    assert "Strength" in first
    start = first.split("\nStrength\n", 1)[1]
    assert "Muscle group" in start and "Hip flexors" in start and "Hip extensors" in start  # header, first rows
    rest = pages[1].split("Special, stability", 1)[0]
    assert "Muscle group" in rest and "Knee flexors" in rest  # the header repeated over the rows carried over
    assert len(pages) == 3


def test_every_heading_is_on_the_page_of_its_table_header() -> None:
    for record in (load("rich"), _short_history(load("rich")), load("long")):
        pages = pdftotext(summary_pdf(record))
        for heading, header in (("Range of motion", "Movement"), ("Strength", "Muscle group"),
                                ("Outcome scores", "Questionnaire")):
            (where,) = [n for n, text in enumerate(pages) if f"\n{heading}\n" in f"\n{text}"]
            assert header in pages[where].split(heading, 1)[1], (heading, where)


def _rows_per_page(before: float, count: int) -> list[int]:
    """Build a page with `before` points of text, then a heading and a `count`-row table; the rows on each page."""
    st = styles.make_styles()
    from reportlab.platypus import Paragraph

    rows = [["Name", "Value"]] + [[f"row{n:02d}", f"{n}"] for n in range(1, count + 1)]
    table = styles.table(rows, [200, 200], styles.grid_table_style() + parts.keep_rows(count), repeatRows=1)
    story = [Spacer(0, before), *parts.table_section("Measurements", count, [table]),
             Paragraph("The end.", st.body)]
    out = io.BytesIO()
    page.build(story, out, page.PageFurniture(document="Test", patient=load("sparse").patient,
                                              exam_date=load("sparse").exam.date, generated=GENERATED, draft=False,
                                              seal=None),
               title="t", author="a", subject="s", keywords=[], reproducible=True)
    return [text.count("row") for text in pdftotext(out.getvalue())]


@pytest.mark.parametrize("before", range(300, 700, 9))
def test_no_row_is_left_alone_on_a_page_and_the_heading_keeps_its_first_rows(before: int) -> None:
    counts = [c for c in _rows_per_page(float(before), 40) if c]
    assert sum(counts) == 40
    assert all(c >= 2 for c in counts), counts
