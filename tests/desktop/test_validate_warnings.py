"""`kinelink validate` prints plausibility warnings on stderr and keeps exit status 0: the file is valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from kinelink.desktop.cli import main

from tests.conftest import FIXTURES

FULL = FIXTURES / "exams" / "full_left_knee_to_hip.json"


def _with_strength(tmp_path: Path, name: str, strength: list[dict[str, object]], mass: float | None = None) -> Path:
    doc = json.loads(FULL.read_text("utf-8"))
    doc["exam"]["strength"] = strength
    doc["exam"]["body_mass_kg"] = mass
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _s(group: str, side: str, grade: str | None, force: float | None) -> dict[str, object]:
    return {"joint": "hip" if group == "abductors" else "knee", "group": group, "side": side,
            "grade": grade, "force_n": force}


def test_contradictions_are_warnings_with_their_path_and_exit_0(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_strength(tmp_path, "Żółć <&> typo.json", [
        _s("abductors", "left", "1", 250), _s("abductors", "right", "5", 260),
        _s("extensors", "left", "4", 22), _s("extensors", "right", "5", 484),
    ])
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"ok {path}\n"
    lines = err.splitlines()
    assert [line.split(": ", 4)[:4] for line in lines] == [
        ["kinelink", "warning", str(path), "exam.strength[0].force_n"],
        ["kinelink", "warning", str(path), "exam.strength[2].force_n"],
        ["kinelink", "warning", str(path), "exam.strength[3].force_n"],
    ]
    assert lines[0].endswith("grade 1/5 with 250 N: a grade of 2 or less cannot lift the leg against gravity, so "
                             "it shows at most about 190 N (the weight of a 120 kg adult's leg; no body mass "
                             "recorded); check this value")
    assert "LSI 2200 % (484 N vs 22 N on the left side) is outside 20–500 %" in lines[2]


def test_force_per_kilogram_needs_the_body_mass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    strength = [_s("extensors", "left", "5", 1800), _s("extensors", "right", "5", 1750)]
    without = _with_strength(tmp_path, "a.json", strength)
    with_mass = _with_strength(tmp_path, "b.json", strength, mass=60)
    assert main(["validate", str(without), str(with_mass)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"ok {without}", f"ok {with_mass}"]
    assert [line.split(": ")[2:4] for line in err.splitlines()] == [
        [str(with_mass), "exam.strength[0].force_n"], [str(with_mass), "exam.strength[1].force_n"]]


def test_a_sound_file_prints_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FULL)]) == 0
    assert capsys.readouterr().err == ""


def test_warnings_do_not_hide_errors_in_another_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warned = _with_strength(tmp_path, "w.json", [_s("abductors", "left", "1", 250)])
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert main(["validate", str(warned), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == f"ok {warned}\n"
    assert [line.split(": ")[1] for line in err.splitlines()] == ["warning", "error"]
