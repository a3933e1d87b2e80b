"""Two wordings in both languages, read back from the analysis text, the letter's findings and the summary PDF:
a limp and an antalgic gait ticked together are one finding ("antalgic limp", German "Schonhinken": listed apart
German read "Hinken und Schonhinken"), and a knee muscle group is named once with its muscle ("Knieextensoren
(M. quadriceps)", where German read "Extensoren (Knie) (M. quadriceps)")."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from kinelink.forms import examfile, gait, i18n
from kinelink.forms.analysis import analyze
from kinelink.forms.letters.facts import findings
from kinelink.forms.model import ExamRecord
from kinelink.forms.muscles import MUSCLE_GROUPS, label
from kinelink.forms.summary_text import render_text
from kinelink.forms.vocab import Gait, Joint, MuscleGroup

from tests.conftest import FIXTURES
from tests.reports.documents import flat, pypdf_pages, summary_pdf

EXAM = FIXTURES / "exams" / "full_left_knee_to_hip.json"  # a left knee protected, the left hip loaded


@pytest.fixture(params=["en", "de"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language("en")


def limping(*deviations: Gait) -> ExamRecord:
    record = examfile.load(EXAM)
    history = dataclasses.replace(record.exam.history, gait=deviations)
    return dataclasses.replace(record, exam=dataclasses.replace(record.exam, history=history))


ONE_LIMP = {"en": "antalgic limp", "de": "Schonhinken"}
TWICE = {"en": ("a limp and an antalgic gait", "an antalgic gait and a limp", "Antalgic and limp", "limp and antalgic"),
         "de": ("Hinken und Schonhinken", "Schonhinken und Hinken")}


def test_a_limp_and_an_antalgic_gait_are_one_finding(lang: str) -> None:
    assert gait.labels([Gait.LIMP, Gait.TRENDELENBURG, Gait.ANTALGIC]) == [ONE_LIMP[lang], Gait.TRENDELENBURG.label]
    assert gait.labels([Gait.ANTALGIC]) == [Gait.ANTALGIC.label]  # either alone keeps its own word
    assert gait.labels([Gait.LIMP, Gait.NORMAL]) == [Gait.LIMP.label]
    record = limping(Gait.LIMP, Gait.ANTALGIC)
    analysis = analyze(record)
    text = flat(render_text(record, analysis))
    letter = next(f.text for f in findings(record, analysis) if f.key == "gait")
    summary = flat(" ".join(pypdf_pages(summary_pdf(record))))
    assert ONE_LIMP[lang] in text  # the analysis: the gait protecting the left knee
    assert ONE_LIMP[lang] in letter, letter
    assert ONE_LIMP[lang].lower() in summary.lower(), summary
    for said_twice in TWICE[lang]:
        for where in (text, letter, summary):
            assert said_twice.lower() not in where.lower(), (said_twice, where)


def test_a_knee_muscle_group_is_named_once_with_its_muscle(lang: str) -> None:
    expected = {"en": "Knee extensors (quadriceps)", "de": "Knieextensoren (M. quadriceps)"}[lang]
    assert label(Joint.KNEE, MuscleGroup.EXTENSORS) == expected
    assert label(Joint.HIP, MuscleGroup.ABDUCTORS) == {"en": "Hip abductors", "de": "Hüftabduktoren"}[lang]
    record = limping(Gait.ANTALGIC)
    analysis = analyze(record)
    summary = flat(" ".join(pypdf_pages(summary_pdf(record))))
    assert expected in summary
    letter = " ".join(f.text for f in findings(record, analysis))
    muscles = [info.muscles for info in MUSCLE_GROUPS.values()]
    for where in (summary, letter, flat(render_text(record, analysis))):
        assert "(Knie)" not in where and "(Hüfte)" not in where, where
        assert not [m for m in muscles if f") ({m})" in where], where  # "Extensoren (Knie) (M. quadriceps)"


def test_the_child_with_a_limp_red_flag_names_the_limp_once(lang: str) -> None:
    """The red flag's evidence ("13-year-old with right knee pain and …") and the letter built on it."""
    record = examfile.load(FIXTURES / "exams" / "red_flags_adolescent.json")
    assert {Gait.LIMP, Gait.ANTALGIC} <= set(record.exam.history.gait_deviations)
    analysis = analyze(record)
    reasons = " ".join(alert.reason for alert in analysis.red_flags)
    assert ONE_LIMP[lang] in reasons, reasons
    for said_twice in TWICE[lang]:
        assert said_twice.lower() not in reasons.lower(), reasons
