"""Patients and exams: what the window and the commands may do with stored records.

Every function takes a `Session` and never commits: the caller owns the unit
of work (`with database.write() as s:`, or `database.read()` when it only reads). They return `forms` values or the
frozen records of `db.records`, never live ORM rows.

Rules kept here, whatever the caller does:
- a signed exam is never changed or deleted; an amendment adds a version with
  its reason, author and time, and every earlier version stays readable;
- every change writes an audit entry (who, when, what) in the same transaction;
- an exam whose stored content no longer matches its checksum is reported
  (`DatabaseError`), never shown as if it were sound.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kinelink.db import content, loading, search, searchkeys, verify
from kinelink.db.errors import Conflict, ExamLocked, InvalidText, NotFound, NotSigned, NotYourExam, StaleEdit
from kinelink.db.records import (
    Amendment,
    AuditAction,
    AuditEntry,
    ExamStatus,
    ExamSummary,
    ImportResult,
    Lease,
    StoredExam,
)
from kinelink.db.schema import (
    AccountRow,
    AuditRow,
    DocumentFileRow,
    EditingRow,
    ExamRow,
    ExamVersionRow,
    HistoryLinkRow,
    IssuedDocumentRow,
    PatientRow,
    SearchKeyRow,
    SearchTermRow,
)
from kinelink.db.search import search_patients as search_patients  # re-exported: callers know it here
from kinelink.forms.examfile import to_dict, utc_text
from kinelink.forms.i18n import _
from kinelink.forms.model import Exam, ExamId, ExamRecord, IssuedDocument, Patient, PatientId
from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

_CHUNK = 400  # versions loaded per query batch (well under SQLite's bound-parameter limit)


def now() -> dt.datetime:
    """The current time in UTC, as stored (naive; every timestamp in the database is UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _utc(stamp: dt.datetime) -> dt.datetime:
    return stamp.replace(tzinfo=dt.UTC)


def _need_author(author: str) -> None:
    if not author or not author.strip():
        raise ValueError("every change needs an author")
    _storable(author, "author")


def _storable(value: object, where: str) -> None:
    """Refuse text holding NUL anywhere in `value` (a str, or a dataclass / tuple of them), naming the
    field (`exam.history.injuries[0].description`), before the database sees it: PostgreSQL cannot
    store NUL, and the exam format forbids it (forms.examfile refuses such files)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidText(where)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            _storable(item, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(key, where)
            _storable(item, f"{where}.{key}")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _storable(getattr(value, f.name), f"{where}.{f.name}")


def audit(
    s: Session,
    action: AuditAction,
    what: str,
    *,
    author: str,
    patient_id: int | None = None,
    exam_id: str | None = None,
    version: int | None = None,
    at: dt.datetime | None = None,
) -> None:
    s.add(AuditRow(at=at or now(), author=author, action=action, patient_id=patient_id, exam_id=exam_id,
                   version=version, what=what))


def _claim(s: Session, row: PatientRow | ExamRow, expected: int | None, *, author: str, stamp: dt.datetime,
           what: str) -> None:
    """Count a change of `row` (row_version + 1, who, when) — only if it still has the version the
    caller read (`expected`; None: whatever it has now). Done with one conditional UPDATE before
    anything else is written, so of two concurrent saves from the same version one waits for the
    other's row lock, then finds the version moved on, and fails (StaleEdit) without writing."""
    table = type(row)
    query = update(table).where(table.id == row.id)
    if expected is None:
        query = query.values(row_version=table.row_version + 1)
    else:
        query = query.where(table.row_version == expected).values(row_version=expected + 1)
    done = s.execute(
        query.values(updated_by=author, updated_at=stamp).execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    if done != 1:
        s.refresh(row)
        raise StaleEdit(what, row.updated_by, _utc(row.updated_at) if row.updated_at else None, row.row_version)
    s.refresh(row)


# --- patients ----------------------------------------------------------------------------------


def patient_values(patient: Patient) -> dict[str, Any]:
    return {
        "record_number": patient.record_number,
        "family_name": patient.family_name,
        "given_name": patient.given_name,
        "date_of_birth": patient.date_of_birth,
        "sex": patient.sex,
        "sort_key": searchkeys.sort_key(patient.family_name, patient.given_name),
        "record_key": searchkeys.record_key(patient.record_number),
    }


def _to_patient(row: PatientRow) -> Patient:
    return Patient(row.family_name, row.given_name, row.date_of_birth, row.sex, row.record_number)


def _patient_row(s: Session, pid: int) -> PatientRow:
    row = s.get(PatientRow, pid)
    if row is None:
        raise NotFound(_("no patient {number}").format(number=pid))
    return row


def _check_names(patient: Patient) -> None:
    if not patient.family_name.strip() or not patient.given_name.strip():
        raise ValueError(_("a patient needs a family name and a given name"))


def _check_record_number(s: Session, patient: Patient, pid: int | None) -> None:
    if patient.record_number is None:
        return
    other = s.scalars(select(PatientRow).where(PatientRow.record_number == patient.record_number)).first()
    if other is not None and other.id != pid:
        raise Conflict(_("record number {number} already belongs to patient {patient} ({name})").format(
            number=patient.record_number, patient=other.id, name=f"{other.family_name}, {other.given_name}"))


def create_patient(s: Session, patient: Patient, *, author: str) -> PatientId:
    _need_author(author)
    _storable(patient, "patient")
    _check_names(patient)
    _check_record_number(s, patient, None)
    stamp = now()
    row = PatientRow(**patient_values(patient), created_at=stamp, updated_at=stamp, row_version=1, updated_by=author)
    s.add(row)
    s.flush()
    search.index_patient(s, row.id, patient)
    audit(s, AuditAction.CREATE_PATIENT, f"created {_describe(patient)}", author=author, patient_id=row.id,
          at=stamp)
    return PatientId(row.id)


def update_patient(s: Session, pid: PatientId, patient: Patient, *, author: str, expected: int | None = None) -> None:
    """Change a patient's details; the change (old → new, field by field) goes into the audit trail.
    `expected`: the `patient_version` the details were read at; StaleEdit if it has moved on."""
    _need_author(author)
    _storable(patient, "patient")
    _check_names(patient)
    row = _patient_row(s, pid)
    old = _to_patient(row)
    if old == patient:
        return
    _check_record_number(s, patient, pid)
    _claim(s, row, expected, author=author, stamp=now(),
           what=_("the details of {patient}").format(patient=old.display_name))
    changes = [
        f"{f.name}: {_show(getattr(old, f.name))} → {_show(getattr(patient, f.name))}"
        for f in dataclasses.fields(Patient)
        if getattr(old, f.name) != getattr(patient, f.name)
    ]
    for key, value in patient_values(patient).items():
        setattr(row, key, value)
    row.updated_at = now()
    if (old.family_name, old.given_name, old.record_number) != (
        patient.family_name, patient.given_name, patient.record_number
    ):
        search.index_patient(s, pid, patient)
    audit(s, AuditAction.UPDATE_PATIENT, "; ".join(changes), author=author, patient_id=pid)


def get_patient(s: Session, pid: PatientId) -> Patient:
    return _to_patient(_patient_row(s, pid))


def patient_version(s: Session, pid: PatientId) -> int:
    """The patient's row version, for `update_patient(expected=...)`."""
    return _patient_row(s, pid).row_version


# --- exams: reading ----------------------------------------------------------------------------


def _exam_row(s: Session, exam_id: str) -> ExamRow:
    row = s.get(ExamRow, exam_id)
    if row is None:
        raise NotFound(_("no exam {exam}").format(exam=exam_id))
    return row


def _version_row(s: Session, exam_id: str, version: int) -> ExamVersionRow:
    row = s.scalars(
        select(ExamVersionRow).where(ExamVersionRow.exam_id == exam_id, ExamVersionRow.version == version)
    ).first()
    if row is None:
        raise NotFound(_("exam {exam} has no version {version}").format(exam=exam_id, version=version))
    return row


def list_exams(s: Session, pid: PatientId) -> list[ExamSummary]:
    """A patient's exams, newest first."""
    return loading.patient_exams(s, pid)


def get_exam(s: Session, exam_id: str, *, version: int | None = None) -> StoredExam:
    """One exam with its patient; the latest version unless `version` asks for an earlier one.
    Read with prebuilt SQL and checked against its checksum (`db.loading`)."""
    loaded = loading.exam(s, exam_id, version)
    return StoredExam(loaded.summary, loaded.record)


def exam_summary(s: Session, exam_id: str) -> ExamSummary:
    """The summary of an exam's latest version (status, version, who signed, key scores), without
    reading its findings: what a sign-off or an amendment reports back."""
    return loading.exam_summary(s, exam_id)


def patient_page(s: Session, pid: PatientId) -> loading.PatientPage:
    """What the patient page shows: the patient, whether archived, their exams newest first
    (`list_exams`) and the latest version of every exam oldest first (`export_records`)."""
    return loading.patient_page(s, pid)


def exam_row_version(s: Session, exam_id: str) -> int:
    """The exam's row version now: what the next `save_draft(expected=...)` must give."""
    return _exam_row(s, exam_id).row_version


def amendments(s: Session, exam_id: str) -> list[Amendment]:
    """The amendments of an exam, oldest first (version 1, the signed original, is not one)."""
    _exam_row(s, exam_id)
    return [
        Amendment(v.version, v.reason or "", v.saved_by, _utc(v.saved_at))
        for v in s.scalars(
            select(ExamVersionRow)
            .where(ExamVersionRow.exam_id == exam_id, ExamVersionRow.version > 1)
            .order_by(ExamVersionRow.version)
        )
    ]


def export_records(s: Session, *, patient_id: PatientId | None = None) -> Iterator[ExamRecord]:
    """The latest version of every exam (or one patient's), by patient then date. Lazy: consume it
    inside the session."""
    query = select(ExamRow.id).order_by(ExamRow.patient_id, ExamRow.date, ExamRow.id)
    if patient_id is not None:
        _patient_row(s, patient_id)
        query = query.where(ExamRow.patient_id == patient_id)
    ids = list(s.scalars(query))
    for start in range(0, len(ids), _CHUNK):
        yield from loading.records_of(s, ids[start : start + _CHUNK])


def verify_contents(s: Session) -> list[str]:
    """Every stored exam version whose content no longer matches its checksum; [] when all do (SQLite)."""
    raw: Any = s.connection().connection.dbapi_connection  # the row check reads a SQLite file
    return verify.problems(raw)


# --- exams: writing ----------------------------------------------------------------------------


def _write_version(
    s: Session, exam_id: str, version: int, exam: Exam, *, author: str, at: dt.datetime, reason: str | None
) -> None:
    prepared = content.prepare(exam)
    row = ExamVersionRow(exam_id=exam_id, version=version, saved_at=at, saved_by=author, reason=reason,
                         **prepared.values)
    s.add(row)
    s.flush()
    content.insert_children(s, [(row.id, prepared)])


def _with_id(exam: Exam, exam_id: str) -> Exam:
    if exam.id is not None and exam.id != exam_id:
        raise ValueError(f"the exam's id {exam.id} is not {exam_id}")
    return dataclasses.replace(exam, id=ExamId(exam_id))


def _latest_exam(s: Session, e: ExamRow) -> Exam:
    return loading.exam(s, e.id).record.exam


def save_draft(s: Session, pid: PatientId, exam: Exam, *, author: str, expected: int | None = None) -> ExamId:
    """Store the exam being written: create it (with a new UUID when `exam.id` is None) or replace the
    stored draft. Saving unchanged content writes nothing. Raises ExamLocked for a signed exam, and
    StaleEdit when `expected` (the `row_version` the editor read) is no longer the stored one."""
    _need_author(author)
    mine: str | None = None  # the exam's checksum, once computed
    if exam.id is not None:
        draft = _stored_draft(s, exam.id)
        if draft is not None and draft[0] == pid:
            mine = content.content_sha256(exam)  # the id is in it: the same as _with_id(exam, exam.id)'s
            if draft[1] == mine:
                # unchanged (the sign-off of a saved draft): nothing is written, so nothing to refuse
                # (`_storable`) and nothing to read beyond the one row
                return ExamId(exam.id)
    _storable(exam, "exam")
    _patient_row(s, pid)
    exam_id = exam.id or str(uuid.uuid4())
    exam = _with_id(exam, exam_id)
    stamp = now()
    e = s.get(ExamRow, exam_id)
    if e is None:
        e = ExamRow(id=exam_id, patient_id=pid, status=ExamStatus.DRAFT, version=1, date=exam.date,
                    clinician=exam.clinician, created_at=stamp, created_by=author, updated_at=stamp,
                    row_version=1, updated_by=author)
        s.add(e)
        s.flush()
        _write_version(s, exam_id, 1, exam, author=author, at=stamp, reason=None)
        audit(s, AuditAction.SAVE_DRAFT, f"new draft exam of {exam.date.isoformat()}{_review_changes(None, exam)}",
              author=author,
              patient_id=pid, exam_id=exam_id, version=1, at=stamp)
        return ExamId(exam_id)
    if e.patient_id != pid:
        raise Conflict(_("exam {exam} belongs to patient {stored}, not {given}").format(
            exam=exam_id, stored=e.patient_id, given=pid))
    if e.status is not ExamStatus.DRAFT:
        raise ExamLocked(_("exam {exam} was signed by {author}; it can only be amended").format(
            exam=exam_id, author=e.signed_by))
    old = _version_row(s, exam_id, 1)
    if old.content_sha256 == (mine or content.content_sha256(exam)):
        return ExamId(exam_id)  # unchanged, its documents included: nothing to read
    stored = _latest_exam(s, e)
    exam = _keeping_documents(exam, stored)
    if old.content_sha256 == content.content_sha256(exam):
        return ExamId(exam_id)
    _claim(s, e, expected, author=author, stamp=stamp, what=_("the exam of {date}").format(date=e.date.isoformat()))
    old = _version_row(s, exam_id, 1)  # re-read: a concurrent save may have replaced it while we waited
    s.delete(old)
    s.flush()
    _write_version(s, exam_id, 1, exam, author=author, at=stamp, reason=None)
    e.date, e.clinician, e.updated_at = exam.date, exam.clinician, stamp
    audit(s, AuditAction.SAVE_DRAFT,
          f"draft saved (exam of {exam.date.isoformat()}){_review_changes(stored, exam)}", author=author,
          patient_id=pid, exam_id=exam_id, version=1, at=stamp)
    return ExamId(exam_id)


_DRAFT_CHECKSUM = ("SELECT e.patient_id, v.content_sha256 FROM exams e JOIN exam_versions v "
                   "ON v.exam_id = e.id AND v.version = 1 WHERE e.id = ? AND e.status = 'draft'")


def _stored_draft(s: Session, exam_id: str) -> tuple[int, str] | None:
    """(patient id, checksum) of the stored draft `exam_id`; None when there is no such draft."""
    found = loading.reader(s)(_DRAFT_CHECKSUM, (exam_id,))
    return (int(found[0][0]), str(found[0][1])) if found else None


def _review_changes(old: Exam | None, new: Exam) -> str:
    """`; link review: knee (right) → hip (left), compensation: accepted` for the audit trail; "" if unchanged."""
    before = {r.key: r for r in (old.link_review if old is not None else ())}
    after = {r.key: r for r in new.link_review}
    said = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        source, target, mechanism, side, source_side = key
        link = f"{source.value} ({source_side.value}) → {target.value} ({side.value}), {mechanism.value}"
        verdict = "verdict withdrawn" if b is None else b.decision.value + (f" (“{b.note}”)" if b.note else "")
        said.append(f"{link}: {verdict}")
    if (old.impression if old is not None else None) != new.impression:
        said.append("impression " + ("cleared" if new.impression is None else f"“{new.impression}”"))
    return f"; link review: {'; '.join(said)}" if said else ""


def _keeping_documents(exam: Exam, stored: Exam) -> Exam:
    """Issued documents are only ever added: a save or an amendment keeps every stored one, unchanged,
    first; a document it brings that is not stored yet (a corrected letter) comes after them."""
    added = tuple(d for d in exam.documents if d not in stored.documents)
    return dataclasses.replace(exam, documents=stored.documents + added)


def issue_document(s: Session, exam_id: str, document: IssuedDocument, *, pdf: bytes | None = None) -> None:
    """Keep an issued letter or summary with the exam (its current version), and its PDF when given.

    Works on drafts and signed exams alike: issuing a document does not change the note, and a
    document once issued is never changed; a corrected letter is issued as a new document."""
    _need_author(document.author)
    if pdf is not None and hashlib.sha256(pdf).hexdigest() != document.sha256:
        raise ValueError("the PDF does not match the document's sha256")
    e = _exam_row(s, exam_id)
    v = _version_row(s, exam_id, e.version)
    exam = _latest_exam(s, e)
    if document in exam.documents:
        return
    s.add(IssuedDocumentRow(
        version_id=v.id, position=len(exam.documents), kind=document.kind, letter_type=document.letter_type,
        recipient=document.recipient, issued_at=utc_text(document.issued_at), author=document.author,
        text=document.text, sha256=document.sha256))
    v.content_sha256 = content.content_sha256(dataclasses.replace(exam, documents=(*exam.documents, document)))
    if pdf is not None and s.get(DocumentFileRow, document.sha256) is None:
        s.add(DocumentFileRow(sha256=document.sha256, pdf=pdf))
    what = f"{document.kind.value} issued" + (f" to {document.recipient}" if document.recipient else "")
    audit(s, AuditAction.ISSUE_DOCUMENT, what, author=document.author, patient_id=e.patient_id, exam_id=exam_id,
          version=e.version)
    s.flush()


def history_seal(s: Session, exam_id: str) -> tuple[int, str] | None:
    """The newest link of the sealed history about this exam (`db.history`): (sequence number, digest).
    Its digest covers every link before it, so a document that prints it anchors the history it was
    issued from (docs/tamper-evidence.md)."""
    row = s.execute(
        select(HistoryLinkRow.seq, HistoryLinkRow.digest).where(HistoryLinkRow.exam_id == exam_id)
        .order_by(HistoryLinkRow.seq.desc()).limit(1)
    ).first()
    return None if row is None else (int(row[0]), str(row[1]))


def document_pdf(s: Session, sha256: str) -> bytes | None:
    """The PDF of an issued document as it was written, if it was kept."""
    row = s.get(DocumentFileRow, sha256)
    return None if row is None else row.pdf


def sign_refusal(s: Session, exam_id: str, *, author: str) -> str | None:
    """Why `author` may not sign this exam, or None when they may.

    The rule (README, "Accounts"): on a database with accounts an exam is signed only by the account
    that started it (`created_by`), administrators included: a signature attests one's own findings.
    Colleagues may still edit the draft, and amend it once signed. A single-user file without
    accounts has no such rule (its author is whatever name is in Settings). A draft started under a
    name that is no account (`kinelink import`) is signed after an explicit `take_over_exam`."""
    e = _exam_row(s, exam_id)
    if e.status is not ExamStatus.DRAFT or e.created_by == author:
        return None
    if not s.scalar(select(func.count()).select_from(AccountRow)):
        return None
    if take_over_source(s, exam_id, author=author) is not None:
        return _("it was stored by {stored_by}, which is no account: {author} may take it over "
                 "(recorded in the audit trail) and then sign it").format(stored_by=e.created_by, author=author)
    return _("only {started_by}, who started this exam, may sign it; {author} may edit the draft, not sign it").format(
        started_by=e.created_by, author=author)


def take_over_source(s: Session, exam_id: str, *, author: str) -> str | None:
    """The name a draft was started under when no account has that name, so that the account `author`
    may take it over (`take_over_exam`) and sign it; None when there is nothing to take over.

    Exams stored by `kinelink import` are started under the command line's name: on a database with
    accounts nobody could ever sign them. A draft of a colleague's account (even a disabled one) is
    never taken over: its findings are that colleague's."""
    e = _exam_row(s, exam_id)
    if e.status is not ExamStatus.DRAFT or e.created_by == author:
        return None
    names = set(s.scalars(select(AccountRow.name)))
    if not names or e.created_by in names or author not in names:
        return None
    return e.created_by


def _claimed_draft(s: Session, exam_id: str, *, author: str, expected: int | None) -> tuple[ExamRow, dt.datetime]:
    """The draft's row, claimed for this change (the optimistic-lock check, `_claim`), and the change's time;
    ExamLocked when it is signed already."""
    _need_author(author)
    e = _exam_row(s, exam_id)
    if e.status is not ExamStatus.DRAFT:
        raise ExamLocked(_("exam {exam} is already signed (by {author})").format(exam=exam_id, author=e.signed_by))
    stamp = now()
    _claim(s, e, expected, author=author, stamp=stamp, what=_("the exam of {date}").format(date=e.date.isoformat()))
    return e, stamp


def take_over_exam(s: Session, exam_id: str, *, author: str, expected: int | None = None) -> str:
    """Make the account `author` the author of a draft that no account started (`take_over_source`),
    so that it may sign it; the audit trail records who took it over from whom. Returns the name it
    was started under. NotYourExam when the draft is not one to take over."""
    e, stamp = _claimed_draft(s, exam_id, author=author, expected=expected)
    source = take_over_source(s, exam_id, author=author)  # after the claim: a reader is told ReadOnly first
    if source is None:
        refusal = sign_refusal(s, exam_id, author=author) or _("{author} already may sign it").format(author=author)
        # the claim rolls back with it
        raise NotYourExam(_("exam {exam} was not taken over: {reason}").format(exam=exam_id, reason=refusal))
    e.created_by = author
    audit(s, AuditAction.TAKE_OVER, f"took over the draft stored by {source} (no account), to sign it",
          author=author, patient_id=e.patient_id, exam_id=exam_id, version=e.version, at=stamp)
    s.flush()
    return source


def sign_exam(s: Session, exam_id: str, *, author: str, expected: int | None = None) -> None:
    """Sign a draft: from now on it can be read and amended, never changed or deleted. With
    `expected`, only the draft as it was read (StaleEdit otherwise). On a database with accounts
    only the exam's own author may (`sign_refusal`; NotYourExam otherwise)."""
    _need_author(author)
    if _signed_at_once(s, exam_id, author=author, expected=expected):
        return
    e, stamp = _claimed_draft(s, exam_id, author=author, expected=expected)
    refusal = sign_refusal(s, exam_id, author=author)  # after the claim: a reader is told ReadOnly first
    if refusal is not None:
        # the claim rolls back with it
        raise NotYourExam(_("exam {exam} was not signed: {reason}").format(exam=exam_id, reason=refusal))
    if e.status is not ExamStatus.DRAFT:
        raise ExamLocked(_("exam {exam} is already signed (by {author})").format(exam=exam_id, author=e.signed_by))
    e.status, e.signed_by, e.signed_at, e.updated_at = ExamStatus.SIGNED, author, stamp, stamp
    audit(s, AuditAction.SIGN, "signed", author=author, patient_id=e.patient_id, exam_id=exam_id, version=1,
          at=stamp)


_SIGNABLE = "SELECT patient_id, row_version FROM exams WHERE id = ? AND status = 'draft' AND created_by = ?"


def _signed_at_once(s: Session, exam_id: str, *, author: str, expected: int | None) -> bool:
    """The usual sign-off (a draft its own author signs, as read) in three statements: the row read,
    one conditional UPDATE that counts the change and signs, the audit entry. False, having written
    nothing, in any other case (no such draft, a stale `expected`, someone else's exam): `sign_exam`'s
    general path then says why, in the order it always has."""
    found = loading.reader(s)(_SIGNABLE, (exam_id, author))  # flushes the ORM's pending changes first
    if not found or (expected is not None and found[0][1] != expected):
        return False
    patient_id, row_version = int(found[0][0]), int(found[0][1])
    stamp = now()
    exams, conn = content.table(ExamRow), s.connection()
    done = conn.execute(
        update(exams).where(exams.c.id == exam_id, exams.c.row_version == row_version,
                            exams.c.status == ExamStatus.DRAFT)
        .values(row_version=row_version + 1, updated_by=author, updated_at=stamp, status=ExamStatus.SIGNED,
                signed_by=author, signed_at=stamp)
    ).rowcount
    if done != 1:
        return False  # changed meanwhile (a server without the write lock): the general path reports it
    # after the pending changes (flushed above), so the trail keeps its order
    conn.execute(insert(content.table(AuditRow)).values(
        at=stamp, author=author, action=AuditAction.SIGN, patient_id=patient_id, exam_id=exam_id, version=1,
        what="signed"))
    loaded = s.identity_map.get(s.identity_key(ExamRow, exam_id))
    if loaded is not None:
        s.expire(loaded)  # an ExamRow this session holds re-reads the signed row when next used
    return True


def amend_exam(
    s: Session, exam_id: str, exam: Exam, *, reason: str, author: str, expected: int | None = None
) -> int:
    """Record a corrected version of a signed exam, with the reason; returns its version number.
    Every earlier version stays readable (`get_exam(..., version=n)`)."""
    _need_author(author)
    if not reason or not reason.strip():
        raise ValueError(_("an amendment needs a reason"))
    _storable(reason, "reason")
    _storable(exam, "exam")
    e = _exam_row(s, exam_id)
    if e.status is ExamStatus.DRAFT:
        raise NotSigned(_("exam {exam} is a draft: change it, or sign it first").format(exam=exam_id))
    exam = _with_id(exam, exam_id)
    latest = _latest_exam(s, e)
    exam = _keeping_documents(exam, latest)
    if content.content_sha256(exam) == content.content_sha256(latest):
        raise ValueError(_("the amendment changes nothing"))
    stamp = now()
    _claim(s, e, expected, author=author, stamp=stamp, what=_("the exam of {date}").format(date=e.date.isoformat()))
    version = e.version + 1
    _write_version(s, exam_id, version, exam, author=author, at=stamp, reason=reason)
    e.version, e.status, e.updated_at = version, ExamStatus.AMENDED, stamp
    e.date, e.clinician = exam.date, exam.clinician
    audit(s, AuditAction.AMEND, f"version {version}: {reason}{_review_changes(latest, exam)}", author=author,
          patient_id=e.patient_id,
          exam_id=exam_id, version=version, at=stamp)
    return version


def delete_draft(s: Session, exam_id: str, *, author: str) -> None:
    _need_author(author)
    e = _exam_row(s, exam_id)
    if e.status is not ExamStatus.DRAFT:
        raise ExamLocked(_("exam {exam} is signed; signed exams are never deleted").format(exam=exam_id))
    _claim(s, e, None, author=author, stamp=now(), what=_("the exam of {date}").format(date=e.date.isoformat()))
    audit(s, AuditAction.DELETE_DRAFT, f"deleted the draft exam of {e.date.isoformat()}", author=author,
          patient_id=e.patient_id, exam_id=exam_id)
    s.delete(e)
    s.flush()


def audit_trail(
    s: Session, *, patient_id: PatientId | None = None, exam_id: str | None = None
) -> list[AuditEntry]:
    """Every change, oldest first; only one patient's or one exam's when asked."""
    query = select(AuditRow).order_by(AuditRow.id)
    if patient_id is not None:
        query = query.where(AuditRow.patient_id == patient_id)
    if exam_id is not None:
        query = query.where(AuditRow.exam_id == exam_id)
    return [
        AuditEntry(
            _utc(r.at), r.author, r.action,
            PatientId(r.patient_id) if r.patient_id is not None else None,
            ExamId(r.exam_id) if r.exam_id is not None else None,
            r.version, r.what,
        )
        for r in s.scalars(query)
    ]


# --- who has an exam open: leases and crash recovery -------------------------------------------

LEASE_SECONDS = 90  # a lease not renewed for this long has expired (the editor renews every 30 s)


def set_editing(s: Session, exam_id: str, editing: bool, *, holder: str, machine: str) -> None:
    """Mark an exam as open in `holder`'s editor on `machine` (True; again to renew the lease), or
    closed cleanly (False)."""
    mine = (EditingRow.exam_id == exam_id, EditingRow.holder == holder, EditingRow.machine == machine)
    if not editing:
        s.execute(delete(EditingRow).where(*mine))
        return
    _exam_row(s, exam_id)
    stamp = now()
    marker = s.get(EditingRow, (exam_id, holder, machine))
    if marker is None:
        s.add(EditingRow(exam_id=exam_id, holder=holder, machine=machine, since=stamp, heartbeat_at=stamp))
    else:
        marker.heartbeat_at = stamp


def renew_editing(s: Session, exam_id: str, *, holder: str, machine: str) -> bool:
    """Renew `holder`'s mark on the exam (the editor's heartbeat); False, writing nothing, when there
    is none (the draft has not been saved from this editor yet)."""
    done = s.execute(
        update(EditingRow)
        .where(EditingRow.exam_id == exam_id, EditingRow.holder == holder, EditingRow.machine == machine)
        .values(heartbeat_at=now())
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    return bool(done)


def _lease(row: EditingRow) -> Lease:
    return Lease(ExamId(row.exam_id), row.holder, row.machine, _utc(row.since), _utc(row.heartbeat_at))


def other_editors(s: Session, exam_id: str, *, holder: str, machine: str) -> list[Lease]:
    """Who else has this exam open now (a lease renewed within LEASE_SECONDS), longest first."""
    fresh = now() - dt.timedelta(seconds=LEASE_SECONDS)
    rows = s.scalars(
        select(EditingRow)
        .where(EditingRow.exam_id == exam_id, EditingRow.heartbeat_at >= fresh,
               or_(EditingRow.holder != holder, EditingRow.machine != machine))
        .order_by(EditingRow.since)
    )
    return [_lease(r) for r in rows]


def exams_being_edited(s: Session, *, holder: str, machine: str) -> list[ExamSummary]:
    """Exams still marked as open by this holder on this machine: the program stopped while they were
    being edited. Their last saved draft is what `get_exam` returns. Nobody else's marks."""
    # the marks alone first (a handful of rows): after a clean close there are none, and start-up
    # reads nothing else; only marked exams are then read by their key
    marked = list(s.scalars(
        select(EditingRow.exam_id).where(EditingRow.holder == holder, EditingRow.machine == machine)
        .order_by(EditingRow.since)
    ))
    return loading.summaries_of(s, marked)


def keep_both(s: Session, pid: PatientId, exam: Exam, *, beside: str, author: str) -> ExamId:
    """Save `exam` as a new, separate draft: the clinician's version of an exam a colleague changed
    meanwhile (`beside`), so neither is lost. Returns the new draft's id."""
    new_id = save_draft(s, pid, dataclasses.replace(exam, id=None), author=author)
    audit(s, AuditAction.KEEP_BOTH, f"kept as a separate draft beside exam {beside}, which was changed meanwhile",
          author=author, patient_id=pid, exam_id=new_id, version=1)
    return new_id


# --- import ------------------------------------------------------------------------------------


def _content_id(record: ExamRecord) -> str:
    """An id for a file that has none, derived from its content, so importing it twice adds it once."""
    text = json.dumps(to_dict(record), ensure_ascii=False, sort_keys=True)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "kinelink-exam:" + text))


def _same_person(a: Patient, b: Patient) -> bool:
    if a.record_number is not None and b.record_number is not None:
        return a.record_number == b.record_number
    return (
        searchkeys.sort_key(a.family_name, a.given_name) == searchkeys.sort_key(b.family_name, b.given_name)
        and a.date_of_birth == b.date_of_birth
    )


def _differences(a: Any, b: Any, path: str = "exam") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in dict.fromkeys([*a, *b]) for d in _differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b, strict=True)) for d in _differences(x, y, f"{path}[{i}]")]
    return [] if a == b else [path]


