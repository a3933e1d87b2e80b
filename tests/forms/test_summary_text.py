"""The summary `kinelink analyze` prints names the subscales as the questionnaire catalogue does."""

from __future__ import annotations

from kinelink.forms import demo
from kinelink.forms.analysis import analyze
from kinelink.forms.questionnaires import questionnaire
from kinelink.forms.summary_text import render_text
from kinelink.forms.vocab import Instrument


def test_score_lines_use_the_catalogues_subscale_names() -> None:
    seen: set[Instrument] = set()
    for record in (r for p in demo.generate(11, 12) for r in p.records):
        analysis = analyze(record)
        text = render_text(record, analysis)
        lines = [line.strip() for line in text.splitlines()]
        for o in analysis.outcomes:
            line = next(x for x in lines if x.startswith(f"{o.instrument.label}: "))
            names = [questionnaire(o.instrument).subscale(key).short for key, _ in o.scores]
            positions = [line.index(f"{name} ") for name in names]
            assert positions == sorted(positions), line  # each, in the catalogue's order
            seen.add(o.instrument)
    assert seen == set(Instrument)  # KOOS "Sport/Rec", HOOS, LEFS "Total" all printed
