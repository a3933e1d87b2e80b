"""Properties of the kinetic-chain reasoning over generated exams (hypothesis).

- deterministic: the same exam gives the same links;
- mirroring left and right mirrors the result;
- adding a supporting finding never lowers that link's score (monotonic);
- every link shown has a supporting finding, and links come highest score first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from forms import deficits
from forms.chain import infer_links
from forms.findings import Link
from forms.model import ExamRecord, Injury, StrengthEntry, Symptom, TestEntry
from forms.vocab import (
    Activity,
    Gait,
    Grade,
    Joint,
    Mechanism,
    MuscleGroup,
    Region,
    Side,
    Structure,
    TestName,
    TestResult,
)
from tests.strategies import records

Key = tuple[Joint, Joint, Mechanism, Side]
PROPERTY = settings(max_examples=100, deadline=None)


def links(rec: ExamRecord) -> tuple[Link, ...]:
    return infer_links(rec, deficits.compare(rec))


def scores(rec: ExamRecord) -> dict[Key, float]:
    return {(k.source, k.target, k.mechanism, k.side): k.score for k in links(rec)}


def mirror(rec: ExamRecord) -> ExamRecord:
    e, h = rec.exam, rec.exam.history
    history = replace(
        h,
        injuries=tuple(replace(i, side=i.side.other) for i in h.injuries),
        symptoms=tuple(replace(s, side=s.side.other) for s in h.symptoms),
    )
    return replace(rec, exam=replace(
        e,
        history=history,
        rom=tuple(replace(r, side=r.side.other) for r in e.rom),
        strength=tuple(replace(s, side=s.side.other) for s in e.strength),
        tests=tuple(replace(t, side=t.side.other) for t in e.tests),
    ))


def signature(found: tuple[Link, ...], flip: bool = False) -> list[tuple[object, ...]]:
    return sorted(
        (
            k.source.value, k.target.value, k.mechanism.value, (k.side.other if flip else k.side).value,
            k.score, k.likelihood.value, tuple(e.rule for e in k.supporting), tuple(e.rule for e in k.against),
            len(k.next_steps),
        )
        for k in found
    )


def not_lower(before: dict[Key, float], after: dict[Key, float], only: set[Key] | None = None) -> None:
    for key, score in before.items():
        if only is None or key in only:
            assert after.get(key, 0.0) >= score, f"{key}: {score} -> {after.get(key)}"


@PROPERTY
@given(records)
def test_deterministic(rec: ExamRecord) -> None:
    assert links(rec) == links(rec)


@PROPERTY
@given(records)
def test_mirroring_left_and_right_mirrors_the_result(rec: ExamRecord) -> None:
    assert signature(links(mirror(rec)), flip=True) == signature(links(rec))


@PROPERTY
@given(records)
def test_links_have_support_and_come_highest_first(rec: ExamRecord) -> None:
    found = links(rec)
    assert [k.score for k in found] == sorted((k.score for k in found), reverse=True)
    for k in found:
        assert k.supporting and 0 < k.score < 1 and k.source is not k.target
        assert "diagnos" not in (k.summary + " ".join(e.finding for e in (*k.supporting, *k.against))).lower()
    assert len({(k.source, k.target, k.mechanism, k.side) for k in found}) == len(found)


# --- monotonic: each mutation only adds a finding that supports the links named -------------


@PROPERTY
@given(records, st.sampled_from([g for g in Gait if g is not Gait.NORMAL]))
def test_a_gait_deviation_never_lowers_any_link(rec: ExamRecord, gait: Gait) -> None:
    h = rec.exam.history
    after = replace(rec, exam=replace(rec.exam, history=replace(h, gait=(*h.gait, gait))))
    not_lower(scores(rec), scores(after))


@PROPERTY
@given(records, st.sampled_from(Activity))
def test_an_aggravating_activity_never_lowers_any_link(rec: ExamRecord, activity: Activity) -> None:
    h = rec.exam.history
    symptoms = tuple(replace(s, aggravating=(*s.aggravating, activity)) for s in h.symptoms)
    after = replace(rec, exam=replace(rec.exam, history=replace(h, symptoms=symptoms)))
    not_lower(scores(rec), scores(after))


@PROPERTY
@given(records, st.sampled_from(Side))
def test_hip_abductor_weakness_never_lowers_hip_to_knee_alignment(rec: ExamRecord, side: Side) -> None:
    kept = tuple(s for s in rec.exam.strength
                 if not (s.joint is Joint.HIP and s.group is MuscleGroup.ABDUCTORS and s.side is side))
    weak = StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, side, Grade.G3)
    after = replace(rec, exam=replace(rec.exam, strength=(weak, *kept)))
    not_lower(scores(rec), scores(after), {(Joint.HIP, Joint.KNEE, Mechanism.ALIGNMENT, side)})


@PROPERTY
@given(records, st.sampled_from(Side))
def test_a_positive_ober_never_lowers_the_myofascial_links(rec: ExamRecord, side: Side) -> None:
    kept = tuple(t for t in rec.exam.tests if not (t.test is TestName.OBER and t.side is side))
    after = replace(rec, exam=replace(rec.exam, tests=(TestEntry(TestName.OBER, side, TestResult.POSITIVE), *kept)))
    not_lower(scores(rec), scores(after), {
        (Joint.HIP, Joint.KNEE, Mechanism.MYOFASCIAL, side), (Joint.KNEE, Joint.HIP, Mechanism.MYOFASCIAL, side),
    })


@PROPERTY
@given(records, st.sampled_from(Side))
def test_an_earlier_knee_injury_never_lowers_knee_to_hip_compensation(rec: ExamRecord, side: Side) -> None:
    h = rec.exam.history
    dated = [s.onset for s in h.symptoms if s.onset is not None] + [i.date for i in h.injuries if i.date is not None]
    day = min([*dated, rec.exam.date]) - dt.timedelta(days=1)
    injury = Injury(Region.KNEE, side, day, "", (Structure.ACL,))
    after = replace(rec, exam=replace(rec.exam, history=replace(h, injuries=(*h.injuries, injury))))
    not_lower(scores(rec), scores(after), {(Joint.KNEE, Joint.HIP, Mechanism.COMPENSATION, s) for s in Side})


@PROPERTY
@given(records, st.sampled_from(Side))
def test_knee_pain_spreading_to_the_hip_never_lowers_knee_to_hip_referral(rec: ExamRecord, side: Side) -> None:
    h = rec.exam.history
    spreading = Symptom(Region.KNEE, side, radiates_to=Region.HIP)
    after = replace(rec, exam=replace(rec.exam, history=replace(h, symptoms=(*h.symptoms, spreading))))
    not_lower(scores(rec), scores(after), {(Joint.KNEE, Joint.HIP, Mechanism.REFERRED, side)})
