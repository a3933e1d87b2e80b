"""The command line's own error messages in German (issue 16): with LANG=de_DE.UTF-8 the WHAT of
`kinelink: error: WHERE: WHAT` is German, WHERE (a flag, a file, a variable) stays as typed, exit status 2."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from kinelink import db
from kinelink.desktop.cli import main

from tests.conftest import FIXTURES
from tests.giveaways import english_words
from tests.test_cli_german_help import _run

FULL = FIXTURES / "exams" / "full_left_knee_to_hip.json"
_LOCALE = ("KINELINK_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def german_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """The computer's locale is German; tests/conftest.py pins English with KINELINK_LANGUAGE, which goes."""
    for name in _LOCALE:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")


def _errors(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(list(args)) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert all(line.startswith("kinelink: error: ") for line in lines), lines
    return lines


def test_a_missing_exam_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert _errors(capsys, "validate", "/nirgends/untersuchung.json") == [
        "kinelink: error: /nirgends/untersuchung.json: Datei nicht gefunden"]


def test_an_exam_files_problems_name_the_json_path_and_say_what_in_german(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = json.loads(FULL.read_text(encoding="utf-8"))
    doc["patient"].update(family_name=" ", date_of_birth="1985-13-45", sex="M")
    doc["exam"]["rom"][0]["degrees"] = 999
    doc["exam"]["date"] = "2999-01-01"
    bad = tmp_path / "untersuchung.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    truncated = tmp_path / "abgeschnitten.json"
    truncated.write_text('{"format": "kinelink-exam", "patient": {"family_name": "Ż', encoding="utf-8")
    lines = _errors(capsys, "validate", str(bad), str(truncated))
    today = dt.date.today()
    assert f"kinelink: error: {bad}: exam.date: 2999-01-01 liegt in der Zukunft (nach heute, {today})" in lines
    assert f"kinelink: error: {bad}: patient.family_name: darf nicht leer sein" in lines
    assert f"kinelink: error: {bad}: patient.date_of_birth: '1985-13-45' ist kein Datum JJJJ-MM-TT" in lines
    assert f"kinelink: error: {bad}: patient.sex: 'M' ist keiner der Werte female, male, other, unknown" in lines
    assert f"kinelink: error: {bad}: exam.rom[0].degrees: 999 liegt außerhalb des Bereichs (-30 bis 180)" in lines
    assert lines[-1] == (f"kinelink: error: {truncated}: kein gültiges JSON: die Datei endet zu früh "
                         "(Zeile 1, Spalte 56); ist sie abgeschnitten?")
    # WHERE (file and JSON path) as typed; the vocabulary's file words (female, male) are the format's own
    what = [re.sub(r"^kinelink: error: [^:]+: (?:[\w.\[\]]+: )?|(?<=Werte ).*", "", line) for line in lines]
    assert [english_words(w) for w in what] == [[]] * len(lines), what


def test_a_folder_given_as_exam_file_imports_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    database = tmp_path / "praxis.sqlite3"
    assert _errors(capsys, "import", "--db", str(database), str(tmp_path)) == [
        f"kinelink: error: {tmp_path}: ist ein Ordner, keine Untersuchungsdatei",
        "kinelink: error: es wurde nichts importiert",
    ]
    assert not database.exists()


def test_database_files_that_are_not_there_or_are_folders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "fehlt.sqlite3"
    assert _errors(capsys, "check", "--db", str(missing)) == [
        f"kinelink: error: {missing}: Datenbankdatei nicht gefunden"]
    assert _errors(capsys, "encrypt", "--db", str(tmp_path), "--passphrase-stdin") == [
        f"kinelink: error: {tmp_path}: ist ein Ordner, keine Datenbankdatei"]
    assert _errors(capsys, "backup", "--db", "postgresql+psycopg://anowak@praxis/kinelink", str(tmp_path / "b")) == [
        "kinelink: error: postgresql+psycopg://anowak@praxis/kinelink: "
        "dieser Befehl arbeitet mit einer SQLite-Datenbankdatei"]


def test_a_file_that_is_no_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    garbage = tmp_path / "praxis.sqlite3"
    garbage.write_bytes(b"kein SQLite \x00" * 20)
    before = garbage.read_bytes()
    not_sqlite = ("keine Datenbank: die Datei ist keine SQLite-Datei (ihre ersten Bytes lauten nicht 'SQLite format "
                  "3'); wenn es eine verschlüsselte Kinelink-Datenbank ist, geben Sie ihre Passphrase an")
    assert _errors(capsys, "check", "--db", str(garbage)) == [f"kinelink: error: {garbage}: {not_sqlite}"]
    assert _errors(capsys, "export", "--db", str(garbage), "--out-dir", str(tmp_path / "aus")) == [
        f"kinelink: error: {garbage}: {not_sqlite}. Kinelink hat sie nicht verändert."]
    assert _errors(capsys, "backup", "--db", str(garbage), str(tmp_path / "sicherung.sqlite3")) == [
        f"kinelink: error: {garbage}: {not_sqlite}"]
    assert garbage.read_bytes() == before and not (tmp_path / "sicherung.sqlite3").exists()


def test_a_new_accounts_password_too_short(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("kurz\n"))
    assert _errors(capsys, "user", "add", "Łukasz Żółć", "--db", str(tmp_path / "praxis.sqlite3"),
                   "--password-stdin") == ["kinelink: error: password: mindestens 10 Zeichen"]
    assert not (tmp_path / "praxis.sqlite3").exists()


def test_a_short_pseudonym_salt(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "praxis.sqlite3"
    db.open_database(database).close()
    monkeypatch.setenv("KINELINK_PSEUDONYM_SALT", "kurz")
    assert _errors(capsys, "export", "--db", str(database), "--out-dir", str(tmp_path / "aus"), "--format", "csv",
                   "--pseudonymise") == [
        "kinelink: error: KINELINK_PSEUDONYM_SALT: das Salt muss mindestens 16 Zeichen lang sein"]
    assert not (tmp_path / "aus" / "exams.csv").exists()


def test_an_unknown_patient_to_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    database = tmp_path / "praxis.sqlite3"
    db.open_database(database).close()
    assert _errors(capsys, "export", "--db", str(database), "--out-dir", str(tmp_path / "aus"), "--patient",
                   "99") == ["kinelink: error: --patient: keine Patientin / kein Patient 99"]


@pytest.mark.parametrize(("given", "what"), [("0", "0 muss mindestens 1 sein"),
                                             ("zwei", "'zwei' ist keine ganze Zahl")])
def test_a_bad_patient_count(capsys: pytest.CaptureFixture[str], tmp_path: Path, given: str, what: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["demo", "--db", str(tmp_path / "demo.sqlite3"), "--patients", given])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == (f"kinelink: error: demo: Argument --patients: {what} "
                                       "(siehe 'kinelink demo --help')\n")


def test_the_installed_command_in_a_german_terminal(tmp_path: Path) -> None:
    """A real `kinelink` process, its language from LANG alone."""
    done = _run("check", "--db", str(tmp_path), LANG="de_DE.UTF-8")
    assert done.returncode == 2
    assert done.stderr == f"kinelink: error: {tmp_path}: ist ein Ordner, keine Datenbankdatei\n"
    assert english_words(done.stderr.removeprefix("kinelink: error: ")) == []