def find_patient(s: Session, patient: Patient) -> PatientId | None:
    """The stored patient a file's patient is: same record number, else (when neither has one that
    differs) same name, accents and case aside, and date of birth. (Prebuilt SQL: an import asks
    this for every file.)"""
    query = loading.reader(s)
    if patient.record_number is not None:
        row = next(iter(query("SELECT id, merged_into FROM patients WHERE record_number = ?",
                              (patient.record_number,))), None)
        while row is not None and row[1] is not None:  # the record it was merged into
            row = next(iter(query("SELECT id, merged_into FROM patients WHERE id = ?", (row[1],))), None)
        if row is not None:
            return PatientId(row[0])
    found = query(
        "SELECT id FROM patients WHERE sort_key = ? AND date_of_birth = ? AND merged_into IS NULL"
        + (" AND record_number IS NULL" if patient.record_number is not None else "") + " ORDER BY id LIMIT 1",
        (searchkeys.sort_key(patient.family_name, patient.given_name), patient.date_of_birth.isoformat()))
    return PatientId(found[0][0]) if found else None


def import_record(s: Session, record: ExamRecord, *, author: str) -> ImportResult:
    """Store an exam file's content as a draft, matching or creating its patient (`find_patient`).
    An exam already stored with this content (in any of its versions) changes nothing
    (`created=False`); other content under a stored exam id is a Conflict. A file without an exam
    id gets one derived from its content, so importing it twice stores it once."""
    _need_author(author)
    _storable(record.patient, "patient")
    _storable(record.exam, "exam")
    exam_id = record.exam.id or _content_id(record)
    exam = _with_id(record.exam, exam_id)
    e = s.get(ExamRow, exam_id)
    if e is not None:
        stored_patient = get_patient(s, PatientId(e.patient_id))
        if not _same_person(stored_patient, record.patient):
            raise Conflict(_("exam {exam} is already stored for another patient ({name})").format(
                exam=exam_id, name=stored_patient.display_name))
        versions = set(s.scalars(select(ExamVersionRow.content_sha256).where(ExamVersionRow.exam_id == exam_id)))
        if content.content_sha256(exam) not in versions:  # (a file of an earlier version is no news either)
            file, stored = (to_dict(ExamRecord(record.patient, x))["exam"] for x in (exam, _latest_exam(s, e)))
            diff = _differences(stored, file)
            shown = ", ".join(diff[:5]) + (" " + _("and {n} more").format(n=len(diff) - 5) if len(diff) > 5 else "")
            raise Conflict(_("exam {exam} is already stored with different content ({differences})").format(
                exam=exam_id, differences=shown))
        return ImportResult(PatientId(e.patient_id), ExamId(exam_id), created=False)
    pid = find_patient(s, record.patient)
    if pid is None:
        pid = create_patient(s, record.patient, author=author)
    elif record.patient.record_number is not None and get_patient(s, pid).record_number is None:
        update_patient(s, pid, dataclasses.replace(get_patient(s, pid), record_number=record.patient.record_number),
                       author=author)
    stamp = now()
    s.add(ExamRow(id=exam_id, patient_id=pid, status=ExamStatus.DRAFT, version=1, date=exam.date,
                  clinician=exam.clinician, created_at=stamp, created_by=author, updated_at=stamp,
                  row_version=1, updated_by=author))
    s.flush()
    _write_version(s, exam_id, 1, exam, author=author, at=stamp, reason=None)
    audit(s, AuditAction.IMPORT, f"imported exam of {exam.date.isoformat()} (stored as a draft)", author=author,
          patient_id=pid, exam_id=exam_id, version=1, at=stamp)
    return ImportResult(pid, ExamId(exam_id), created=True)


