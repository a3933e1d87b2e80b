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
from kinelink.forms import deficits
from kinelink.forms.chain import infer_links
from kinelink.forms.chain.rules import COMPENSATION_DAYS
from kinelink.forms.findings import Link
from kinelink.forms.model import Exam, ExamRecord, History, Injury, Patient, RomEntry, StrengthEntry, Symptom, TestEntry
from kinelink.forms.vocab import (
    GROUPS_BY_JOINT,
    MOVEMENTS_BY_JOINT,
    Activity,
    Gait,
    Grade,
    Joint,
    Location,
    Mechanism,
    Mode,
    MuscleGroup,
    Region,
    Sex,
    Side,
    Structure,
    TestName,
    TestResult,
)

from tests.strategies import EXAM_DAY, records

Key = tuple[Joint, Joint, Mechanism, Side]
PROPERTY = settings(max_examples=100, deadline=None)

# Exams shaped like the clinic's: knee and hip problems with measurements, so most produce links.
_days = st.dates(min_value=dt.date(2024, 1, 1), max_value=EXAM_DAY)
_regions = st.sampled_from((Region.HIP, Region.KNEE, Region.GROIN, Region.THIGH, Region.KNEE, Region.HIP))
_clinic_symptoms = st.builds(
    Symptom, region=_regions, side=st.sampled_from(Side), location=st.none() | st.sampled_from(Location),
    onset=st.none() | _days, pain_nprs=st.none() | st.integers(0, 10),
    aggravating=st.lists(st.sampled_from(Activity), max_size=3).map(tuple),
    radiates_to=st.none() | _regions,
)
_clinic_injuries = st.builds(
    Injury, region=st.sampled_from((Region.KNEE, Region.HIP, Region.THIGH)), side=st.sampled_from(Side),
    date=st.none() | _days, description=st.just(""),
    structures=st.lists(st.sampled_from(Structure), max_size=2).map(tuple),
)


@st.composite
def _clinic_rom(draw: st.DrawFn) -> tuple[RomEntry, ...]:
    keys = [(j, m, s) for j, ms in MOVEMENTS_BY_JOINT.items() for m in ms for s in Side]
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=12))
    return tuple(RomEntry(j, m, s, draw(st.integers(-15, 150)), Mode.ACTIVE, draw(st.none() | st.booleans()))
                 for j, m, s in chosen)


@st.composite
def _clinic_strength(draw: st.DrawFn) -> tuple[StrengthEntry, ...]:
    keys = [(j, g, s) for j, gs in GROUPS_BY_JOINT.items() for g in gs for s in Side]
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=8))
    return tuple(StrengthEntry(j, g, s, draw(st.sampled_from((Grade.G3, Grade.G4M, Grade.G4, Grade.G5, Grade.G5))))
                 for j, g, s in chosen)


clinic_records = st.builds(
    ExamRecord,
    patient=st.builds(Patient, family_name=st.just("Doe"), given_name=st.just("Jo"),
                      date_of_birth=st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2018, 1, 1)),
                      sex=st.sampled_from(Sex)),
    exam=st.builds(
        Exam, date=st.just(EXAM_DAY),
        history=st.builds(
            History,
            injuries=st.lists(_clinic_injuries, max_size=2).map(tuple),
            symptoms=st.lists(_clinic_symptoms, min_size=1, max_size=4).map(tuple),
            gait=st.lists(st.sampled_from(Gait), max_size=3).map(tuple),
        ),
        rom=_clinic_rom(),
        strength=_clinic_strength(),
        tests=st.lists(st.builds(TestEntry, test=st.sampled_from(TestName), side=st.sampled_from(Side),
                                 result=st.sampled_from(TestResult)), max_size=10).map(tuple),
    ),
)
exams = st.one_of(records, clinic_records)


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
@given(exams)
def test_deterministic(rec: ExamRecord) -> None:
    assert links(rec) == links(rec)


@PROPERTY
@given(exams)
def test_mirroring_left_and_right_mirrors_the_result(rec: ExamRecord) -> None:
    assert signature(links(mirror(rec)), flip=True) == signature(links(rec))


