"""The result types of an analysis: deficits, red flags, links, outcome scores.

Plain frozen values shared by the reasoning, the command line, the PDF and the
window. `forms.analysis.analyze` builds them; `forms.analysis.to_json` writes
the contract of ../shared/exam-format.md ("Analysis output").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kinelink.forms.vocab import Instrument, Joint, Likelihood, Mechanism, RedFlag, Side

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
    # which shown numbers cross their own threshold (forms.norms): the one shading rule
    percent_deficit: bool = False
    difference_deficit: bool = False
    lsi_deficit: bool = False


@dataclass(frozen=True, slots=True)
class RedFlagAlert:
    flag: RedFlag
    advice: str
    reason: str  # "ticked in the screening" or what in the findings implies it


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
    side: Side
    score: float  # 0..1
    likelihood: Likelihood
    summary: str
    supporting: tuple[Evidence, ...]
    against: tuple[Evidence, ...]
    next_steps: tuple[str, ...]
    references: tuple[str, ...]


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

    @property
    def deficits(self) -> tuple[Comparison, ...]:
        return tuple(c for c in self.comparisons if c.is_deficit)

    @property
    def top_link(self) -> Link | None:
        return self.links[0] if self.links else None