@dataclass(frozen=True, slots=True)
class _NewPatient:
    patient: Patient
    values: dict[str, Any]
    terms: list[str]


@dataclass(frozen=True, slots=True)
class BatchImport:
    results: list[ImportResult | Conflict]  # per file, in file order
    new_patients: frozenset[PatientId]  # the patients this import created


def import_records(s: Session, records: Sequence[ExamRecord], *, author: str) -> BatchImport:
    """`import_record` for many files in one unit of work, in file order, written in one batch: one
    multi-row INSERT (executemany) per table for all the new patients, exams, versions, findings
    and audit entries, instead of several flushes per file. Returns each file's result, or its
    Conflict; when any file is a Conflict nothing is written (the caller reports them all).

    Files of one new patient (several visits) create the patient once, matched as `find_patient`
    would once the first was stored; a file that adds a record number to a stored patient is
    imported on its own (`import_record`), as is a file whose exam id is already stored."""
    _need_author(author)
    results: list[ImportResult | Conflict | None] = []
    fresh: list[_NewPatient] = []  # patients this batch creates; ids are -1, -2, ... until inserted
    exams: list[tuple[int, int, Exam]] = []  # (file index, patient id or -n, exam) to insert
    planned: dict[str, tuple[int, str]] = {}  # exam id -> (file index, checksum) of this batch
    singles: list[int] = []  # file indexes imported one at a time, after the batch
    for record in records:
        _storable(record.patient, "patient")
        _storable(record.exam, "exam")
    exam_ids = [record.exam.id or _content_id(record) for record in records]
    stored = {row[0] for start in range(0, len(exam_ids), _CHUNK)
              for row in s.execute(select(ExamRow.id).where(ExamRow.id.in_(exam_ids[start:start + _CHUNK])))}
    for index, (record, exam_id) in enumerate(zip(records, exam_ids, strict=True)):
        exam = _with_id(record.exam, exam_id)
        if exam_id in planned:  # the same exam twice in one import
            first, checksum = planned[exam_id]
            same = checksum == content.content_sha256(exam) and _same_person(records[first].patient, record.patient)
            results.append(None if same else Conflict(
                _("exam {exam} is imported twice with different content").format(exam=exam_id)))
            if same:
                singles.append(index)
            continue
        if exam_id in stored:
            results.append(None)
            singles.append(index)
            continue
        pid: int | None = next((-n for n, p in enumerate(fresh, 1) if _matches(p.patient, record.patient)), None)
        if pid is None:
            pid = find_patient(s, record.patient)
            if pid is not None and record.patient.record_number is not None \
                    and get_patient(s, PatientId(pid)).record_number is None:
                results.append(None)  # a record number to add to a stored patient: on its own
                singles.append(index)
                continue
        if pid is None:
            p = record.patient
            fresh.append(_NewPatient(p, patient_values(p), sorted(searchkeys.name_terms(p.family_name, p.given_name))))
            pid = -len(fresh)
        planned[exam_id] = (index, content.content_sha256(exam))
        exams.append((index, pid, exam))
        results.append(None)
    if any(isinstance(r, Conflict) for r in results):
        return BatchImport([r if r is not None else ImportResult(PatientId(0), ExamId(""), created=False)
                            for r in results], frozenset())
    ids = _insert_batch(s, fresh, exams, author=author) if exams else []
    for (index, _unused, exam), patient_id in zip(exams, ids, strict=True):
        assert exam.id is not None
        results[index] = ImportResult(PatientId(patient_id), ExamId(exam.id), created=True)
    new = frozenset(PatientId(patient_id) for (_, pid, _), patient_id in zip(exams, ids, strict=True) if pid < 0)
    for index in singles:
        try:
            results[index] = import_record(s, records[index], author=author)
        except Conflict as err:
            results[index] = err
    return BatchImport([r for r in results if r is not None], new)


