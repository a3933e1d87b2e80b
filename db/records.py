"""What the repository hands back: frozen values, never live ORM rows.

Widgets and reports keep these after the session has ended, so nothing can
lazy-load or be changed behind the database's back.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from kinelink.forms.i18n import N_
from kinelink.forms.model import ExamId, ExamRecord, Patient, PatientId
from kinelink.forms.vocab import Instrument


class ExamStatus(enum.Enum):
    DRAFT = "draft"  # being written; may be replaced or deleted
    SIGNED = "signed"  # locked by its author's signature
    AMENDED = "amended"  # signed, then amended: newer versions exist, the original stays readable


class AuditAction(enum.Enum):
    CREATE_PATIENT = "create_patient"
    UPDATE_PATIENT = "update_patient"
    SAVE_DRAFT = "save_draft"
    SIGN = "sign"
    AMEND = "amend"
    DELETE_DRAFT = "delete_draft"
    IMPORT = "import"
    DEMO = "demo"  # made-up data written by `kinelink demo`
    ADD_ACCOUNT = "add_account"
    DISABLE_ACCOUNT = "disable_account"
    KEEP_BOTH = "keep_both"  # a stale edit saved as a separate draft beside a colleague's
    MERGE_PATIENTS = "merge_patients"  # exams moved to the patient kept; the other one hidden
    UNMERGE_PATIENTS = "unmerge_patients"  # a merge undone: the exams moved back
    ARCHIVE_PATIENT = "archive_patient"  # hidden from lists, nothing deleted
    RESTORE_PATIENT = "restore_patient"
    ISSUE_DOCUMENT = "issue_document"  # a letter or summary kept with the exam (append-only)
    TAKE_OVER = "take_over"  # a draft started under a name that is no account (an import) taken over to sign it


# What each action is called where a person reads the audit log (`kinelink check`'s findings).
ACTION_LABELS = {
    AuditAction.CREATE_PATIENT: N_("patient created"),
    AuditAction.UPDATE_PATIENT: N_("patient changed"),
    AuditAction.SAVE_DRAFT: N_("draft saved"),
    AuditAction.SIGN: N_("signed"),
    AuditAction.AMEND: N_("amended"),
    AuditAction.DELETE_DRAFT: N_("draft deleted"),
    AuditAction.IMPORT: N_("imported"),
    AuditAction.DEMO: N_("made-up data written"),
    AuditAction.ADD_ACCOUNT: N_("account added"),
    AuditAction.DISABLE_ACCOUNT: N_("account disabled"),
    AuditAction.KEEP_BOTH: N_("kept beside a colleague's version"),
    AuditAction.MERGE_PATIENTS: N_("patients merged"),
    AuditAction.UNMERGE_PATIENTS: N_("merge undone"),
    AuditAction.ARCHIVE_PATIENT: N_("patient archived"),
    AuditAction.RESTORE_PATIENT: N_("patient restored"),
    AuditAction.ISSUE_DOCUMENT: N_("document issued"),
    AuditAction.TAKE_OVER: N_("draft taken over"),
}


class Role(enum.Enum):
    """What an account may do."""

    CLINICIAN = "clinician"  # records, signs own exams, amends with a reason
    ADMIN = "admin"  # everything a clinician does, and accounts
    READER = "reader"  # reads only (students, auditors)

    @property
    def can_write(self) -> bool:
        return self is not Role.READER


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    role: Role
    disabled: bool
    created_at: dt.datetime  # UTC


@dataclass(frozen=True, slots=True)
class PatientSummary:
    id: PatientId
    patient: Patient
    exam_count: int
    last_exam: dt.date | None


@dataclass(frozen=True, slots=True)
class KeyScore:
    """One questionnaire score of an exam, for lists and progress charts."""

    instrument: Instrument
    subscale: str  # "pain", "adl", ... ; LEFS: "total"
    value: float | None  # None where too few items were answered


@dataclass(frozen=True, slots=True)
class ExamSummary:
    id: ExamId
    patient_id: PatientId
    date: dt.date
    status: ExamStatus
    version: int  # the version described (the latest unless another was asked for)
    clinician: str | None
    signed_by: str | None
    signed_at: dt.datetime | None  # UTC
    updated_at: dt.datetime  # UTC
    key_scores: tuple[KeyScore, ...]
    row_version: int = 1  # optimistic locking: give it back when saving (`save_draft(expected=...)`)
    updated_by: str | None = None  # who made the last change

    @property
    def is_locked(self) -> bool:
        return self.status is not ExamStatus.DRAFT


@dataclass(frozen=True, slots=True)
class StoredExam:
    summary: ExamSummary
    record: ExamRecord  # the patient as stored now, the exam as in that version


@dataclass(frozen=True, slots=True)
class Amendment:
    version: int
    reason: str
    author: str
    at: dt.datetime  # UTC


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: dt.datetime  # UTC
    author: str
    action: AuditAction
    patient_id: PatientId | None
    exam_id: ExamId | None
    version: int | None
    what: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    patient_id: PatientId
    exam_id: ExamId
    created: bool  # False: the same exam was already stored, nothing was written


@dataclass(frozen=True, slots=True)
class Lease:
    """Someone has an exam open in an editor (`repository.set_editing`)."""

    exam_id: ExamId
    holder: str  # the account (or the author's name without accounts)
    machine: str
    since: dt.datetime  # UTC
    heartbeat_at: dt.datetime  # UTC
