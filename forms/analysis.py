"""One exam in, the whole analysis out: deficits, red flags, outcome scores, links.

`analyze` is a pure function of the exam; `to_json` writes the contract of
../shared/exam-format.md ("Analysis output") and nothing else.
"""

from __future__ import annotations

from typing import Any

from kinelink.forms import chain, deficits, questionnaires, redflags
from kinelink.forms.findings import Analysis, Comparison, Link, OutcomeScores
from kinelink.forms.model import ExamRecord, Outcome


def analyze(record: ExamRecord) -> Analysis:
    comparisons = deficits.compare(record)
    alerts = redflags.screen(record)
    return Analysis(
        links=chain.infer_links(record, comparisons, red_flags=bool(alerts)),
        red_flags=alerts,
        comparisons=comparisons,
        outcomes=tuple(score_outcome(o) for o in record.exam.outcomes),
        red_flags_screened=record.exam.history.red_flags_screened,
    )


def score_outcome(outcome: Outcome) -> OutcomeScores:
    answers = outcome.answers
    scores = questionnaires.score(outcome.instrument, answers)
    return OutcomeScores(
        instrument=outcome.instrument,
        scores=tuple(scores.items()),
        answered=len(answers),
        total_items=len(questionnaires.ITEM_CODES[outcome.instrument]),
    )


def _round(x: float | None, places: int = 2) -> float | None:
    return None if x is None else round(x, places)


def _deficit_json(c: Comparison) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "joint": c.joint.value,
        "movement_or_group": c.movement_or_group,
        "side": c.side.value,
        "value": c.value,
        "norm": c.norm if c.norm_fits else None,  # a norm of another population is no norm for this patient
        "percent_of_norm": c.percent_of_norm,
        "other_side": c.other_side,
        "lsi": c.lsi,
    }


def _link_json(link: Link) -> dict[str, Any]:
    return {
        "source": link.source.value,
        "target": link.target.value,
        "mechanism": link.mechanism.value,
        "side": link.side.value,
        "source_side": link.source_side.value,
        "score": round(link.score, 3),
        "likelihood": link.likelihood.value,
        "summary": link.summary,
        "supporting": [{"finding": e.finding, "rule": e.rule, "weight": e.weight} for e in link.supporting],
        "against": [{"finding": e.finding, "rule": e.rule, "weight": e.weight} for e in link.against],
        "next_steps": list(link.next_steps),
        "references": list(link.references),
    }


def to_json(analysis: Analysis) -> dict[str, Any]:
    return {
        "links": [_link_json(link) for link in analysis.links],
        "red_flags": [
            {"flag": r.flag.value, "advice": r.advice, "origin": r.origin.value, "evidence": r.reason}
            for r in analysis.red_flags
        ],
        "red_flags_screened": analysis.red_flags_screened,
        "deficits": [_deficit_json(c) for c in analysis.deficits],
        "outcomes": [
            {"instrument": o.instrument.value, "scores": {k: _round(v) for k, v in o.scores}}
            for o in analysis.outcomes
        ],
    }
