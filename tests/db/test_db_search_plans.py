"""The search's plans (db.search: keys read in list order, the rarest word first, parts merged)
give exactly the answers of the plain definition, on a generated clinic with tricky names:
accents, scripts, punctuation, words and record numbers longer than the stored key prefixes,
shared names, archived and merged records, and limits that cut inside a run of equal names."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from kinelink.db import patient_records, searchkeys
from kinelink.db import repository as repo
from kinelink.db.records import PatientSummary
from kinelink.db.schema import ExamRow, PatientRow
from kinelink.forms.formats import parse_date
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.db.conftest import AUTHOR, person

FAMILIES = ["Żółć", "Zolc", "Nguyễn", "NGUYEN", "Иванов", "Иванова", "O'Brien", "Kowalska-Nowak", "van der Berg",
            "Straße", "Strasse", "李", "李小", "Đặng", "Sørensen", "Ab", "Abc", "Abcdefghijklmnop",
            "Abcdefghijklmnoq", "Abcdefghijklxyz", "Ελένη", "<b>&amp;", 'Quote"d', "Müller-Lüdenscheidt"]
GIVEN = ["Łucja", "Thị Mai", "Иван", "Anna", "Anna Maria", "Siobhán", "Jürgen", "Øystein", "Văn Đạt", "A",
         "Aaaaaaaaaaaaaaaaaaaa", "静"]
RECORDS = [None, "K-0001", "K-0002", "k-0010", "X-77", "KL-000000000001", "KL-000000000002", "KL-0000000000019",
           "٣٤٥", "Ⅻ-9"]


def _make_clinic(s: Session, rng: random.Random, patients: int = 240) -> list[int]:
    pids = []
    for i in range(patients):
        record = rng.choice(RECORDS)
        record = None if record is None else f"{record}{i}" if rng.random() < 0.8 else record + "-" + str(i)
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(5))  # a few shared birthdays
        pids.append(repo.create_patient(
            s, person(rng.choice(FAMILIES), rng.choice(GIVEN), born, Sex.OTHER, record), author=AUTHOR))
    for pid in rng.sample(pids, 12):
        patient_records.archive_patient(s, pid, author=AUTHOR)
    for keep, other in zip(rng.sample(pids, 6), rng.sample(pids, 6), strict=True):
        if keep != other and patient_records.merged_into(s, other) is None and \
                patient_records.merged_into(s, keep) is None:
            patient_records.merge_patients(s, keep, other, author=AUTHOR)
    return pids


def _plain(s: Session, text: str, limit: int, include_archived: bool) -> list[PatientSummary]:
    """The definition, over every row: each word starts a name word, or the record number starts
    with the text (when it has a digit), or the date of birth is the date typed; by sort key, id."""
    text = text.strip()
    born = parse_date(text) if text else None
    record = searchkeys.record_key(text)
    record = record if record and any(c.isdigit() for c in record) else None
    words = searchkeys.query_terms(text) if born is None else []
    found = []
    for row in s.scalars(select(PatientRow).order_by(PatientRow.sort_key, PatientRow.id)):
        if row.merged_into is not None or (row.archived_at is not None and not include_archived):
            continue
        terms = searchkeys.name_terms(row.family_name, row.given_name)
        if (not text
                or (born is not None and row.date_of_birth == born)
                or (record is not None and (row.record_key or "").startswith(record))
                or (words and all(any(t.startswith(w) for t in terms) for w in words))):
            count, last = s.execute(select(func.count(), func.max(ExamRow.date))
                                    .where(ExamRow.patient_id == row.id)).one()
            found.append(PatientSummary(row.id, Patient(row.family_name, row.given_name, row.date_of_birth,
                                                        row.sex, row.record_number), count, last))
    return found[:limit]


def _queries(rng: random.Random) -> list[str]:
    out = ["", " ", "a", "A", "ab", "abcdefghijklm", "abcdefghijklmn", "abcdefghijklmnop", "abcdefghijklmnopq",
           "abcdefghijklx", "zolc", "ZÓŁ", "nguy", "иван", "ИВАНОВА", "li", "李", "李小", "obr", "o b", "brien o",
           "strasse", "straß", "k-", "k-0", "K-000", "kl-00000000000", "kl-000000000000", "kl-0000000000001",
           "kl-00000000000019", "kl-0000000000002", "x-7", "٣", "xii", "1950-01-02", "02.01.1950", "2/1/1950",
           "anna maria", "a a", "a anna", "aaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaa", "<b>", "amp",
           "quote", "d", "ab abc", "müller lüd", "zzz", "2 3", "0"]
    for _ in range(60):
        family, given = rng.choice(FAMILIES), rng.choice(GIVEN)
        form = rng.choice([family, searchkeys.fold(family), f"{given} {family}", f"{family[:2]} {given[:1]}"])
        out.append(form[:rng.randrange(1, len(form) + 1)])
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_every_plan_answers_as_the_plain_definition(s: Session, seed: int) -> None:
    rng = random.Random(seed)
    _make_clinic(s, rng)
    for text in _queries(rng):
        for limit, archived in ((200, False), (3, False), (17, True)):
            expected = _plain(s, text, limit, archived)
            assert repo.search_patients(s, text, limit=limit, include_archived=archived) == expected, (text, limit)


def test_keys_follow_a_change_of_name_and_record_number(s: Session) -> None:
    pid = repo.create_patient(s, person("Kowalska", "Anna", record="K-1"), author=AUTHOR)
    repo.update_patient(s, pid, person("Żółć", "Łucja", record="Q-9"), author=AUTHOR)
    assert repo.search_patients(s, "kow") == []
    assert repo.search_patients(s, "k-1") == []
    assert [p.id for p in repo.search_patients(s, "zolc l")] == [pid]
    assert [p.id for p in repo.search_patients(s, "q-9")] == [pid]
    other = repo.create_patient(s, person("Aaron", "Zoe"), author=AUTHOR)
    assert [p.id for p in repo.search_patients(s, "z")] == [other, pid]  # list order: the new sort key
    repo.update_patient(s, other, person("Zzz", "Zoe"), author=AUTHOR)
    assert [p.id for p in repo.search_patients(s, "z")] == [pid, other]


def test_a_patient_whose_names_fold_to_no_search_key_is_stored_and_listed(s: Session) -> None:
    """Names of control characters or symbols only give no key; storing them must not fail."""
    pid = repo.create_patient(s, Patient("\x1b", "—", dt.date(2000, 1, 1), Sex.FEMALE), author=AUTHOR)
    assert [p.id for p in repo.search_patients(s, "")] == [pid]
    assert repo.search_patients(s, "a") == []
