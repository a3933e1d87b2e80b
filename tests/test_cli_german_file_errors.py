"""What the JSON reader and SQLite say, told in German (issue 16): a real `kinelink` process with
LANG=de_DE.UTF-8 reads a German sentence saying what is wrong and what to do; the library's own English
words follow only in brackets at the end, for support. The contract's line `kinelink: error: WHERE: WHAT`
and exit status 2 stay; nothing is stored and no file is changed."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from kinelink import db
from kinelink.forms import examfile

from tests.conftest import FIXTURES
from tests.giveaways import english_words
from tests.test_cli_german_help import _run

FULL = FIXTURES / "exams" / "full_left_knee_to_hip.json"
GERMAN = {"LANG": "de_DE.UTF-8"}


def _german_what(line: str, where: str) -> str:
    """WHAT of one contract line, without the library's words in the final brackets."""
    assert line.startswith(f"kinelink: error: {where}: "), line
    return re.sub(r" \([^()]*(\([^()]*\)[^()]*)*\)$", "", line.removeprefix(f"kinelink: error: {where}: "))


def test_a_missing_comma_in_an_exam_file(tmp_path: Path) -> None:
    broken = tmp_path / "untersuchung.json"
    broken.write_text('{"format": "kinelink-exam",\n "patient": {"family_name": "Żółć"\n  "given_names": "Łukasz"}}\n',
                      encoding="utf-8")
    database = tmp_path / "praxis.sqlite3"
    said = ("kein gültiges JSON in Zeile 3, Spalte 3: zwischen zwei Einträgen fehlt ein Komma "
            "(Expecting ',' delimiter)")
    done = _run("validate", str(broken), **GERMAN)
    assert (done.returncode, done.stderr) == (2, f"kinelink: error: {broken}: {said}\n")
    done = _run("import", str(broken), "--db", str(database), **GERMAN)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [f"kinelink: error: {broken}: {said}",
                                        "kinelink: error: es wurde nichts importiert"]
    assert not database.exists()
    # the English line says the same, with the reader's words in the same brackets
    english = _run("validate", str(broken), LANG="C.UTF-8")
    assert english.stderr == (f"kinelink: error: {broken}: not valid JSON at line 3 column 3: a comma is missing "
                              "between two entries (Expecting ',' delimiter)\n")


def test_the_json_readers_usual_complaints_in_german(tmp_path: Path) -> None:
    cases = {
        "anführung.json": ('{"format": \'kinelink-exam\'}', "Zeile 1, Spalte 12: ein Wert fehlt oder ist nicht als "
                           "JSON geschrieben", "(Expecting value)"),
        "komma.json": ('{"format": "kinelink-exam",}', "Zeile 1, Spalte 28: ein Name muss in doppelten "
                       "Anführungszeichen stehen", "(Expecting property name enclosed in double quotes)"),
        "rest.json": ('{"format": "kinelink-exam"} {}', "Zeile 1, Spalte 29: nach dem Ende des Dokuments folgt "
                      "weiterer Text", "(Extra data)"),
        "backslash.json": ('{"notes": "C:\\Praxis"}', "Zeile 1, Spalte 14: auf einen Backslash folgt ein Zeichen, "
                           "das JSON dort nicht erlaubt", "(Invalid \\escape)"),
    }
    for name, (text, _said, _detail) in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    done = _run("validate", *(str(tmp_path / name) for name in cases), **GERMAN)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == len(cases), lines
    for line, (name, (_text, said, detail)) in zip(lines, cases.items(), strict=True):
        assert line.startswith(f"kinelink: error: {tmp_path / name}: kein gültiges JSON in {said}"), line
        assert line.endswith(detail), line
        assert english_words(_german_what(line, str(tmp_path / name))) == [], line


def _damaged_copy(tmp_path: Path) -> Path:
    """A Kinelink database whose pages after the first few were overwritten: the header still says SQLite."""
    path = tmp_path / "praxis.sqlite3"
    with db.open_database(path) as database, database.write() as s:
        db.repository.import_record(s, examfile.load(FULL), author="test")
    with path.open("r+b") as f:
        f.seek(4096 * 3)
        f.write(b"\xff" * 8000)
    return path


def test_a_damaged_database_file(tmp_path: Path) -> None:
    path = _damaged_copy(tmp_path)
    before = path.read_bytes()
    done = _run("import", str(FULL), "--db", str(path), **GERMAN)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    first = done.stderr.splitlines()[0]
    what = _german_what(first, str(path))
    assert what == ("beschädigt: SQLite hat Fehler in der Datei gefunden. Kinelink hat sie nicht verändert; stellen "
                    "Sie sie aus einer Sicherung wieder her"), first
    assert re.search(r"\(SQLite meldet: .*btreeInitPage\(\) returns error code 11.*\)$", first), first
    assert "\\x0a" not in first  # SQLite's findings on one line
    check = _run("check", "--db", str(path), **GERMAN)
    assert check.returncode == 2 and check.stderr.startswith(f"kinelink: error: {path}: beschädigt: ")
    assert all(english_words(_german_what(line, str(path)).split("SQLite meldet")[0]) == []
               for line in check.stderr.splitlines())
    assert path.read_bytes() == before


def test_a_file_that_is_no_database_at_all(tmp_path: Path) -> None:
    garbage = tmp_path / "praxis.sqlite3"
    garbage.write_bytes("Patientenliste Łukasz Żółć <&>\n".encode() * 40)
    done = _run("import", str(FULL), "--db", str(garbage), **GERMAN)
    assert done.returncode == 2
    what = _german_what(done.stderr.splitlines()[0], str(garbage))
    assert what.startswith("keine Datenbank: die Datei ist keine SQLite-Datei") and what.endswith(
        "Kinelink hat sie nicht verändert."), what
    assert garbage.read_bytes() == "Patientenliste Łukasz Żółć <&>\n".encode() * 40


def test_a_database_another_program_holds(tmp_path: Path) -> None:
    """Another process keeps a write lock for longer than Kinelink waits (10 s): German, nothing stored."""
    path = tmp_path / "praxis.sqlite3"
    db.open_database(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\n"
         "print('locked', flush=True)\nsys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        done = _run("import", str(FULL), "--db", str(path), **GERMAN)
    finally:
        holder.communicate("")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == (
        f"kinelink: error: {path}: die Datenbank ist belegt: ein anderes Programm benutzt sie seit mehr als "
        "10 Sekunden. Es wurde nichts gespeichert; versuchen Sie es gleich noch einmal")
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM exams").fetchone() == (0,)
    finally:
        conn.close()


def test_an_exam_changed_outside_kinelink(tmp_path: Path) -> None:
    """`check` finds a stored measurement changed behind Kinelink's back and says so in German."""
    path = tmp_path / "praxis.sqlite3"
    with db.open_database(path) as database, database.write() as s:
        exam_id = db.repository.import_record(s, examfile.load(FULL), author="Łukasz Żółć").exam_id
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("UPDATE rom SET degrees = degrees + 7")
    finally:
        conn.close()
    done = _run("check", "--db", str(path), **GERMAN)
    assert done.returncode == 2
    assert done.stderr == (f"kinelink: error: {path}: Untersuchung {exam_id}, Fassung 1, stimmt nicht mit ihrer "
                           "Prüfsumme überein (außerhalb von Kinelink geändert?)\n")
