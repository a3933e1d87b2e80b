"""Finding patients by name words, record number or date of birth (the patient list's search).

Names are matched through their folded words (`db.searchkeys`), so accents and case do not
matter; every condition is an index range, so a search never scans the patients table.
"""

from __future__ import annotations

from kinelink.db import searchkeys
from kinelink.db.records import PatientSummary
from kinelink.db.schema import ExamRow, PatientRow, SearchTermRow
from kinelink.forms.formats import parse_date
from kinelink.forms.model import Patient, PatientId
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

_SEARCH_WORDS = 32  # name words asked of SQLite in one search; the rest are checked in Python


def _patient(row: PatientRow) -> Patient:
    return Patient(row.family_name, row.given_name, row.date_of_birth, row.sex, row.record_number)


def _all_words_match(words: list[str], row: PatientRow) -> bool:
    terms = searchkeys.name_terms(row.family_name, row.given_name)
    return all(any(term.startswith(word) for term in terms) for word in words)


def _record_matches(record: str | None, row: PatientRow) -> bool:
    return record is not None and row.record_key is not None and row.record_key.startswith(record)


def search_patients(
    s: Session, text: str, *, limit: int = 200, include_archived: bool = False
) -> list[PatientSummary]:
    """Patients whose names start with the words typed (accents and case ignored, any order),
    whose record number starts with the text (when it has a digit), or born on the date typed
    (YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY). Empty text lists everyone. Sorted by name. Records
    merged into another never appear; archived ones only when asked."""
    text = text.strip()
    query = select(PatientRow).where(PatientRow.merged_into.is_(None))
    if not include_archived:
        query = query.where(PatientRow.archived_at.is_(None))
    words: list[str] = []
    record: str | None = None
    if text:
        matches = []
        born = parse_date(text)
        if born is not None:
            matches.append(PatientRow.date_of_birth == born)
        record = searchkeys.record_key(text)
        if record and any(c.isdigit() for c in record):  # record numbers have digits; names rarely do
            low, high = searchkeys.prefix_range(record)
            matches.append(and_(PatientRow.record_key >= low, PatientRow.record_key < high))
        words = searchkeys.query_terms(text) if born is None else []
        if words:
            # every word must start one of the patient's name words (an index range per word);
            # SQLite refuses an expression of ~1000 terms, so a longer search asks for its first
            # words and the rest are checked on the rows found (`too_many`)
            matches.append(and_(*(
                PatientRow.id.in_(
                    select(SearchTermRow.patient_id).where(SearchTermRow.term >= low, SearchTermRow.term < high)
                )
                for low, high in map(searchkeys.prefix_range, words[:_SEARCH_WORDS])
            )))
        if not matches:
            return []
        query = query.where(or_(*matches))
    too_many = len(words) > _SEARCH_WORDS
    rows = s.scalars(query.order_by(PatientRow.sort_key, PatientRow.id).limit(None if too_many else limit)).all()
    if too_many:
        rows = [r for r in rows if _all_words_match(words, r) or _record_matches(record, r)][:limit]
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
        PatientSummary(PatientId(r.id), _patient(r), *stats.get(r.id, (0, None)))
        for r in rows
    ]