@PROPERTY
@given(exams)
def test_links_have_support_and_come_highest_first(rec: ExamRecord) -> None:
    found = links(rec)
    assert [k.score for k in found] == sorted((k.score for k in found), reverse=True)
    for k in found:
        assert k.supporting and 0 < k.score < 1 and k.source is not k.target
        assert "diagnos" not in (k.summary + " ".join(e.finding for e in (*k.supporting, *k.against))).lower()
    assert len({(k.source, k.target, k.mechanism, k.side) for k in found}) == len(found)


# --- monotonic: each mutation only adds a finding that supports the links named -------------


@PROPERTY
@given(exams, st.sampled_from([g for g in Gait if g is not Gait.NORMAL]))
def test_a_gait_deviation_never_lowers_any_link(rec: ExamRecord, gait: Gait) -> None:
    h = rec.exam.history
    after = replace(rec, exam=replace(rec.exam, history=replace(h, gait=(*h.gait, gait))))
    not_lower(scores(rec), scores(after))


@PROPERTY
@given(exams, st.sampled_from(Activity))
def test_an_aggravating_activity_never_lowers_any_link(rec: ExamRecord, activity: Activity) -> None:
    h = rec.exam.history
    symptoms = tuple(replace(s, aggravating=(*s.aggravating, activity)) for s in h.symptoms)
    after = replace(rec, exam=replace(rec.exam, history=replace(h, symptoms=symptoms)))
    not_lower(scores(rec), scores(after))


@PROPERTY
@given(exams, st.sampled_from(Side))
def test_hip_abductor_weakness_never_lowers_hip_to_knee_alignment(rec: ExamRecord, side: Side) -> None:
    kept = tuple(s for s in rec.exam.strength
                 if not (s.joint is Joint.HIP and s.group is MuscleGroup.ABDUCTORS and s.side is side))
    weak = StrengthEntry(Joint.HIP, MuscleGroup.ABDUCTORS, side, Grade.G3)
    after = replace(rec, exam=replace(rec.exam, strength=(weak, *kept)))
    not_lower(scores(rec), scores(after), {(Joint.HIP, Joint.KNEE, Mechanism.ALIGNMENT, side)})


@PROPERTY
@given(exams, st.sampled_from(Side))
def test_a_positive_ober_never_lowers_the_myofascial_links(rec: ExamRecord, side: Side) -> None:
    kept = tuple(t for t in rec.exam.tests if not (t.test is TestName.OBER and t.side is side))
    after = replace(rec, exam=replace(rec.exam, tests=(TestEntry(TestName.OBER, side, TestResult.POSITIVE), *kept)))
    not_lower(scores(rec), scores(after), {
        (Joint.HIP, Joint.KNEE, Mechanism.MYOFASCIAL, side), (Joint.KNEE, Joint.HIP, Mechanism.MYOFASCIAL, side),
    })


@PROPERTY
@given(exams, st.sampled_from(Side))
def test_an_earlier_knee_injury_never_lowers_knee_to_hip_compensation(rec: ExamRecord, side: Side) -> None:
    h = rec.exam.history
    dated = [s.onset for s in h.symptoms if s.onset is not None] + [i.date for i in h.injuries if i.date is not None]
    # weeks before anything else: a compensation needs time to build (rules.COMPENSATION_DAYS)
    day = min([*dated, rec.exam.date]) - dt.timedelta(days=COMPENSATION_DAYS)
    injury = Injury(Region.KNEE, side, day, "", (Structure.ACL,))
    after = replace(rec, exam=replace(rec.exam, history=replace(h, injuries=(*h.injuries, injury))))
    not_lower(scores(rec), scores(after), {(Joint.KNEE, Joint.HIP, Mechanism.COMPENSATION, s) for s in Side})


@PROPERTY
@given(exams, st.sampled_from(Side))
def test_knee_pain_spreading_to_the_hip_never_lowers_knee_to_hip_referral(rec: ExamRecord, side: Side) -> None:
    h = rec.exam.history
    spreading = Symptom(Region.KNEE, side, radiates_to=Region.HIP)
    after = replace(rec, exam=replace(rec.exam, history=replace(h, symptoms=(*h.symptoms, spreading))))
    not_lower(scores(rec), scores(after), {(Joint.KNEE, Joint.HIP, Mechanism.REFERRED, side)})
