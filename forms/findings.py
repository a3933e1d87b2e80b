"""The result types of an analysis: deficits, red flags, links, outcome scores.

Plain frozen values shared by the reasoning, the command line, the PDF and the
window. `forms.analysis.analyze` builds them; `forms.analysis.to_json` writes
the contract of ../shared/exam-format.md ("Analysis output").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kinelink.forms.i18n import N_, _
from kinelink.forms.vocab import Instrument, Joint, Likelihood, Mechanism, RedFlag, RedFlagOrigin, Side

DeficitKind = Literal["rom", "strength"]


@dataclass(frozen=True, slots=True)
class Comparison:
    """One ROM or strength measurement set against its norm and the other side.

    Every recorded entry gets one (the GUI and the PDF show them all);
    `is_deficit` with `reasons` says whether, and why, it counts as a deficit.
    """

    kind: DeficitKind
    joint: Joint
    movement_or_group: str  # the file word: "internal_rotation", "abductors", ...
    side: Side
    value: float  # degrees; newtons, or the Oxford grade's number when no force
    unit: Literal["deg", "N", "grade"]
    mode: str | None  # ROM: "active"/"passive"; strength: None
    norm: float | None
    percent_of_norm: float | None
    other_side: float | None
    difference: float | None  # this side minus the other side, same unit
    lsi: float | None  # this side ÷ other side × 100
    is_deficit: bool
    reasons: tuple[str, ...]  # e.g. ("LSI 78 % < 90 % (Delaware–Oslo)",)
    painful: bool | None = None
    grade: str | None = None  # Oxford grade word when recorded
    norm_source: str | None = None  # where `norm` comes from (forms.norms), None when there is no norm
    norm_fits: bool = True  # False: `norm` describes another population (age, sex); shown, no percentage taken
    # which shown numbers cross their own threshold (forms.norms): the one shading rule
    percent_deficit: bool = False
    difference_deficit: bool = False
    lsi_deficit: bool = False
    # plausibility warnings (forms.plausibility): the value stays, the clinician checks it
    checks: tuple[str, ...] = ()
    lsi_plausible: bool = True  # False: `lsi` is outside the plausible band; print "check this value" instead


@dataclass(frozen=True, slots=True)
class RedFlagEvidence:
    """Why one red flag was raised: the checklist, a recorded finding, or quoted words and their field."""

    origin: RedFlagOrigin
    text: str  # the finding ("13-year-old with left knee pain and a limp") or the quoted words ("lost 7 kg")
    field: str | None = None  # where the words or the finding were read ("past history", "notes"); None when ticked

    @property
    def sentence(self) -> str:
        """'ticked in the screening', 'implied by the findings: …', 'past history: “prostate cancer”'."""
        if self.origin is RedFlagOrigin.TICKED:
            return _("ticked in the screening")
        if self.origin is RedFlagOrigin.IMPLIED:
            where = f" ({_(self.field)})" if self.field else ""
            return _("implied by the findings: {finding}{where}").format(finding=self.text, where=where)
        return _("{field}: “{words}” (to be confirmed)").format(field=_(self.field or N_("text")), words=self.text)


@dataclass(frozen=True, slots=True)
class RedFlagAlert:
    flag: RedFlag
    advice: str
    evidence: tuple[RedFlagEvidence, ...]  # most authoritative origin first; never empty

    @property
    def origin(self) -> RedFlagOrigin:
        return self.evidence[0].origin

    @property
    def reason(self) -> str:
        """Every piece of evidence in words, for people."""
        return "; ".join(e.sentence for e in self.evidence)


@dataclass(frozen=True, slots=True)
class Evidence:
    finding: str  # rendered with the patient's own values
    rule: str  # rule id
    weight: float


@dataclass(frozen=True, slots=True)
class Link:
    source: Joint
    target: Joint
    mechanism: Mechanism
    side: Side  # the target (painful) joint's side
    source_side: Side  # the source joint's side: the other one when the other leg is the source
    score: float  # 0..1; ranks the strength of the recorded evidence, not a probability
    likelihood: Likelihood
    summary: str
    supporting: tuple[Evidence, ...]
    against: tuple[Evidence, ...]
    next_steps: tuple[str, ...]
    references: tuple[str, ...]
    held_for_red_flags: bool = False  # a red flag is present: exercise and loading steps withheld until cleared

    @property
    def other_leg(self) -> bool:
        return self.side is not self.source_side


@dataclass(frozen=True, slots=True)
class OutcomeScores:
    instrument: Instrument
    scores: tuple[tuple[str, float | None], ...]  # subscale key -> 0..100 (LEFS: total 0..80)
    answered: int  # items answered
    total_items: int

    def get(self, key: str) -> float | None:
        return dict(self.scores).get(key)


@dataclass(frozen=True, slots=True)
class Analysis:
    links: tuple[Link, ...]
    red_flags: tuple[RedFlagAlert, ...]
    comparisons: tuple[Comparison, ...]
    outcomes: tuple[OutcomeScores, ...]
    red_flags_screened: bool | None = None  # the history's value: True screened, False/None not screened

    @property
    def deficits(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if c.is_deficit)

    @property
    def top_link(self) -> Link | None:
        return self.links[0] if self.links else None
