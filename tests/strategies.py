"""Hypothesis strategies that build valid exams (shared by forms and db tests)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st
from kinelink.forms.model import (
    Exam,
    ExamId,
    ExamRecord,
    History,
    Injury,
    IssuedDocument,
    LinkReview,
    Outcome,
    Patient,
    RomEntry,
    StrengthEntry,
    Symptom,
    TestEntry,
)
from kinelink.forms.partialdate import PartialDate
from kinelink.forms.questionnaires import ITEM_CODES
from kinelink.forms.vocab import (
    GROUPS_BY_JOINT,
    MOVEMENTS_BY_JOINT,
    Activity,
    DocumentKind,
    Gait,
    Grade,
    InjuryKind,
    Instrument,
    Joint,
    LinkDecision,
    Location,
    Mechanism,
    Mode,
    PainQuality,
    RedFlag,
    Region,
    Sex,
    Side,
    Structure,
    TestGrade,
    TestName,
    TestResult,
)

EXAM_DAY = dt.date(2026, 6, 1)
# Any Unicode a clinician might type, including markup-looking text and emoji; no surrogates.
texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)  # NUL: invalid
names = texts.filter(lambda s: s.strip() != "")
past = st.dates(min_value=dt.date(1920, 1, 1), max_value=EXAM_DAY)
# a full date, or one known to the month or the year only
partial_past = past | past.map(lambda d: PartialDate(d.year, d.month)) | past.map(lambda d: PartialDate(d.year))
maybe = st.one_of


def _tuple(strategy: st.SearchStrategy, max_size: int = 4) -> st.SearchStrategy:
    return st.lists(strategy, max_size=max_size).map(tuple)


injuries = st.builds(
    Injury,
    region=st.sampled_from(Region),
    side=st.sampled_from(Side),
    date=st.none() | partial_past,
    description=texts,
    structures=_tuple(st.sampled_from(Structure)),
    kind=st.none() | st.sampled_from(InjuryKind),
)
symptoms = st.builds(
    Symptom,
    region=st.sampled_from(Region),
    side=st.sampled_from(Side),
    location=st.none() | st.sampled_from(Location),
    onset=st.none() | partial_past,
    pain_nprs=st.none() | st.integers(0, 10),
    aggravating=_tuple(st.sampled_from(Activity)),
    radiates_to=st.none() | st.sampled_from(Region),
    quality=st.none() | st.sampled_from(PainQuality),
)
histories = st.builds(
    History,
    complaint=st.none() | texts,
    injuries=_tuple(injuries, 3),
    symptoms=_tuple(symptoms, 3),
    gait=_tuple(st.sampled_from(Gait)),
    red_flags=_tuple(st.sampled_from(RedFlag)),
    past_history=st.none() | texts,
    medications=st.none() | texts,
    goals=st.none() | texts,
    red_flags_screened=st.none() | st.booleans(),
)
degrees = st.one_of(st.integers(-30, 180), st.floats(-30, 180, allow_nan=False).map(lambda x: round(x, 1)))


@st.composite
def rom_lists(draw: st.DrawFn) -> tuple[RomEntry, ...]:
    keys = [(j, m, s, mode) for j, ms in MOVEMENTS_BY_JOINT.items() for m in ms for s in Side for mode in Mode]
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=8))
    return tuple(
        RomEntry(j, m, s, draw(degrees), mode, draw(st.none() | st.booleans())) for j, m, s, mode in chosen
    )


@st.composite
def strength_entries(draw: st.DrawFn) -> StrengthEntry:
    joint = draw(st.sampled_from(Joint))
    grade = draw(st.none() | st.sampled_from(Grade))
    force = draw(st.none() | st.floats(0, 2000, allow_nan=False).map(lambda x: round(x, 1)))
    if grade is None and force is None:
        grade = Grade.G5
    return StrengthEntry(joint, draw(st.sampled_from(GROUPS_BY_JOINT[joint])), draw(st.sampled_from(Side)),
                         grade, force)


tests_ = st.builds(
    TestEntry,
    test=st.sampled_from(TestName),
    side=st.sampled_from(Side),
    result=st.sampled_from(TestResult),
    grade=st.none() | st.sampled_from(TestGrade),
    painful=st.none() | st.booleans(),
    note=st.none() | texts,
    distance_cm=st.none() | st.integers(0, 1000) | st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 1)),
)


@st.composite
def link_reviews(draw: st.DrawFn) -> tuple[LinkReview, ...]:
    """Reviews with distinct keys (source, target, mechanism, side, source side)."""
    keys = [(j, j.other, m, s, ss) for j in Joint for m in Mechanism for s in Side for ss in Side]
    chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=3))
    return tuple(
        LinkReview(*key, decision=draw(st.sampled_from(LinkDecision)), note=draw(st.none() | texts))
        for key in chosen
    )


documents = st.builds(
    IssuedDocument,
    kind=st.sampled_from(DocumentKind),
    issued_at=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1))
    .map(lambda t: t.replace(microsecond=0, tzinfo=dt.UTC)),
    author=names,
    text=texts,
    sha256=st.binary(min_size=32, max_size=32).map(bytes.hex),
    letter_type=st.none() | texts,
    recipient=st.none() | texts,
)


@st.composite
def outcomes(draw: st.DrawFn) -> Outcome:
    instrument = draw(st.sampled_from(Instrument))
    codes = draw(st.lists(st.sampled_from(ITEM_CODES[instrument]), unique=True))
    return Outcome(instrument, tuple((c, draw(st.integers(0, 4))) for c in codes), draw(st.none() | past))


patients = st.builds(
    Patient,
    family_name=names,
    given_name=names,
    date_of_birth=past,
    sex=st.sampled_from(Sex),
    record_number=st.none() | texts,
)
exams = st.builds(
    Exam,
    date=st.just(EXAM_DAY),
    history=histories,
    id=st.none() | st.uuids().map(lambda u: ExamId(str(u))),
    clinician=st.none() | texts,
    rom=rom_lists(),
    strength=_tuple(strength_entries(), 6),
    tests=_tuple(tests_, 6),
    outcomes=_tuple(outcomes(), 2),
    notes=st.none() | texts,
    body_mass_kg=st.none() | st.integers(10, 400) | st.floats(10, 400, allow_nan=False).map(lambda x: round(x, 1)),
    link_review=link_reviews(),
    impression=st.none() | texts,
    documents=_tuple(documents, 2),
)
records = st.builds(ExamRecord, patient=patients, exam=exams)
