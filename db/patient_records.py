"""Keeping the list of patients clean without ever deleting a record.

- `possible_duplicates`: stored patients with the same name (accents and case aside), date of
  birth and sex, asked before a new patient is created or imported;
- `merge_patients`: every exam of one record moves to the other, the emptied record is hidden
  and points at the one kept; `undo_merge` moves the same exams back;
- `archive_patient` / `restore_patient`: hide a patient from the lists, and show them again.

Signed exams are never deleted by any of these; every change writes an audit entry. Like the
repository, these functions take a `Session` and never commit.
"""

from __future__ import annotations

from kinelink.db import searchkeys
from kinelink.db.errors import Conflict
from kinelink.db.records import AuditAction, PatientSummary
from kinelink.db.repository import _describe, _need_author, _patient_row, _to_patient, audit, now
from kinelink.db.schema import ExamRow, PatientRow
from kinelink.forms.model import Patient, PatientId
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session


def possible_duplicates(s: Session, patient: Patient, *, other_than: PatientId | None = None) -> list[PatientSummary]:
    """Patients in the lists (not merged away) who may be `patient`: same folded name, date of
    birth and sex. Archived ones count: a returning patient should be restored, not re-created."""
    query = select(PatientRow).where(
        PatientRow.sort_key == searchkeys.sort_key(patient.family_name, patient.given_name),
        PatientRow.date_of_birth == patient.date_of_birth,
        PatientRow.sex == patient.sex,
        PatientRow.merged_into.is_(None),
    )
    if other_than is not None:
        query = query.where(PatientRow.id != other_than)
    rows = s.scalars(query.order_by(PatientRow.id)).all()
    stats = {
        pid: (count, last)
        for pid, count, last in s.execute(
            select(ExamRow.patient_id, func.count(), func.max(ExamRow.date))
            .where(ExamRow.patient_id.in_([r.id for r in rows])).group_by(ExamRow.patient_id)
        )
    }
    return [PatientSummary(PatientId(r.id), _to_patient(r), *stats.get(r.id, (0, None))) for r in rows]


def is_archived(s: Session, pid: PatientId) -> bool:
    return _patient_row(s, pid).archived_at is not None


def archive_patient(s: Session, pid: PatientId, *, author: str) -> None:
    """Hide a patient from the lists; their exams stay stored and readable."""
    _need_author(author)
    row = _patient_row(s, pid)
    if row.archived_at is not None:
        return
    row.archived_at = now()
    audit(s, AuditAction.ARCHIVE_PATIENT, f"archived {_describe(_to_patient(row))}", author=author, patient_id=pid)


def restore_patient(s: Session, pid: PatientId, *, author: str) -> None:
    _need_author(author)
    row = _patient_row(s, pid)
    if row.archived_at is None:
        return
    row.archived_at = None
    audit(s, AuditAction.RESTORE_PATIENT, f"restored {_describe(_to_patient(row))} to the lists", author=author,
          patient_id=pid)


def merge_patients(s: Session, keep: PatientId, other: PatientId, *, author: str) -> int:
    """Move every exam of `other` to `keep` (signed ones too: their content is untouched) and hide
    `other`, pointing at `keep`. Returns how many exams moved."""
    _need_author(author)
    if keep == other:
        raise Conflict("a patient cannot be merged with themself")
    kept, gone = _patient_row(s, keep), _patient_row(s, other)
    if kept.merged_into is not None or gone.merged_into is not None:
        raise Conflict("one of these patients was already merged into another record")
    moved = s.scalar(select(func.count()).select_from(ExamRow).where(ExamRow.patient_id == other)) or 0
    s.execute(update(ExamRow).where(ExamRow.patient_id == other)
              .values(patient_id=keep, moved_from=other).execution_options(synchronize_session=False))
    gone.merged_into = keep
    gone.updated_at = now()
    s.flush()
    s.expire_all()  # exam rows changed behind the identity map
    what = (f"merged {_describe(_to_patient(_patient_row(s, other)))} into "
            f"{_describe(_to_patient(_patient_row(s, keep)))}: {moved} exam{'s' if moved != 1 else ''} moved")
    audit(s, AuditAction.MERGE_PATIENTS, what, author=author, patient_id=keep)
    audit(s, AuditAction.MERGE_PATIENTS, what, author=author, patient_id=other)
    return moved


def undo_merge(s: Session, other: PatientId, *, author: str) -> int:
    """Move the exams a merge took from `other` back, and show `other` in the lists again."""
    _need_author(author)
    gone = _patient_row(s, other)
    if gone.merged_into is None:
        raise Conflict("this patient was not merged into another record")
    keep = gone.merged_into
    moved = s.scalar(select(func.count()).select_from(ExamRow).where(ExamRow.moved_from == other)) or 0
    s.execute(update(ExamRow).where(ExamRow.moved_from == other)
              .values(patient_id=other, moved_from=None).execution_options(synchronize_session=False))
    gone.merged_into = None
    gone.updated_at = now()
    s.flush()
    s.expire_all()
    what = f"undid the merge of {_describe(_to_patient(_patient_row(s, other)))}: {moved} exams moved back"
    audit(s, AuditAction.UNMERGE_PATIENTS, what, author=author, patient_id=other)
    audit(s, AuditAction.UNMERGE_PATIENTS, what, author=author, patient_id=keep)
    return moved


def merged_into(s: Session, pid: PatientId) -> PatientId | None:
    target = _patient_row(s, pid).merged_into
    return PatientId(target) if target is not None else None
