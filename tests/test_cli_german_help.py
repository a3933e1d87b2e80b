"""`kinelink --help` and argparse's own errors in German (issue 16); names, options and the error line's
`kinelink: error: WHERE: WHAT` form stay as ../shared/cli.md says."""

from __future__ import annotations

import os
import subprocess
import sys

_LOCALE = ("KINELINK_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in _LOCALE}
    return subprocess.run([sys.executable, "-m", "kinelink.desktop.cli", *args], capture_output=True, text=True,
                          encoding="utf-8", env={**clean, **env}, timeout=120)


def test_german_help_keeps_the_command_names_and_options() -> None:
    done = _run("--help", LANG="de_DE.UTF-8")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Aufruf: kinelink ")
    assert "Optionen:" in out and "diese Hilfe anzeigen und beenden" in out
    assert "Knie- und Hüftuntersuchung mit Überlegungen zur kinetischen Kette" in out
    for name in ("validate", "analyze", "report", "import", "export", "backup", "check", "demo", "user", "--db",
                 "--demo", "--version"):
        assert name in out
    assert "usage:" not in out and "show this help" not in out
    report = _run("report", "--help", LANG="de_DE.UTF-8").stdout
    assert "stattdessen den Überweisungsbrief schreiben" in report and "--letter" in report and "--to NAME" in report


def test_an_argparse_error_in_german_keeps_the_contracts_line() -> None:
    done = _run("analyze", LANG="de_DE.UTF-8")
    assert done.returncode == 2
    assert done.stderr == ("kinelink: error: analyze: folgende Argumente fehlen: FILE "
                           "(siehe 'kinelink analyze --help')\n")
    bad = _run("analyze", "x.json", "--format", "xml", LANG="de_DE.UTF-8")
    assert bad.returncode == 2
    assert bad.stderr.startswith("kinelink: error: analyze: Argument --format: ungültige Wahl: ")


def test_english_help_and_errors_are_unchanged() -> None:
    assert _run("--help", LANG="en_GB.UTF-8").stdout.startswith("usage: kinelink ")
    done = _run("analyze", LANG="en_GB.UTF-8")
    assert done.stderr.startswith("kinelink: error: analyze: the following arguments are required: FILE")
