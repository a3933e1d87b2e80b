"""The evidence engine: every candidate link weighed against the rules of `forms.chain.rules`.

For each link of `LINKS` and each side whose target joint hurts (the gate),
the engine tries the frame with the source on the same leg and, for
`cross_leg` links, on the other leg, and keeps the better one (the same leg
on a tie). In a frame it evaluates every rule of that link, collects the
evidence for and against, checks which expected data are missing, and scores
(see `forms.chain` for the method). Nothing here names a rule or a finding.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kinelink.forms.chain.facts import Facts, Frame, sentence
from kinelink.forms.chain.predicates import check
from kinelink.forms.chain.rules import LINKS, RULES_BY_LINK, Legs, LinkSpec, Polarity, Rule
from kinelink.forms.findings import Comparison, Evidence, Link
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import ExamRecord
from kinelink.forms.vocab import Joint, Likelihood, Side
from kinelink.forms.wording import HELD_STEP

HIGH = 0.6
MODERATE = 0.35
CONFIDENCE_FLOOR = 0.55  # confidence with none of the expected data; 1.0 with all of it

# The summary templates follow the verb with their noun phrase (German: a dative, "passt zu einer ...").
_VERBS = {
    Likelihood.HIGH: N_("is most consistent with"),
    Likelihood.MODERATE: N_("suggests"),
    Likelihood.LOW: N_("may reflect"),
}
_PAIN = {
    Joint.KNEE: N_("The {side} knee pain"),
    Joint.HIP: N_("The {side} hip pain"),
}


@dataclass(frozen=True, slots=True)
class Assessment:
    """One candidate link in one frame, before it becomes a `Link` (kept for tests and tools)."""

    spec: LinkSpec
    frame: Frame
    supporting: tuple[tuple[Rule, Evidence], ...]
    against: tuple[tuple[Rule, Evidence], ...]
    missing: tuple[str, ...]  # next steps for the expected data not recorded
    missing_loads: frozenset[str]  # those of them that load the leg (functional tests)
    conditional: tuple[str, ...]  # the link's next steps that fit this patient (age, replaced joint)
    completeness: float
    score: float

    eligible: bool  # a standalone supporting finding, and the link's requirement holds

    @property
    def suggested(self) -> bool:
        """At least one standalone supporting finding and the link's requirement: worth showing."""
        return self.eligible

    @property
    def fired(self) -> frozenset[str]:
        return frozenset(rule.id for rule, _ in (*self.supporting, *self.against))


def combine(supporting: Iterable[float], against: Iterable[float], completeness: float) -> float:
    """support (noisy-OR) × opposition (product of 1 − weight) × confidence, rounded to 3 places."""
    support = 1.0 - math.prod(1.0 - w for w in supporting)
    opposition = math.prod(1.0 - w for w in against)
    confidence = CONFIDENCE_FLOOR + (1.0 - CONFIDENCE_FLOOR) * completeness
    return round(support * opposition * confidence, 3)


def likelihood(score: float) -> Likelihood:
    if score >= HIGH:
        return Likelihood.HIGH
    if score >= MODERATE:
        return Likelihood.MODERATE
    return Likelihood.LOW


def _applies(rule: Rule, frame: Frame) -> bool:
    if rule.legs is Legs.SAME:
        return not frame.other_leg
    if rule.legs is Legs.OTHER:
        return frame.other_leg
    return True


def assess(spec: LinkSpec, facts: Facts, frame: Frame) -> Assessment:
    words = frame.words()
    supporting: list[tuple[Rule, Evidence]] = []
    against: list[tuple[Rule, Evidence]] = []
    for rule in RULES_BY_LINK[spec.key]:
        if not _applies(rule, frame):
            continue
        bindings = check(rule.when, facts, frame)
        if bindings is None:
            continue
        evidence = Evidence(sentence(_(rule.finding).format_map({**words, **bindings})), rule.id, rule.weight)
        (supporting if rule.polarity is Polarity.SUPPORTS else against).append((rule, evidence))
    expected = [e for e in spec.expects if e.applies(facts, frame)]
    gaps = [(e, step) for e in expected if (step := e.missing(facts, frame)) is not None]
    counted = sum(e.counts for e in expected)
    completeness = 1.0 - sum(e.counts for e, _ in gaps) / counted if counted else 1.0
    missing = tuple(step for _, step in gaps)
    loads = frozenset(step for e, step in gaps if e.loading())
    eligible = (
        any(rule.standalone for rule, _ in supporting)
        and (spec.requires is None or check(spec.requires, facts, frame) is not None)
        and (not frame.other_leg or spec.requires_other_leg is None
             or check(spec.requires_other_leg, facts, frame) is not None)
    )
    conditional = tuple(
        _(step).format_map(words) for when, step in spec.steps_when if check(when, facts, frame) is not None
    )
    score = (
        combine((r.weight for r, _ in supporting), (r.weight for r, _ in against), completeness)
        if eligible
        else 0.0
    )
    return Assessment(
        spec, frame, tuple(supporting), tuple(against), missing, loads, conditional, completeness, score, eligible
    )