def _matches(new: Patient, file: Patient) -> bool:
    """`find_patient`'s rule, for a patient this import is about to create."""
    if file.record_number is not None and new.record_number == file.record_number:
        return True
    return (new.record_number is None or file.record_number is None or new.record_number == file.record_number) \
        and searchkeys.sort_key(new.family_name, new.given_name) == searchkeys.sort_key(file.family_name,
                                                                                        file.given_name) \
        and new.date_of_birth == file.date_of_birth


def _insert_batch(
    s: Session, fresh: list[_NewPatient], exams: list[tuple[int, int, Exam]], *, author: str
) -> list[int]:
    """Write the new patients and exams of an import with one statement per table; their patient ids."""
    stamp = now()
    patients = content.table(PatientRow)
    new_ids: list[int] = list(s.scalars(
        insert(patients).returning(patients.c.id, sort_by_parameter_order=True),
        [{**p.values, "created_at": stamp, "updated_at": stamp, "row_version": 1, "updated_by": author}
         for p in fresh],
    )) if fresh else []
    terms = [{"term": term, "patient_id": pid} for pid, p in zip(new_ids, fresh, strict=True) for term in p.terms]
    if terms:
        s.execute(insert(content.table(SearchTermRow)), terms)
    keys = [row for pid, p in zip(new_ids, fresh, strict=True)
            for row in search.key_rows(pid, p.patient.family_name, p.patient.given_name, p.patient.record_number)]
    if keys:
        s.execute(insert(content.table(SearchKeyRow)), keys)
    pids = [new_ids[-pid - 1] if pid < 0 else pid for _, pid, _ in exams]
    s.execute(insert(content.table(ExamRow)), [
        {"id": x.id, "patient_id": pid, "status": ExamStatus.DRAFT.value, "version": 1, "date": x.date,
         "clinician": x.clinician, "created_at": stamp, "created_by": author, "updated_at": stamp, "row_version": 1,
         "updated_by": author}
        for (_, _, x), pid in zip(exams, pids, strict=True)
    ])
    prepared = [content.prepare(x) for _, _, x in exams]
    versions = content.table(ExamVersionRow)
    vids = list(s.scalars(insert(versions).returning(versions.c.id, sort_by_parameter_order=True), [
        {"exam_id": x.id, "version": 1, "saved_at": stamp, "saved_by": author, "reason": None, **p.values}
        for (_, _, x), p in zip(exams, prepared, strict=True)
    ]))
    content.insert_children(s, zip(vids, prepared, strict=True))
    created = dict(zip([-n for n in range(1, len(fresh) + 1)], new_ids, strict=True))
    audit_rows: list[dict[str, Any]] = []
    for (_unused, pid, x), patient_id in zip(exams, pids, strict=True):
        if pid < 0 and created.pop(pid, None) is not None:  # the first exam of a new patient creates it
            audit_rows.append({"at": stamp, "author": author, "action": AuditAction.CREATE_PATIENT.value,
                               "patient_id": patient_id, "exam_id": None, "version": None,
                               "what": f"created {_describe(fresh[-pid - 1].patient)}"})
        audit_rows.append({"at": stamp, "author": author, "action": AuditAction.IMPORT.value, "patient_id": patient_id,
                           "exam_id": x.id, "version": 1,
                           "what": f"imported exam of {x.date.isoformat()} (stored as a draft)"})
    s.execute(insert(content.table(AuditRow)), audit_rows)
    return pids


def count_patients(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(PatientRow)) or 0


def _describe(patient: Patient) -> str:
    return f"{patient.display_name} (born {patient.date_of_birth.isoformat()})"


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(getattr(value, "value", value))
