"""The analysis text never puts two brackets side by side ("(alignment) (moderate, 0.47; …)"): a reader
takes the second for an afterthought. Every fixture exam, in English and German."""

from __future__ import annotations

import json
import re

import pytest
from kinelink.forms import i18n
from kinelink.forms.analysis import analyze
from kinelink.forms.examfile import from_dict
from kinelink.forms.summary_text import render_text

from tests.forms.test_german_analysis import EXAMS

TWO_BRACKETS = re.compile(r"\)\s+\(")


@pytest.mark.parametrize("language", ["en", "de"])
def test_no_two_brackets_side_by_side(language: str) -> None:
    saved = i18n.current()
    i18n.set_language(language)
    try:
        found = []
        for path in EXAMS:
            record = from_dict(json.loads(path.read_text(encoding="utf-8")))
            text = render_text(record, analyze(record))
            found += [f"{path.name}: {line.strip()}" for line in text.splitlines() if TWO_BRACKETS.search(line)]
    finally:
        i18n.set_language(saved)
    assert not found, "\n".join(found[:10])
