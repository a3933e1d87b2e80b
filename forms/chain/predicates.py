"""Small reusable predicates over one exam, and the missing-data checks.

A predicate is a frozen value called with the exam's `Facts` and a `Frame`;
it returns `None` when its finding is absent, otherwise the bindings that let
a rule word the finding with the patient's own values: each predicate binds
one phrase under its `key` ("left hip abductors 4-/5 vs 5/5 on the right").
Predicates compose with `&` (all), `|` (any: every matching alternative is
worded) and `~` (not), so a rule is data built from these pieces rather than
code.

An `Expectation` names a piece of data a link needs to be judged; when it is
missing it returns the next step that would supply it. Missing data lowers a
link's confidence; it never counts as a normal finding.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Literal

from kinelink.forms import gait, partialdate
from kinelink.forms.chain.facts import (
    Bindings,
    Facts,
    Frame,
    Leg,
    group_name,
    interval_text,
    join_words,
    movement_name,
    region_on,
    rom_reduced,
    rom_text,
    sentence,
    strength_text,
    test_name,
    test_text,
    weak,
)
from kinelink.forms.formats import show_date, show_number
from kinelink.forms.i18n import _
from kinelink.forms.model import Injury, TestEntry
from kinelink.forms.vocab import (
    Activity,
    Gait,
    InjuryKind,
    Joint,
    Location,
    Movement,
    MuscleGroup,
    Region,
    Side,
    Structure,
    TestName,
    TestResult,
)


class Predicate(abc.ABC):
    __slots__ = ()

    @abc.abstractmethod
    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        """The bindings of the finding, or None when it is absent."""

    @property
    @abc.abstractmethod
    def provides(self) -> frozenset[str]:
        """Keys the bindings always hold when the predicate matches."""

    def __and__(self, other: Predicate) -> Predicate:
        return All((self, other))

    def __or__(self, other: Predicate) -> Predicate:
        return AnyOf((self, other))

    def __invert__(self) -> Predicate:
        return Not(self)


def check(predicate: Predicate, facts: Facts, frame: Frame) -> Bindings | None:
    """`predicate(facts, frame)`, remembered in `facts.memo`. A predicate reads the frame only through
    `frame.leg`, so its answer depends on the two sides alone; predicates are module constants, so their
    identity is a stable key for the life of one analysis."""
    key = (id(predicate), frame.side, frame.source_side)  # enums hash by identity (forms.vocab.Vocab)
    try:
        return facts.memo[key]
    except KeyError:
        found = facts.memo[key] = predicate(facts, frame)
        return found


def _merge(found: list[Bindings]) -> Bindings:
    """One phrase per key: 'a, b and c' from every matching part."""
    keys = dict.fromkeys(k for b in found for k in b)
    return {k: join_words(b[k] for b in found if k in b) for k in keys}


@dataclass(frozen=True, slots=True)
class All(Predicate):
    parts: tuple[Predicate, ...]

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        found: list[Bindings] = []
        for part in self.parts:
            bindings = check(part, facts, frame)
            if bindings is None:
                return None
            found.append(bindings)
        return _merge(found)

    @property
    def provides(self) -> frozenset[str]:
        return frozenset().union(*(p.provides for p in self.parts))

    def __and__(self, other: Predicate) -> Predicate:
        return All((*self.parts, other))


@dataclass(frozen=True, slots=True)
class AnyOf(Predicate):
    parts: tuple[Predicate, ...]

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        found = [b for part in self.parts if (b := check(part, facts, frame)) is not None]
        return _merge(found) if found else None

    @property
    def provides(self) -> frozenset[str]:
        return frozenset.intersection(*(p.provides for p in self.parts))

    def __or__(self, other: Predicate) -> Predicate:
        return AnyOf((*self.parts, other))


@dataclass(frozen=True, slots=True)
class FirstOf(Predicate):
    """Like AnyOf, but words only the first matching alternative (for a short phrase)."""

    parts: tuple[Predicate, ...]

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        return next((b for part in self.parts if (b := check(part, facts, frame)) is not None), None)

    @property
    def provides(self) -> frozenset[str]:
        return frozenset.intersection(*(p.provides for p in self.parts))


@dataclass(frozen=True, slots=True)
class Not(Predicate):
    part: Predicate

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        return {} if check(self.part, facts, frame) is None else None

    @property
    def provides(self) -> frozenset[str]:
        return frozenset()


class _Keyed(Predicate):
    """A predicate that binds one phrase under `key`."""

    __slots__ = ()
    key: str

    @property
    def provides(self) -> frozenset[str]:
        return frozenset({self.key})

    def _bind(self, phrases: list[str]) -> Bindings | None:
        return {self.key: join_words(phrases)} if phrases else None


# --- history -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PainAt(_Keyed):
    """Pain at one of `regions` on a leg, optionally at a location or worse with some activities."""

    regions: tuple[Region, ...]
    leg: Leg
    locations: tuple[Location, ...] = ()
    aggravated_by: tuple[Activity, ...] = ()
    key: str = "pain"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        phrases = []
        for s in facts.record.exam.history.symptoms:
            if s.region not in self.regions or s.side is not side:
                continue
            if self.locations and s.location not in self.locations:
                continue
            activities = [a for a in s.aggravating if a in self.aggravated_by]
            if self.aggravated_by and not activities:
                continue
            where = f" ({s.location.label})" if s.location is not None and s.location.value != s.region.value else ""
            worse = _(" worse with {activities}").format(activities=join_words(a.label for a in activities)) \
                if activities else ""
            phrases.append(_pain(side, s.region) + where + worse)
        return self._bind(phrases)


@dataclass(frozen=True, slots=True)
class WorsePain(_Keyed):
    """The worst recorded pain (NPRS) at `regions` on one leg is higher than at `than` on the other leg."""

    regions: tuple[Region, ...]
    leg: Leg
    than: tuple[Region, ...]
    than_leg: Leg
    key: str = "worse"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        def worst(regions: tuple[Region, ...], leg: Leg) -> tuple[int, str] | None:
            side = frame.leg(leg)
            found = [(s.pain_nprs, region_on(side, s.region.label)) for s in facts.record.exam.history.symptoms
                     if s.region in regions and s.side is side and s.pain_nprs is not None]
            return max(found) if found else None

        here, there = worst(self.regions, self.leg), worst(self.than, self.than_leg)
        if here is None or there is None or here[0] <= there[0]:
            return None
        return {self.key: _("{here} pain worse than the {there} pain (NPRS {high} vs {low})").format(
            here=here[1], there=there[1], high=here[0], low=there[0])}


@dataclass(frozen=True, slots=True)
class Radiates(_Keyed):
    """Pain felt at one of `regions` on a leg spreading to one of `to`."""

    regions: tuple[Region, ...]
    leg: Leg
    to: tuple[Region, ...]
    key: str = "radiation"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        return self._bind([
            _("{pain} spreading to the {region}").format(pain=_pain(side, s.region), region=s.radiates_to.label)
            for s in facts.record.exam.history.symptoms
            if s.region in self.regions and s.side is side and s.radiates_to in self.to
            and s.radiates_to is not None
        ])


def _pain(side: Side, region: Region) -> str:
    """'left knee pain' (German 'Schmerz Knie links')."""
    return _("{side} {region} pain").format(side=side.label, region=region.label)


def _on_date(day: dt.date | None) -> str:
    """' on 2 Apr 2026'; a remembered month or year is said as such: ' in Aug 2026', ' in 2019'."""
    if day is None:
        return ""
    precision = partialdate.precision(day)
    if precision == "year":
        return _(" in {year}").format(year=day.year)
    if precision == "month":
        return _(" in {month}").format(month=show_date(day))
    return _(" on {date}").format(date=show_date(day))


def _injury_phrase(injury: Injury, side: Side, *, describe: bool = True) -> str:
    """'left knee injury (ACL)', 'right hip replacement', 'left knee surgery (ACL)'."""
    words = {"side": side.label, "region": injury.region.label}
    if Structure.ARTHROPLASTY in injury.structures:
        return _("{side} {region} replacement").format_map(words)
    noun = _("{side} {region} surgery") if injury.kind is InjuryKind.SURGERY else _("{side} {region} injury")
    description = injury.description.strip() if describe else ""
    if injury.structures:
        what = f" ({join_words(s.label for s in injury.structures)})"
    elif description and len(description) <= 60:
        what = f" ({description})"
    else:
        what = ""
    return noun.format_map(words) + what


@dataclass(frozen=True, slots=True)
class InjuryAt(_Keyed):
    """A known injury at one of `regions` on a leg, optionally to one of `structures`."""

    regions: tuple[Region, ...]
    leg: Leg
    structures: tuple[Structure, ...] = ()
    key: str = "injury"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        phrases = []
        for i in facts.record.exam.history.injuries:
            if i.region not in self.regions or i.side is not side:
                continue
            if self.structures and not set(i.structures) & set(self.structures):
                continue
            phrases.append(_injury_phrase(i, side) + _on_date(i.date))
        return self._bind(phrases)


@dataclass(frozen=True, slots=True)
class Event:
    """Injuries or pain at some regions on a leg, for ordering onsets in time."""

    kind: Literal["injury", "pain", "any"]
    regions: tuple[Region, ...]
    leg: Leg

    def occurrences(self, facts: Facts, frame: Frame) -> list[tuple[dt.date | None, str, str]]:
        """(date, what, its wording with the date as `{date}`), in history order."""
        side = frame.leg(self.leg)
        history = facts.record.exam.history
        found: list[tuple[dt.date | None, str, str]] = []
        if self.kind in ("injury", "any"):
            found.extend(
                (i.date, _injury_phrase(i, side, describe=False), "{what}{when}")
                for i in history.injuries
                if i.region in self.regions and i.side is side
            )
        if self.kind in ("pain", "any"):
            found.extend(
                (s.onset, _pain(side, s.region), _("{what} began{when}"))
                for s in history.symptoms
                if s.region in self.regions and s.side is side
            )
        return found


def _earliest(found: list[tuple[dt.date | None, str, str]]) -> tuple[dt.date, str, str] | None:
    dated = [(d, what, verb) for d, what, verb in found if d is not None]
    return min(dated, key=lambda x: x[0]) if dated else None


@dataclass(frozen=True, slots=True)
class Precedes(_Keyed):
    """The earliest dated `first` event comes before the earliest dated `then` event."""

    first: Event
    then: Event
    key: str = "order"
    min_days: int = 1  # the later event this many days or more after the first

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        a = _earliest(self.first.occurrences(facts, frame))
        b = _earliest(self.then.occurrences(facts, frame))
        if a is None or b is None or (b[0] - a[0]).days < self.min_days:
            return None
        first = a[2].format(what=a[1], when=_on_date(a[0]))
        then = b[2].format(what=b[1], when=_on_date(b[0]))
        interval = interval_text(a[0], b[0])
        if partialdate.precision(a[0]) != "day" or partialdate.precision(b[0]) != "day":
            interval = _("about {interval}").format(interval=interval)  # a remembered month or year
        return {self.key: _("{first}, {interval} before the {then}").format(
            first=first, interval=interval, then=then)}


@dataclass(frozen=True, slots=True)
class Undated(_Keyed):
    """Both events are recorded but the dates to order them are missing."""

    first: Event
    then: Event
    key: str = "order"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        a = self.first.occurrences(facts, frame)
        b = self.then.occurrences(facts, frame)
        if not a or not b or (_earliest(a) is not None and _earliest(b) is not None):
            return None
        return {self.key: _("{first} and {then}").format(first=a[0][1], then=b[0][1])}




@dataclass(frozen=True, slots=True)
class GaitIs(_Keyed):
    """Any of these gait deviations was observed (the exam format records gait without a side)."""

    gaits: tuple[Gait, ...]
    key: str = "gait"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        return self._bind(gait.phrases(g for g in facts.record.exam.history.gait_deviations if g in self.gaits))


@dataclass(frozen=True, slots=True)
class GaitNormal(_Keyed):
    """No gait deviation: the exam format reads `[]` and `["normal"]` alike as none."""

    key: str = "gait"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        gait = facts.record.exam.history.gait
        if facts.record.exam.history.gait_deviations:
            return None
        return {self.key: _("gait observed as normal") if Gait.NORMAL in gait else _("no gait deviation recorded")}


@dataclass(frozen=True, slots=True)
class PainFor(_Keyed):
    """Pain at one of `regions` on a leg that began at most `max_days` before the exam (a recent pain)."""

    regions: tuple[Region, ...]
    leg: Leg
    max_days: int
    key: str = "recent"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        day = facts.record.exam.date
        dated = [s for s in facts.record.exam.history.symptoms
                 if s.region in self.regions and s.side is side and s.onset is not None]
        if not dated:
            return None  # undated pain is not known to be recent
        first = min(dated, key=lambda s: s.onset or day)
        assert first.onset is not None
        if (day - first.onset).days > self.max_days:
            return None
        return {self.key: _("{pain} for {interval} only").format(
            pain=_pain(side, first.region), interval=interval_text(first.onset, day))}


@dataclass(frozen=True, slots=True)
class Replaced(_Keyed):
    """A replaced joint (an `arthroplasty` injury record) at one of `regions` on a leg."""

    regions: tuple[Region, ...]
    leg: Leg
    key: str = "replaced"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        return self._bind([
            _injury_phrase(i, side) + _on_date(i.date)
            for i in facts.record.exam.history.injuries
            if i.region in self.regions and i.side is side and Structure.ARTHROPLASTY in i.structures
        ])


@dataclass(frozen=True, slots=True)
class AgeBetween(_Keyed):
    low: int
    high: int
    key: str = "age"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        return {self.key: _("{age}-year-old").format(age=facts.age)} if self.low <= facts.age <= self.high else None


# --- measurements (read through the comparisons of forms.deficits) ----------------


@dataclass(frozen=True, slots=True)
class Weak(_Keyed):
    """Any of these muscle groups counts as a strength deficit on a leg (LSI < 90 % or grade < 5)."""

    joint: Joint
    groups: tuple[MuscleGroup, ...]
    leg: Leg
    key: str = "weak"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        phrases = []
        for g in self.groups:
            c = facts.strength.get((self.joint, g, side))
            if c is not None and weak(c):
                phrases.append(strength_text(c, facts.strength.get((self.joint, g, side.other))))
        return self._bind(phrases)


@dataclass(frozen=True, slots=True)
class StrengthNormal(_Keyed):
    """Every one of these groups is recorded on the leg and none is a deficit."""

    joint: Joint
    groups: tuple[MuscleGroup, ...]
    leg: Leg
    key: str = "strength"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        found = [facts.strength.get((self.joint, g, side)) for g in self.groups]
        if any(c is None or weak(c) for c in found):
            return None
        return self._bind([
            strength_text(c, facts.strength.get((self.joint, MuscleGroup(c.movement_or_group), side.other)))
            for c in found
            if c is not None
        ])


@dataclass(frozen=True, slots=True)
class RomBelow(_Keyed):
    """A movement measured below (or, `inclusive`, at or below) an absolute limit in degrees."""

    joint: Joint
    movement: Movement
    leg: Leg
    limit: float
    inclusive: bool = False
    key: str = "rom"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        c = facts.rom.get((self.joint, self.movement, frame.leg(self.leg)))
        if c is None:
            return None
        below = c.value <= self.limit if self.inclusive else c.value < self.limit
        return {self.key: rom_text(c)} if below else None


@dataclass(frozen=True, slots=True)
class RomReduced(_Keyed):
    """Any of these movements is a ROM deficit on the leg, or (with `painful`) hurts."""

    joint: Joint
    movements: tuple[Movement, ...]
    leg: Leg
    painful: bool = True
    key: str = "rom"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        phrases = []
        for m in self.movements:
            c = facts.rom.get((self.joint, m, side))
            if c is not None and (rom_reduced(c) or (self.painful and c.painful)):
                phrases.append(rom_text(c))
        return self._bind(phrases)


@dataclass(frozen=True, slots=True)
class RomNormal(_Keyed):
    """Every one of these movements is recorded on the leg, none a deficit and none painful."""

    joint: Joint
    movements: tuple[Movement, ...]
    leg: Leg
    key: str = "rom"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        found = [facts.rom.get((self.joint, m, side)) for m in self.movements]
        if any(c is None or rom_reduced(c) or c.painful for c in found):
            return None
        return self._bind([
            f"{Movement(c.movement_or_group).label} {show_number(c.value)}°" for c in found if c is not None
        ])


def _tests_on_leg(
    facts: Facts, side: Side, tests: tuple[TestName, ...], keep: Callable[[TestEntry], bool]
) -> list[str]:
    """The wording of each of `tests` recorded on `side` that `keep` accepts, in catalogue order."""
    return [test_text(t) for name in tests if (t := facts.tests.get((name, side))) is not None and keep(t)]


@dataclass(frozen=True, slots=True)
class TestPositive(_Keyed):
    """Any of these tests is positive on the leg."""

    tests: tuple[TestName, ...]
    leg: Leg
    key: str = "test"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        positive = _tests_on_leg(facts, frame.leg(self.leg), self.tests, lambda t: t.result is TestResult.POSITIVE)
        return self._bind(positive)


@dataclass(frozen=True, slots=True)
class TestPainful(_Keyed):
    """Any of these tests reproduced the pain on the leg (`painful`), whatever its result."""

    tests: tuple[TestName, ...]
    leg: Leg
    key: str = "test"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        return self._bind(_tests_on_leg(facts, frame.leg(self.leg), self.tests, lambda t: bool(t.painful)))


@dataclass(frozen=True, slots=True)
class TestsNegative(_Keyed):
    """At least one of these tests is recorded negative on the leg and none is positive or equivocal."""

    tests: tuple[TestName, ...]
    leg: Leg
    key: str = "tests"

    def __call__(self, facts: Facts, frame: Frame) -> Bindings | None:
        side = frame.leg(self.leg)
        found = [t for name in self.tests if (t := facts.tests.get((name, side))) is not None]
        if not found or any(t.result is not TestResult.NEGATIVE for t in found):
            return None
        return {self.key: _("{tests} negative on the {side}").format(
            tests=join_words(test_name(t.test) for t in found), side=side.label)}


# --- missing data -------------------------------------------------------------------


class Expectation(abc.ABC):
    """Data a link needs; `missing` gives the next step when it is absent, else None."""

    __slots__ = ()
    counts: ClassVar[bool] = True  # whether it counts towards the link's data completeness

    def applies(self, facts: Facts, frame: Frame) -> bool:
        """Whether the data matter for this patient at all; those that do not are not counted."""
        return True

    @abc.abstractmethod
    def missing(self, facts: Facts, frame: Frame) -> str | None: ...

    def loading(self) -> bool:
        """Whether the step loads the leg (a functional test): withheld while a red flag is present."""
        return False


@dataclass(frozen=True, slots=True)
class Relevant(Expectation):
    """An expectation that counts only when `when` holds (Ober matters for lateral pain, not posterior)."""

    expectation: Expectation
    when: Predicate

    def applies(self, facts: Facts, frame: Frame) -> bool:
        return check(self.when, facts, frame) is not None

    def missing(self, facts: Facts, frame: Frame) -> str | None:
        return self.expectation.missing(facts, frame)

    def loading(self) -> bool:
        return self.expectation.loading()


@dataclass(frozen=True, slots=True)
class MeasureRom(Expectation):
    joint: Joint
    movement: Movement
    leg: Leg

    def missing(self, facts: Facts, frame: Frame) -> str | None:
        side = frame.leg(self.leg)
        name = movement_name(self.joint, self.movement)
        here = (self.joint, self.movement, side) in facts.rom
        there = (self.joint, self.movement, side.other) in facts.rom
        if not here and not there:
            return sentence(_("{name} not recorded: measure both sides").format(name=name))
        if not here or not there:
            gap = side if not here else side.other
            return sentence(_("{side} {name} not recorded: measure it to compare the sides").format(
                side=gap.label, name=name))
        return None


@dataclass(frozen=True, slots=True)
class MeasureStrength(Expectation):
    joint: Joint
    group: MuscleGroup
    leg: Leg

    def missing(self, facts: Facts, frame: Frame) -> str | None:
        side = frame.leg(self.leg)
        name = group_name(self.joint, self.group)
        here = (self.joint, self.group, side) in facts.strength
        there = (self.joint, self.group, side.other) in facts.strength
        if not here and not there:
            return _("Strength of the {name} not recorded: test both sides, by dynamometer for an LSI").format(
                name=name)
        if not here or not there:
            gap = side if not here else side.other
            return sentence(_("{side} {name} not tested: test them to compare the sides (LSI)").format(
                side=gap.label, name=name))
        return None


@dataclass(frozen=True, slots=True)
class PerformTest(Expectation):
    """At least one of `tests` recorded on the leg; `step` is worded with the frame's keys."""

    tests: tuple[TestName, ...]
    leg: Leg
    step: str
    loads: bool = False  # a functional (loading) test

    def applies(self, facts: Facts, frame: Frame) -> bool:
        """A test recorded as not tested (too painful, not safe) is neither asked for again nor counted."""
        side = frame.leg(self.leg)
        return not any((t, side) in facts.not_tested for t in self.tests)

    def missing(self, facts: Facts, frame: Frame) -> str | None:
        side = frame.leg(self.leg)
        if any((t, side) in facts.tests for t in self.tests):
            return None
        return _(self.step).format_map(frame.words())

    def loading(self) -> bool:
        return self.loads


@dataclass(frozen=True, slots=True)
class DateEvents(Expectation):
    """When both events are recorded, their dates are needed to tell which came first.

    A next step only: an undated order already weighs less (a weak "order unknown"
    finding instead of a strong "came first" one), so it does not lower confidence too.
    """

    counts: ClassVar[bool] = False
    first: Event
    then: Event
    step: str

    def missing(self, facts: Facts, frame: Frame) -> str | None:
        a = self.first.occurrences(facts, frame)
        b = self.then.occurrences(facts, frame)
        if not a or not b or (_earliest(a) is not None and _earliest(b) is not None):
            return None
        return _(self.step).format_map(frame.words())
