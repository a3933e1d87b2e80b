"""Finding patients by name words, record number or date of birth (the patient list's search).

Names are matched through their folded words (`db.searchkeys`), so accents and case do not
matter. Every prefix of a patient's words and record number is stored as a key beside the
patient's sort key (`patient_search_keys`, clustered on key, sort key, id), so each kind of
search reads its matches already in list order and stops at the limit: the work is that of the
rows shown, however many patients match (a one-letter search at 100,000 patients reads 200
keys, not the 10,000 patients whose names have that letter).

The plan by kind of search:
- empty text: the `sort_key` index, in order;
- name words: the keys of the word with the fewest keys (counted up to `_PROBE`), in order, each
  other word checked by a key lookup on the same (sort key, patient);
- record number (text with a digit): the record keys, in order, besides the name words;
- date of birth: the date's index (a handful of patients per date), sorted.
Each part gives its first `limit` patients in list order; their merge, cut at `limit`, is the answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kinelink.db import searchkeys
from kinelink.db.records import PatientSummary
from kinelink.db.schema import ExamRow, PatientRow, SearchKeyRow, SearchTermRow
from kinelink.forms.formats import parse_date
from kinelink.forms.model import Patient, PatientId
from kinelink.forms.vocab import Sex
from sqlalchemy import ColumnElement, Row, Select, delete, exists, func, insert, literal, select
from sqlalchemy.orm import Session, aliased

_SEARCH_WORDS = 32  # name words asked of SQLite in one search; the rest are checked in Python
_PROBE = 1000  # keys counted per word to pick the rarest one to lead a search of several words

# a patient row as the search reads it: id, family, given, born, sex, record number, sort key
_Found = Row[int, str, str, dt.date, Sex, str | None, str]
_COLUMNS = (PatientRow.id, PatientRow.family_name, PatientRow.given_name, PatientRow.date_of_birth,
            PatientRow.sex, PatientRow.record_number, PatientRow.sort_key)


# --- keeping the keys --------------------------------------------------------------------------


def index_patient(s: Session, pid: int, patient: Patient) -> None:
    """(Re)write the patient's search terms and keys; call on creation and whenever the names or the
    record number change (the keys carry the sort key, which the names make)."""
    s.execute(delete(SearchTermRow).where(SearchTermRow.patient_id == pid))
    s.execute(delete(SearchKeyRow).where(SearchKeyRow.patient_id == pid))
    terms = searchkeys.name_terms(patient.family_name, patient.given_name)
    if terms:
        s.execute(insert(SearchTermRow), [{"term": t, "patient_id": pid} for t in sorted(terms)])
    s.execute(insert(SearchKeyRow), key_rows(pid, patient.family_name, patient.given_name, patient.record_number))


def key_rows(pid: int, family_name: str, given_name: str, record_number: str | None) -> list[dict[str, Any]]:
    """The `patient_search_keys` rows of one patient (also written by `db.bulk` and the migration)."""
    order = searchkeys.sort_key(family_name, given_name)
    return [{"key": key, "sort_key": order, "patient_id": pid}
            for key in sorted(searchkeys.search_keys(family_name, given_name, record_number))]


# --- searching ---------------------------------------------------------------------------------


def search_patients(
    s: Session, text: str, *, limit: int = 200, include_archived: bool = False
) -> list[PatientSummary]:
    """Patients whose names start with the words typed (accents and case ignored, any order),
    whose record number starts with the text (when it has a digit), or born on the date typed
    (YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY). Empty text lists everyone. Sorted by name. Records
    merged into another never appear; archived ones only when asked."""
    text = text.strip()
    shown: list[ColumnElement[bool]] = [PatientRow.merged_into.is_(None)]
    if not include_archived:
        shown.append(PatientRow.archived_at.is_(None))
    if not text:
        rows = list(s.execute(select(*_COLUMNS).where(*shown).order_by(PatientRow.sort_key, PatientRow.id)
                              .limit(limit)))
        return _summaries(s, rows)
    parts: list[Sequence[_Found]] = []
    born = parse_date(text)
    if born is not None:
        parts.append(_born(s, born, shown, limit))
    record = searchkeys.record_key(text)
    if record and any(c.isdigit() for c in record):  # record numbers have digits; names rarely do
        parts.append(_record(s, record, shown, limit))
    words = searchkeys.query_terms(text) if born is None else []
    if words:
        parts.append(_named(s, words, shown, limit))
    if not parts:
        return []
    merged = {row.id: row for part in parts for row in part}
    return _summaries(s, sorted(merged.values(), key=lambda r: (r.sort_key, r.id))[:limit])


def _born(s: Session, born: dt.date, shown: list[ColumnElement[bool]], limit: int) -> Sequence[_Found]:
    return s.execute(select(*_COLUMNS).where(PatientRow.date_of_birth == born, *shown)
                     .order_by(PatientRow.sort_key, PatientRow.id).limit(limit)).all()


def _by_key(key: str, shown: list[ColumnElement[bool]]) -> Select[int, str, str, dt.date, Sex, str | None, str]:
    """The visible patients holding `key`, read in list order from the keys' clustered index."""
    return (select(*_COLUMNS).select_from(SearchKeyRow).join(PatientRow, PatientRow.id == SearchKeyRow.patient_id)
            .where(SearchKeyRow.key == key, *shown).order_by(SearchKeyRow.sort_key, SearchKeyRow.patient_id))


