"""`kinelink check` in German (issue 16): with LANG=de_DE.UTF-8 every finding about a database tampered
with by raw SQL is a German sentence (values in the language's formats, stored text quoted as stored);
the contract (`kinelink: error: WHERE: WHAT` per finding on stderr, exit status 2) is the English one."""

from __future__ import annotations

import re
from pathlib import Path

from tests.db import tampered
from tests.giveaways import english_words
from tests.test_cli_german_help import _run

_QUOTED = re.compile(r"„[^“]*“")  # stored text (names, reasons, audit texts) is the record's, not Kinelink's


def _findings(path: Path, **env: str) -> list[str]:
    done = _run("check", "--db", str(path), **env)
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    prefix = f"kinelink: error: {path}: "
    lines = done.stderr.splitlines()
    assert all(line.startswith(prefix) for line in lines), lines
    return [line.removeprefix(prefix) for line in lines]


def test_check_on_a_tampered_database_says_every_finding_in_german(tmp_path: Path) -> None:
    clinic = tampered.clinic(tmp_path / "praxis.sqlite3")
    assert _run("check", "--db", str(clinic.path), LANG="de_DE.UTF-8").stdout == f"ok {clinic.path}\n"
    tampered.tamper(clinic)
    english = _findings(clinic.path, KINELINK_LANGUAGE="en")
    german = _findings(clinic.path, LANG="de_DE.UTF-8")
    assert len(german) == len(english) >= 10, (english, german)
    shown_in_english = [f for f in german if f in english]
    assert not shown_in_english, shown_in_english  # a finding left in English fails here

    assert f"Untersuchung {clinic.signed}: Ihr Status wurde außerhalb von Kinelink geändert („Unterschrieben“ → " \
           "„Entwurf“)" in german
    assert (f"Untersuchung {clinic.amended}: Ihre Fassung 2 wurde außerhalb von Kinelink geändert (Nachtragsgrund "
            "„Side recorded wrongly“ → „Routine update“)") in german
    assert (f"Untersuchung {clinic.amended}, Fassung 1, stimmt nicht mit ihrer Prüfsumme überein "
            "(außerhalb von Kinelink geändert?)") in german
    assert (f"Patient {clinic.patient}: Die Personendaten wurden außerhalb von Kinelink geändert: "
            "Nachname „Żółć“ → „Someone Else“, Geburtsdatum 17.4.1988 → 1.1.1950") in german
    counts = (r"Patient \d+: Die Patientenliste zeigt 2 Untersuchungen, die letzte am \d+\.\d+\.\d{4}, die "
              r"gespeicherten Untersuchungen ergeben jedoch 1, die letzte am \d+\.\d+\.\d{4} "
              r"\(außerhalb von Kinelink geändert\?\)")
    assert any(re.fullmatch(counts, f) for f in german), german
    forged = (r"Protokolleintrag \d+ \(„unterschrieben“ von Dr Forged am 2\.1\.2026, \d\d:\d\d Uhr: "
              r"„signed everything“\) wurde außerhalb von Kinelink hinzugefügt")  # stored in UTC, shown local
    assert any(re.fullmatch(forged, f) for f in german), german
    assert any(re.fullmatch(r"Protokolleintrag \d+ wurde umgeschrieben: Autor „Anna Nowak, PT“ → „Dr Forged“", f)
               for f in german), german
    assert any(re.fullmatch(r"Protokolleintrag \d+ \(.+\) wurde gelöscht", f) for f in german), german
    assert "Glied 3 der Verlaufskette wurde gelöscht" in german
    assert any(re.fullmatch(r"Glied 4 der Verlaufskette \(Protokolleintrag \d+\) wurde umgeschrieben oder gefälscht", f)
               for f in german), german
    assert any(re.fullmatch(r"der Verlauf wurde gekürzt: Er hat \d+ Glieder, sein Anker außerhalb der Datenbank "
                            r"verzeichnet \d+", f) for f in german), german

    left = {f: english_words(_QUOTED.sub("", f)) for f in german}
    assert all(not words for words in left.values()), left
