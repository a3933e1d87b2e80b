"""Ranges defined once (forms/ranges.py) and used by the file reader and the database alike."""

from __future__ import annotations

import pytest
from kinelink.forms import examfile
from kinelink.forms.ranges import DEGREES, FORCE, NPRS, Range

from tests.conftest import FIXTURES


@pytest.mark.parametrize("scale", [NPRS, DEGREES, FORCE])
def test_every_range_is_ordered_and_sourced(scale: Range) -> None:
    assert scale.low < scale.high and scale.source
    assert scale.low in scale and scale.high in scale
    assert scale.high + 1 not in scale and scale.low - 1 not in scale
    assert True not in scale and "5" not in scale


def test_scales_print_one_way() -> None:
    assert NPRS.text() == "0–10" and NPRS.out_of(7) == "7/10"
    assert DEGREES.text() == "−30°–180°"
    assert FORCE.text() == "0–2000 N"


def test_the_file_reader_refuses_a_pain_score_outside_the_scale() -> None:
    doc = examfile.to_dict(examfile.load(next((FIXTURES / "exams").glob("*.json"))))
    doc["exam"]["history"]["symptoms"] = [{"location": "knee_anterior", "pain_nprs": int(NPRS.high) + 1}]
    with pytest.raises(examfile.ExamFileError) as err:
        examfile.from_dict(doc)
    assert any(p.path.endswith("pain_nprs") and "0 to 10" in p.message for p in err.value.problems)
