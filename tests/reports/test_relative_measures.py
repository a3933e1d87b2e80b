"""Force per kilogram and the hop distances with their LSI in the summary PDF (issue 12, build 4),
read back with pdfplumber."""

from __future__ import annotations

import dataclasses
import io

import pdfplumber
from kinelink.forms.formats import show_number
from kinelink.forms.model import ExamRecord, TestEntry
from kinelink.forms.relative import force_per_kg, hop_lsi
from kinelink.forms.vocab import Joint, MuscleGroup, Side, TestName, TestResult

from tests.reports.documents import load, summary_pdf


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def _line(text: str, start: str) -> str:
    found = [line for line in text.splitlines() if line.startswith(start)]
    assert found, f"no line starting {start!r}"
    return found[0]


def _with(record: ExamRecord, *, mass: float | None, hops: dict[Side, float]) -> ExamRecord:
    tests = [t for t in record.exam.tests if t.test is not TestName.HOP_TEST]
    longest = max(hops.values())
    tests += [TestEntry(TestName.HOP_TEST, side, TestResult.POSITIVE if cm < longest else TestResult.NEGATIVE,
                        note="Łukasz's hop <&>" if side is Side.LEFT else None, distance_cm=cm)
              for side, cm in hops.items()]
    exam = dataclasses.replace(record.exam, body_mass_kg=mass, tests=tuple(tests))
    return dataclasses.replace(record, exam=exam)


def test_force_per_kilogram_beside_each_force() -> None:
    record = _with(load("rich"), mass=78.5, hops={Side.LEFT: 118, Side.RIGHT: 152.5})
    text = _text(summary_pdf(record))
    assert "Muscle group grade force N/kg grade force N/kg LSI Deficit" in text
    # every recorded force has its N/kg, computed from the recorded body mass, on the group's line
    for group in (MuscleGroup.ABDUCTORS, MuscleGroup.EXTERNAL_ROTATORS):
        left = record.exam.strength_of(Joint.HIP, group, Side.LEFT)
        right = record.exam.strength_of(Joint.HIP, group, Side.RIGHT)
        assert left is not None and right is not None and left.force_n and right.force_n
        per_kg = [force_per_kg(e.force_n, 78.5) for e in (left, right)]
        line = _line(text, f"Hip {group.label}")
        for value in per_kg:
            assert value is not None and show_number(value, 2) in line.split(), (value, line)
    abd = _line(text, "Hip abductors")
    assert abd.split()[:9] == ["Hip", "abductors", "4", "141", "N", "1.8", "5", "176", "N"]  # grade, force, N/kg
    assert "the body mass recorded at this exam (78.5 kg)" in text.replace("\n", " ")
    # a group with grades only (no force) shows a dash, never a made-up figure
    assert _line(text, "Knee flexors (hamstrings)").split()[3:6] == ["4", "—", "—"]  # grade, no force, no N/kg


def test_no_body_mass_no_per_kilogram_column() -> None:
    record = _with(load("rich"), mass=None, hops={Side.LEFT: 118, Side.RIGHT: 152.5})
    text = _text(summary_pdf(record))
    assert "N/kg" not in text


def test_hop_distances_and_lsi() -> None:
    record = _with(load("rich"), mass=78.5, hops={Side.LEFT: 118, Side.RIGHT: 152.5})
    found = hop_lsi(record.exam)
    assert found is not None
    lsi, shorter, deficit = found
    assert (round(lsi, 1), shorter, deficit) == (77.4, Side.LEFT, True)
    text = " ".join(_text(summary_pdf(record)).split())
    assert ("Single-leg hop for distance: left 118 cm, right 152.5 cm; LSI 77.4 % (left ÷ right × 100), "
            "a deficit: LSI below 90 %") in text
    # each side's distance in its cell of the tests table, the note escaped, not read as markup
    assert "POSITIVE, 118 cm" in text and "negative, 152.5 cm" in text
    assert "Łukasz's hop <&>" in text


def test_hop_within_the_threshold_and_one_side_only() -> None:
    even = " ".join(_text(summary_pdf(_with(load("rich"), mass=None, hops={Side.LEFT: 140, Side.RIGHT: 150}))).split())
    assert "LSI 93.3 % (left ÷ right × 100)." in even and "a deficit" not in even.split("Single-leg hop")[1][:80]
    one = " ".join(_text(summary_pdf(_with(load("rich"), mass=None, hops={Side.RIGHT: 150}))).split())
    assert "Single-leg hop for distance: right 150 cm (one side only: no LSI)." in one
