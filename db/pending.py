"""Input the editor holds that is not part of a stored version yet.

- Text typed into a field that is not valid (ROM 400°, grade 6): the exam cannot store it, but it
  must not vanish either. It is kept here, by field, exactly as typed, shown again when the exam
  is opened, and blocks sign-off and documents until corrected.
- An amendment being written to a signed exam: saved as typed (the signed version is untouched)
  so that a crash loses nothing; the next start offers it back.

Functions take a `Session` and never commit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from kinelink.db import loading
from kinelink.db.records import ExamSummary
from kinelink.db.repository import _exam_row, get_patient, now
from kinelink.db.schema import PendingInputRow
from kinelink.forms.examfile import from_dict, to_dict
from kinelink.forms.model import Exam, ExamRecord, PatientId
from sqlalchemy import delete, select
from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class PendingInput:
    invalid: Mapping[str, str] = field(default_factory=dict)  # field path -> text as typed
    amendment: Exam | None = None
    base_version: int | None = None  # the version the amendment was started from

    @property
    def empty(self) -> bool:
        return not self.invalid and self.amendment is None


def save_pending(s: Session, exam_id: str, pending: PendingInput) -> None:
    """Keep `pending` for the exam (replacing what was kept); nothing left removes the row."""
    if pending.empty:
        s.execute(delete(PendingInputRow).where(PendingInputRow.exam_id == exam_id))
        return
    e = _exam_row(s, exam_id)
    amendment = None
    if pending.amendment is not None:
        record = ExamRecord(get_patient(s, PatientId(e.patient_id)), pending.amendment)
        amendment = json.dumps(to_dict(record), ensure_ascii=False)
    row = s.get(PendingInputRow, exam_id)
    values = {"invalid": json.dumps(dict(pending.invalid), ensure_ascii=False), "amendment": amendment,
              "base_version": pending.base_version, "saved_at": now()}
    if row is None:
        s.add(PendingInputRow(exam_id=exam_id, **values))
    else:
        for key, value in values.items():
            setattr(row, key, value)


def get_pending(s: Session, exam_id: str) -> PendingInput:
    row = s.get(PendingInputRow, exam_id)
    if row is None:
        return PendingInput()
    invalid = json.loads(row.invalid)
    amendment = from_dict(json.loads(row.amendment)).exam if row.amendment is not None else None
    return PendingInput({str(k): str(v) for k, v in invalid.items()}, amendment, row.base_version)


def clear_amendment(s: Session, exam_id: str) -> None:
    """The amendment was saved or cancelled; invalid text typed before it is kept."""
    kept = get_pending(s, exam_id)
    save_pending(s, exam_id, PendingInput(kept.invalid if kept.amendment is None else {}))


def amendments_in_progress(s: Session) -> list[ExamSummary]:
    """Signed exams with an amendment saved as typed but not recorded: the program stopped."""
    kept = list(s.scalars(
        select(PendingInputRow.exam_id).where(PendingInputRow.amendment.is_not(None))
        .order_by(PendingInputRow.saved_at)
    ))
    return loading.summaries_of(s, kept)
