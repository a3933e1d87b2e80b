"""Writing an exam: start, open, autosave, sign off, amend, close, read its history, recover after a crash.

Each function is one unit of work on the open database. The exam page calls them
(it only asks and shows); nothing here knows about widgets or timers.

- Opening an exam only reads. A draft being written in the editor is marked (`set_editing`) for
  its holder (the account, or the author) on this machine with its first save, and the mark is
  renewed while it stays open: colleagues see "being edited by" and get it read-only. A clean
  close clears the mark; a mark left by a crash makes the next start offer the draft back, to
  the same holder on the same machine only. (A draft opened and only looked at is not marked: a
  crash then loses nothing, and a colleague may edit it; if both type, the optimistic lock below
  keeps both versions.)
- Every save names the row version it was read at (`expected`): a colleague's save in between
  makes it fail (`db.StaleEdit`) instead of overwriting; `keep_both` then keeps this version too.
- Signing saves and signs in one unit of work: both or neither.
- An amendment records a new version with its reason; every version stays readable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kinelink import db
from kinelink.db.records import Amendment, ExamStatus, ExamSummary, Lease, StoredExam
from kinelink.forms import followup
from kinelink.forms.formats import show_date, show_moment
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import Exam, ExamId, ExamRecord, Patient, PatientId

if TYPE_CHECKING:
    from kinelink.db.pending import PendingInput

ORIGINAL = N_("original, as signed")  # the first version's "reason" in the history


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a signed exam, for the history."""

    entry: Amendment  # for the original: reason "original, as signed", the signer, the signing time
    record: ExamRecord
    text: str  # the clinical summary of this version


@dataclass(frozen=True, slots=True)
class History:
    title: str  # "Łukasz Żółć: exam of 2 Oct 2026"
    versions: tuple[Version, ...]  # oldest first


@dataclass(frozen=True, slots=True)
class OpenDraft:
    """A draft the editor had open when the program stopped."""

    summary: ExamSummary
    patient_name: str

    def describe(self) -> str:
        return _("{name}: exam of {date}, last saved {saved}").format(
            name=self.patient_name, date=show_date(self.summary.date), saved=show_moment(self.summary.updated_at))


def new_exam(database: db.Database, patient_id: PatientId, *, clinician: str,
             today: dt.date | None = None) -> tuple[Patient, Exam]:
    """The patient and an empty exam of today: nothing is stored until the first change."""
    with database.read() as s:
        patient = db.repository.get_patient(s, patient_id)
    return patient, Exam(date=today or dt.date.today(), clinician=clinician or None)


@dataclass(frozen=True, slots=True)
class Holder:
    """Who has an exam open, where: owns editing leases and crash-recovery marks."""

    name: str
    machine: str


@dataclass(frozen=True, slots=True)
class Opened:
    stored: StoredExam
    held_by: Lease | None  # a colleague editing this draft now: open it read-only
    sign_refusal: str | None = None  # why this account may not sign this draft (only its author may)
    take_over_from: str | None = None  # no account started it (an import): this account may take it over


def open_exam(database: db.Database, exam_id: ExamId, holder: Holder) -> Opened:
    """The stored exam, and for a draft the colleague editing it now, if any. Only reads: the draft
    is marked as open here by its first save (`save_draft`)."""
    with database.read() as s:
        stored = db.repository.get_exam(s, exam_id)
        draft = stored.summary.status is ExamStatus.DRAFT
        others = db.repository.other_editors(s, exam_id, holder=holder.name, machine=holder.machine) if draft else []
        refusal = db.repository.sign_refusal(s, exam_id, author=holder.name) if draft else None
        source = db.repository.take_over_source(s, exam_id, author=holder.name) if draft else None
    return Opened(stored, others[0] if others else None, refusal, source)


def renew_lease(database: db.Database, exam_id: ExamId, holder: Holder) -> None:
    """Still open here (the heartbeat): renews this editor's mark if its first save made one; a
    failure only lets the notice lapse for colleagues."""
    try:
        with database.write() as s:
            db.repository.renew_editing(s, exam_id, holder=holder.name, machine=holder.machine)
    except db.Error:
        pass


