"""Which earlier exam a later one is compared with: the latest signed (or amended) exam of the
patient on or before a day, never a draft (a draft can still change, and comparing with one showed
nonsense changes). Used for the follow-up's previous values and the change since the baseline."""

from __future__ import annotations

import datetime as dt

from kinelink.db import repository
from kinelink.db.records import ExamSummary
from kinelink.forms.model import Exam, ExamId, PatientId
from sqlalchemy.orm import Session


def signed_exams(s: Session, patient_id: PatientId, *, before: dt.date | None = None,
                 other_than: ExamId | str | None = None) -> list[ExamSummary]:
    """Signed and amended exams of the patient (newest first), on or before `before` when given."""
    return [e for e in repository.list_exams(s, patient_id)
            if e.is_locked and (before is None or e.date <= before) and e.id != other_than]


def baseline_exam(s: Session, patient_id: PatientId, *, before: dt.date,
                  other_than: ExamId | str | None = None) -> Exam | None:
    """The latest signed exam on or before `before` (other than the exam itself), or None."""
    found = signed_exams(s, patient_id, before=before, other_than=other_than)
    return repository.get_exam(s, found[0].id).record.exam if found else None
