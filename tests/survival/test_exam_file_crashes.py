"""The exam-file crash classes the fault probe found, one test each: rejected with the field named,
never a traceback, and messages that neither steer the terminal nor repeat huge values."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from kinelink.desktop.cli import main
from kinelink.forms import examfile

FIXTURE = Path(__file__).parents[1] / "fixtures" / "exams" / "full_left_knee_to_hip.json"
TODAY = dt.date(2027, 1, 1)


def _doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FIXTURE.read_text("utf-8"))
    return doc


def _problems(text: str) -> list[str]:
    with pytest.raises(examfile.ExamFileError) as err:
        examfile.loads(text, today=TODAY)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize("value", [[1, 2], {"a": 1}, [[]]])
def test_a_rom_field_given_a_list_or_object(value: object) -> None:
    doc = _doc()
    doc["exam"]["rom"][0]["side"] = value
    doc["exam"]["rom"].append(dict(doc["exam"]["rom"][0]))  # the repeated-entry check meets it too
    problems = _problems(json.dumps(doc))
    assert any(p.startswith("exam.rom[0].side: ") for p in problems)


@pytest.mark.parametrize("depth", [989, 990, 100_000])
def test_json_nested_deeper_than_python_can_read(depth: int) -> None:
    doc = json.dumps(_doc())
    text = doc.replace('"notes"', f'"deep": {"[" * depth}{"]" * depth}, "notes"', 1)
    problems = _problems(text)
    assert problems == ["not an exam: its lists and objects are nested too deeply"] or any(
        p.startswith("exam.deep: unknown key") for p in problems)


def test_an_integer_of_more_than_4300_digits() -> None:
    text = json.dumps(_doc()).replace('"degrees": ', '"degrees": ' + "9" * 5000 + ', "x": ', 1)
    assert _problems(text) == ["not an exam: it holds a number of more than 4,300 digits"]


def test_an_integer_too_large_for_a_float() -> None:
    doc = _doc()
    doc["exam"]["rom"][0]["degrees"] = 2**1100
    problems = _problems(json.dumps(doc))
    assert any(p.startswith("exam.rom[0].degrees: a number of 332 digits is out of range") for p in problems)


def test_a_float_that_overflows_to_infinity() -> None:
    text = json.dumps(_doc()).replace('"degrees": ', '"degrees": 1e999, "x": ', 1)
    assert any(p.startswith("exam.rom[0].degrees: must be a number") for p in _problems(text))


@pytest.mark.parametrize("escaped", ["\\ud800", "a\\udfffb"])
def test_lone_surrogates_are_rejected_by_validate_not_crashing_import(
    escaped: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    text = json.dumps(_doc()).replace('"notes": "', f'"notes": "{escaped}', 1)
    assert any(p.startswith("exam.notes: contains an unpaired surrogate") for p in _problems(text))
    file = tmp_path / "surrogate.json"
    file.write_text(text, encoding="utf-8")
    for argv in (["validate", str(file)], ["import", str(file), "--db", str(tmp_path / "k.sqlite3")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "exam.notes: contains an unpaired surrogate (\\ud800" in err or "(\\udfff" in err


@pytest.mark.parametrize("day", ["2023-W01-1", "2023-W011", "2023-001", "20230101"])
def test_iso_week_and_ordinal_dates_are_not_dates(day: str) -> None:
    doc = _doc()
    doc["exam"]["date"] = day
    assert f"exam.date: '{day}' is not a date YYYY-MM-DD" in _problems(json.dumps(doc))


def test_terminal_escape_sequences_are_shown_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _doc()
    doc["exam"]["rom"][0]["side"] = "\x1b[2J\x1b]0;pwned\x07"
    doc["exam"]["\x1b[31mred"] = 1
    file = tmp_path / "escape\x1b[1m.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(file)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "'\\x1b[2J\\x1b]0;pwned\\x07' is not one of left, right" in err
    assert "exam.\\x1b[31mred: unknown key" in err
    assert "escape\\x1b[1m.json" in err


def test_analyze_prints_names_and_notes_without_control_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    doc = _doc()
    doc["patient"]["family_name"] = "Żółć\x1b[2J"
    file = tmp_path / "exam.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["analyze", str(file)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out


def test_error_lines_do_not_repeat_long_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = _doc()
    doc["exam"]["rom"][0]["side"] = "x" * 5_000_000
    doc["exam"]["date"] = "y" * 1_000_000
    doc["exam"]["k" * 100_000] = 1
    file = tmp_path / "long.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(file)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3 and all(len(line) < 400 for line in lines)
    assert any("(5,000,000 characters)" in line for line in lines)
