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
  other word checked by a key lookup on the same (sort key, patient); a word that starts another
  word typed asks nothing more and is left out ("smith s" is "smith");
- record number (text with a digit): the record keys, in order, besides the name words;
- date of birth: the date's index (a handful of patients per date), sorted.
Each part gives its first `limit` patients in list order; their merge, cut at `limit`, is the answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from kinelink.db import searchkeys
from kinelink.db.records import PatientSummary
from kinelink.db.schema import PatientRow, SearchKeyRow, SearchTermRow
from kinelink.forms.formats import parse_date
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from sqlalchemy import Select, String, bindparam, delete, exists, func, insert, literal, select, type_coerce
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, aliased

_SEARCH_WORDS = 32  # name words asked of SQLite in one search; the rest are checked in Python
_PROBE = 1000  # keys counted per word to pick the rarest one to lead a search of several words


# --- keeping the keys --------------------------------------------------------------------------


def index_patient(s: Session, pid: int, patient: Patient) -> None:
    """(Re)write the patient's search terms and keys; call on creation and whenever the names or the
    record number change (the keys carry the sort key, which the names make)."""
    s.execute(delete(SearchTermRow).where(SearchTermRow.patient_id == pid))
    s.execute(delete(SearchKeyRow).where(SearchKeyRow.patient_id == pid))
    terms = searchkeys.name_terms(patient.family_name, patient.given_name)
    if terms:
        s.execute(insert(SearchTermRow), [{"term": t, "patient_id": pid} for t in sorted(terms)])
    keys = key_rows(pid, patient.family_name, patient.given_name, patient.record_number)
    if keys:  # names of symbols only fold to no key (an empty list would insert one row of defaults)
        s.execute(insert(SearchKeyRow), keys)


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
    born = parse_date(text)
    record = searchkeys.record_key(text) or ""
    record = record if any(c.isdigit() for c in record) else ""  # record numbers have digits; names rarely do
    words = searchkeys.query_terms(text) if born is None else []
    merging = (born is not None) + bool(record) + bool(words) > 1
    # the sort key is read only to merge parts: one column less a row for the usual single part
    run = _Runner(s, include_archived, limit, merging)
    if not text:
        return _summaries(run("all", (), {}))
    parts: list[Sequence[_Found]] = []
    if born is not None:
        parts.append(run("born", (), {"born": born}))
    if record:
        parts.append(_record(run, record))
    if words:
        parts.append(_named(run, words))
    if not merging:
        return _summaries(parts[0] if parts else [])
    merged = {row[0]: row for part in parts for row in part}
    return _summaries([row[:_SORT_KEY] for row in sorted(merged.values(), key=lambda r: (r[_SORT_KEY], r[0]))[:limit]])


# a patient as the search reads it: id, family, given, born, sex (its word), record number, number
# of exams, date of the last exam (the dates as ISO text on SQLite's driver), and when parts are merged
# the sort key (`_SORT_KEY`)
_Found = tuple[Any, ...]
_Statement = Select[*tuple[Any, ...]]
_SORT_KEY = 8
_SEX = {str(sex.value): sex for sex in Sex}  # the stored word -> Sex (faster than the Enum type's processing)


class _Runner:
    """Runs the search's prepared statements (built once per shape, `_statement`) in the session's
    transaction: no ORM objects, no statement rebuilt per keystroke. On SQLite the statement's SQL,
    compiled once per shape (`_sqlite_sql`), runs straight on the driver's connection, as
    `db.loading` reads exams: SQLAlchemy's per-execution work was half the search's own time."""

    def __init__(self, s: Session, include_archived: bool, limit: int, merging: bool) -> None:
        s.flush()  # Core statements skip the ORM's autoflush: a change made earlier in this session must count
        self.connection, self.include_archived, self.limit = s.connection(), include_archived, limit
        self.merging = merging
        self.raw: Any = self.connection.connection.driver_connection if self.connection.dialect.name == "sqlite" \
            else None

    def __call__(self, kind: str, shape: tuple[str, ...], params: dict[str, Any], *,
                 limited: bool = True) -> Sequence[_Found]:
        values = {**params, "limit": self.limit} if limited else params
        if self.raw is None:
            statement = _statement(kind, shape, self.include_archived, limited, self.merging)
            return [tuple(row) for row in self.connection.execute(statement, values)]
        sql, names, fixed = _sqlite_sql(kind, shape, self.include_archived, limited, self.merging)
        # the dates stay ISO text until `_summaries` makes the answer: one pass over the rows
        rows: list[_Found] = _driver_rows(self.raw, sql, [_stored(values[n]) if n in values else fixed[n]
                                                           for n in names]).fetchall()
        return rows

    def keys(self, key: str) -> int:
        """How many rows `key` has in `patient_search_keys`, counted up to `_PROBE` (on SQLite's
        driver too: through SQLAlchemy the two counts of a two-word search took 0.18-0.27 ms, here
        0.05-0.12 ms, at 10,000-100,000 patients)."""
        if self.raw is None:
            return int(self.connection.execute(_PROBE_COUNT, {"key": key}).scalar_one())
        sql, names, fixed = _probe_sql()
        return int(self.raw.execute(sql, [key if n == "key" else fixed[n] for n in names]).fetchone()[0])