def save_draft(database: db.Database, patient_id: PatientId, exam: Exam, *, author: str, holder: Holder,
               expected: int | None, invalid: Mapping[str, str] | None = None) -> tuple[ExamId, int]:
    """Store the draft (created on its first save) and keep it marked as open; (its id, its row version
    now). `expected`: the row version it was read at (None for a new exam); StaleEdit if it moved on."""
    with database.write() as s:
        exam_id = db.repository.save_draft(s, patient_id, exam, author=author, expected=expected)
        db.repository.set_editing(s, exam_id, True, holder=holder.name, machine=holder.machine)
        # text typed into fields that is not valid (`invalid`, by path) is kept beside it, never dropped
        db.pending.save_pending(s, exam_id, db.pending.PendingInput(dict(invalid or {})))
        return exam_id, db.repository.exam_row_version(s, exam_id)


def keep_both(database: db.Database, patient_id: PatientId, exam: Exam, *, beside: ExamId, author: str,
              holder: Holder) -> ExamId:
    """This editor's version of an exam a colleague changed meanwhile, saved as a separate draft."""
    with database.write() as s:
        kept = db.repository.keep_both(s, patient_id, exam, beside=beside, author=author)
        db.repository.set_editing(s, beside, False, holder=holder.name, machine=holder.machine)
    return kept


def kept_input(database: db.Database, exam_id: ExamId) -> PendingInput:
    """What was kept beside the exam: invalid text as typed, an amendment being written."""
    with database.read() as s:
        return db.pending.get_pending(s, exam_id)


def keep_amendment(database: db.Database, exam_id: ExamId, exam: Exam, *, invalid: Mapping[str, str],
                   base_version: int) -> None:
    """Keep an amendment as typed (not a version: that needs Save amendment and a reason)."""
    with database.write() as s:
        db.pending.save_pending(s, exam_id, db.pending.PendingInput(dict(invalid), exam, base_version))


def discard_amendment(database: db.Database, exam_id: ExamId) -> None:
    with database.write() as s:
        db.pending.clear_amendment(s, exam_id)


def amendments_in_progress(database: db.Database) -> list[ExamSummary]:
    """Signed exams with an amendment kept as typed but not recorded (the program stopped)."""
    with database.read() as s:
        return db.pending.amendments_in_progress(s)


def follow_up(database: db.Database, patient_id: PatientId, previous_id: ExamId, *, clinician: str,
              today: dt.date | None = None) -> tuple[Patient, Exam, Exam]:
    """A follow-up of `previous_id`: the patient, the new exam (history and goals copied, nothing
    measured) and the earlier exam, whose measurements are shown beside their fields."""
    with database.read() as s:
        patient = db.repository.get_patient(s, patient_id)
        previous = db.repository.get_exam(s, previous_id).record.exam
    exam = followup.carry_forward(previous, today or dt.date.today(), clinician=clinician or None)
    return patient, exam, previous


def drafts_of(database: db.Database, patient_id: PatientId) -> list[ExamSummary]:
    """The patient's unsigned drafts, newest first: what a new exam would sit beside."""
    with database.read() as s:
        return [e for e in db.repository.list_exams(s, patient_id) if not e.is_locked]


def follow_up_source(database: db.Database, patient_id: PatientId) -> tuple[ExamSummary, Exam] | None:
    """The exam a follow-up starts from: the latest signed one, else the latest of all."""
    with database.read() as s:
        signed = db.baselines.signed_exams(s, patient_id)
        source = signed[0] if signed else next(iter(db.repository.list_exams(s, patient_id)), None)
        return (source, db.repository.get_exam(s, source.id).record.exam) if source is not None else None


def baseline(database: db.Database, patient_id: PatientId, exam: Exam, exam_id: ExamId | None) -> Exam | None:
    """The latest signed exam on or before this one (never a draft), or None."""
    with database.read() as s:
        return db.baselines.baseline_exam(s, patient_id, before=exam.date, other_than=exam_id)


