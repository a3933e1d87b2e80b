"""The questionnaire catalogue and its scoring (forms/questionnaires.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kinelink.forms.questionnaires import (
    ITEM_CODES,
    MCID,
    QUESTIONNAIRES,
    interpret,
    questionnaire,
    score,
)
from kinelink.forms.vocab import Instrument

KOOS, HOOS, LEFS = Instrument.KOOS, Instrument.HOOS, Instrument.LEFS


def _codes(*groups: tuple[str, int]) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for prefix, n in groups for i in range(1, n + 1))


# Written out independently of the module: the exam-format contract.
EXPECTED_CODES = {
    KOOS: _codes(("S", 7), ("P", 9), ("A", 17), ("SP", 5), ("Q", 4)),
    HOOS: _codes(("S", 5), ("P", 10), ("A", 17), ("SP", 4), ("Q", 4)),
    LEFS: _codes(("", 20)),
}

# (instrument, subscale, items, at least this many answered) from clinical-reference.md:
# KOOS Scoring 2012 / HOOS Scoring 2013, "at least half of the items answered".
THRESHOLDS = [
    (KOOS, "pain", _codes(("P", 9)), 5),
    (KOOS, "symptoms", _codes(("S", 7)), 4),
    (KOOS, "adl", _codes(("A", 17)), 9),
    (KOOS, "sport_rec", _codes(("SP", 5)), 3),
    (KOOS, "qol", _codes(("Q", 4)), 2),
    (HOOS, "pain", _codes(("P", 10)), 5),
    (HOOS, "symptoms", _codes(("S", 5)), 3),
    (HOOS, "adl", _codes(("A", 17)), 9),
    (HOOS, "sport_rec", _codes(("SP", 4)), 2),
    (HOOS, "qol", _codes(("Q", 4)), 2),
]


def _answers(codes: tuple[str, ...], values: list[int]) -> dict[str, int]:
    assert len(codes) == len(values)
    return dict(zip(codes, values, strict=True))


# --- the catalogue -----------------------------------------------------------------------------


def test_item_codes_export_is_unchanged() -> None:
    assert ITEM_CODES == EXPECTED_CODES
    assert list(ITEM_CODES) == [KOOS, HOOS, LEFS]


@pytest.mark.parametrize(("instrument", "count"), [(KOOS, 42), (HOOS, 40), (LEFS, 20)])
def test_item_counts(instrument: Instrument, count: int) -> None:
    q = questionnaire(instrument)
    assert len(q.items) == count
    assert q.codes == ITEM_CODES[instrument]
    assert len(set(q.codes)) == count


@pytest.mark.parametrize("instrument", list(Instrument))
def test_every_item_is_complete_and_scored_once(instrument: Instrument) -> None:
    q = QUESTIONNAIRES[instrument]
    assert q.instrument is instrument
    assert q.title and q.instructions and q.reference and q.scoring_source
    assert q.reference in q.source
    assert len(q.answer_labels) == 5
    section_titles = [s.title for s in q.sections]
    assert len(set(section_titles)) == len(section_titles)
    seen_sections: list[str] = []
    for item in q.items:
        assert item.text.strip() == item.text and item.text
        assert len(item.answers) == 5 and all(label.strip() for label in item.answers)
        assert len(set(item.answers)) == 5
        assert item.section in section_titles
        if not seen_sections or seen_sections[-1] != item.section:
            seen_sections.append(item.section)
        assert q.item(item.code) is item
        assert [s.key for s in q.subscales if item.code in s.item_codes] == [item.subscale]
    # each section is one contiguous run of items, in the order of q.sections
    assert seen_sections == section_titles
    assert sorted(c for s in q.subscales for c in s.item_codes) == sorted(q.codes)
    for s in q.subscales:
        assert s.title
        assert [i.code for i in q.items_of(s.key)] == list(s.item_codes)


def test_subscale_keys_and_order() -> None:
    koos_hoos = ["pain", "symptoms", "adl", "sport_rec", "qol"]
    assert [s.key for s in questionnaire(KOOS).subscales] == koos_hoos
    assert [s.key for s in questionnaire(HOOS).subscales] == koos_hoos
    assert [s.key for s in questionnaire(LEFS).subscales] == ["total"]
    assert questionnaire(KOOS).score_range == questionnaire(HOOS).score_range == (0, 100)
    assert questionnaire(LEFS).score_range == (0, 80)


@pytest.mark.parametrize(("instrument", "key", "codes", "minimum"), THRESHOLDS)
def test_subscale_membership_and_minimum(
    instrument: Instrument, key: str, codes: tuple[str, ...], minimum: int
) -> None:
    s = questionnaire(instrument).subscale(key)
    assert s.item_codes == codes
    assert s.min_answered == minimum


def test_answer_labels_per_item_group() -> None:
    koos, hoos, lefs = questionnaire(KOOS), questionnaire(HOOS), questionnaire(LEFS)
    never_always = ("Never", "Rarely", "Sometimes", "Often", "Always")
    severity = ("None", "Mild", "Moderate", "Severe", "Extreme")
    assert koos.item("S1").answers == never_always
    assert koos.item("S4").answers == tuple(reversed(never_always))  # "Can you straighten ...?"
    assert koos.item("S6").answers == severity
    assert koos.item("P1").answers == ("Never", "Monthly", "Weekly", "Daily", "Always")
    assert koos.item("P5").answers == severity
    assert koos.item("A17").answers == severity
    assert koos.item("SP5").answers == severity
    assert koos.item("Q1").answers == ("Never", "Monthly", "Weekly", "Daily", "Constantly")
    assert koos.item("Q2").answers == ("Not at all", "Mildly", "Moderately", "Severely", "Totally")
    assert koos.item("Q3").answers[-1] == "Extremely"
    assert koos.item("Q4").answers == severity
    assert hoos.item("S1").answers == never_always
    assert hoos.item("S2").answers == severity
    assert lefs.item("1").answers[0] == "Extreme difficulty or unable to perform activity"
    assert lefs.item("20").answers[4] == "No difficulty"
    assert koos.item("P2").stem.startswith("What amount of knee pain")
    assert koos.item("S6").section == "Stiffness" and koos.item("S6").subscale == "symptoms"


def test_lookup_of_unknown_code_or_key() -> None:
    with pytest.raises(KeyError, match="P10"):
        questionnaire(KOOS).item("P10")
    with pytest.raises(KeyError, match="total"):
        questionnaire(KOOS).subscale("total")


# --- scoring: hand-worked examples -----------------------------------------------------------------


def test_koos_hand_worked() -> None:
    r = {
        # pain P1–P9: 1+2+0+1+3+2+1+0+2 = 12; 12/9 = 1.3333; 100 − 1.3333 × 25 = 66.667
        **_answers(_codes(("P", 9)), [1, 2, 0, 1, 3, 2, 1, 0, 2]),
        # symptoms S1–S7: 0+1+2+0+1+3+2 = 9; 9/7 = 1.285714; 100 − 32.142857 = 67.857
        **_answers(_codes(("S", 7)), [0, 1, 2, 0, 1, 3, 2]),
        # adl A1–A17: 3 + 4 + 15 × 1 = 22; 22/17 = 1.294118; 100 − 32.352941 = 67.647
        **_answers(_codes(("A", 17)), [3, 4] + [1] * 15),
        # sport SP1–SP5: 4+3+4+2+3 = 16; 16/5 = 3.2; 100 − 80 = 20
        **_answers(_codes(("SP", 5)), [4, 3, 4, 2, 3]),
        # qol Q1–Q4: 2+3+1+2 = 8; 8/4 = 2; 100 − 50 = 50
        **_answers(_codes(("Q", 4)), [2, 3, 1, 2]),
    }
    got = score(KOOS, r)
    assert list(got) == ["pain", "symptoms", "adl", "sport_rec", "qol"]
    assert got["pain"] == pytest.approx(66.67, abs=0.01)
    assert got["symptoms"] == pytest.approx(67.86, abs=0.01)
    assert got["adl"] == pytest.approx(67.65, abs=0.01)
    assert got["sport_rec"] == pytest.approx(20.0, abs=0.01)
    assert got["qol"] == pytest.approx(50.0, abs=0.01)


def test_koos_with_missing_items_uses_mean_of_answered() -> None:
    # pain P1–P5 only (5 of 9, the minimum): 4+4+3+3+2 = 16; 16/5 = 3.2; 100 − 80 = 20
    # symptoms S1, S3, S5, S7 (4 of 7): 1+1+2+0 = 4; 4/4 = 1; 100 − 25 = 75
    r = {"P1": 4, "P2": 4, "P3": 3, "P4": 3, "P5": 2, "S1": 1, "S3": 1, "S5": 2, "S7": 0}
    got = score(KOOS, r)
    assert got["pain"] == pytest.approx(20.0, abs=0.01)
    assert got["symptoms"] == pytest.approx(75.0, abs=0.01)
    assert got["adl"] is None and got["sport_rec"] is None and got["qol"] is None


def test_hoos_hand_worked() -> None:
    r = {
        # pain P1–P10: 1+1+2+2+0+0+3+1+1+2 = 13; 13/10 = 1.3; 100 − 32.5 = 67.5
        **_answers(_codes(("P", 10)), [1, 1, 2, 2, 0, 0, 3, 1, 1, 2]),
        # symptoms S1–S5: 2+1+0+3+1 = 7; 7/5 = 1.4; 100 − 35 = 65
        **_answers(_codes(("S", 5)), [2, 1, 0, 3, 1]),
        # adl: A5 = 2, A9 = 2, A11 = 3, the other 14 = 0; 7/17 = 0.411765; 100 − 10.294118 = 89.706
        **{f"A{i}": 0 for i in range(1, 18)},
        "A5": 2,
        "A9": 2,
        "A11": 3,
        # sport SP1–SP4: 3+4+2+3 = 12; 12/4 = 3; 100 − 75 = 25
        **_answers(_codes(("SP", 4)), [3, 4, 2, 3]),
        # qol Q1–Q4: 4+4+3+4 = 15; 15/4 = 3.75; 100 − 93.75 = 6.25
        **_answers(_codes(("Q", 4)), [4, 4, 3, 4]),
    }
    got = score(HOOS, r)
    assert list(got) == ["pain", "symptoms", "adl", "sport_rec", "qol"]
    assert got["pain"] == pytest.approx(67.5, abs=0.01)
    assert got["symptoms"] == pytest.approx(65.0, abs=0.01)
    assert got["adl"] == pytest.approx(89.71, abs=0.01)
    assert got["sport_rec"] == pytest.approx(25.0, abs=0.01)
    assert got["qol"] == pytest.approx(6.25, abs=0.01)


def test_extremes_and_exactness() -> None:
    codes = ITEM_CODES[KOOS]
    assert set(score(KOOS, dict.fromkeys(codes, 0)).values()) == {100.0}
    assert set(score(KOOS, dict.fromkeys(codes, 4)).values()) == {0.0}
    # not rounded: symptoms sum 9 over 7 items → 100 − 9 × 25 / 7 = 100 − 225/7 = 67.857142857...
    r = _answers(_codes(("S", 7)), [0, 1, 2, 0, 1, 3, 2])
    assert score(KOOS, r)["symptoms"] == 100 - 225 / 7


def test_lefs_complete_and_one_missing() -> None:
    # item i answers i mod 5: each run of five is 1+2+3+4+0 = 10; four runs = 40
    r = {str(i): i % 5 for i in range(1, 21)}
    assert score(LEFS, r) == {"total": pytest.approx(40.0, abs=0.01)}
    assert score(LEFS, dict.fromkeys(ITEM_CODES[LEFS], 4)) == {"total": 80.0}
    assert score(LEFS, dict.fromkeys(ITEM_CODES[LEFS], 0)) == {"total": 0.0}
    del r["13"]
    assert score(LEFS, r) == {"total": None}
    assert score(LEFS, {}) == {"total": None}


@pytest.mark.parametrize(("instrument", "key", "codes", "minimum"), THRESHOLDS)
def test_missing_item_threshold(
    instrument: Instrument, key: str, codes: tuple[str, ...], minimum: int
) -> None:
    # answer 2 everywhere: mean 2 → 100 − 50 = 50; answer from the end so it is not just "the first n"
    at = dict.fromkeys(codes[-minimum:], 2)
    got = score(instrument, at)
    assert got[key] == pytest.approx(50.0, abs=0.01)
    assert [k for k, v in got.items() if v is not None] == [key]
    below = dict.fromkeys(codes[-(minimum - 1) :], 2) if minimum > 1 else {}
    assert score(instrument, below)[key] is None


def test_empty_responses() -> None:
    assert score(KOOS, {}) == dict.fromkeys(["pain", "symptoms", "adl", "sport_rec", "qol"])


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "responses", "named"),
    [
        (KOOS, {"P10": 1}, "P10"),  # HOOS has P10, KOOS does not
        (HOOS, {"SP5": 1}, "SP5"),
        (LEFS, {"21": 1}, "21"),
        (LEFS, {"P1": 1}, "P1"),
        (KOOS, {"p1": 1}, "p1"),
        (KOOS, {"P1": 5}, "P1"),
        (KOOS, {"A3": -1}, "A3"),
        (HOOS, {"Q2": 2.5}, "Q2"),
        (LEFS, {"7": True}, "7"),
        (LEFS, {"7": "3"}, "7"),
    ],
)
def test_bad_code_or_answer_raises(instrument: Instrument, responses: dict[str, object], named: str) -> None:
    with pytest.raises(ValueError, match=f"'{named}'"):
        score(instrument, responses)  # type: ignore[arg-type]


# --- interpretation and MCID ----------------------------------------------------------------------------


def test_interpret() -> None:
    assert interpret(KOOS, "pain", 66.7) == "0 = extreme problems, 100 = no problems"
    assert interpret(HOOS, "qol", 0.0) == "0 = extreme problems, 100 = no problems"
    lefs = interpret(LEFS, "total", 40.0)
    assert "minimal clinically important difference is 9 points" in lefs and "Binkley 1999" in lefs
    assert "at least 5 of 9" in interpret(KOOS, "pain", None)
    assert "no pro-rating" in interpret(LEFS, "total", None)
    with pytest.raises(ValueError, match="total"):
        interpret(KOOS, "total", 50.0)
    with pytest.raises(ValueError, match="81"):
        interpret(LEFS, "total", 81.0)


def test_mcid() -> None:
    lefs = MCID[(LEFS, "total")]
    assert lefs.points == 9
    assert "Binkley" in lefs.source and "1999" in lefs.source
    for instrument, key in MCID:
        questionnaire(instrument).subscale(key)  # every MCID names a real score


# --- property -----------------------------------------------------------------------------------------------


@st.composite
def _responses(draw: st.DrawFn) -> tuple[Instrument, dict[str, int]]:
    instrument = draw(st.sampled_from(list(Instrument)))
    codes = draw(st.lists(st.sampled_from(ITEM_CODES[instrument]), unique=True))
    return instrument, {c: draw(st.integers(0, 4)) for c in codes}


@given(_responses())
def test_scores_stay_in_range(case: tuple[Instrument, dict[str, int]]) -> None:
    instrument, responses = case
    low, high = questionnaire(instrument).score_range
    got = score(instrument, responses)
    assert list(got) == [s.key for s in questionnaire(instrument).subscales]
    for key, value in got.items():
        assert value is None or low <= value <= high
        assert interpret(instrument, key, value)


def test_every_subscale_carries_its_short_name() -> None:
    """Score lines, chart legends and letters print `short`; no other place retypes it."""
    from kinelink.forms.questionnaires import QUESTIONNAIRES

    for q in QUESTIONNAIRES.values():
        for s in q.subscales:
            assert s.short and len(s.short) <= 10
            assert s.short == s.title or s.title.endswith(f"({s.short})")
    koos = [s.short for s in QUESTIONNAIRES[Instrument.KOOS].subscales]
    assert koos == ["Pain", "Symptoms", "ADL", "Sport/Rec", "QOL"]


def test_scores_are_shown_one_way() -> None:
    from kinelink.forms.questionnaires import QUESTIONNAIRES

    assert QUESTIONNAIRES[Instrument.KOOS].show_score(75.0) == "75.0"
    assert QUESTIONNAIRES[Instrument.LEFS].show_score(54.0) == "54"
    assert QUESTIONNAIRES[Instrument.HOOS].show_score(None) == "—"