@functools.cache
def _statement(kind: str, shape: tuple[str, ...], include_archived: bool, limited: bool,
               merging: bool) -> _Statement:
    """The statement of one kind of search ("all", "born", "record", "named") and shape (for
    "record": ("long",) when the prefix is longer than a key; for "named": per word, "key" or
    "long", the first word leading), with bind parameters for the values; with `merging`, the rows
    also carry the sort key."""
    # the number of exams and the last date are on the row (`db.exam_counts`): no exams look-up per row
    query = select(PatientRow.id, PatientRow.family_name, PatientRow.given_name, PatientRow.date_of_birth,
                   type_coerce(PatientRow.sex, String), PatientRow.record_number, PatientRow.exam_count,
                   PatientRow.last_exam_date, *([PatientRow.sort_key] if merging else []))
    shown = [PatientRow.merged_into.is_(None)] + ([] if include_archived else [PatientRow.archived_at.is_(None)])
    if kind in ("all", "born"):
        query = query.where(*shown).order_by(PatientRow.sort_key, PatientRow.id)
        if kind == "born":
            query = query.where(PatientRow.date_of_birth == bindparam("born"))
    else:  # the visible patients holding a key, read in list order from the keys' clustered index
        query = (query.select_from(SearchKeyRow).join(PatientRow, PatientRow.id == SearchKeyRow.patient_id)
                 .where(SearchKeyRow.key == bindparam("key"), *shown)
                 .order_by(SearchKeyRow.sort_key, SearchKeyRow.patient_id))
    if kind == "record" and shape == ("long",):  # the key holds the prefix's start only: check it whole
        query = query.where(PatientRow.record_key >= bindparam("low"), PatientRow.record_key < bindparam("high"))
    if kind == "named":
        for i, how in enumerate(shape):
            if how == "long":  # a key holds a word's start only: check the whole word
                query = query.where(exists().where(
                    SearchTermRow.patient_id == SearchKeyRow.patient_id,
                    SearchTermRow.term >= bindparam(f"low{i}"), SearchTermRow.term < bindparam(f"high{i}")))
            elif i > 0:
                other = aliased(SearchKeyRow)
                query = query.where(exists().where(
                    other.key == bindparam(f"key{i}"), other.sort_key == SearchKeyRow.sort_key,
                    other.patient_id == SearchKeyRow.patient_id))
    return query.limit(bindparam("limit")) if limited else query


@functools.cache
def _sqlite_sql(kind: str, shape: tuple[str, ...], include_archived: bool, limited: bool,
                merging: bool) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """`_statement`'s SQL for SQLite, the names of its `?` markers in order, and the values SQLAlchemy
    fixed itself (the OFFSET it adds to LIMIT)."""
    compiled = _statement(kind, shape, include_archived, limited, merging).compile(dialect=sqlite.dialect())
    assert compiled.positiontup is not None
    return str(compiled), tuple(compiled.positiontup), dict(compiled.params)


def _driver_rows(raw: Any, sql: str, params: list[Any]) -> Any:
    """One statement on the driver's connection (a function of its own: the tests read the plans of what runs)."""
    return raw.execute(sql, params)


