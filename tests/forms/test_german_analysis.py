"""The kinetic-chain analysis in German: every sentence of `analyze`'s text is German (issue 16).

Every fixture exam is analysed with its free text (complaint, notes, descriptions: the clinician's own
words, which are never translated) replaced, and the text must hold no English giveaway word outside
the published titles under "Literatur". The JSON contract's keys and vocabulary stay English.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from kinelink.forms import i18n
from kinelink.forms.analysis import analyze, to_json
from kinelink.forms.examfile import from_dict
from kinelink.forms.summary_text import render_text

from tests.conftest import FIXTURES
from tests.giveaways import english_lines, english_words

EXAMS = sorted(
    p for folder in ("exams", "other_leg", "vignettes", "additions") for p in (FIXTURES / folder).glob("*.json")
    if '"kinelink-exam"' in p.read_text(encoding="utf-8")
)


def _own_words_replaced(data: dict[str, Any]) -> dict[str, Any]:
    exam, history = data["exam"], data["exam"]["history"]
    for key in ("complaint", "past_history", "medications", "goals"):
        if history.get(key):
            history[key] = "Worte der Patientin"
    for injury in history.get("injuries", []):
        injury["description"] = ""
    for entry in exam.get("tests") or []:
        if entry.get("note"):
            entry["note"] = "Notiz"
    for key in ("notes", "impression"):
        if exam.get(key):
            exam[key] = "Notiz"
    for review in exam.get("link_review") or []:
        if review.get("note"):
            review["note"] = "Notiz"
    exam.pop("documents", None)
    exam["clinician"] = "Anna Nowak"
    data["patient"].update(family_name="Nowak", given_name="Ewa")
    return data


def _without_titles(text: str) -> str:
    """The text without the reference list's entries (published titles keep their language)."""
    kept, in_list = [], False
    for line in text.splitlines():
        if line.strip() == "Literatur:":
            in_list = True
            continue
        if in_list and (line.startswith("    - ") or line.startswith("      ")):
            continue
        in_list = False
        kept.append(line)
    return "\n".join(kept)


@pytest.mark.parametrize("path", EXAMS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_sentence_of_the_german_analysis_is_german(path: Path) -> None:
    data = _own_words_replaced(json.loads(path.read_text(encoding="utf-8")))
    i18n.set_language("de")
    record = from_dict(data)
    analysis = analyze(record)
    text = render_text(record, analysis)
    assert english_lines(_without_titles(text)) == []
    for link in analysis.links:  # the JSON's sentences too; its keys and words stay the contract's English
        for sentence in (link.summary, *(e.finding for e in (*link.supporting, *link.against)), *link.next_steps):
            assert english_words(sentence) == [], sentence
    assert {"links", "red_flags", "deficits", "outcomes"} <= set(to_json(analysis))


def test_the_side_follows_the_noun_and_the_summary_opens_in_german() -> None:
    data = _own_words_replaced(json.loads((FIXTURES / "exams" / "full_left_knee_to_hip.json").read_text("utf-8")))
    i18n.set_language("de")
    record = from_dict(data)
    link = analyze(record).links[0]
    assert link.summary.startswith("Der Hüftschmerz links passt am ehesten zu einer Kompensation für das Knie links")
    findings = [e.finding for e in link.supporting]
    assert any(f.startswith("Verletzung Knie links (VKB und Innenmeniskus) am 14.3.2026; 10 Wochen später: "
                            "Schmerz Hüfte links, Beginn am 20.5.2026") for f in findings), findings
    assert any("M. quadriceps links 212,5 N vs. 318 N rechts (LSI 67 %)" in f for f in findings), findings
    assert to_json(analyze(record))["links"][0]["side"] == "left"  # the contract's word


def test_english_wording_is_unchanged_by_the_translation() -> None:
    record = from_dict(json.loads((FIXTURES / "exams" / "full_left_knee_to_hip.json").read_text("utf-8")))
    link = analyze(record).links[0]
    assert link.summary.startswith("The left hip pain is most consistent with compensation for the left knee")
    assert any("Left quadriceps 212.5 N vs 318 N on the right (LSI 67 %)" in e.finding for e in link.supporting)
