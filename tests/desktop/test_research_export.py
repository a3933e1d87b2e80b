"""`kinelink export --format csv`: the research table of a real demo database, read back."""

from __future__ import annotations

import csv
import dataclasses
import re
import stat
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.desktop.cli import main
from kinelink.desktop.usecases import research_export
from kinelink.forms import demo, research_csv
from kinelink.forms.model import Patient

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "csv-export.md"


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The per-user data folder (where the salt file is kept) inside the test's own folder."""
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv(research_export.SALT_ENV, raising=False)
    return home


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["demo", "--db", str(base), "--patients", "20"]) == 0
    return base


def _patients(base: Path) -> list[Patient]:
    with db.open_database(base) as database, database.session() as s:
        return list({r.patient for r in repo.export_records(s)})


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def test_demo_export_has_every_documented_column_and_one_row_per_exam(
    demo_db: Path, tmp_path: Path, data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["export", "--db", str(demo_db), "--out-dir", str(out), "--format", "csv"]) == 0
    path = out / "exams.csv"
    with db.open_database(demo_db) as database, database.session() as s:
        records = list(repo.export_records(s))
    assert capsys.readouterr().out.strip() == f"exported {len(records)} exams to {path}"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the mark spreadsheets need to read UTF-8
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    header, rows = _read(path)
    assert header == list(research_csv.columns(pseudonymise=False))
    assert len(rows) == len(records) > 20
    by_id = {r["exam_id"]: r for r in rows}
    for record in records:
        row, exam = by_id[record.exam.id or ""], record.exam
        assert row["family_name"] == record.patient.family_name
        assert row["age_years"] == str(record.patient.age_on(exam.date))
        for r in exam.rom:
            assert float(row[f"rom_{r.joint.value}_{r.movement.value}_{r.mode.value}_{r.side.value}"]) == r.degrees
        for t in exam.tests:
            assert row[f"test_{t.test.value}_{t.side.value}"] == t.result.value
    filled = {c for r in rows for c, v in r.items() if v}
    assert {"koos_pain", "rom_knee_flexion_active_left", "strength_knee_extensors_force_n_right"} <= filled
    assert not (tmp_path / "data-home").exists()  # no salt is made for a plain export


def test_pseudonymised_file_holds_no_name_or_birth_date(
    demo_db: Path, tmp_path: Path, data_home: Path
) -> None:
    out = tmp_path / "pseudo"
    assert main(["export", "--db", str(demo_db), "--out-dir", str(out), "--format", "csv", "--pseudonymise"]) == 0
    text = (out / "exams.csv").read_text(encoding="utf-8-sig")
    patients = _patients(demo_db)
    assert len(patients) == 20
    for p in patients:
        for secret in (p.family_name, p.given_name, p.date_of_birth.isoformat(),
                       p.date_of_birth.strftime("%d/%m/%Y"), p.record_number or p.family_name):
            assert secret not in text, secret
    header, rows = _read(out / "exams.csv")
    assert header == list(research_csv.columns(pseudonymise=True))
    assert not set(research_csv.IDENTITY_COLUMNS) & set(header)
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["patient_pseudonym"]) for r in rows)
    assert len({r["patient_pseudonym"] for r in rows}) == 20  # one per patient: rows stay joinable
    salt = research_export.salt_file()
    assert salt.parent == data_home / "kinelink" and stat.S_IMODE(salt.stat().st_mode) == 0o600

    # the kept salt gives the same pseudonyms next time; another salt gives others
    again = tmp_path / "again"
    assert main(["export", "--db", str(demo_db), "--out-dir", str(again), "--format", "csv", "--pseudonymise"]) == 0
    assert (again / "exams.csv").read_bytes() == (out / "exams.csv").read_bytes()
    other = tmp_path / "other"
    with pytest.MonkeyPatch.context() as m:
        m.setenv(research_export.SALT_ENV, "a study's own salt, kept by the study")
        assert main(["export", "--db", str(demo_db), "--out-dir", str(other), "--format", "csv",
                     "--pseudonymise"]) == 0
    _, other_rows = _read(other / "exams.csv")
    assert {r["patient_pseudonym"] for r in other_rows}.isdisjoint(r["patient_pseudonym"] for r in rows)


def test_pandas_reads_the_table(demo_db: Path, tmp_path: Path, data_home: Path) -> None:
    pandas = pytest.importorskip("pandas")  # in the test extra; skipped only where it cannot be installed
    assert main(["export", "--db", str(demo_db), "--out-dir", str(tmp_path), "--format", "csv"]) == 0
    frame = pandas.read_csv(tmp_path / "exams.csv", dtype={"record_number": str})
    assert list(frame.columns) == list(research_csv.columns(pseudonymise=False))  # the BOM is not in a name
    assert frame["age_years"].dtype.kind == "i" and frame["exam_id"].is_unique
    assert frame["rom_knee_flexion_active_left"].dtype.kind in "if"  # numbers, not text
    assert frame["koos_pain"].dtype.kind == "f" and frame["koos_pain"].isna().any()  # blanks read as NaN
    assert frame["rom_knee_flexion_active_left"].between(-30, 180).sum() > 0


def test_unicode_names_survive(tmp_path: Path, data_home: Path) -> None:
    record = next(iter(demo.records(3, 1)))
    odd = dataclasses.replace(record, patient=dataclasses.replace(
        record.patient, family_name='Żółć <&> "x", y', given_name="Иван Nguyễn"))
    base = tmp_path / "u.sqlite3"
    with db.open_database(base) as database:
        with database.session() as s:
            repo.import_record(s, odd, author="test")
        target, count = research_export.export_csv(database, tmp_path / "out")
    _, rows = _read(target)
    assert count == 1 and (rows[0]["family_name"], rows[0]["given_name"]) == ('Żółć <&> "x", y', "Иван Nguyễn")


def test_bad_options_are_input_errors(demo_db: Path, tmp_path: Path, data_home: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "x")
    assert main(["export", "--db", str(demo_db), "--out-dir", out, "--pseudonymise"]) == 2
    assert capsys.readouterr().err.strip() == "kinelink: error: --pseudonymise: only applies to --format csv"
    assert main(["export", "--db", str(demo_db), "--out-dir", out, "--format", "csv", "--patient", "999"]) == 2
    assert "kinelink: error: --patient:" in capsys.readouterr().err
    with pytest.MonkeyPatch.context() as m:
        m.setenv(research_export.SALT_ENV, "short")
        assert main(["export", "--db", str(demo_db), "--out-dir", out, "--format", "csv", "--pseudonymise"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"kinelink: error: {research_export.SALT_ENV}: the salt must be at least 16 characters long")
    assert not (tmp_path / "x" / "exams.csv").exists()


def test_doc_lists_every_column_and_no_other() -> None:
    full_list = DOC.read_text(encoding="utf-8").split("## Every column, in file order", 1)[1]
    listed = re.findall(r"^- `([a-z0-9_]+)`", full_list, flags=re.MULTILINE)
    assert listed == [*research_csv.IDENTITY_COLUMNS, research_csv.PSEUDONYM_COLUMN,
                      *research_csv.columns(pseudonymise=True)[1:]]
