"""One sweep over the whole clinical catalogue: ids unique, norms sane, every fact sourced."""

from __future__ import annotations

from kinelink.forms import norms
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import AAOS, ROM_NORMS, Threshold
from kinelink.forms.questionnaires import ITEM_CODES, QUESTIONNAIRES
from kinelink.forms.special_tests import SPECIAL_TESTS, TEST_GROUPS
from kinelink.forms.vocab import (
    GROUPS_BY_JOINT,
    MOVEMENTS_BY_JOINT,
    Grade,
    Instrument,
    Joint,
    Movement,
    RedFlag,
    Sex,
    TestName,
)


def test_every_movement_has_a_sourced_norm_in_range() -> None:
    expected = {(j, m) for j, ms in MOVEMENTS_BY_JOINT.items() for m in ms}
    assert set(ROM_NORMS) == expected
    for (joint, movement), norm in ROM_NORMS.items():
        assert norm.joint is joint and norm.movement is movement
        assert norm.default.source == AAOS, "AAOS is the default shown"
        assert len(norm.values) >= 2, "two sources stored"
        for value in norm.values:
            assert -30 <= value.degrees <= 180
            assert value.source.strip()
        assert norm.label.lower().startswith(joint.value)


def test_norm_applicability_by_sex_and_age() -> None:
    hip_ext = ROM_NORMS[(Joint.HIP, Movement.EXTENSION)]
    assert hip_ext.for_patient(Sex.MALE, 35, norms.ROAAS).degrees == 10
    assert hip_ext.for_patient(Sex.FEMALE, 35, norms.ROAAS).degrees == 30  # falls back to AAOS
    assert hip_ext.for_patient(Sex.MALE, 60, norms.ROAAS).degrees == 30


def test_every_threshold_has_a_rule_and_a_source() -> None:
    thresholds = [v for v in vars(norms).values() if isinstance(v, Threshold)]
    assert len(thresholds) >= 6
    for t in thresholds:
        assert t.rule.strip() and t.source.strip()


def test_every_test_is_catalogued_with_joint_and_source() -> None:
    assert set(SPECIAL_TESTS) == set(TestName)
    grouped = [t.test for _, tests in TEST_GROUPS for t in tests]
    assert sorted(grouped, key=lambda t: t.value) == sorted(TestName, key=lambda t: t.value)
    assert len(grouped) == len(set(grouped))
    for test in SPECIAL_TESTS.values():
        assert test.label and test.assesses and test.positive_means and test.source


def test_every_muscle_group_is_labelled() -> None:
    assert set(MUSCLE_GROUPS) == {(j, g) for j, gs in GROUPS_BY_JOINT.items() for g in gs}
    for info in MUSCLE_GROUPS.values():
        assert info.label and info.muscles


def test_oxford_grades_are_ordered_ordinals() -> None:
    ranks = [g.rank for g in Grade]
    assert ranks == sorted(ranks) == list(range(14))
    assert Grade.G4M.number < Grade.G4.number < Grade.G4P.number < Grade.G5.number


def test_every_questionnaire_item_is_scored_and_has_text() -> None:
    for instrument in Instrument:
        q = QUESTIONNAIRES[instrument]
        codes = [i.code for i in q.items]
        assert tuple(codes) == ITEM_CODES[instrument]
        scored = [c for s in q.subscales for c in s.item_codes]
        assert sorted(scored) == sorted(codes), f"{instrument}: every item in exactly one subscale"
        for item in q.items:
            assert item.text.strip() and len(item.answers) == 5


def test_every_red_flag_has_advice_and_source() -> None:
    from kinelink.forms.redflags import RED_FLAGS

    assert set(RED_FLAGS) == set(RedFlag)
    for info in RED_FLAGS.values():
        assert info.advice.strip() and info.source.strip()


def test_every_rule_is_well_formed() -> None:
    from kinelink.forms.chain.rules import RULES

    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids)), "rule ids unique"
    for rule in RULES:
        assert rule.source is not rule.target
        assert rule.references, f"{rule.id} has a reference"
        assert rule.weight > 0


def test_a_new_special_test_is_named_in_sentences_from_its_catalogue_entry() -> None:
    """The reasoning names a test the way its catalogue entry says: nothing retypes test names."""
    from kinelink.forms.chain.facts import test_name
    from kinelink.forms.special_tests import SPECIAL_TESTS

    for test, entry in SPECIAL_TESTS.items():
        assert test_name(test) == entry.in_text
        assert not entry.in_text[:1].isupper() or entry.proper
    assert test_name(TestName.FADIR) == "FADIR" and test_name(TestName.ANTERIOR_DRAWER) == "anterior drawer"


def test_muscle_groups_are_named_in_sentences_from_their_catalogue_entry() -> None:
    from kinelink.forms.chain.facts import group_name
    from kinelink.forms.muscles import MUSCLE_GROUPS

    assert {group_name(j, g) for j, g in MUSCLE_GROUPS} >= {"quadriceps", "hamstrings", "hip abductors"}
    assert all(group_name(j, g) == info.in_text for (j, g), info in MUSCLE_GROUPS.items())
