"""Checking stored exams against their checksums straight from the rows, as plain values, and
each patient's stored number of exams and last exam date against the exams (`db.exam_counts`).

`kinelink check` reads every version of every exam; rebuilding typed objects for
that cost minutes at 100,000 patients, and a value damaged in the file (a date
'2023-13-45', a word no vocabulary has) made the rebuilding crash. Here the
rows are hashed as stored (`content.canonical_sha256`), so a damaged value is
simply a checksum that does not match.

Works on a DB-API connection to a SQLite file (the check's own connection).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from kinelink.db import content, exam_counts, sqlitefile
from kinelink.db.schema import Base
from kinelink.forms.i18n import _

_CHUNK = 2000  # exam versions hashed per round of queries
_SCALAR_FLAGS = [i for i, c in enumerate(content.VERSION_COLUMNS) if c in content.FLAGS]


def _child_rows(conn: sqlite3.Connection, entity: type[Base], low: int, high: int) -> dict[int, list[Any]]:
    cols = content.COLUMNS[entity]
    flags = [i for i, c in enumerate(cols) if c in content.FLAGS]
    name = content.table(entity).name
    sql = (f"SELECT version_id, {', '.join(cols)} FROM {name} WHERE version_id BETWEEN ? AND ? "
           f"ORDER BY version_id, {', '.join(content.ORDER[entity])}")
    out: dict[int, list[Any]] = defaultdict(list)
    if not flags:
        for vid, *values in conn.execute(sql, (low, high)):
            out[vid].append(values)
        return out
    for vid, *values in conn.execute(sql, (low, high)):
        for i in flags:
            if values[i] is not None:
                values[i] = bool(values[i])
        out[vid].append(values)
    return out


def mismatches(conn: sqlite3.Connection) -> Iterator[tuple[str, int]]:
    """(exam id, version) of every stored version whose rows no longer match its checksum."""
    bounds = conn.execute("SELECT min(id), max(id) FROM exam_versions").fetchone()
    if bounds[0] is None:
        return
    scalars = ", ".join(content.VERSION_COLUMNS)
    for low in range(bounds[0], bounds[1] + 1, _CHUNK):
        high = low + _CHUNK - 1
        children = [_child_rows(conn, entity, low, high) for entity in content.CHILD_TABLES]
        for vid, version, stored, *values in conn.execute(
            f"SELECT id, version, content_sha256, {scalars} FROM exam_versions WHERE id BETWEEN ? AND ? ORDER BY id",
            (low, high),
        ):
            for i in _SCALAR_FLAGS:
                if values[i] is not None:
                    values[i] = bool(values[i])
            if content.canonical_sha256(values, [rows.get(vid, []) for rows in children]) != stored:
                yield str(values[0]), int(version)


def lost_versions(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """(exam id, version) of exams whose current version is missing."""
    return [
        (str(exam_id), int(version))
        for exam_id, version in conn.execute(
            "SELECT e.id, e.version FROM exams e"
            " LEFT JOIN exam_versions v ON v.exam_id = e.id AND v.version = e.version WHERE v.id IS NULL"
        )
    ]


def problems(conn: sqlite3.Connection) -> list[str]:
    """Every stored exam that is not as Kinelink wrote it, for people; [] when all are."""
    factory = conn.text_factory
    conn.text_factory = str  # sqlite3's own decoding: a Python function per value tripled the time
    try:
        return _problems(conn)
    except sqlitefile.errors("OperationalError") as err:
        if "decode" not in str(err):
            raise
        conn.text_factory = sqlitefile.lenient_text  # text no longer UTF-8 was altered: it will not match
        return _problems(conn)
    finally:
        conn.text_factory = factory


def _problems(conn: sqlite3.Connection) -> list[str]:
    found = [_("exam {exam} has lost its version {version}").format(exam=exam_id, version=version)
             for exam_id, version in lost_versions(conn)]
    found.extend(
        _("exam {exam} version {version} does not match its checksum (changed outside Kinelink?)").format(
            exam=exam_id, version=version)
        for exam_id, version in mismatches(conn)
    )
    found.extend(exam_counts.mismatches(conn))
    return found
