"""`kinelink analyze` speaks the system locale's language (LANG=de_DE.UTF-8: German)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import FIXTURES

EXAM = FIXTURES / "exams" / "red_flags_adolescent.json"


def _analyze(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("KINELINK_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, "-m", "kinelink.desktop.cli", "analyze", str(EXAM)],
                          capture_output=True, text=True, encoding="utf-8", env={**clean, **env}, timeout=120)


def test_german_locale_gives_german_text_dates_and_decimal_commas() -> None:
    done = _analyze(LANG="de_DE.UTF-8")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Kinelink-Zusammenfassung: Петров, Иван (Б-17), männlich, 13 J.")
    assert "Untersuchung 2.11.2026" in out
    assert "RED FLAGS (3 Red Flags gefunden; Screening nicht als durchgeführt erfasst)" in out
    assert "! Fieber [angekreuzt]: kann auf septische Arthritis hinweisen" in out
    assert "KNIE-HÜFT-VERBINDUNG" in out and "Hüfte rechts → Knie rechts (fortgeleitet)" in out
    assert "Punktwert 0,75 von 1" in out  # a decimal comma
    assert "2 Nov 2026" not in out and "RED FLAGS (3 red flags" not in out


def test_english_and_unknown_locales_keep_english() -> None:
    for lang in ("en_US.UTF-8", "fr_FR.UTF-8", "C.UTF-8"):
        done = _analyze(LANG=lang)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("Kinelink summary: Петров, Иван (Б-17), male, 13 y")
        assert "Exam 2 Nov 2026" in done.stdout and "score 0.75 of 1" in done.stdout


def test_a_german_error_keeps_the_contracts_prefix() -> None:
    done = subprocess.run([sys.executable, "-m", "kinelink.desktop.cli", "report", str(EXAM), "-o", "/tmp",
                           "--to", "Dr Zola"], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "KINELINK_LANGUAGE": "de"}, timeout=120)
    assert done.returncode == 2
    assert done.stderr == ("kinelink: error: --to: nennt den Empfänger eines Briefs: --letter angeben\n")
