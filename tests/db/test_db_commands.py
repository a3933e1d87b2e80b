"""`kinelink import | export | backup | check | demo`, called as the command line calls them."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.desktop.cli import main
from kinelink.forms import demo, examfile

from tests.db.conftest import TODAY

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "exams"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def _files(folder: Path, n: int = 6) -> list[Path]:
    folder.mkdir()
    paths = []
    for record in demo.records(11, n, today=TODAY):
        path = folder / f"{record.exam.id}.json"
        examfile.dump(record, path)
        paths.append(path)
    return paths + sorted(FIXTURES.glob("*.json"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_export_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _files(tmp_path / "in")
    base = tmp_path / "k.sqlite3"
    code, out, err = _run(capsys, "import", *map(str, files), "--db", str(base))
    assert (code, err) == (0, [])
    assert len(out) == len(files) and all(line.startswith("imported ") for line in out)
    assert out[0].startswith(f"imported {files[0]}: patient 1 exam ")

    code, again, _ = _run(capsys, "import", *map(str, files), "--db", str(base))
    assert code == 0 and [line.replace("unchanged", "imported", 1) for line in again] == out

    code, exported, err = _run(capsys, "export", "--db", str(base), "--out-dir", str(tmp_path / "out"))
    assert (code, err) == (0, [])
    written = sorted((tmp_path / "out").glob("*.json"))
    assert len(written) == len(exported) == len(files)
    def without_id(doc: dict[str, Any]) -> str:
        """The document without its exam id; numbers as floats (JSON has one kind: 264 is 264.0)."""
        doc["exam"].pop("id", None)
        return json.dumps(_floats(doc), sort_keys=True, ensure_ascii=False)

    given_ids = {examfile.load(p).exam.id for p in files} - {None}
    assert given_ids <= {examfile.load(p).exam.id for p in written}
    assert sorted(without_id(examfile.to_dict(examfile.load(p))) for p in written) == sorted(
        without_id(examfile.to_dict(examfile.load(p))) for p in files
    )


def _floats(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def test_export_of_one_patient(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _files(tmp_path / "in", 3)
    base = str(tmp_path / "k.sqlite3")
    _run(capsys, "import", *map(str, files), "--db", base)
    code, _, _ = _run(capsys, "export", "--db", base, "--out-dir", str(tmp_path / "one"), "--patient", "2")
    with db.open_database(base) as database, database.session() as s:
        expected = {r.exam.id for r in repo.export_records(s, patient_id=repo.PatientId(2))}
    assert code == 0 and {p.stem for p in (tmp_path / "one").iterdir()} == expected
    assert _run(capsys, "export", "--db", base, "--out-dir", str(tmp_path / "x"), "--patient", "99")[0] == 2
    code, _, err = _run(capsys, "export", "--db", base, "--out-dir", str(tmp_path / "x"), "--patient", "two")
    assert code == 2 and err == ["kinelink: error: --patient: 'two' is not a patient number"]


def test_bad_files_are_all_reported_and_nothing_is_stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _files(tmp_path / "in", 2)
    bad = tmp_path / "bad.json"
    doc = examfile.to_dict(next(demo.records(1, 1, today=TODAY)))
    doc["exam"]["rom"][0]["movement"] = "rotation"
    doc["patient"]["sex"] = "f"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(good[0].read_text("utf-8")[:100], encoding="utf-8")
    base = tmp_path / "k.sqlite3"
    code, out, err = _run(capsys, "import", str(good[0]), str(bad), str(cut), "--db", str(base))
    assert code == 2 and out == []
    assert f"kinelink: error: {bad}: exam.rom[0].movement: 'rotation' is not one of " in err[1] + err[0]
    assert any(line.startswith(f"kinelink: error: {bad}: patient.sex: 'f' is not one of") for line in err)
    assert any(line.startswith(f"kinelink: error: {cut}: not valid JSON") for line in err)
    assert not base.exists()  # not even created


def test_other_content_under_a_stored_exam_id_fails_the_whole_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _files(tmp_path / "in", 2)[:2]
    base = str(tmp_path / "k.sqlite3")
    _run(capsys, "import", str(files[0]), "--db", base)
    doc = json.loads(files[0].read_text("utf-8"))
    doc["exam"]["notes"] = "changed"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, "import", str(files[1]), str(changed), "--db", base)
    assert code == 2 and out == []
    assert err[0].startswith(f"kinelink: error: {changed}: exam {doc['exam']['id']} is already stored with "
                             "different content (exam.notes)")
    assert err[-1] == "kinelink: error: nothing was imported"
    with db.open_database(base) as database, database.session() as s:
        assert len(list(repo.export_records(s))) == 1


def test_demo_check_and_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = tmp_path / "demo.sqlite3"
    code, out, _ = _run(capsys, "demo", "--db", str(base), "--patients", "12", "--seed", "4")
    assert code == 0 and out[0].startswith("made 12 made-up patients with ") and str(base) in out[0]
    assert _run(capsys, "check", "--db", str(base)) == (0, [f"ok {base}"], [])
    copy = tmp_path / "copy.sqlite3"
    code, out, _ = _run(capsys, "backup", "--db", str(base), str(copy))
    assert code == 0 and _run(capsys, "check", "--db", str(copy))[0] == 0
    assert copy.stat().st_mode & 0o777 == 0o600
    code, _, err = _run(capsys, "backup", "--db", str(base), str(copy))
    assert code == 2 and "already exists" in err[0]
    code, _, err = _run(capsys, "demo", "--db", str(base))
    assert code == 2 and "already holds 12 patients" in err[0]


@pytest.mark.parametrize("content", [b"", b"hello, not a database\n" * 50, b"SQLite format 3\x00\x10\x00"])
def test_check_refuses_bad_files_and_leaves_them_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(content)
    before = _digest(path)
    code, out, err = _run(capsys, "check", "--db", str(path))
    assert code == 2 and out == [] and err and err[0].startswith(f"kinelink: error: {path}: ")
    assert _digest(path) == before
    if content:  # (an empty file is where a new database may be made)
        code, _, err = _run(capsys, "import", str(FIXTURES / "sparse_minimal.json"), "--db", str(path))
        assert code == 2 and _digest(path) == before


def test_check_a_truncated_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = tmp_path / "demo.sqlite3"
    _run(capsys, "demo", "--db", str(base), "--patients", "10")
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(base.read_bytes()[: base.stat().st_size * 2 // 3])
    before = _digest(cut)
    code, _, err = _run(capsys, "check", "--db", str(cut))
    assert code == 2 and "truncated" in err[0] and _digest(cut) == before
    assert _run(capsys, "check", "--db", str(tmp_path / "missing.sqlite3"))[2] == [
        f"kinelink: error: {tmp_path / 'missing.sqlite3'}: no such database file"
    ]


def test_the_installed_command_runs(tmp_path: Path) -> None:
    base = tmp_path / "k.sqlite3"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "kinelink.desktop.cli", "import", str(FIXTURES / "full_left_knee_to_hip.json"), "--db",
         str(base)],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"imported {FIXTURES / 'full_left_knee_to_hip.json'}: patient 1 exam ")
    assert run.stderr == ""
