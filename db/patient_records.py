"""Keeping the list of patients clean without ever deleting a record.

- `possible_duplicates`: stored patients with the same name (accents and case aside), date of
  birth and sex, asked before a new patient is created or imported;
- `merge_patients`: every exam of one record moves to the other, the emptied record is hidden
  and points at the one kept, and the audit trail names each exam moved; `merges_into` lists the
  merges still in force; `undo_merge` moves the same exams back (after a restart too) or says
  what prevents it;
- `archive_patient` / `restore_patient`: hide a patient from the lists, and show them again.

Signed exams are never deleted by any of these; every change writes an audit entry. Like the
repository, these functions take a `Session` and never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kinelink.db import loading, searchkeys
from kinelink.db.errors import Conflict
from kinelink.db.records import AuditAction, PatientSummary
from kinelink.db.repository import _describe, _need_author, _patient_row, _to_patient, audit, now, other_editors
from kinelink.db.schema import AuditRow, ExamRow, PatientRow
from kinelink.forms.i18n import _
from kinelink.forms.model import Patient, PatientId
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session


def possible_duplicates(s: Session, patient: Patient, *, other_than: PatientId | None = None) -> list[PatientSummary]:
    """Patients in the lists (not merged away) who may be `patient`: same folded name, date of
    birth and sex. Archived ones count: a returning patient should be restored, not re-created."""
    folded = searchkeys.sort_key(patient.family_name, patient.given_name)
    if not loading.reader(s)(  # usually none (an import asks for every new patient): one prebuilt query
            "SELECT 1 FROM patients WHERE sort_key = ? AND date_of_birth = ? AND sex = ? AND merged_into IS NULL"
            " AND id != ?", (folded, patient.date_of_birth.isoformat(), patient.sex.value,
                             -1 if other_than is None else other_than)):
        return []
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


@dataclass(frozen=True, slots=True)
class Merge:
    """One merge still in force: `merged` was merged into `kept`; read from the audit trail, so it
    survives a restart. `exams` moved (those still stored)."""

    merged: PatientId
    kept: PatientId
    merged_name: str
    at: dt.datetime  # UTC
    author: str
    exams: int


@dataclass(frozen=True, slots=True)
class Unmerged:
    """What undoing a merge did: exams moved back, and the dates of drafts deleted since (gone)."""

    kept: PatientId
    moved: int
    deleted_since: tuple[str, ...]


def merge_patients(s: Session, keep: PatientId, other: PatientId, *, author: str) -> int:
    """Move every exam of `other` to `keep` (signed ones too: their content is untouched) and hide
    `other`, pointing at `keep`. Returns how many exams moved.

    Each moved exam gets its own audit entry (about `other`): the merge's record, from which
    `undo_merge` moves exactly these exams back, after a restart too; and the sealed history
    (db.history) sees each exam change patient by a merge, not behind Kinelink's back."""
    _need_author(author)
    if keep == other:
        raise Conflict(_("a patient cannot be merged with themself"))
    kept, gone = _patient_row(s, keep), _patient_row(s, other)
    if kept.merged_into is not None or gone.merged_into is not None:
        raise Conflict(_("one of these patients was already merged into another record"))
    moving = s.execute(select(ExamRow.id, ExamRow.date).where(ExamRow.patient_id == other)
                       .order_by(ExamRow.date, ExamRow.id)).all()
    s.execute(update(ExamRow).where(ExamRow.patient_id == other)
              .values(patient_id=keep, moved_from=other).execution_options(synchronize_session=False))
    gone.merged_into = keep
    gone.updated_at = now()
    s.flush()
    s.expire_all()  # exam rows changed behind the identity map
    kept_name = _describe(_to_patient(_patient_row(s, keep)))
    moved = len(moving)
    what = (f"merged {_describe(_to_patient(_patient_row(s, other)))} into "
            f"{kept_name}: {moved} exam{'s' if moved != 1 else ''} moved")
    audit(s, AuditAction.MERGE_PATIENTS, what, author=author, patient_id=keep)
    audit(s, AuditAction.MERGE_PATIENTS, what, author=author, patient_id=other)
    for exam_id, day in moving:
        audit(s, AuditAction.MERGE_PATIENTS, f"exam of {day.isoformat()} moved to {kept_name}", author=author,
              patient_id=other, exam_id=exam_id)
    return moved


def _merge_entries(s: Session, other: PatientId) -> tuple[AuditRow, list[str]] | None:
    """The latest merge of `other` as the audit trail records it: its entry and the exams it moved."""
    head = s.scalars(select(AuditRow).where(AuditRow.action == AuditAction.MERGE_PATIENTS,
                                            AuditRow.patient_id == other, AuditRow.exam_id.is_(None))
                     .order_by(AuditRow.id.desc()).limit(1)).first()
    if head is None:
        return None
    exam_ids = s.scalars(select(AuditRow.exam_id).where(
        AuditRow.action == AuditAction.MERGE_PATIENTS, AuditRow.patient_id == other,
        AuditRow.exam_id.is_not(None), AuditRow.id > head.id).order_by(AuditRow.id)).all()
    return head, [e for e in exam_ids if e is not None]


