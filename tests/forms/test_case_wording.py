"""The wording read through for a child (12 y), an elderly patient (80 y) and an other-leg case: each
sentence fits what was recorded (fixtures in tests/fixtures/wording_cases/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.model import ExamRecord
from kinelink.forms.summary_text import render_text

CASES = Path(__file__).parents[1] / "fixtures" / "wording_cases"


def case(name: str) -> tuple[ExamRecord, str]:
    record = examfile.load(CASES / f"{name}.json", today=dt.date(2026, 11, 25))
    return record, " ".join(render_text(record, analyze(record)).split())


def test_a_remembered_year_or_month_is_said_as_such() -> None:
    _record, text = case("elderly80")  # knee replaced "2019", hip pain since "2026-08"
    assert "Right knee replacement in 2019, about 8 years before the right hip pain began in Aug 2026" in text
    assert " on 2019" not in text and "on Aug 2026" not in text
    _record, text = case("otherleg")  # injury 2 Apr 2026 (a day), hip pain since "2026-07"
    assert "Left knee injury (ACL) on 2 Apr 2026, about 13 weeks before the right hip pain began in Jul 2026" in text


def test_a_replaced_knee_is_not_sent_for_meniscal_tests() -> None:
    _record, text = case("elderly80")
    assert "ligament or meniscal test" not in text
    _record, text = case("otherleg")  # a knee of its own: the tests still make sense (Lachman recorded)
    assert "Left knee → right hip (compensation)" in text


def test_the_child_and_the_elderly_are_judged_by_the_other_side_not_adult_norms() -> None:
    record, _text = case("child12")
    analysis = analyze(record)
    assert all(c.norm is None and c.percent_of_norm is None for c in analysis.comparisons if c.kind == "rom")
    record, _text = case("elderly80")
    rom = [c for c in analyze(record).comparisons if c.kind == "rom"]
    assert rom and all(not c.norm_fits and c.percent_of_norm is None for c in rom)
    assert all("no published norm for age 80 here" in (c.norm_source or "") for c in rom)


def test_the_letter_says_in_about_2019_for_a_remembered_year() -> None:
    from kinelink.forms.letters.compose import compose
    from kinelink.forms.letters.recipients import Recipient
    from kinelink.forms.letters.types import LETTER_TYPES, Section

    record, _text = case("elderly80")
    kind = next(k for k in LETTER_TYPES.values() if Section.HISTORY in k.sections)
    history = compose(record, analyze(record), kind, Recipient("Dr Anna Zola")).part(Section.HISTORY)
    assert history is not None
    assert "Surgery on the right knee in about 2019: Right knee replacement" in history.text
    assert "on about" not in history.text