def _stored(value: Any) -> Any:
    """A bound value as SQLite stores it (dates as ISO text, as SQLAlchemy's Date writes them)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _record(run: _Runner, record: str) -> Sequence[_Found]:
    if len(record) <= searchkeys.KEY_PREFIX:
        return run("record", (), {"key": searchkeys.record_prefix_key(record)})
    low, high = searchkeys.prefix_range(record)
    return run("record", ("long",), {"key": searchkeys.record_prefix_key(record), "low": low, "high": high})


def _named(run: _Runner, words: list[str]) -> Sequence[_Found]:
    """Every word must start one of the patient's name words. SQLite refuses an expression of
    ~1000 terms, so a longer search asks for its first words and checks the rest on the rows found."""
    words = searchkeys.unimplied(words)  # no key look-ups for a word another word implies
    asked = _rarest_first(run, words[:_SEARCH_WORDS])
    params: dict[str, Any] = {"key": searchkeys.name_key(asked[0])}
    shape = []
    for i, word in enumerate(asked):
        long = len(word) > searchkeys.KEY_PREFIX
        shape.append("long" if long else "key")
        if long:
            params[f"low{i}"], params[f"high{i}"] = searchkeys.prefix_range(word)
        elif i > 0:
            params[f"key{i}"] = searchkeys.name_key(word)
    if len(words) <= _SEARCH_WORDS:
        return run("named", tuple(shape), params)
    rest = words[_SEARCH_WORDS:]
    found = (row for row in run("named", tuple(shape), params, limited=False) if _all_words_match(rest, row))
    return [row for _, row in zip(range(run.limit), found, strict=False)]


def _rarest_first(run: _Runner, words: list[str]) -> list[str]:
    """The words, the one with the fewest keys (counted up to `_PROBE` each) first: it leads the
    search, so the fewest rows are read in list order."""
    if len(words) == 1:
        return words
    lead = min(words, key=lambda w: (run.keys(searchkeys.name_key(w)), -len(w)))
    return [lead, *(w for w in words if w != lead)]


_PROBE_COUNT = select(func.count()).select_from(
    select(literal(1)).where(SearchKeyRow.key == bindparam("key")).limit(_PROBE).subquery())


@functools.cache
def _probe_sql() -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """`_PROBE_COUNT` for SQLite's driver, as `_sqlite_sql`."""
    compiled = _PROBE_COUNT.compile(dialect=sqlite.dialect())
    assert compiled.positiontup is not None
    return str(compiled), tuple(compiled.positiontup), dict(compiled.params)


def _all_words_match(words: list[str], row: _Found) -> bool:
    terms = searchkeys.name_terms(row[1], row[2])
    return all(any(term.startswith(word) for term in terms) for word in words)


# Building the answer was half a search's time at 200 rows (1.8 of 3.9 µs a row). The frozen dataclasses'
# generated `__init__` calls `object.__setattr__` once per field; setting the slots through their
# descriptors makes the same objects in 1.0 µs. Both are plain records (no `__post_init__`, no
# defaults computed); a field added to either stops this import (the unpacking below), and
# `tests/db/test_db_search.py` checks the objects equal those the constructors make.
_new = object.__new__
_set_family, _set_given, _set_born, _set_sex, _set_record = (
    getattr(Patient, f.name).__set__ for f in dataclasses.fields(Patient))
_set_id, _set_patient, _set_count, _set_last = (
    getattr(PatientSummary, f.name).__set__ for f in dataclasses.fields(PatientSummary))
assert not hasattr(Patient, "__post_init__") and not hasattr(PatientSummary, "__post_init__")


def _summaries(rows: Sequence[_Found]) -> list[PatientSummary]:
    """The answer from the rows (`_Found`, without the sort key), in their order."""
    day: Any = dt.date.fromisoformat if rows and isinstance(rows[0][3], str) else lambda d: d  # SQLite: ISO text
    out: list[PatientSummary] = []
    add = out.append
    for pid, family, given, born, sex, record, count, last in rows:
        patient = _new(Patient)
        _set_family(patient, family)
        _set_given(patient, given)
        _set_born(patient, day(born))
        _set_sex(patient, _SEX[sex])
        _set_record(patient, record)
        found = _new(PatientSummary)
        _set_id(found, pid)
        _set_patient(found, patient)
        _set_count(found, count)
        _set_last(found, None if last is None else day(last))
        add(found)
    return out
