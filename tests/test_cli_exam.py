"""`kinelink validate` and `kinelink analyze` as the contract in ../shared/cli.md says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kinelink.desktop.cli import main

from tests.conftest import FIXTURES

FULL = FIXTURES / "exams" / "full_left_knee_to_hip.json"
SPARSE = FIXTURES / "exams" / "sparse_minimal.json"
RED = FIXTURES / "exams" / "red_flags_adolescent.json"


def test_validate_good_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FULL), str(SPARSE)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"ok {FULL}", f"ok {SPARSE}"]


def test_validate_reports_every_problem_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(FULL.read_text("utf-8"))
    doc["exam"]["rom"][3]["movement"] = "rotation"
    doc["patient"]["sex"] = "M"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["validate", str(SPARSE), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == f"ok {SPARSE}\n"
    assert err.splitlines() == [
        f"kinelink: error: {bad}: patient.sex: 'M' is not one of female, male, other, unknown",
        f"kinelink: error: {bad}: exam.rom[3].movement: 'rotation' is not one of flexion, extension",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "kinelink-exam", "patient": {"family_name": "Ż', "truncated"),
        ("[]", "must be an object, not a list"),
    ],
)
def test_validate_bad_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    bad = tmp_path / "x.json"
    bad.write_text(content, encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"kinelink: error: {bad}: ") and message in err
    assert "Traceback" not in err


def test_validate_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/no/such/file.json"]) == 2
    assert capsys.readouterr().err == "kinelink: error: /no/such/file.json: no such file\n"


def test_bad_option_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", str(FULL), "--format", "xml"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("kinelink: error: analyze: argument --format: invalid choice")
    assert len(err.splitlines()) == 1


def test_analyze_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(FULL), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"links", "red_flags", "red_flags_screened", "deficits", "outcomes"}
    deficit_keys = {"kind", "joint", "movement_or_group", "side", "value", "norm", "percent_of_norm",
                    "other_side", "lsi"}
    assert out["deficits"] and all(set(d) == deficit_keys for d in out["deficits"])
    quads = [d for d in out["deficits"] if d["movement_or_group"] == "extensors" and d["joint"] == "knee"]
    assert quads == [{"kind": "strength", "joint": "knee", "movement_or_group": "extensors", "side": "left",
                      "value": 212.5, "norm": None, "percent_of_norm": None, "other_side": 318, "lsi": 66.8}]
    koos = next(o for o in out["outcomes"] if o["instrument"] == "KOOS")
    assert set(koos["scores"]) == {"pain", "symptoms", "adl", "sport_rec", "qol"}
    # pain P1..P9 = 3,2,2,1,2,3,2,1,1 -> sum 17 of 9 items: 100 - 17/9*25 = 52.78
    assert koos["scores"]["pain"] == pytest.approx(52.78, abs=0.01)
    lefs = next(o for o in out["outcomes"] if o["instrument"] == "LEFS")
    assert lefs["scores"] == {"total": 40}
    for link in out["links"]:
        assert {"source", "target", "mechanism", "side", "source_side", "score", "likelihood", "summary",
                "supporting", "against", "next_steps", "references"} == set(link)
        assert link["source_side"] in ("left", "right")


def test_analyze_red_flags_come_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(RED), "--format", "json"]) == 0
    alerts = json.loads(capsys.readouterr().out)["red_flags"]
    flags = [f["flag"] for f in alerts]
    assert {"fever", "night_pain"} <= set(flags)
    assert all(isinstance(f, str) for f in flags)
    assert all(set(f) == {"flag", "advice", "origin", "evidence"} and f["evidence"] for f in alerts)
    assert {f["flag"]: f["origin"] for f in alerts}["fever"] == "ticked"


def test_analyze_text_keeps_unicode(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(RED)]) == 0
    out = capsys.readouterr().out
    assert "Иван" in out or "Петров" in out


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "cut.json"
    bad.write_text(FULL.read_text("utf-8")[:500], encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "kinelink.desktop.cli", "validate", str(bad)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(f"kinelink: error: {bad}: not valid JSON")
    assert "Traceback" not in done.stderr
