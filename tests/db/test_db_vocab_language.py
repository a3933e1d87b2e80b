"""The lookup tables' labels are the catalogue's English, whatever language opened the file (issue 16):
opening a database in German after English used to relabel every vocabulary row (a write on open, and a
traceback when another program held the write lock), and English opened it back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kinelink import db
from kinelink.db import vocabularies
from kinelink.desktop import language


def _labels(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT code, label FROM vocab_joint ORDER BY code").fetchall()
    finally:
        conn.close()


def test_the_catalogue_does_not_follow_the_language() -> None:
    english = vocabularies.catalogue()
    language.apply("de")
    try:
        german = vocabularies.catalogue()
    finally:
        language.apply("en")
    assert german == english
    assert ("knee", "knee") in [row[:2] for row in english[next(t for t in english if t.name == "vocab_joint")]]


def test_opening_in_german_changes_no_label(tmp_path: Path) -> None:
    path = tmp_path / "praxis.sqlite3"
    db.open_database(path).close()
    before = _labels(path)
    language.apply("de")
    try:
        db.open_database(path).close()
    finally:
        language.apply("en")
    assert _labels(path) == before and ("knee", "knee") in before