def sign(database: db.Database, patient_id: PatientId, exam: Exam, *, author: str, holder: Holder,
         expected: int | None, take_over: bool = False) -> ExamSummary:
    """Save what is written and sign it, in one unit of work; the open mark is cleared. Without
    accounts the signer is the exam's clinician: a draft with no clinician name is refused. With
    `take_over` (the clinician confirmed it), a draft that no account started (an import) becomes
    this account's first, recorded in the audit trail (`repository.take_over_exam`)."""
    if database.account is None and not (exam.clinician or "").strip():
        raise db.NoClinician(_("exam not signed: clinician: no name recorded; enter the examining clinician "
                               "in the exam header first"))
    with database.write() as s:
        exam_id = db.repository.save_draft(s, patient_id, exam, author=author, expected=expected)
        if take_over:
            db.repository.take_over_exam(s, exam_id, author=author)
        db.repository.sign_exam(s, exam_id, author=author)
        db.repository.set_editing(s, exam_id, False, holder=holder.name, machine=holder.machine)
        return db.repository.exam_summary(s, exam_id)


def stored_exam(database: db.Database, exam_id: ExamId) -> Exam:
    """The latest stored version (an amendment that changes nothing records nothing)."""
    with database.read() as s:
        return db.repository.get_exam(s, exam_id).record.exam


def amend(database: db.Database, exam_id: ExamId, exam: Exam, *, reason: str, author: str,
          expected: int | None = None) -> ExamSummary:
    """Record a corrected version of a signed exam, with the reason; its summary names the new version.

    Raises ValueError when the amendment changes nothing, `db.Error` when it cannot be stored.
    """
    with database.write() as s:
        db.repository.amend_exam(s, exam_id, exam, reason=reason, author=author, expected=expected)
        db.pending.clear_amendment(s, exam_id)  # recorded: what was kept as typed is done with
        return db.repository.exam_summary(s, exam_id)


def close(database: db.Database, exam_id: ExamId, holder: Holder) -> None:
    """The editor closed the exam cleanly. If this fails the mark stays, and the next start offers the
    last saved draft back, which loses nothing: so a failure here is not the user's problem."""
    try:
        with database.write() as s:
            db.repository.set_editing(s, exam_id, False, holder=holder.name, machine=holder.machine)
    except db.Error:
        pass


def history(database: db.Database, exam_id: ExamId) -> History:
    """Every version of a signed exam with who changed it, when and why, and its clinical summary."""
    from kinelink.forms.analysis import analyze
    from kinelink.forms.summary_text import render_text

    with database.read() as s:
        current = db.repository.get_exam(s, exam_id)
        reasons = {a.version: a for a in db.repository.amendments(s, exam_id)}
        records = [(v, db.repository.get_exam(s, exam_id, version=v).record)
                   for v in range(1, current.summary.version + 1)]
    summary = current.summary
    signed_at = summary.signed_at or dt.datetime.now(dt.UTC)
    versions = []
    for number, record in records:
        entry = reasons.get(number) or Amendment(
            version=number, reason=_(ORIGINAL), author=summary.signed_by or "", at=signed_at)
        versions.append(Version(entry, record, render_text(record, analyze(record))))
    title = _("{name}: exam of {date}").format(name=current.record.patient.full_name,
                                               date=show_date(current.record.exam.date))
    return History(title, tuple(versions))


def drafts_left_open(database: db.Database, holder: Holder) -> list[OpenDraft]:
    """The drafts a crash left open in this holder's editor on this machine, oldest mark first."""
    with database.read() as s:
        drafts = db.repository.exams_being_edited(s, holder=holder.name, machine=holder.machine)
        names = {d.patient_id: db.repository.get_patient(s, d.patient_id).full_name for d in drafts}
    return [OpenDraft(d, names[d.patient_id]) for d in drafts]


def settle_recovery(database: db.Database, drafts: list[OpenDraft], holder: Holder, *,
                    reopen: bool) -> ExamSummary | None:
    """Clear the marks of the drafts not reopened; with `reopen`, the newest stays marked and is returned."""
    newest = max((d.summary for d in drafts), key=lambda d: d.updated_at, default=None)
    keep = newest if reopen else None
    with database.write() as s:
        for draft in drafts:
            if keep is None or draft.summary.id != keep.id:
                db.repository.set_editing(s, draft.summary.id, False, holder=holder.name, machine=holder.machine)
    return keep


def with_id(exam: Exam, exam_id: ExamId | None) -> Exam:
    """The exam under the id it is stored as (the editor keeps the id it was loaded with)."""
    return dataclasses.replace(exam, id=exam_id) if exam_id is not None else exam
