"""The documents that leave the clinic: what they are built from, and writing the PDF safely.

One implementation for the window (Documents ▸ Summary PDF / Referral letter) and
`kinelink report` (an exam file, or `--from-db PATH --exam ID`). `reports` renders
plain data; this module fills that data from the exam, the database and the settings.

The database layer is imported only when a stored exam is printed, so
`kinelink report FILE` never loads SQLAlchemy (tests/test_layers.py checks it).
PDFs are written to a temporary file beside the target and moved into place, so a
failed build never leaves half a document where the user expects one.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from kinelink.desktop.settings import Settings
from kinelink.forms.model import ExamId, ExamRecord

if TYPE_CHECKING:  # reportlab and SQLAlchemy are loaded when a document is built, not at start-up
    from kinelink import db
    from kinelink.db.records import ExamSummary
    from kinelink.forms.findings import Analysis
    from kinelink.reports import ClinicInfo, HistorySeal, LetterData, SignOff, SummaryData
    from sqlalchemy.orm import Session

EARLIER_EXAMS = 6  # earlier visits handed to the summary for its progress section

Earlier = tuple[tuple[ExamRecord, "Analysis"], ...]


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who the referral letter goes to, why, and what is asked of them."""

    name: str
    address: str = ""  # several lines, may be empty
    reason: str = ""  # reason for referral
    request: str = ""  # what the clinician asks for, e.g. "hip imaging"


@dataclass(frozen=True, slots=True)
class StoredForPrint:
    """A stored exam with what its documents need besides the record."""

    record: ExamRecord
    status: SignOff | None  # None: an exam file, not a stored note
    earlier: Earlier
    seal: HistorySeal | None = None  # the newest link of its sealed history (db.repository.history_seal)


def clinic_info(settings: Settings, *, signer: str = "") -> ClinicInfo:
    """The letterhead from the settings; `signer` empty: the exam's own clinician heads the page."""
    from kinelink.reports import ClinicInfo

    return ClinicInfo(
        name=settings.clinic_name or ClinicInfo().name,
        address=settings.clinic_address,
        clinician=signer.strip(),
        phone=settings.clinic_phone.strip() or None,
        email=settings.clinic_email.strip() or None,
    )


def sign_off(summary: ExamSummary) -> SignOff:
    from kinelink.reports import SignOff

    return SignOff(
        state=summary.status.value,
        by=summary.signed_by,
        on=summary.signed_at.astimezone().date() if summary.signed_at else None,
        version=summary.version,
    )


def earlier_exams(s: Session, current: ExamSummary, record: ExamRecord, *,
                  baseline: ExamId | None = None) -> Earlier:
    """The signed exams before this one, oldest first; the last is the baseline progress is measured from.

    Drafts never count: an unsigned note of the same day once replaced the signed baseline and showed
    gains that were not there. `baseline` (an exam the clinician picked) ends the list instead of the
    latest signed exam."""
    from kinelink.db import repository
    from kinelink.db.records import ExamStatus
    from kinelink.forms.analysis import analyze

    out = []
    started = baseline is None
    for other in repository.list_exams(s, current.patient_id):  # newest first
        if other.id == current.id or other.status is ExamStatus.DRAFT or other.date > record.exam.date:
            continue
        started = started or other.id == baseline
        if not started:
            continue
        earlier = repository.get_exam(s, other.id).record
        out.append((earlier, analyze(earlier)))
        if len(out) == EARLIER_EXAMS:
            break
    return tuple(reversed(out))


def stored_exam(database: db.Database, exam_id: ExamId, *, baseline: ExamId | None = None) -> StoredForPrint:
    """The stored exam, its sign-off and the earlier signed visits up to `baseline` (default: the latest),
    in one unit of work (raises `db.NotFound`)."""
    from kinelink.db import repository
    from kinelink.reports import HistorySeal

    with database.read() as s:
        stored = repository.get_exam(s, exam_id)
        earlier = earlier_exams(s, stored.summary, stored.record, baseline=baseline)
        link = repository.history_seal(s, exam_id)
    seal = HistorySeal(*link) if link is not None else None
    return StoredForPrint(stored.record, sign_off(stored.summary), earlier, seal)


def summary_data(exam: StoredForPrint, clinic: ClinicInfo) -> SummaryData:
    from kinelink.forms.analysis import analyze
    from kinelink.reports import SummaryData

    return SummaryData(exam.record, analyze(exam.record), clinic, exam.earlier, status=exam.status, seal=exam.seal)


def letter_data(exam: StoredForPrint, clinic: ClinicInfo, recipient: Recipient) -> LetterData:
    from kinelink.forms.analysis import analyze
    from kinelink.reports import LetterData

    return LetterData(
        record=exam.record,
        analysis=analyze(exam.record),
        recipient_name=recipient.name.strip(),
        recipient_address=recipient.address or None,
        reason=recipient.reason or None,
        request=recipient.request or None,
        clinic=clinic,
        status=exam.status,
        seal=exam.seal,
    )


def write_summary(path: Path, data: SummaryData) -> None:
    from kinelink.reports import build_summary

    write_pdf(path, lambda out: build_summary(data, out))


def write_letter(path: Path, data: LetterData) -> None:
    from kinelink.reports import build_letter

    write_pdf(path, lambda out: build_letter(data, out))


def write_pdf(path: Path, build: Callable[[BinaryIO], None]) -> None:
    """Build into a temporary file in the same folder (readable by the user only), then move it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=".kinelink-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            build(out)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def file_name(record: ExamRecord, kind: str) -> str:
    """`Żółć Łukasz 2026-05-01 summary.pdf`: the name as written, minus what no file system allows."""
    raw = f"{record.patient.family_name} {record.patient.given_name} {record.exam.date.isoformat()} {kind}"
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', " ", unicodedata.normalize("NFC", raw))
    return re.sub(r"\s+", " ", cleaned).strip(" .") + ".pdf"
