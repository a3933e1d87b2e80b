"""Kinetic-chain reasoning: which knee–hip link the findings of one exam point to, and why.

`infer_links(record, comparisons)` returns the links worth showing, highest
score first. It supports clinical judgement; it never names a diagnosis.

Pieces:
- `facts`: the exam indexed for look-up, the frame of a candidate link, wording helpers;
- `predicates`: small reusable predicates (pain, injury, order of onset, gait,
  ROM, strength, tests, age) and the missing-data checks;
- `rules`: the catalogue, declarative data: `LINKS` (each candidate link with
  its gate, expected data, next steps and summary) and `RULES` (each finding
  for or against a link, with weight, wording and references);
- `engine`: evaluation and scoring.

Sides. A link's `side` is the side of the target joint, the painful joint the
link explains. Its source joint is on the same leg, except for compensation
links in the "other leg" case: a left knee injury, weight shifted onto the
right leg and right hip pain give `knee → hip compensation, side right`; the
summary and the findings then name the left knee.

Scoring. For one candidate link on one side:

    support     = 1 − Π (1 − wᵢ)      noisy-OR of the supporting findings' weights
    opposition  = Π (1 − aⱼ)          each finding against removes its share
    confidence  = 0.55 + 0.45 × c     c = share of the link's expected data recorded (those that apply)
    score       = support × opposition × confidence      (0–1, three decimals)

    likelihood: high ≥ 0.60, moderate ≥ 0.35, low below.

Why this method: noisy-OR treats each finding as an independent partial
pointer, so concordant findings add up, the score saturates below 1, and
adding a supporting finding can never lower it (monotonic). Opposing findings
scale the score down rather than subtracting, so strong support survives one
weak contrary sign but a normal exam of the source joint (weight 0.35–0.45)
cuts it by about 40 %. Missing data never counts as normal: it lowers the
confidence factor and becomes a next step ("Hip internal rotation not
recorded: measure both sides"). Only the data that matter for this patient
count (the Ober test for lateral pain, not for posterior pain); missing onset
dates become a next step without lowering confidence, because an undated
order already counts only as a weak finding. With no expected data recorded,
confidence is 0.55, so a history alone can reach "moderate" but never "high".
With full data, "high" needs the equivalent of two specific or three typical
concordant findings (0.45 and 0.3 give 0.62), "moderate" one specific or two
typical ones; a lone unspecific sign stays "low".

A link is shown only when at least one supporting finding is marked
standalone (see `rules`); ties are broken by catalogue order, then left
before right, so the result is deterministic.
"""

from __future__ import annotations

from kinelink.forms.chain.engine import Assessment, combine, evaluate, infer_links, likelihood
from kinelink.forms.chain.rules import ARTICLE_INDICATORS, LINKS, LITERATURE_PATTERNS, RULES, LinkKey, LinkSpec, Rule

__all__ = [
    "ARTICLE_INDICATORS",
    "LINKS",
    "LITERATURE_PATTERNS",
    "RULES",
    "Assessment",
    "LinkKey",
    "LinkSpec",
    "Rule",
    "combine",
    "evaluate",
    "infer_links",
    "likelihood",
]
