"""Exam protocols (issue 12, build 5): every id a protocol names exists in its catalogue."""

from __future__ import annotations

import pytest
from kinelink.forms import protocols
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.protocols import PROTOCOLS, Protocol
from kinelink.forms.questionnaires import QUESTIONNAIRES
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import Instrument, Joint, Movement, TestName


def _split(ids: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for i in ids:
        joint, _, rest = i.partition(".")
        out.append((joint, rest))
    return out


@pytest.mark.parametrize("protocol", list(PROTOCOLS.values()), ids=list(PROTOCOLS))
def test_every_id_a_protocol_names_is_in_its_catalogue(protocol: Protocol) -> None:
    rom_catalogue = {(j.value, m.value) for j, m in ROM_NORMS}
    group_catalogue = {(j.value, g.value) for j, g in MUSCLE_GROUPS}
    test_catalogue = {t.value for t in SPECIAL_TESTS}
    questionnaire_catalogue = {i.value for i in QUESTIONNAIRES}
    for pair in _split(protocol.rom):
        assert pair in rom_catalogue, f"{protocol.id}: no movement {pair} in forms.norms.ROM_NORMS"
    for pair in _split(protocol.strength):
        assert pair in group_catalogue, f"{protocol.id}: no muscle group {pair} in forms.muscles"
    for test in protocol.tests:
        assert test in test_catalogue, f"{protocol.id}: no test {test!r} in forms.special_tests"
    for q in protocol.questionnaires:
        assert q in questionnaire_catalogue, f"{protocol.id}: no questionnaire {q!r}"
    # no id twice, something in every part, a label, a purpose and a basis
    for part in (protocol.rom, protocol.strength, protocol.tests, protocol.questionnaires):
        assert part and len(set(part)) == len(part)
    assert protocol.label.strip() and protocol.purpose.strip() and protocol.basis.strip()
    # the typed views name the same fields
    assert {(j.value, m.value) for j, m in protocol.rom_ids()} == set(_split(protocol.rom))
    assert {t.value for t in protocol.test_ids()} == set(protocol.tests)
    assert {i.value for i in protocol.instruments()} == set(protocol.questionnaires)


def test_the_four_protocols_of_the_issue() -> None:
    assert [p.label for p in PROTOCOLS.values()] == ["Quick knee screen", "Full knee", "Full hip", "Knee–hip chain"]
    assert len({p.id for p in PROTOCOLS.values()}) == 4
    quick, full_knee = PROTOCOLS["quick_knee"], PROTOCOLS["full_knee"]
    assert quick.test_ids() < full_knee.test_ids()  # the screen is a part of the full exam
    assert (Joint.HIP, Movement.INTERNAL_ROTATION) in quick.rom_ids()  # the hip is screened in knee pain
    assert TestName.LACHMAN not in PROTOCOLS["full_hip"].test_ids()
    assert PROTOCOLS["full_hip"].instruments() == {Instrument.HOOS, Instrument.LEFS}
    chain = PROTOCOLS["knee_hip_chain"]
    assert {TestName.SINGLE_LEG_SQUAT, TestName.STEP_DOWN, TestName.TRENDELENBURG} <= chain.test_ids()


def test_all_fields_and_unknown_ids() -> None:
    assert protocols.find(protocols.ALL_FIELDS) is None
    assert protocols.find("from_a_newer_version") is None  # a remembered id no longer known: every field
    assert protocols.find("full_hip") is PROTOCOLS["full_hip"]