def _record(s: Session, record: str, shown: list[ColumnElement[bool]], limit: int) -> Sequence[_Found]:
    query = _by_key(searchkeys.record_prefix_key(record), shown)
    if len(record) > searchkeys.KEY_PREFIX:  # the key holds its start only: check the whole prefix
        low, high = searchkeys.prefix_range(record)
        query = query.where(PatientRow.record_key >= low, PatientRow.record_key < high)
    return s.execute(query.limit(limit)).all()


def _named(s: Session, words: list[str], shown: list[ColumnElement[bool]], limit: int) -> Sequence[_Found]:
    """Every word must start one of the patient's name words. SQLite refuses an expression of
    ~1000 terms, so a longer search asks for its first words and checks the rest on the rows found."""
    asked = words[:_SEARCH_WORDS]
    lead = _rarest(s, asked)
    query = _by_key(searchkeys.name_key(lead), shown)
    for word in asked:
        if len(word) > searchkeys.KEY_PREFIX:  # a key holds a word's start only: check the whole word
            low, high = searchkeys.prefix_range(word)
            query = query.where(exists().where(SearchTermRow.patient_id == SearchKeyRow.patient_id,
                                               SearchTermRow.term >= low, SearchTermRow.term < high))
        elif word != lead:
            other = aliased(SearchKeyRow)
            query = query.where(exists().where(
                other.key == searchkeys.name_key(word), other.sort_key == SearchKeyRow.sort_key,
                other.patient_id == SearchKeyRow.patient_id))
    if len(words) <= _SEARCH_WORDS:
        return s.execute(query.limit(limit)).all()
    rest = words[_SEARCH_WORDS:]
    found = (row for row in s.execute(query) if _all_words_match(rest, row))
    return [row for _, row in zip(range(limit), found, strict=False)]


def _rarest(s: Session, words: list[str]) -> str:
    """The word with the fewest keys (counted up to `_PROBE` each): the fewest rows to read in order."""
    if len(words) == 1:
        return words[0]

    def count(word: str) -> int:
        probe = select(literal(1)).where(SearchKeyRow.key == searchkeys.name_key(word)).limit(_PROBE).subquery()
        return s.scalar(select(func.count()).select_from(probe)) or 0
    return min(words, key=lambda w: (count(w), -len(w)))


def _all_words_match(words: list[str], row: _Found) -> bool:
    terms = searchkeys.name_terms(row.family_name, row.given_name)
    return all(any(term.startswith(word) for term in terms) for word in words)


def _summaries(s: Session, rows: Sequence[_Found]) -> list[PatientSummary]:
    """The rows as summaries, with each patient's exam count and last exam date (for these rows only)."""
    if not rows:
        return []
    stats = {
        pid: (count, last)
        for pid, count, last in s.execute(
            select(ExamRow.patient_id, func.count(), func.max(ExamRow.date))
            .where(ExamRow.patient_id.in_([r.id for r in rows]))
            .group_by(ExamRow.patient_id)
        )
    }
    return [
        PatientSummary(PatientId(r.id), Patient(r.family_name, r.given_name, r.date_of_birth, r.sex, r.record_number),
                       *stats.get(r.id, (0, None)))
        for r in rows
    ]