def evaluate(record: ExamRecord, comparisons: Iterable[Comparison]) -> tuple[Assessment, ...]:
    """Every gated candidate (link, side) in its better frame, in catalogue order, left before right."""
    facts = Facts.build(record, comparisons)
    out: list[Assessment] = []
    for spec in LINKS:
        for side in Side:
            same = Frame(spec.key.source, spec.key.target, spec.key.mechanism, side, side)
            if spec.gate(facts, same) is None:
                continue
            best = assess(spec, facts, same)
            across = Frame(same.source, same.target, same.mechanism, side, side.other)
            # The other-leg frame can only win when its requirement (a gait that shifts the weight) holds:
            # without it, it is never suggested and scores 0, so it is not assessed at all.
            if spec.cross_leg and (spec.requires_other_leg is None
                                   or check(spec.requires_other_leg, facts, across) is not None):
                other = assess(spec, facts, across)
                if (other.suggested, other.score) > (best.suggested, best.score):
                    best = other
            out.append(best)
    return tuple(out)


def _steps(a: Assessment, held: bool) -> tuple[str, ...]:
    """Steps of the strongest findings first (a same-day referral comes from the heaviest rules), then
    the missing data, the link's examinations and its treatment. With a red flag present, exercise,
    loading and loading tests are withheld and the first step says so (the rest stays visible)."""
    strongest = sorted(a.supporting, key=lambda x: -x[0].weight)
    fired = [(_(r.next_step), r.next_step_loads) for r, _evidence in strongest if r.next_step]
    steps = [
        *fired,
        *((step, step in a.missing_loads) for step in a.missing),
        *((step, False) for step in a.conditional),
        *((_(step), False) for step in a.spec.next_steps),
        *((_(step), True) for step in a.spec.treatment),
    ]
    if held:
        steps = [(_(HELD_STEP), False), *((s, loads) for s, loads in steps if not loads)]
    return tuple(dict.fromkeys(s for s, _ in steps))


def to_link(a: Assessment, held: bool = False) -> Link:
    band = likelihood(a.score)
    template = a.spec.other_leg_summary if a.frame.other_leg else a.spec.summary
    pain = _(_PAIN[a.frame.target]).format(side=a.frame.side.label)
    summary = f"{pain} {_(template).format_map({**a.frame.words(), 'verb': _(_VERBS[band])})}."
    # Published titles have no catalog entry and stay as published; Kinelink's own glosses are translated.
    references = [_(ref) for ref in (*a.spec.references,
                                     *(ref for r, _unused in (*a.supporting, *a.against) for ref in r.references))]
    return Link(
        source=a.frame.source,
        target=a.frame.target,
        mechanism=a.frame.mechanism,
        side=a.frame.side,
        source_side=a.frame.source_side,
        score=a.score,
        likelihood=band,
        summary=summary,
        supporting=tuple(e for _, e in a.supporting),
        against=tuple(e for _, e in a.against),
        next_steps=_steps(a, held),
        references=tuple(dict.fromkeys(references)),
        held_for_red_flags=held,
    )


def infer_links(
    record: ExamRecord, comparisons: Iterable[Comparison], *, red_flags: bool = False
) -> tuple[Link, ...]:
    """The links worth showing, highest score first; with `red_flags`, each is held (see `_steps`)."""
    order = {spec.key: i for i, spec in enumerate(LINKS)}
    suggested = [a for a in evaluate(record, comparisons) if a.suggested]
    suggested.sort(key=lambda a: (-a.score, order[a.spec.key], a.frame.side.value))
    return tuple(to_link(a, red_flags) for a in suggested)
