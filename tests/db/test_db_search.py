"""Finding patients: accents and case ignored, any script, record numbers, dates of birth, no scans."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.db import search, searchkeys
from kinelink.db.records import PatientSummary
from kinelink.forms import demo
from kinelink.forms.model import Patient, PatientId
from kinelink.forms.vocab import Sex
from sqlalchemy import text
from sqlalchemy.orm import Session

from tests.db.conftest import AUTHOR, person, sqlite_only

PEOPLE = [
    ("Żółć", "Łucja", "1980-03-04", "K-0001"),
    ("Nguyễn", "Thị Mai", "1975-11-30", "K-0002"),
    ("Иванов", "Иван", "1990-01-15", "K-0003"),
    ("Παπαδοπούλου", "Ελένη", "1988-07-07", None),
    ("O'Brien", "Siobhán", "2009-02-28", "K-0005"),
    ("Kowalska-Nowak", "Anna", "1962-05-05", "X-77"),
    ("van der Berg", "Maaike", "2001-12-24", None),
    ("Müller", "Jürgen", "1955-09-09", None),
    ("Sørensen", "Øystein", "1970-06-01", None),
    ("Đặng", "Văn Đạt", "1999-04-04", None),
    ("الخطيب", "فاطمة", "1983-08-08", None),
    ("Straße", "Groß", "1966-06-06", None),
]


@pytest.fixture
def clinic(s: Session) -> Session:
    for family, given, born, record in PEOPLE:
        repo.create_patient(s, person(family, given, dt.date.fromisoformat(born), Sex.OTHER, record), author=AUTHOR)
    return s


def _found(s: Session, query: str) -> list[str]:
    return [r.patient.family_name for r in repo.search_patients(s, query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zolc", ["Żółć"]),
        ("ŻÓŁĆ", ["Żółć"]),
        ("lucja", ["Żółć"]),
        ("nguyen", ["Nguyễn"]),
        ("NGUYEN thi", ["Nguyễn"]),
        ("mai nguy", ["Nguyễn"]),  # any order, every word a prefix
        ("иван", ["Иванов"]),
        ("ИВАНОВ", ["Иванов"]),
        ("ivan", []),  # no transliteration between scripts
        ("παπαδοπουλου", ["Παπαδοπούλου"]),
        ("obrien", ["O'Brien"]),
        ("brien", ["O'Brien"]),
        ("o'brien", ["O'Brien"]),
        ("nowak", ["Kowalska-Nowak"]),
        ("kowalska-nowak", ["Kowalska-Nowak"]),
        ("berg", ["van der Berg"]),
        ("muller", ["Müller"]),
        ("sorensen oystein", ["Sørensen"]),
        ("dang dat", ["Đặng"]),
        ("فاطمة", ["الخطيب"]),
        ("strasse", ["Straße"]),
        ("Kowalska,  Anna", ["Kowalska-Nowak"]),
        ("k-000", ["Nguyễn", "O'Brien", "Żółć", "Иванов"]),  # record number prefix, sorted by name
        ("x-77", ["Kowalska-Nowak"]),
        ("1980-03-04", ["Żółć"]),
        ("04.03.1980", ["Żółć"]),
        ("4/3/1980", ["Żółć"]),
        ("31.02.1980", []),
        ("zzz", []),
    ],
)
def test_search(clinic: Session, query: str, expected: list[str]) -> None:
    assert _found(clinic, query) == expected


def test_empty_text_lists_everyone_by_name_up_to_the_limit(clinic: Session) -> None:
    everyone = repo.search_patients(clinic, "   ")
    assert len(everyone) == len(PEOPLE)
    keys = [searchkeys.sort_key(r.patient.family_name, r.patient.given_name) for r in everyone]
    assert keys == sorted(keys)
    assert len(repo.search_patients(clinic, "", limit=5)) == 5


def test_a_summary_counts_exams(clinic: Session) -> None:
    (hit,) = repo.search_patients(clinic, "zolc")
    assert (hit.exam_count, hit.last_exam) == (0, None)


def test_the_answer_is_the_records_the_constructors_make(s: Session) -> None:
    """`db.search` fills the records' slots directly (faster than the dataclasses' `__init__`): the
    objects must be the ones the constructors make, from one part's rows and from merged parts' rows."""
    born, seen = dt.date(1980, 3, 4), dt.date(2025, 2, 1)
    patient = Patient("Nguyễn", 'Thị <Minh> & "Mai"', born, Sex.FEMALE, "K-0042")
    pid = repo.create_patient(s, patient, author=AUTHOR)
    exam = dataclasses.replace(next(iter(demo.records(3, 1, today=dt.date(2025, 6, 1)))).exam, id=None, date=seen)
    repo.save_draft(s, pid, exam, author=AUTHOR)
    expected = PatientSummary(PatientId(pid), patient, 1, seen)
    for typed in ("nguy", "minh ngu", "K-0042", "1980-03-04"):  # the record number also reads as a name word
        (found,) = repo.search_patients(s, typed)
        assert found == expected and hash(found) == hash(expected) and repr(found) == repr(expected), typed
        assert dataclasses.asdict(found) == dataclasses.asdict(expected)
        assert type(found.last_exam) is dt.date and type(found.patient.date_of_birth) is dt.date
        with pytest.raises(dataclasses.FrozenInstanceError):
            found.patient.family_name = "x"  # type: ignore[misc]


def test_a_word_that_starts_another_word_typed_is_implied_by_it() -> None:
    assert searchkeys.unimplied(["smith", "s"]) == ["smith"]
    assert searchkeys.unimplied(["s", "smith", "sm"]) == ["smith"]
    assert searchkeys.unimplied(["anna", "a", "an", "b"]) == ["anna", "b"]
    assert searchkeys.unimplied(["ab", "abc", "abd"]) == ["abc", "abd"]
    assert searchkeys.unimplied(["żółć", "zolc"]) == ["żółć", "zolc"]  # folding is query_terms' job, not this one's
    assert searchkeys.unimplied([]) == []


@sqlite_only
def test_family_name_and_its_own_initial_read_one_word_keys(database: db.Database) -> None:
    """"kowal k": every patient with a word starting "kowal" has one starting "k": no look-up of "k"."""
    with database.session() as s:
        for i in range(30):
            repo.create_patient(s, person(given=f"Anna {i}", record=f"K-{i:04d}"), author=AUTHOR)
        s.execute(text("ANALYZE"))
        assert len(repo.search_patients(s, "kowal k")) == len(repo.search_patients(s, "kowal")) == 30
    for query, lookups in (("kowal k", 0), ("kowal ko", 0), ("kowal a", 1)):
        (plan,) = _plans(database, query)
        assert plan.count("SEARCH patient_search_keys") == 1 + lookups, (query, plan)


def test_folding() -> None:
    assert searchkeys.fold("ŻÓŁĆ Øre Straße İstanbul Ελένη ς") == "zolc ore strasse istanbul ελενη σ"
    assert searchkeys.name_terms("O'Brien-Smith", "Mary Ann") == {"obriensmith", "o", "brien", "smith", "mary", "ann"}


def _plans(database: db.Database, query: str) -> list[str]:
    """SQLite's query plans for the statements `search_patients` runs for `query` (one per part; on
    SQLite they run on the driver's connection, through `search._driver_rows`)."""
    seen: list[tuple[str, tuple[object, ...]]] = []
    run = search._driver_rows

    def remember(raw: object, statement: str, parameters: list[object]) -> object:
        if statement.lstrip().startswith("SELECT patients."):
            seen.append((statement, tuple(parameters)))
        return run(raw, statement, parameters)

    search._driver_rows = remember  # type: ignore[assignment]
    try:
        with database.session() as s:
            repo.search_patients(s, query)
            assert seen
            return [
                " | ".join(str(row[-1]) for row in s.connection().exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters).fetchall())
                for statement, parameters in seen
            ]
    finally:
        search._driver_rows = run


@sqlite_only
@pytest.mark.parametrize("query", ["kowal an", "k", "k-00", "K-0001", "04.03.1980", ""])
def test_search_uses_indexes_not_scans(database: db.Database, query: str) -> None:
    with database.session() as s:
        for i in range(30):
            repo.create_patient(s, person(given=f"Anna {i}", record=f"K-{i:04d}"), author=AUTHOR)
        s.execute(text("ANALYZE"))
    for plan in _plans(database, query):
        assert "SCAN patient_search_terms" not in plan, plan
        assert "SCAN patient_search_keys" not in plan, plan
        assert "SCAN patients" not in plan or "USING INDEX ix_patients_sort_key" in plan, plan
        assert "exams" not in plan, plan  # the number of exams and the last date are on the patient row
        if "patient_search_keys USING PRIMARY KEY (key=?)" in plan:  # names, record numbers: read in list order
            assert "TEMP B-TREE" not in plan, plan
    if query in ("kowal an", "k", "k-00", "K-0001"):
        assert any("SEARCH patient_search_keys USING PRIMARY KEY (key=?)" in p for p in _plans(database, query))
