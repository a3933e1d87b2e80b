"""Vocabularies reach the database from the `forms` catalogues (lookup tables with foreign keys),
not from hand-written migrations, and the database still refuses a word outside them.

Adding a special test is one data entry in `forms/` (its word in `TestName` and its row in the
`special_tests` catalogue) plus its test: `test_a_special_test_added_to_forms_is_stored_without_a_migration`
makes exactly that entry in a copy of `forms/` and runs the real program on it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import kinelink.forms
import pytest
from kinelink import db
from kinelink.db import repository, vocabularies
from kinelink.db.schema import LOOKUP_TABLES
from kinelink.forms.model import Exam, RomEntry, TestEntry
from kinelink.forms.vocab import Joint, Mode, Movement, Side, TestName, TestResult
from sqlalchemy import Connection, Table, select, text
from sqlalchemy.exc import IntegrityError

from tests.db.conftest import AUTHOR, person, sqlite_only

DAY = dt.date(2025, 5, 2)


def _version_id(database: db.Database) -> int:
    """A draft's version row, for raw inserts of findings."""
    with database.session() as s:
        pid = repository.create_patient(s, person(), author=AUTHOR)
        exam_id = repository.save_draft(s, pid, Exam(DAY), author=AUTHOR)
    with database.engine.connect() as conn:
        return int(conn.execute(text("SELECT id FROM exam_versions WHERE exam_id = :e"), {"e": exam_id}).scalar_one())


def _insert(database: db.Database, sql: str, **params: object) -> None:
    with database.engine.begin() as conn:
        conn.execute(text(sql), params)


TEST_ROW = "INSERT INTO tests (version_id, position, test, side, result) VALUES (:v, :p, :test, 'left', 'positive')"
ROM_ROW = ("INSERT INTO rom (version_id, joint, movement, side, mode, position, degrees) "
           "VALUES (:v, :joint, :movement, 'left', 'active', :p, 10)")


def test_every_lookup_table_holds_its_catalogue(database: db.Database) -> None:
    with database.engine.connect() as conn:
        for table, rows in vocabularies.catalogue().items():
            assert sorted(tuple(r) for r in conn.execute(select(*table.c))) == sorted(rows), table.name
    names = {t.name for t in vocabularies.catalogue()}
    assert {"vocab_test_name", "vocab_side", "vocab_joint_movement"} <= names
    assert names >= {t.name for t in LOOKUP_TABLES.values()}


def test_the_database_refuses_a_word_outside_the_vocabulary(database: db.Database) -> None:
    version = _version_id(database)
    _insert(database, TEST_ROW, v=version, p=0, test="lachman")  # a catalogue word is stored
    with pytest.raises(IntegrityError):
        _insert(database, TEST_ROW, v=version, p=1, test="noble_compression")  # not (yet) in forms/
    with pytest.raises(IntegrityError):
        _insert(database, TEST_ROW.replace("'left'", "'both'"), v=version, p=2, test="lachman")
    _insert(database, ROM_ROW, v=version, joint="hip", movement="abduction", p=0)
    with pytest.raises(IntegrityError):  # a knee has no abduction: the pair of words is checked together
        _insert(database, ROM_ROW, v=version, joint="knee", movement="abduction", p=1)


@sqlite_only
def test_a_word_added_to_a_catalogue_reaches_the_database_when_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clinic.sqlite3"
    database = db.open_database(path)
    version = _version_id(database)
    database.close()
    catalogue = vocabularies.catalogue

    def with_noble() -> dict[Table, list[tuple[str, ...]]]:
        out = catalogue()
        tests = LOOKUP_TABLES[TestName]
        out[tests] = [*out[tests], ("noble_compression", "Noble compression")]
        out[LOOKUP_TABLES[Side]] = [(code, label.upper()) for code, label in out[LOOKUP_TABLES[Side]]]
        return out

    monkeypatch.setattr(vocabularies, "catalogue", with_noble)
    with db.open_database(path) as database:  # no migration: the schema is unchanged
        _insert(database, TEST_ROW, v=version, p=0, test="noble_compression")
        with database.engine.connect() as conn:
            assert _labels(conn, "vocab_test_name")["noble_compression"] == "Noble compression"
            assert _labels(conn, "vocab_side") == {"left": "LEFT", "right": "RIGHT"}  # relabelled
            assert not list(vocabularies.differences(conn))
        with pytest.raises(IntegrityError):
            _insert(database, TEST_ROW, v=version, p=1, test="noble")


def _labels(conn: Connection, table: str) -> dict[str, str]:
    return {code: label for code, label in conn.execute(text(f"SELECT code, label FROM {table}"))}


@sqlite_only
def test_a_read_only_open_does_not_write_the_vocabularies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "clinic.sqlite3"
    db.open_database(path).close()
    catalogue = vocabularies.catalogue
    monkeypatch.setattr(vocabularies, "catalogue", lambda: {
        t: [*rows, ("extra", "Extra")] if t.name == "vocab_gait" else rows for t, rows in catalogue().items()
    })
    with db.open_database(path, read_only=True) as database, database.engine.connect() as conn:
        assert "extra" not in _labels(conn, "vocab_gait")


# --- the whole program, with one special test added to a copy of forms/ ---------------------------

