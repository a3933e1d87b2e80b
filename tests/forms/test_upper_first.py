"""Labels are started upper-case with `upper_first`, never `str.capitalize()`, which lower-cases the rest:
German nouns ("Aufstehen aus dem sitzen") and abbreviations ("Fadir", "Vkb")."""

from __future__ import annotations

import ast
from pathlib import Path

from kinelink.forms.formats import upper_first

ROOT = Path(__file__).resolve().parents[2]
# Titles typed by the user ("dr", "DR") are normalised on purpose before they are looked up.
ALLOWED = {"forms/letters/recipients.py", "forms/exam_changes.py"}


def test_upper_first_keeps_the_rest_as_written() -> None:
    assert upper_first("aufstehen aus dem Sitzen") == "Aufstehen aus dem Sitzen"
    assert upper_first("FADIR") == "FADIR"
    assert upper_first("überwärmtes Gelenk") == "Überwärmtes Gelenk"
    assert upper_first("") == ""


def test_no_shown_label_goes_through_capitalize() -> None:
    found = []
    for package in ("forms", "db", "reports", "desktop"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in ALLOWED:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Attribute) and node.attr == "capitalize":
                    found.append(f"{relative}:{node.lineno}")
    assert not found, "use forms.formats.upper_first, not str.capitalize():\n" + "\n".join(found)