def merges_into(s: Session, keep: PatientId) -> list[Merge]:
    """The merges into `keep` still in force (newest first): what "Undo merge" offers."""
    out: list[Merge] = []
    for row in s.scalars(select(PatientRow).where(PatientRow.merged_into == keep)):
        found = _merge_entries(s, PatientId(row.id))
        exams = _moved_exams(s, PatientId(row.id), found[1] if found else None)
        out.append(Merge(PatientId(row.id), keep, _to_patient(row).full_name,
                         found[0].at if found else row.updated_at, found[0].author if found else "", len(exams)))
    return sorted(out, key=lambda m: m.at, reverse=True)


def _moved_exams(s: Session, other: PatientId, recorded: list[str] | None) -> list[ExamRow]:
    """The stored exams a merge moved: those its audit entries name (a merge made before they were
    written: those still marked as moved from `other`)."""
    if recorded is None or not recorded:
        return list(s.scalars(select(ExamRow).where(ExamRow.moved_from == other)))
    return list(s.scalars(select(ExamRow).where(ExamRow.id.in_(recorded))))


def undo_merge(s: Session, other: PatientId, *, author: str) -> Unmerged:
    """Move the exams a merge took from `other` back, and show `other` in the lists again.

    Refuses (`Conflict`, saying what) when something since prevents it: the kept record was itself
    merged into another, an exam of the merge now belongs to someone else, or one is open in an
    editor. A draft deleted since stays deleted (named in the result)."""
    _need_author(author)
    gone = _patient_row(s, other)
    if gone.merged_into is None:
        raise Conflict(_("{name} is not merged into another record (already undone?)").format(
            name=_to_patient(gone).full_name))
    keep = PatientId(gone.merged_into)
    kept = _patient_row(s, keep)
    if kept.merged_into is not None:
        third = _to_patient(_patient_row(s, kept.merged_into)).full_name
        raise Conflict(_("{name}'s record was itself merged into {third}'s since; undo that merge first").format(
            name=_to_patient(kept).full_name, third=third))
    found = _merge_entries(s, other)
    recorded = found[1] if found is not None else None
    exams = _moved_exams(s, other, recorded)
    for row in exams:
        if row.patient_id != keep:
            where = _to_patient(_patient_row(s, row.patient_id)).full_name
            raise Conflict(_("the exam of {date} now belongs to {where}, not to {name}; it cannot be moved "
                             "back").format(date=row.date.isoformat(), where=where, name=_to_patient(kept).full_name))
        editors = other_editors(s, row.id, holder="", machine="")
        if editors:
            raise Conflict(_("the exam of {date} is open in an editor ({holder}); close it first").format(
                date=row.date.isoformat(), holder=editors[0].holder))
    present = {row.id for row in exams}
    deleted = tuple(sorted(_deleted_dates(s, [e for e in (recorded or []) if e not in present])))
    ids = [row.id for row in exams]
    if ids:
        s.execute(update(ExamRow).where(ExamRow.id.in_(ids))
                  .values(patient_id=other, moved_from=None).execution_options(synchronize_session=False))
    gone.merged_into = None
    gone.updated_at = now()
    s.flush()
    s.expire_all()
    name = _describe(_to_patient(_patient_row(s, other)))
    moved = len(ids)
    what = (f"undid the merge of {name} into {_describe(_to_patient(_patient_row(s, keep)))}: "
            f"{moved} exam{'s' if moved != 1 else ''} moved back")
    if deleted:
        what += f"; deleted since, not restored: draft{'s' if len(deleted) != 1 else ''} of {', '.join(deleted)}"
    audit(s, AuditAction.UNMERGE_PATIENTS, what, author=author, patient_id=other)
    audit(s, AuditAction.UNMERGE_PATIENTS, what, author=author, patient_id=keep)
    for exam_id in ids:
        audit(s, AuditAction.UNMERGE_PATIENTS, f"exam moved back to {name}", author=author, patient_id=other,
              exam_id=exam_id)
    return Unmerged(keep, moved, deleted)


def _deleted_dates(s: Session, exam_ids: list[str]) -> list[str]:
    """The dates of exams named by a merge and no longer stored (drafts deleted since), from their audit."""
    if not exam_ids:
        return []
    rows = s.scalars(select(AuditRow.what).where(AuditRow.action == AuditAction.MERGE_PATIENTS,
                                                 AuditRow.exam_id.in_(exam_ids)))
    return [w.split("exam of ", 1)[1].split(" ", 1)[0] if "exam of " in w else "an unknown day" for w in rows]


def merged_into(s: Session, pid: PatientId) -> PatientId | None:
    target = _patient_row(s, pid).merged_into
    return PatientId(target) if target is not None else None