# The one data entry: the word in the exam format's vocabulary and the catalogue's row for it.
ENTRY = {
    "vocab.py": ('    HOP_TEST = "hop_test"\n',
                 '    HOP_TEST = "hop_test"\n    NOBLE_COMPRESSION = "noble_compression"\n'),
    "special_tests.py": (
        "_ALL: tuple[SpecialTest, ...] = (\n",
        "_ALL: tuple[SpecialTest, ...] = (\n"
        '    SpecialTest(TestName.NOBLE_COMPRESSION, "Noble compression", Joint.KNEE, "iliotibial band friction",\n'
        '                "lateral knee pain at about 30° flexion under pressure over the lateral epicondyle", "",\n'
        '                "Noble 1980, Am J Sports Med 8:232", proper=True),\n',
    ),
}

PROGRAM = """
import json, sys, importlib.util
forms = sys.argv[1]
spec = importlib.util.spec_from_file_location("kinelink.forms", forms + "/__init__.py",
                                              submodule_search_locations=[forms])
module = importlib.util.module_from_spec(spec)
sys.modules["kinelink.forms"] = module
spec.loader.exec_module(module)

import datetime as dt
from kinelink import db
from kinelink.db import repository
from kinelink.forms.analysis import analyze
from kinelink.forms.letters.facts import test_finding
from kinelink.forms.model import Exam, Patient, TestEntry
from kinelink.forms.summary_text import render_text
from kinelink.forms.vocab import Sex, Side, TestName, TestResult
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

noble = TestName("noble_compression")
with db.open_database(sys.argv[2]) as database:
    with database.session() as s:
        pid = repository.create_patient(s, Patient("Żółć", "Łukasz", dt.date(1990, 1, 2), Sex.MALE), author="PT")
        entry = TestEntry(noble, Side.LEFT, TestResult.POSITIVE)
        exam_id = repository.save_draft(s, pid, Exam(dt.date(2025, 5, 2), tests=(entry,)), author="PT")
    with database.session() as s:
        record = repository.get_exam(s, exam_id).record
    with database.engine.connect() as conn:
        stored = conn.execute(text("SELECT test FROM tests")).scalar_one()
        label = conn.execute(text("SELECT label FROM vocab_test_name WHERE code = :c"), {"c": stored}).scalar_one()
        version = conn.execute(text("SELECT id FROM exam_versions")).scalar_one()
    try:
        with database.engine.begin() as conn:
            conn.execute(text("INSERT INTO tests (version_id, position, test, side, result) "
                              "VALUES (:v, 9, 'noble', 'left', 'positive')"), {"v": version})
        refused = False
    except IntegrityError:
        refused = True
read = record.exam.tests[0]
print(json.dumps({
    "stored": stored, "table_label": label, "read": read.test.value, "label": read.test.label,
    "finding": test_finding(read, record).text, "summary": render_text(record, analyze(record)),
    "refused": refused,
}))
"""


@sqlite_only
def test_a_special_test_added_to_forms_is_stored_without_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "clinic.sqlite3"
    db.open_database(path).close()  # made by the program as it is, before the test was added
    forms = tmp_path / "forms"
    shutil.copytree(Path(kinelink.forms.__path__[0]), forms, ignore=shutil.ignore_patterns("__pycache__"))
    for name, (before, after) in ENTRY.items():
        source = (forms / name).read_text("utf-8")
        assert source.count(before) == 1, name
        (forms / name).write_text(source.replace(before, after), "utf-8")
    migrations = sorted(p.name for p in (Path(db.__path__[0]) / "migrations" / "versions").glob("v*.py"))

    done = subprocess.run([sys.executable, "-c", PROGRAM, str(forms), str(path)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["stored"] == out["read"] == "noble_compression"
    assert out["table_label"] == out["label"] == "Noble compression"  # the catalogue's, not "noble compression"
    assert out["finding"] == "Noble compression, left: positive"
    assert "noble positive" not in out["summary"].lower()
    assert out["refused"] is True  # a word in neither the catalogue nor the table is still refused
    # nothing was needed in db/: no migration was added
    assert sorted(p.name for p in (Path(db.__path__[0]) / "migrations" / "versions").glob("v*.py")) == migrations


def test_the_catalogue_owns_the_test_names() -> None:
    """`TestName.label` is the catalogue's name, so nothing retypes it."""
    from kinelink.forms.special_tests import SPECIAL_TESTS

    assert all(t.label == SPECIAL_TESTS[t].label for t in TestName)
    assert TestName.CLARKE.label == "Clarke's test"


def test_findings_of_every_vocabulary_round_trip(database: db.Database) -> None:
    """The typed column gives the enum back (`Word`), whatever the backend."""
    exam = Exam(DAY, rom=(RomEntry(Joint.KNEE, Movement.FLEXION, Side.RIGHT, 120.0, Mode.PASSIVE),),
                tests=(TestEntry(TestName.VARUS_STRESS_30, Side.LEFT, TestResult.NOT_TESTED),))
    with database.session() as s:
        pid = repository.create_patient(s, person(), author=AUTHOR)
        exam_id = repository.save_draft(s, pid, exam, author=AUTHOR)
    with database.session() as s:
        back = repository.get_exam(s, exam_id).record.exam
    assert back.rom == exam.rom and back.tests == exam.tests
