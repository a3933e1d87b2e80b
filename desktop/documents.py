"""The documents that leave the clinic: gathering their data and writing the PDF.

`reports` renders plain data; this module fills that data from the database
and the settings. PDFs are written to a temporary file beside the target and
moved into place, so a failed build never leaves half a document.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from sqlalchemy.orm import Session

from db import repository
from db.records import ExamSummary
from desktop.letter_dialog import Recipient
from desktop.settings import Settings
from forms.analysis import analyze
from forms.model import ExamId, ExamRecord
from reports import ClinicInfo, LetterData, SignOff, SummaryData

EARLIER_EXAMS = 6  # earlier visits handed to the summary for its progress section


def clinic_info(settings: Settings) -> ClinicInfo:
    defaults = ClinicInfo()
    return ClinicInfo(
        name=settings.clinic_name or defaults.name,
        address=settings.clinic_address,
        clinician=settings.clinician_name,
    )


def sign_off(summary: ExamSummary) -> SignOff:
    return SignOff(
        state=summary.status.value,  # type: ignore[arg-type]
        by=summary.signed_by,
        on=summary.signed_at.astimezone().date() if summary.signed_at else None,
        version=summary.version,
    )


def _earlier(s: Session, current: ExamSummary, record: ExamRecord) -> tuple[tuple[ExamRecord, object], ...]:
    out = []
    for other in repository.list_exams(s, current.patient_id):  # newest first
        if other.id == current.id or other.date > record.exam.date:
            continue
        earlier = repository.get_exam(s, other.id).record
        out.append((earlier, analyze(earlier)))
        if len(out) == EARLIER_EXAMS:
            break
    return tuple(reversed(out))


def summary_data(s: Session, exam_id: ExamId, settings: Settings) -> SummaryData:
    stored = repository.get_exam(s, exam_id)
    return SummaryData(
        record=stored.record,
        analysis=analyze(stored.record),
        clinic=clinic_info(settings),
        earlier=_earlier(s, stored.summary, stored.record),  # type: ignore[arg-type]
        status=sign_off(stored.summary),
    )


def letter_data(s: Session, exam_id: ExamId, settings: Settings, recipient: Recipient) -> LetterData:
    stored = repository.get_exam(s, exam_id)
    return LetterData(
        record=stored.record,
        analysis=analyze(stored.record),
        recipient_name=recipient.name,
        recipient_address=recipient.address or None,
        reason=recipient.reason or None,
        request=recipient.request or None,
        clinic=clinic_info(settings),
        status=sign_off(stored.summary),
    )


def write_pdf(path: Path, build: Callable[[BinaryIO], None]) -> None:
    """Build into a temporary file in the same folder, then move it over `path`."""
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


def open_with_system_viewer(path: Path) -> bool:
    """Show the document in the user's PDF viewer (tests replace this function)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
