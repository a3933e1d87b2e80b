"""A letter states about care only what the clinician entered or chose, never what it infers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.formats import show_date
from kinelink.forms.letters.compose import compose
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import LETTER_TYPES, Section
from kinelink.forms.model import ExamRecord

VIGNETTES = Path(__file__).parents[1] / "fixtures" / "vignettes" / "independent"
GP = Recipient("Dr Ola Øberg", "General practitioner", "Health centre", "")


def vignette(number: str) -> ExamRecord:
    return examfile.load(next(VIGNETTES.glob(f"{number}_*.json")), today=dt.date(2100, 1, 1))


@pytest.mark.parametrize("key", sorted(LETTER_TYPES))
def test_an_earlier_exam_does_not_become_physiotherapy_since_its_date(key: str) -> None:
    record = vignette("012")
    earlier = dataclasses.replace(record, exam=dataclasses.replace(record.exam, date=dt.date(2026, 3, 2)))
    letter = compose(record, analyze(record), LETTER_TYPES[key], GP, baseline=(earlier, analyze(earlier)))
    text = letter.as_text()
    assert "Physiotherapy since" not in text
    assert "home exercise programme" not in text  # nobody recorded one
    treatment = letter.part(Section.TREATMENT)
    if treatment is not None:
        assert show_date(dt.date(2026, 3, 2)) not in treatment.text  # the baseline date is no statement of care


def test_what_the_clinician_wrote_reaches_the_treatment_section() -> None:
    record = vignette("012")
    record = dataclasses.replace(record, exam=dataclasses.replace(
        record.exam, notes="Physiotherapy since 2 March: 6 sessions, home exercise programme."))
    kind = next(k for k in LETTER_TYPES.values() if Section.TREATMENT in k.sections)
    treatment = compose(record, analyze(record), kind, GP).part(Section.TREATMENT)
    assert treatment is not None
    assert "Clinical notes: Physiotherapy since 2 March: 6 sessions, home exercise programme." in treatment.text
