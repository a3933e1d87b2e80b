"""How an independent vignette's expectation is checked (schema: fixtures/vignettes/independent/README.md).

`judge(analysis, want)` returns the problems (empty when the case passes) and the margin: how far the
decision is from flipping, in score units. For an expected link, the smaller of the top link's lead over
the best link that would not be accepted in its place and its distance to the band limits it must keep
(above 0.35 for "moderate at least", below it for "low at most"); for "no link", the distance of the
strongest unacceptable link below the moderate band (0.35).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kinelink.forms.chain.engine import HIGH, MODERATE
from kinelink.forms.findings import Analysis, Link
from kinelink.forms.vocab import Likelihood

BANDS = {Likelihood.LOW.value: 0, Likelihood.MODERATE.value: 1, Likelihood.HIGH.value: 2}
LINK_KEYS = ("source", "source_side", "target", "side", "mechanism")


@dataclass(frozen=True, slots=True)
class Verdict:
    problems: tuple[str, ...]
    margin: float


def describe(link: Link) -> str:
    return (f"{link.source_side.value} {link.source.value} → {link.side.value} {link.target.value} "
            f"{link.mechanism.value} {link.likelihood.value} {link.score:.3f}")


def _fields(link: Link) -> dict[str, str]:
    return {"source": link.source.value, "source_side": link.source_side.value, "target": link.target.value,
            "side": link.side.value, "mechanism": link.mechanism.value}


def matches(link: Link, spec: dict[str, Any]) -> bool:
    """Same joints, sides and mechanism (every key the spec gives), and the band within its limits."""
    got = _fields(link)
    if any(spec[k] != got[k] for k in LINK_KEYS if k in spec):
        return False
    band = BANDS[link.likelihood.value]
    if "likelihood_at_least" in spec and band < BANDS[spec["likelihood_at_least"]]:
        return False
    return not ("likelihood_at_most" in spec and band > BANDS[spec["likelihood_at_most"]])


def same_link(link: Link, spec: dict[str, Any]) -> bool:
    """Same joints, sides and mechanism, whatever the band."""
    got = _fields(link)
    return all(spec[k] == got[k] for k in LINK_KEYS if k in spec)


def judge(analysis: Analysis, want: dict[str, Any]) -> Verdict:
    problems: list[str] = []
    links = analysis.links
    top = links[0] if links else None
    expected = want["top_link"]
    alternatives = want.get("acceptable_alternatives", [])
    linked = [a for a in alternatives if a is not None]
    none_ok = expected is None or None in alternatives
    accepted = ([expected] if expected is not None else []) + linked

    def acceptable(link: Link) -> bool:
        return any(same_link(link, spec) for spec in accepted)

    if expected is not None:
        if top is None:
            if not none_ok:
                problems.append("no link; expected " + _spec_text(expected))
        elif not any(matches(top, spec) for spec in accepted) and not (none_ok and top.likelihood is Likelihood.LOW):
            problems.append(f"top {describe(top)}; expected {_spec_text(expected)}")
        rivals = [k.score for k in links if not acceptable(k)]
        if top is not None and acceptable(top):
            spec = next((sp for sp in accepted if matches(top, sp)), expected)
            # with "no link" acceptable too, a rival on top would still pass while it is low: it must overtake
            # the top link and reach moderate to fail the case
            best = max(rivals, default=0.0)
            lead = max(top.score - best, MODERATE - best) if none_ok else top.score - best
            margin = min(lead, _band_room(top, spec))
        elif top is None:
            margin = MODERATE  # nothing above nothing: decided by the absence of any link
        else:
            margin = max((k.score for k in links if acceptable(k)), default=0.0) - top.score
    else:
        strong = [k for k in links if k.likelihood is not Likelihood.LOW and not any(matches(k, s) for s in linked)]
        problems += [f"link {describe(k)} rated above low; expected no link" for k in strong]
        rivals = [k.score for k in links if not acceptable(k)]
        margin = MODERATE - max(rivals, default=0.0)
    for spec in want.get("must_not_link", []):
        for i, link in enumerate(links):
            if same_link(link, spec) and (i == 0 or link.likelihood is not Likelihood.LOW):
                problems.append(f"must not link {describe(link)}" + (" (top)" if i == 0 else ""))
    got_flags = {(a.flag.value, a.origin.value) for a in analysis.red_flags}
    want_flags = {(f["flag"], f["origin"]) for f in want["red_flags"]}
    if got_flags != want_flags:
        problems.append(f"red flags {sorted(got_flags)}; expected {sorted(want_flags)}")
    if analysis.red_flags_screened != want["red_flags_screened"]:
        problems.append(f"red_flags_screened {analysis.red_flags_screened}; expected {want['red_flags_screened']}")
    return Verdict(tuple(problems), round(margin, 3))


def _band_room(link: Link, spec: dict[str, Any]) -> float:
    """How far the score is from leaving the band limits of the spec."""
    floors = {"low": 0.0, "moderate": MODERATE, "high": HIGH}
    ceilings = {"low": MODERATE, "moderate": HIGH, "high": 1.0}
    room = link.score - floors[spec.get("likelihood_at_least", "low")] if "likelihood_at_least" in spec else 1.0
    if spec.get("likelihood_at_least", "low") == "low":
        room = 1.0
    if "likelihood_at_most" in spec:
        room = min(room, ceilings[spec["likelihood_at_most"]] - link.score)
    return room


def _spec_text(spec: dict[str, Any]) -> str:
    bands = spec.get("likelihood_at_least", "low") + (f"..{spec['likelihood_at_most']}" if "likelihood_at_most" in spec
                                                       else "+")
    return f"{spec['source_side']} {spec['source']} → {spec['side']} {spec['target']} {spec['mechanism']} {bands}"
