"""The other leg as the source: JSON, text and both PDFs name each joint's own side (issue 10, item 1).

After a right hip replacement with left knee pain the letter once asked for imaging of the *left* hip,
and after a right knee injury with left hip pain for an MRI of the *left* knee: `Link` had no source side.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from kinelink.forms import examfile
from kinelink.forms.analysis import analyze, to_json
from kinelink.forms.link_review import decide
from kinelink.forms.model import ExamRecord
from kinelink.forms.summary_text import render_text
from kinelink.forms.vocab import Joint, LinkDecision, Mechanism, Side

from tests.reports.documents import flat, letter_pdf, pdftotext, summary_pdf

EXAMS = Path(__file__).parents[1] / "fixtures" / "other_leg"
# (file, source joint, source side, target joint, target side, what the letter asks for)
CASES = [
    ("right_hip_replacement", Joint.HIP, Side.RIGHT, Joint.KNEE, Side.LEFT,
     "your opinion on the right hip as a contributing factor (compensation)"),
    ("right_knee_injury", Joint.KNEE, Side.RIGHT, Joint.HIP, Side.LEFT,
     "your opinion on the right knee as a contributing factor (compensation)"),
]


def load(name: str) -> ExamRecord:
    return examfile.load(EXAMS / f"{name}.json", today=dt.date(2100, 1, 1))


@pytest.mark.parametrize(("name", "source", "source_side", "target", "side", "asks"), CASES)
def test_the_other_leg_is_named_everywhere(
    name: str, source: Joint, source_side: Side, target: Joint, side: Side, asks: str
) -> None:
    record = load(name)
    analysis = analyze(record)
    top = analysis.top_link
    assert top is not None
    assert (top.source, top.source_side, top.target, top.side, top.mechanism) == (
        source, source_side, target, side, Mechanism.COMPENSATION)
    doc = to_json(analysis)["links"][0]
    assert (doc["source"], doc["source_side"], doc["target"], doc["side"]) == (
        source.value, source_side.value, target.value, side.value)
    route = f"{source_side.value} {source.value} → {side.value} {target.value}"
    text = flat(render_text(record, analysis))
    assert f"KNEE–HIP LINK: {route.capitalize()} (compensation)" in text
    summary = flat(" ".join(pdftotext(summary_pdf(record))))
    assert f"Likely link: {route.capitalize()} (compensation)" in summary
    assert f"source: {source_side.value} {source.value}" in summary  # the diagram's legend
    assert f"target: {side.value} {target.value}" in summary
    assert "not a probability" in summary
    accepted = dataclasses.replace(record, exam=dataclasses.replace(
        record.exam, link_review=decide(top, LinkDecision.ACCEPTED, ())))
    letter = flat(" ".join(pdftotext(letter_pdf(accepted))))
    assert asks in letter
    wrong = f"of the {side.value} {source.value}"
    assert wrong not in letter and f"imaging {wrong}" not in summary
    assert f"{route.capitalize()} (compensation):" in letter
    assert "MRI" not in letter  # a compensating joint is not scanned
